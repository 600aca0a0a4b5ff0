"""Admins change a Rocket.Chat server's configuration through the pending-changes journal: the real
ConfigSync and Journal over RocketChatBackend's Administration, against the loopback server's
Community Omnichannel (tests/rocketchat/loopback/administration.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.backends.contract import ConfirmsIdentity, OffersConfiguration
from app.backends.rocketchat.backend import RocketChatBackend
from app.clock import ManualClock
from app.config import Applied, JsonValue, Kind, Record
from app.errors import TwoFactorRequired
from app.policy import Action
from app.sync import ConfigSync, Journal, PendingState
from tests.app.configuration_changes import MADE_AT, find, update
from tests.rocketchat.desk import Desks
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.administration import Administration
from tests.rocketchat.loopback.omnichannel import Omnichannel


@dataclass
class Admin:
    """Sam, an admin of the server, with Omnidesk's administration open over it."""

    backend: RocketChatBackend
    journal: Journal
    sync: ConfigSync
    support: str
    bo: str

    def department(self, name: str) -> Record:
        return next(r for r in self.sync.records(Kind.DEPARTMENT) if r.name == name)

    def pending_states(self) -> list[PendingState]:
        return [p.state for p in self.sync.pending()]


@pytest.fixture
async def admin(desks: Desks, omnichannel: Omnichannel, administration: Administration,
                tmp_path: Path) -> AsyncIterator[Admin]:
    support = omnichannel.add_department("Support")
    bo = omnichannel.add_agent("bo", departments=(support,), name="Bo Agent").id
    administration.add_admin("sam", name="Sam Admin")
    backend = await desks.sign_in("sam")
    journal = Journal.open(tmp_path / "pending.sqlite3")
    sync = ConfigSync(journal, backend, user_id=(await backend.me()).id, clock=ManualClock(MADE_AT))
    await sync.start()
    yield Admin(backend, journal, sync, support, bo)
    journal.close()


async def test_an_admin_may_configure_and_sees_what_a_community_server_holds(
        admin: Admin, desks: Desks, omnichannel: Omnichannel) -> None:
    assert Action.CONFIGURE in admin.backend.capabilities()
    assert isinstance(admin.backend, OffersConfiguration) and isinstance(admin.backend, ConfirmsIdentity)
    offer = admin.backend.configuration_offer()
    # Enterprise's kinds are not offered over a Community server, nor the what-if.
    assert set(offer.kinds) == {Kind.DEPARTMENT, Kind.AGENT, Kind.BUSINESS_HOURS, Kind.ROUTING, Kind.WEBSITE}
    assert not offer.what_if
    records = await admin.backend.configuration()
    assert {r.kind for r in records} == set(offer.kinds)
    support = find(records, Kind.DEPARTMENT, admin.support)
    assert support.fields["name"] == "Support" and support.fields["agent_ids"] == [admin.bo]
    assert find(records, Kind.AGENT, admin.bo).fields["department_ids"] == [admin.support]
    hours = next(r for r in records if r.kind is Kind.BUSINESS_HOURS)
    intervals = hours.fields["intervals"]
    assert isinstance(intervals, list)
    assert [i["weekday"] for i in intervals if isinstance(i, dict)] == [0, 1, 2, 3, 4]
    assert find(records, Kind.ROUTING, "routing").fields["routing_method"] == "auto_selection"
    assert find(records, Kind.WEBSITE, "website").fields["title"] == "Rocket.Chat"
    # An agent is not offered administration.
    bo = await desks.sign_in("bo")
    assert Action.CONFIGURE not in bo.capabilities()


async def test_a_department_renamed_and_restaffed_reaches_the_server(
        admin: Admin, omnichannel: Omnichannel, administration: Administration) -> None:
    cy = omnichannel.add_agent("cy", name="Cy Agent").id
    await admin.sync.refresh()  # someone made Cy an agent meanwhile
    support = admin.department("Support")
    admin.sync.edit(Kind.DEPARTMENT, support.id, {"name": "Customer care", "agent_ids": [cy, admin.bo]})
    report = await admin.sync.publish()
    assert report.applied == 1 and admin.sync.pending() == []
    on_server = omnichannel.departments[admin.support]
    assert on_server["name"] == "Customer care"
    assert on_server["email"] == "" and on_server["showOnRegistration"] is True  # kept as the server had them
    assert administration.department_agents(admin.support) == [cy, admin.bo]  # in the admin's order
    assert admin.department("Customer care").fields["agent_ids"] == [cy, admin.bo]
    admin.sync.edit(Kind.DEPARTMENT, admin.support, {"agent_ids": [cy]})
    await admin.sync.publish()
    assert administration.department_agents(admin.support) == [cy]
    assert omnichannel.agent_departments[admin.bo] == []


