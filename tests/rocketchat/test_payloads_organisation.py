"""Rocket.Chat's departments, units, agents, contacts and business hours read as Omnidesk's."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.backends.rocketchat.payloads import (
    PayloadError,
    business_hours_department_ids,
    read_agent,
    read_business_hours,
    read_contact,
    read_department,
    read_unit,
)
from app.domain import AgentStatus, Availability, Channel, OpenInterval
from tests.rocketchat import payload_fixtures as fixtures
from tests.rocketchat.schemas import validate_payload

ENDPOINT = "GET /v1/livechat/department"
AGENTS = "GET /v1/livechat/users/agent"


def real(type_name: str, payload: dict[str, Any]) -> dict[str, Any]:
    validate_payload(type_name, payload)
    return payload


def test_a_department_reads_with_its_unit_cap_and_fallback() -> None:
    department = read_department(real("ILivechatDepartment", fixtures.department()), endpoint=ENDPOINT)
    assert (department.id, department.name, department.enabled) == ("CAJioQNAvLnYWTy8i", "Sales", True)
    assert department.unit_id == "unitSalesEurope"
    assert department.business_hours_id == "bhEurope"
    assert department.max_chats_per_agent == 4
    assert department.fallback_department_id == "depSupport"


def test_a_department_without_a_cap_or_unit_has_none() -> None:
    payload = real("ILivechatDepartment", fixtures.department(maxNumberSimultaneousChat=0))
    for field in ("parentId", "ancestors", "businessHourId", "fallbackForwardDepartment"):
        payload = fixtures.without(payload, field)
    department = read_department(real("ILivechatDepartment", payload), endpoint=ENDPOINT)
    assert (department.max_chats_per_agent, department.unit_id, department.business_hours_id,
            department.fallback_department_id) == (None, None, None, None)


def test_an_archived_department_takes_no_chats() -> None:
    payload = real("ILivechatDepartment", fixtures.department(archived=True))
    assert not read_department(payload, endpoint=ENDPOINT).enabled


def test_a_unit_reads_with_the_departments_and_monitors_listed_beside_it() -> None:
    unit = read_unit(real("IOmnichannelBusinessUnit", fixtures.unit()), endpoint="GET /v1/livechat/units",
                     department_ids=["CAJioQNAvLnYWTy8i"], monitor_ids=["maya"])
    assert (unit.id, unit.name, unit.department_ids, unit.monitor_ids) == (
        "unitSalesEurope", "Sales Europe", ("CAJioQNAvLnYWTy8i",), ("maya",))


@pytest.mark.parametrize(("status", "presence"), [
    ("online", AgentStatus.ONLINE), ("away", AgentStatus.AWAY), ("busy", AgentStatus.AWAY),
    ("offline", AgentStatus.OFFLINE)])
def test_an_agents_presence_is_their_user_status(status: str, presence: AgentStatus) -> None:
    agent = read_agent(real("ILivechatAgent", fixtures.agent(status=status)), endpoint=AGENTS)
    assert agent.status is presence


def test_an_agent_reads_with_availability_and_limit() -> None:
    agent = read_agent(real("ILivechatAgent", fixtures.agent()), endpoint="GET /v1/livechat/users/agent",
                       department_ids=["CAJioQNAvLnYWTy8i"])
    assert (agent.id, agent.username, agent.name) == ("rbAXPnMktTFbNpwtJ", "ana", "Ana Souza")
    assert agent.availability is Availability.AVAILABLE
    assert agent.max_chats == 5
    assert agent.department_ids == ("CAJioQNAvLnYWTy8i",)
    assert agent.open_chats == 0  # livechatCount (321) counts chats ever assigned, not open ones
    unlimited = real("ILivechatAgent", fixtures.agent(statusLivechat="not-available",
                                                      livechat={"maxNumberSimultaneousChat": 0}))
    agent = read_agent(unlimited, endpoint="GET /v1/livechat/users/agent")
    assert (agent.availability, agent.max_chats) == (Availability.NOT_AVAILABLE, None)


def test_a_contact_reads_with_channels_conflicts_and_custom_fields() -> None:
    contact = read_contact(real("ILivechatContact", fixtures.contact(customFields={"customer_id": "C-991",
                                                                                    "score": 7})),
                           endpoint="GET /v1/omnichannel/contacts.get")
    assert (contact.id, contact.name) == ("contactHannah", "Hannah Kim")
    assert contact.emails == ("hannah@example.com",)
    assert contact.phones == ("+4930123456",)
    assert contact.manager_id == "rbAXPnMktTFbNpwtJ"
    assert contact.custom_fields == (("customer_id", "C-991"),)
    assert contact.verified
    (channel,) = contact.channels
    assert (channel.visitor_id, channel.channel, channel.verified_by_field, channel.verified_by_value) == (
        "hPF84vuahYBZugM8L", Channel.WIDGET, "email", "hannah@example.com")
    assert channel.verified_at == datetime(2026, 11, 24, 12, tzinfo=UTC)
    (conflict,) = contact.conflicts
    assert (conflict.field, conflict.value) == ("name", "H. Kim")
    assert conflict.at == datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert contact.last_chat_at == datetime(2026, 11, 25, 10, 1, 2, 345000, tzinfo=UTC)


def test_business_hours_read_in_their_timezone_with_midnight_as_the_days_end() -> None:
    payload = real("ILivechatBusinessHour", fixtures.business_hours(
        departments=[{"_id": "CAJioQNAvLnYWTy8i", "name": "Sales"}]))
    hours = read_business_hours(payload, endpoint="GET /v1/livechat/business-hour")
    assert (hours.id, hours.name, hours.timezone) == ("bhEurope", "Europe", "Europe/Berlin")
    assert hours.active
    assert hours.intervals == (OpenInterval(0, 8 * 60, 17 * 60 + 30), OpenInterval(4, 8 * 60, 24 * 60))
    assert hours.is_open(datetime(2026, 11, 23, 9, tzinfo=UTC))  # Monday 10:00 in Berlin
    assert business_hours_department_ids(payload, endpoint="GET /v1/livechat/business-hour") == (
        "CAJioQNAvLnYWTy8i",)


def test_a_time_that_is_no_time_is_named() -> None:
    payload = fixtures.business_hours()
    payload["workHours"][0]["start"]["time"] = "8 o'clock"
    with pytest.raises(PayloadError) as raised:
        read_business_hours(payload, endpoint="GET /v1/livechat/business-hour")
    assert raised.value.field == "workHours[0].start.time"


READERS: list[tuple[str, Callable[..., object], Callable[..., dict[str, Any]], list[str]]] = [
    ("ILivechatDepartment", read_department, fixtures.department, ["_id", "name"]),
    ("IOmnichannelBusinessUnit", read_unit, fixtures.unit, ["_id", "name"]),
    ("ILivechatAgent", read_agent, fixtures.agent, ["_id", "username"]),
    ("ILivechatContact", read_contact, fixtures.contact, ["_id", "name", "createdAt", "channels.0.visitor",
                                                          "emails.0.address"]),
    ("ILivechatBusinessHour", read_business_hours, fixtures.business_hours,
     ["_id", "timezone", "timezone.name", "workHours.0.day"]),
]


@pytest.mark.parametrize(("type_name", "reader", "build", "fields"), READERS, ids=[r[0] for r in READERS])
def test_missing_required_fields_are_named_and_unknown_ones_ignored(
        type_name: str, reader: Callable[..., object], build: Callable[..., dict[str, Any]],
        fields: list[str]) -> None:
    payload = real(type_name, build())
    assert reader({**payload, "someFutureField": [1, {"a": None}]}, endpoint=ENDPOINT) == reader(
        payload, endpoint=ENDPOINT)
    for field in fields:
        with pytest.raises(PayloadError) as raised:
            reader(_without_path(payload, field), endpoint=ENDPOINT)
        assert raised.value.field == field.replace(".0.", "[0].").replace(".0", "[0]")
        assert raised.value.endpoint == ENDPOINT


def _without_path(payload: dict[str, Any], path: str) -> dict[str, Any]:
    """fixtures.without, reaching into lists by index."""
    changed = copy.deepcopy(payload)
    *parents, last = path.split(".")
    node: Any = changed
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    del node[last]
    return changed


@pytest.mark.parametrize(("type_name", "reader", "build", "fields"), READERS, ids=[r[0] for r in READERS])
@settings(max_examples=100)
@given(data=st.data())
def test_any_json_reads_or_is_a_payload_error(type_name: str, reader: Callable[..., object],
                                              build: Callable[..., dict[str, Any]], fields: list[str],
                                              data: st.DataObject) -> None:
    payload = data.draw(st.one_of(fixtures.JSON, fixtures.mutated(build())))
    try:
        reader(payload, endpoint=ENDPOINT)
    except PayloadError:
        pass
