"""The visitor's own routes answer as Rocket.Chat's do: config, livechat/visitor(/:token),
visitor.status, visitor.callStatus, page.visited, custom.field(s), offline.message; each one's
success shape, its refusals with Rocket.Chat's error id, and what another visitor cannot do."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import aiohttp
import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.config.records import Kind, Op
from app.errors import NotFound
from app.intake import IntakeServer, IntakeSettings
from app.store import Database, configuration, organisation
from tests.app.intake_fixtures import (
    API,
    TOKEN_A,
    TOKEN_B,
    answer_json,
    http,
    intake,
    refused,
    visitor_with_room,
)

__all__ = ["http", "intake"]  # fixtures

ORDER_FIELDS = json.dumps(["customer_id", "order: Order number"])


async def define_custom_fields(database: Database) -> None:
    """The admin lists the website's custom fields (the WEBSITE record's custom_fields)."""
    await database.write(lambda c: organisation.set_setting(c, "livechat_custom_fields", ORDER_FIELDS))


async def post(http: aiohttp.ClientSession, route: str, body: Any) -> aiohttp.ClientResponse:
    response = await http.post(f"{API}/{route}", json=body)
    await response.read()
    return response


async def test_config_tells_settings_survey_and_the_registration_forms_custom_fields(
    http: aiohttp.ClientSession, database: Database
) -> None:
    await define_custom_fields(database)
    async with http.get(f"{API}/config") as r:
        config = (await answer_json(r))["config"]
    assert config["settings"]["limitTextLength"] == 65_536
    assert config["survey"]["values"] == ["1", "2", "3", "4", "5"]
    # Only the field with a label is asked on the form; customer_id is the site's to set.
    assert [(f["_id"], f["label"]) for f in config["customFields"]] == [("order", "Order number")]
    async with http.get(f"{API}/config", params={"token": "short"}) as r:  # no such visitor: no guest
        assert "guest" not in (await answer_json(r))["config"]
    async with http.get(f"{API}/config", params={"unknown": "1"}) as r:
        assert await refused(r) == "invalid-params"


async def test_config_asks_consent_when_the_admin_wants_it(
    http: aiohttp.ClientSession, database: Database
) -> None:
    async with http.get(f"{API}/config") as r:
        config = (await answer_json(r))["config"]
    # Rocket.Chat's default: no consent screen, and so no "Forget/Remove my data" in the widget.
    assert config["settings"]["forceAcceptDataProcessingConsent"] is False
    consent = "Northwind keeps this chat for a year to answer you."

    def ask_consent(connection: sqlite3.Connection) -> None:
        configuration.write(connection, Kind.WEBSITE, Kind.WEBSITE.value, Op.UPDATE, {
            "data_processing_consent": True, "data_processing_consent_text": consent})

    await database.write(ask_consent)
    async with http.get(f"{API}/config") as r:
        config = (await answer_json(r))["config"]
    assert config["settings"]["forceAcceptDataProcessingConsent"] is True
    assert config["messages"]["dataProcessingConsentText"] == consent


async def test_config_restores_a_known_visitors_session(http: aiohttp.ClientSession) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    async with http.get(f"{API}/config", params={"token": TOKEN_A}) as r:
        config = (await answer_json(r))["config"]
    assert config["guest"]["token"] == TOKEN_A and config["room"]["_id"] == room
    assert config["room"]["v"]["token"] == TOKEN_A


async def test_registering_answers_the_visitor_as_rocket_chat_shapes_it(http: aiohttp.ClientSession) -> None:
    r = await post(http, "visitor", {"visitor": {
        "token": TOKEN_A, "name": "Ann", "email": "ann@example.com", "phone": "+44 20 7946 0000",
        "department": "dep-support", "username": "ignored", "connectionData": {"any": "thing"}}})
    visitor = (await answer_json(r))["visitor"]
    assert visitor["token"] == TOKEN_A and visitor["name"] == "Ann" and visitor["status"] == "online"
    assert visitor["visitorEmails"] == [{"address": "ann@example.com"}]
    assert visitor["phone"] == [{"phoneNumber": "+44 20 7946 0000"}]  # kept as sent
    assert visitor["department"] == "dep-support"
    assert {"_id", "username", "ts", "_updatedAt"} <= set(visitor)
    # Again with only the token: what is left out stays as it was.
    again = (await answer_json(await post(http, "visitor", {"visitor": {"token": TOKEN_A}})))["visitor"]
    assert (again["_id"], again["name"], again["phone"]) == (visitor["_id"], "Ann", visitor["phone"])


@pytest.mark.parametrize(("body", "code"), [
    ({}, "Match error: Missing key 'visitor'"),
    ({"visitor": {}}, "Match error: Missing key 'token' in field visitor"),
    ({"visitor": {"token": TOKEN_A}, "more": 1}, "Match error: Unknown key in field more"),
    ({"visitor": {"token": TOKEN_A, "name": 5}},
     "Match error: Expected string, got number in field visitor.name"),
    ({"visitor": {"token": "   "}}, "error-invalid-token"),
    ({"visitor": {"token": "too-short"}}, "error-invalid-token"),  # IntakeSettings.min_token_chars
    ({"visitor": {"token": TOKEN_A, "email": "not an email"}}, "error-invalid-email"),
])
async def test_registering_is_refused_as_rocket_chat_refuses(
    http: aiohttp.ClientSession, body: dict[str, Any], code: str
) -> None:
    assert await refused(await post(http, "visitor", body)) == code


async def test_a_second_token_with_the_same_phone_is_a_new_visitor_unless_the_setting_says(
    database: Database, clock: ManualClock, http: aiohttp.ClientSession
) -> None:
    phone = "+1 555 0100"
    first = (await answer_json(await post(http, "visitor", {"visitor": {"token": TOKEN_A, "phone": phone}})))
    second = (await answer_json(await post(http, "visitor", {"visitor": {"token": TOKEN_B, "phone": phone}})))
    assert second["visitor"]["token"] == TOKEN_B and second["visitor"]["_id"] != first["visitor"]["_id"]
    # Rocket.Chat's way, when the intake is told to: the first visitor, their token included.
    engine = EmbeddedEngine(database, clock, run_timers=False)
    matching = IntakeServer(engine, IntakeSettings(port=0, match_visitor_by_phone=True))
    await matching.start()
    try:
        async with aiohttp.ClientSession(base_url=matching.url) as other:
            third_token = "visitor-token-cccccccccccccccc"
            body = {"visitor": {"token": third_token, "phone": phone}}
            third = await answer_json(await post(other, "visitor", body))
        assert third["visitor"]["_id"] == first["visitor"]["_id"]
        assert third["visitor"]["token"] == TOKEN_A
        assert third["visitor"]["phone"] == [{"phoneNumber": phone}]
    finally:
        await matching.stop()
        await engine.aclose()


async def test_custom_fields_sent_with_the_registration_are_kept_when_defined(
    http: aiohttp.ClientSession, database: Database
) -> None:
    await define_custom_fields(database)
    r = await post(http, "visitor", {"visitor": {"token": TOKEN_A, "customFields": [
        {"key": "order", "value": "A-17", "overwrite": True},
        {"key": "not_defined", "value": "dropped", "overwrite": True}]}})
    assert (await answer_json(r))["visitor"]["livechatData"] == {"order": "A-17"}


async def test_custom_fields_from_the_site_reach_the_agents_visitor_context(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database
) -> None:
    await define_custom_fields(database)
    room = await visitor_with_room(http, TOKEN_A)
    field = {"key": "customer_id", "value": "C-9", "overwrite": False}
    r = await post(http, "custom.field", {"token": TOKEN_A, **field})
    assert await answer_json(r) == {"field": field, "success": True}
    r = await post(http, "custom.fields", {"token": TOKEN_A, "customFields": [
        {"key": "customer_id", "value": "C-10", "overwrite": False},  # not overwritten
        {"key": "order", "value": "A-17", "overwrite": True},
        {"key": "unlisted", "value": "x", "overwrite": True}]})      # answered, not kept
    assert (await answer_json(r))["fields"][0] == {"Key": "customer_id", "value": "C-10", "overwrite": False}
    ana = await intake.engine.sign_in("ana")
    context = await ana.visitor_context(room)
    assert ("customer_id", "C-9") in context.custom_fields and ("order", "A-17") in context.custom_fields
    assert all(name != "unlisted" for name, _ in context.custom_fields)
    await ana.aclose()
    r = await post(http, "custom.field", {"token": TOKEN_B, "key": "order", "value": "x", "overwrite": True})
    assert await refused(r) == "invalid-token"
    r = await post(http, "custom.field", {"token": TOKEN_A, "key": "order", "value": "x"})
    assert await refused(r) == "invalid-params"


async def test_get_visitor_by_token(http: aiohttp.ClientSession) -> None:
    await visitor_with_room(http, TOKEN_A)
    async with http.get(f"{API}/visitor/{TOKEN_A}") as r:
        assert (await answer_json(r))["visitor"]["token"] == TOKEN_A
    async with http.get(f"{API}/visitor/{TOKEN_B}") as r:
        assert r.status == 400
        assert await answer_json(r) == {"success": False, "error": "[invalid-token]",
                                        "errorType": "invalid-token"}


async def test_remove_my_data_waits_for_the_chat_to_end_then_removes_everything(
    intake: IntakeServer, http: aiohttp.ClientSession
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    said = {"token": TOKEN_A, "rid": room, "msg": "Quuxwidget please"}
    assert (await post(http, "message", said)).status == 200
    async with http.delete(f"{API}/visitor/{TOKEN_A}") as r:
        assert r.status == 400
        assert await answer_json(r) == {
            "success": False, "errorType": "visitor-has-open-rooms",
            "error": "Cannot remove visitors with opened rooms [visitor-has-open-rooms]"}
    assert (await post(http, "room.close", {"token": TOKEN_A, "rid": room})).status == 200
    async with http.delete(f"{API}/visitor/{TOKEN_A}") as r:
        removed = (await answer_json(r))["visitor"]
    assert removed["_id"].startswith("visitor-") and removed["ts"].endswith("Z")
    async with http.get(f"{API}/visitor/{TOKEN_A}") as r:
        assert await refused(r) == "invalid-token"
    sam = await intake.engine.sign_in("sam")
    with pytest.raises(NotFound):
        await sam.chat(room)
    assert await sam.search("Quuxwidget") == []  # the search index let go of it too
    await sam.aclose()
    async with http.get(f"{API}/visitor/{TOKEN_B}") as r:  # the other visitor is untouched
        assert r.status == 200


async def test_visitor_status_is_checked_and_shown_on_the_room(http: aiohttp.ClientSession) -> None:
    await visitor_with_room(http, TOKEN_A)
    r = await post(http, "visitor.status", {"token": TOKEN_A, "status": "away"})
    assert await answer_json(r) == {"token": TOKEN_A, "status": "away", "success": True}
    async with http.get(f"{API}/room", params={"token": TOKEN_A}) as r:
        assert (await answer_json(r))["room"]["v"]["status"] == "away"
    assert await refused(await post(http, "visitor.status", {"token": TOKEN_A})) == "invalid-params"
    extra = {"token": TOKEN_A, "status": "x", "y": 1}
    assert await refused(await post(http, "visitor.status", extra)) == "invalid-params"
    stranger = {"token": TOKEN_B, "status": "away"}
    assert await refused(await post(http, "visitor.status", stranger)) == "invalid-token"


async def test_call_status_is_acknowledged(http: aiohttp.ClientSession) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    body = {"token": TOKEN_A, "rid": room, "callStatus": "going", "callId": "c1"}
    assert await answer_json(await post(http, "visitor.callStatus", body)) == {
        "token": TOKEN_A, "callStatus": "going", "success": True}
    stranger = {**body, "token": TOKEN_B}
    assert await refused(await post(http, "visitor.callStatus", stranger)) == "invalid-token"
    assert await refused(await post(http, "visitor.callStatus", {"token": TOKEN_A})) \
        == "Match error: Missing key 'callStatus'"


async def test_page_visited_answers_the_page_it_kept(http: aiohttp.ClientSession) -> None:
    info = {"change": "url", "title": "Pricing", "location": {"href": "https://shop.example/pricing"}}
    r = await post(http, "page.visited", {"token": TOKEN_A, "rid": None, "pageInfo": info})
    assert await answer_json(r) == {"success": True, "page": {
        "msg": "Pricing - https://shop.example/pricing", "navigation": {"page": info, "token": TOKEN_A}}}
    # Only changes of the monitored kind ('url') are kept; the answer then has no page.
    r = await post(http, "page.visited", {"token": TOKEN_A, "pageInfo": {**info, "change": "title"}})
    assert await answer_json(r) == {"success": True}
    assert await refused(await post(http, "page.visited", {"token": TOKEN_A})) == "invalid-params"
    not_a_room = {"token": TOKEN_A, "rid": {}, "pageInfo": info}
    assert await refused(await post(http, "page.visited", not_a_room)) == "invalid-params"
    empty_page = {"token": TOKEN_A, "pageInfo": {}}
    assert await refused(await post(http, "page.visited", empty_page)) == "invalid-params"


async def test_offline_message(http: aiohttp.ClientSession, database: Database) -> None:
    form = {"name": "Ola", "email": "ola@example.com", "message": "Call me", "department": "dep-nowhere"}
    assert await answer_json(await post(http, "offline.message", form)) == {
        "message": "Livechat offline message sent", "success": True}
    assert await refused(await post(http, "offline.message", {"name": "Ola"})) == "invalid-params"
    assert await refused(await post(http, "offline.message", {**form, "email": ""})) == "error-invalid-email"

    def queued_emails(connection: sqlite3.Connection) -> int:
        return int(connection.execute("SELECT count(*) FROM chats c JOIN visitors v ON v.id = c.visitor_id "
                                      "WHERE v.address = 'ola@example.com'").fetchone()[0])

    assert await database.read(queued_emails) == 1