async def test_a_community_server_keeps_one_department_and_a_licensed_one_takes_the_new_one_under_its_id(
        admin: Admin, omnichannel: Omnichannel, administration: Administration) -> None:
    made = admin.sync.create(Kind.DEPARTMENT, {"name": "Sales", "agent_ids": [admin.bo]})
    await admin.sync.publish()
    [refused] = admin.sync.pending()
    assert refused.state is PendingState.REJECTED and "one department only" in refused.problem
    assert len(omnichannel.departments) == 1
    admin.sync.undo(refused.seq)
    administration.enterprise = True
    made = admin.sync.create(Kind.DEPARTMENT, {"name": "Sales", "agent_ids": [admin.bo]})
    report = await admin.sync.publish()
    assert report.applied == 1
    assert omnichannel.departments[made.change.entity_id]["name"] == "Sales"  # the id Omnidesk chose
    assert admin.bo in administration.department_agents(made.change.entity_id)


async def test_deleting_a_department_needs_the_servers_removal_setting(
        admin: Admin, omnichannel: Omnichannel, administration: Administration) -> None:
    admin.sync.delete(Kind.DEPARTMENT, admin.support)
    await admin.sync.publish()
    [refused] = admin.sync.pending()
    assert refused.state is PendingState.REJECTED
    assert "Omnichannel_enable_department_removal" in refused.problem
    assert admin.support in omnichannel.departments
    admin.sync.undo(refused.seq)
    administration.settings["Omnichannel_enable_department_removal"] = True
    admin.sync.delete(Kind.DEPARTMENT, admin.support)
    report = await admin.sync.publish()
    assert report.applied == 1 and admin.support not in omnichannel.departments
    assert admin.sync.records(Kind.DEPARTMENT) == []


async def test_agents_are_added_moved_and_removed(
        admin: Admin, omnichannel: Omnichannel, administration: Administration,
        loopback: LoopbackRocketChat) -> None:
    dee = administration.make_agent("dee", name="Dee Newcomer")
    made = admin.sync.create(Kind.AGENT, {"username": "dee", "name": "Dee Newcomer", "agent": True,
                                          "department_ids": [admin.support]})
    report = await admin.sync.publish()
    assert report.applied == 1, admin.sync.pending()
    assert "livechat-agent" in dee.roles and omnichannel.agent_departments[dee.id] == [admin.support]
    # The record now goes by the user's id on the server.
    assert [r.id for r in admin.sync.records(Kind.AGENT) if r.fields["username"] == "dee"] == [dee.id]
    assert made.change.entity_id != dee.id
    admin.sync.edit(Kind.AGENT, dee.id, {"department_ids": []})
    await admin.sync.publish()
    assert omnichannel.agent_departments[dee.id] == []
    assert administration.department_agents(admin.support) == [admin.bo]
    admin.sync.delete(Kind.AGENT, dee.id)
    report = await admin.sync.publish()
    assert report.applied == 1 and "livechat-agent" not in dee.roles
    assert loopback.calls_to("POST livechat/users/agent") == 1


async def test_an_agent_made_of_someone_who_is_no_user_is_refused_in_words(admin: Admin) -> None:
    admin.sync.create(Kind.AGENT, {"username": "nobody", "name": "Nobody", "agent": True,
                                   "department_ids": []})
    await admin.sync.publish()
    [refused] = admin.sync.pending()
    assert refused.state is PendingState.REJECTED
    assert "create the user in Rocket.Chat first" in refused.problem


async def test_business_hours_get_one_opening_per_day(admin: Admin, administration: Administration) -> None:
    [hours] = admin.sync.records(Kind.BUSINESS_HOURS)
    monday_to_thursday: list[JsonValue] = [
        {"weekday": day, "start_minute": 9 * 60, "end_minute": 17 * 60 + 30} for day in range(4)]
    admin.sync.edit(Kind.BUSINESS_HOURS, hours.id,
                    {"timezone": "Europe/Berlin", "intervals": monday_to_thursday})
    report = await admin.sync.publish()
    assert report.applied == 1
    saved = administration.business_hour
    assert saved["timezone"]["name"] == "Europe/Berlin"
    opened = {w["day"]: (w["start"]["time"], w["finish"]["time"]) for w in saved["workHours"] if w["open"]}
    assert opened == {day: ("09:00", "17:30") for day in ("Monday", "Tuesday", "Wednesday", "Thursday")}
    evening: JsonValue = {"weekday": 0, "start_minute": 18 * 60, "end_minute": 19 * 60}
    twice: list[JsonValue] = [*monday_to_thursday, evening]
    admin.sync.edit(Kind.BUSINESS_HOURS, hours.id, {"intervals": twice})
    await admin.sync.publish()
    [refused] = admin.sync.pending()
    assert refused.state is PendingState.REJECTED and "one opening per day" in refused.problem


async def test_routing_settings_wait_for_the_admins_password(
        admin: Admin, administration: Administration) -> None:
    admin.sync.edit(Kind.ROUTING, "routing", {"routing_method": "manual_selection"})
    with pytest.raises(TwoFactorRequired) as asked:
        await admin.sync.publish()
    assert asked.value.method == "password" and "password" in asked.value.message
    [waiting] = admin.sync.pending()
    assert waiting.state is PendingState.QUEUED and waiting.seq not in admin.journal.in_flight()
    assert administration.settings["Livechat_Routing_Method"] == "Auto_Selection"
    admin.backend.confirm_identity("password", "wrong")
    with pytest.raises(TwoFactorRequired, match="not right"):
        await admin.sync.publish()
    admin.backend.confirm_identity("password", "pw")
    report = await admin.sync.publish()
    assert report.applied == 1
    assert administration.settings["Livechat_Routing_Method"] == "Manual_Selection"
    # Trusted for a while afterwards, as Rocket.Chat remembers a second factor on the token.
    admin.sync.edit(Kind.ROUTING, "routing", {"route_to_away_agents": False})
    assert (await admin.sync.publish()).applied == 1
    assert administration.settings["Livechat_enabled_when_agent_idle"] is False


async def test_website_chat_settings_go_through_the_appearance_route(
        admin: Admin, administration: Administration, loopback: LoopbackRocketChat) -> None:
    admin.sync.edit(Kind.WEBSITE, "website", {"title": "Talk to us", "color": "#0b7285"})
    assert (await admin.sync.publish()).applied == 1
    assert administration.settings["Livechat_title"] == "Talk to us"
    assert administration.settings["Livechat_title_color"] == "#0b7285"
    assert loopback.calls_to("POST livechat/appearance") == 1


async def test_an_edit_made_offline_is_published_once_when_the_server_is_back(
        admin: Admin, omnichannel: Omnichannel, loopback: LoopbackRocketChat,
        administration: Administration) -> None:
    async with loopback.down():
        admin.sync.edit(Kind.DEPARTMENT, admin.support, {"name": "Night shift"})
        report = await admin.sync.publish()
        assert report.applied == 0 and report.waiting == 1 and not admin.sync.online
        assert admin.department("Night shift").id == admin.support  # shown, pending
    assert omnichannel.departments[admin.support]["name"] == "Support"
    await admin.sync.link_changed(True)
    assert admin.sync.pending() == []
    assert omnichannel.departments[admin.support]["name"] == "Night shift"
    await admin.sync.publish()
    assert administration.calls("PUT livechat/department/:_id") == 1


async def test_someone_elses_change_of_the_same_field_is_a_conflict_and_of_another_field_is_kept(
        admin: Admin, omnichannel: Omnichannel, administration: Administration) -> None:
    admin.sync.edit(Kind.DEPARTMENT, admin.support, {"name": "Helpdesk"})
    administration.touch_department(admin.support, name="Service desk")  # in Rocket.Chat's own pages
    await admin.sync.publish()
    [conflict] = admin.sync.pending()
    assert conflict.state is PendingState.CONFLICT and conflict.conflict is not None
    [field] = conflict.conflict.conflicts
    assert (field.field, field.base, field.mine, field.theirs) == (
        "name", "Support", "Helpdesk", "Service desk")
    assert omnichannel.departments[admin.support]["name"] == "Service desk"  # nothing written
    admin.sync.resolve(conflict.seq, {"name": "mine"})
    await admin.sync.publish()
    assert omnichannel.departments[admin.support]["name"] == "Helpdesk"
    admin.sync.edit(Kind.DEPARTMENT, admin.support, {"name": "Help"})
    administration.touch_department(admin.support, enabled=False)
    assert (await admin.sync.publish()).applied == 1
    assert omnichannel.departments[admin.support]["name"] == "Help"
    assert omnichannel.departments[admin.support]["enabled"] is False  # theirs, kept


async def test_a_change_whose_answer_was_lost_is_written_once(
        admin: Admin, omnichannel: Omnichannel, administration: Administration) -> None:
    admin.sync.edit(Kind.DEPARTMENT, admin.support, {"name": "Escalations"})
    administration.lose_next_answers = 1
    report = await admin.sync.publish()
    assert report.applied == 0 and report.waiting == 1
    [sent] = admin.sync.pending()
    assert sent.seq in admin.journal.in_flight()  # it may have reached the server
    assert omnichannel.departments[admin.support]["name"] == "Escalations"  # it did
    report = await admin.sync.publish()
    assert report.applied == 1 and admin.sync.pending() == []
    assert administration.calls("PUT livechat/department/:_id") == 1  # never written twice


async def test_a_create_whose_answer_was_lost_makes_one_department(
        admin: Admin, omnichannel: Omnichannel, administration: Administration) -> None:
    administration.enterprise = True
    made = admin.sync.create(Kind.DEPARTMENT, {"name": "Billing", "enabled": False})
    administration.lose_next_answers = 1
    assert (await admin.sync.publish()).waiting == 1
    assert (await admin.sync.publish()).applied == 1
    assert administration.calls("POST livechat/department") == 1
    assert [d["name"] for d in omnichannel.departments.values()].count("Billing") == 1
    assert made.change.entity_id in omnichannel.departments


async def test_a_change_id_applied_before_is_answered_again_without_writing(
        admin: Admin, administration: Administration) -> None:
    support = find(await admin.backend.configuration(), Kind.DEPARTMENT, admin.support)
    change = update(support, name="Front desk")
    first = await admin.backend.apply_change(change)
    administration.touch_department(admin.support, name="Reception")  # someone renames it after
    again = await admin.backend.apply_change(change)  # the journal resends: it never knew
    assert isinstance(first, Applied) and isinstance(again, Applied)
    assert again.record is not None and again.record.fields["name"] == "Reception"  # theirs stands
    assert administration.calls("PUT livechat/department/:_id") == 1
    [entry] = await admin.backend.audit()
    assert (entry.change_id, entry.by_name, entry.before, entry.after) == (
        change.change_id, "Sam Admin", {"name": "Support"}, {"name": "Front desk"})


async def test_a_refusal_for_want_of_a_permission_names_it(
        desks: Desks, omnichannel: Omnichannel, administration: Administration, tmp_path: Path) -> None:
    support = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support,))
    lee = administration.add_admin("lee", name="Lee Manager", roles=("user", "livechat-manager"))
    omnichannel.lacking[lee.id] = {"manage-livechat-departments"}
    backend = await desks.sign_in("lee")
    journal = Journal.open(tmp_path / "lee.sqlite3")
    try:
        sync = ConfigSync(journal, backend, user_id=lee.id, clock=ManualClock(MADE_AT))
        await sync.start()
        sync.edit(Kind.DEPARTMENT, support, {"name": "Renamed"})
        # A livechat manager is no Rocket.Chat admin: the server keeps routing to admins.
        sync.edit(Kind.ROUTING, "routing", {"routing_method": "manual_selection"})
        report = await sync.publish()
        assert report.rejected == 2
        department, routing = sync.pending()
        assert department.state is PendingState.REJECTED
        assert "lacks the permission 'manage-livechat-departments'" in department.problem
        assert "lacks the permission 'edit-privileged-setting'" in routing.problem
        assert omnichannel.departments[support]["name"] == "Support"
    finally:
        journal.close()
