"""The configuration's validation rules: a valid sample organisation, then each test breaks one
rule and checks the problem it gets (and that mending it clears the problem)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import Kind, Record
from app.config.records import JsonValue
from app.config.validate import Problem, problems, problems_for, require_valid
from app.errors import InvalidInput

# Ids look nothing like names, so a test can tell a message that leaks an id.
BILLING, SALES, SUPPORT = "dep-7f3a", "dep-91c2", "dep-04be"
NORTH = "unit-5d1e"
ALICE, BOB, CAROL, MAYA = "usr-a11c", "usr-b0b0", "usr-ca40", "usr-3a9a"
OFFICE = "bh-0ff1"
GOLD = "sla-901d"
IDS = (BILLING, SALES, SUPPORT, NORTH, ALICE, BOB, CAROL, MAYA, OFFICE, GOLD)

Config = dict[tuple[Kind, str], Record]


def weekdays(start: int, end: int) -> list[JsonValue]:
    return [{"weekday": day, "start_minute": start, "end_minute": end} for day in range(5)]


def sample() -> Config:
    """A small organisation with a record of every kind that breaks no rule."""

    def department(name: str, **fields: JsonValue) -> dict[str, JsonValue]:
        return {"name": name, "enabled": True, "unit_id": None, "agent_ids": [],
                "max_chats_per_agent": None, "fallback_department_id": None,
                "business_hours_id": None, "transfer_department_ids": [], "sla_id": None, **fields}

    def person(username: str, name: str, departments: list[JsonValue], *, agent: bool = True,
               monitor: bool = False) -> dict[str, JsonValue]:
        return {"username": username, "name": name, "agent": agent, "monitor": monitor,
                "department_ids": departments, "max_chats": None, "skills": {}}

    rows: list[tuple[Kind, str, dict[str, JsonValue]]] = [
        (Kind.DEPARTMENT, BILLING, department(
            "Billing", unit_id=NORTH, agent_ids=[ALICE, BOB], max_chats_per_agent=3,
            fallback_department_id=SALES, business_hours_id=OFFICE,
            transfer_department_ids=[SALES, SUPPORT], sla_id=GOLD)),
        (Kind.DEPARTMENT, SALES, department(
            "Sales", unit_id=NORTH, agent_ids=[BOB], fallback_department_id=SUPPORT)),
        (Kind.DEPARTMENT, SUPPORT, department("Support", agent_ids=[CAROL])),
        (Kind.UNIT, NORTH, {"name": "North", "department_ids": [BILLING, SALES],
                            "monitor_ids": [MAYA]}),
        (Kind.AGENT, ALICE, person("alice", "Alice Moreau", [BILLING])
         | {"skills": {"french": 5, "refunds": 2}, "max_chats": 4}),
        (Kind.AGENT, BOB, person("bob", "Bob Stone", [BILLING, SALES])),
        (Kind.AGENT, CAROL, person("carol", "Carol Diaz", [SUPPORT])),
        (Kind.AGENT, MAYA, person("maya", "Maya Patel", [], agent=False, monitor=True)),
        (Kind.BUSINESS_HOURS, OFFICE, {
            "name": "Office", "timezone": "Europe/Berlin", "active": True,
            "intervals": [*weekdays(9 * 60, 12 * 60), *weekdays(12 * 60, 17 * 60)],
            "department_ids": [BILLING]}),
        (Kind.ROUTING, "routing", {
            "routing_method": "auto_selection", "max_chats_per_agent": 5, "waiting_queue": True,
            "queue_order": "priority", "route_to_away_agents": False,
            "business_hours_enabled": True, "max_fallback_depth": 3,
            "auto_transfer_unanswered_s": 0, "auto_transfer_repeats": False, "abandoned_action": "close",
            "visitor_inactivity_s": 300, "max_queue_wait_s": 0, "block_unknown_contacts": False,
            "block_unverified_contacts": False, "contact_merge_custom_fields": "keep"}),
        (Kind.PRIORITY, "prio-1", {"name": "Highest", "weight": 1}),
        (Kind.PRIORITY, "prio-2", {"name": "High", "weight": 2}),
        (Kind.SLA, GOLD, {"name": "Gold", "description": "Answer fast.", "due_minutes": 15}),
        (Kind.TAG, "tag-1", {"name": "vip", "description": "", "department_ids": [BILLING]}),
        (Kind.CANNED_RESPONSE, "cr-1", {"shortcut": "hello", "text": "Hello!", "department_id": None}),
        # The same shortcut in two departments: each department's agents get their own.
        (Kind.CANNED_RESPONSE, "cr-2", {"shortcut": "refund", "text": "Refunds take 3 days.",
                                        "department_id": BILLING}),
        (Kind.CANNED_RESPONSE, "cr-3", {"shortcut": "refund", "text": "Ask Billing.",
                                        "department_id": SALES}),
        (Kind.WEBSITE, "website", {
            "title": "Chat with us", "color": "#1f6feb", "registration_form": True,
            "offline_title": "Leave a message", "offline_message": "We are away.",
            "offline_success_message": "Thanks!",
            "allowed_origins": ["https://shop.example", "http://localhost:8080"],
            "custom_fields": ["customer_id", "order: Order number"],
            "data_processing_consent": False, "data_processing_consent_text": ""}),
    ]
    return {(kind, entity_id): Record(kind, entity_id, fields, 1) for kind, entity_id, fields in rows}


def edit(config: Config, kind: Kind, entity_id: str, **fields: JsonValue) -> Config:
    """A copy of `config` with some fields of one record changed."""
    record = config[(kind, entity_id)]
    return {**config, (kind, entity_id): Record(kind, entity_id, {**record.fields, **fields}, 2)}


def add(config: Config, kind: Kind, entity_id: str, **fields: JsonValue) -> Config:
    return {**config, (kind, entity_id): Record(kind, entity_id, fields, 1)}


def found(config: Config) -> list[Problem]:
    return problems(config.values())


def messages(config: Config) -> list[str]:
    return [problem.message for problem in found(config)]


def only(config: Config) -> Problem:
    """The one problem `config` has (failing with all of them otherwise)."""
    (problem,) = found(config)
    return problem


# --- the sample, and the properties every message keeps -------------------------------------


def test_multiline_text_keeps_its_line_breaks_and_tabs() -> None:
    config = edit(sample(), Kind.CANNED_RESPONSE, "cr-1", text="Hello,\r\n\tthanks for writing.")
    assert found(config) == []


def test_the_sample_configuration_has_no_problem() -> None:
    assert found(sample()) == []
    require_valid(sample().values())


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_no_problem_whatever_order_the_records_come_in(rng: random.Random) -> None:
    records = list(sample().values())
    rng.shuffle(records)
    assert problems(records) == []


def _overlapping_hours(config: Config) -> Config:
    return edit(config, Kind.BUSINESS_HOURS, OFFICE, intervals=[
        {"weekday": 0, "start_minute": 9 * 60, "end_minute": 12 * 60},
        {"weekday": 0, "start_minute": 11 * 60, "end_minute": 17 * 60}])


def _in_two_units(config: Config) -> Config:
    return add(config, Kind.UNIT, "unit-50u7", name="South", department_ids=[BILLING], monitor_ids=[])


# Each way of breaking one rule of the sample: (what it breaks, the field the problem names).
BREAKERS: dict[str, tuple[Kind, str, str, dict[str, JsonValue]]] = {
    "required": (Kind.DEPARTMENT, SALES, "name", {"name": None}),
    "blank name": (Kind.DEPARTMENT, SALES, "name", {"name": "   "}),
    "name too long": (Kind.TAG, "tag-1", "name", {"name": "v" * 201}),
    "text too long": (Kind.CANNED_RESPONSE, "cr-1", "text", {"text": "x" * 10_001}),
    "a control character in a name": (Kind.DEPARTMENT, SALES, "name", {"name": "Sa\x00les"}),
    "an escape in a canned text": (Kind.CANNED_RESPONSE, "cr-1", "text", {"text": "Hi\x1b[31m"}),
    "canned text blank": (Kind.CANNED_RESPONSE, "cr-1", "text", {"text": "\n "}),
    "text not text": (Kind.TAG, "tag-1", "description", {"description": 5}),
    "int not whole": (Kind.AGENT, ALICE, "max_chats", {"max_chats": 2.5}),
    "int is a bool": (Kind.AGENT, ALICE, "max_chats", {"max_chats": True}),
    "limit below zero": (Kind.DEPARTMENT, BILLING, "max_chats_per_agent", {"max_chats_per_agent": -1}),
    "sla due zero": (Kind.SLA, GOLD, "due_minutes", {"due_minutes": 0}),
    "inactivity zero": (Kind.ROUTING, "routing", "visitor_inactivity_s", {"visitor_inactivity_s": 0}),
    "bool not bool": (Kind.DEPARTMENT, SALES, "enabled", {"enabled": "yes"}),
    "choice unknown": (Kind.ROUTING, "routing", "routing_method", {"routing_method": "round_robin"}),
    "ref missing": (Kind.DEPARTMENT, SUPPORT, "sla_id", {"sla_id": "sla-6a3e"}),
    "ref list missing": (Kind.UNIT, NORTH, "monitor_ids", {"monitor_ids": [MAYA, "usr-6a3e"]}),
    "ref list duplicate": (Kind.TAG, "tag-1", "department_ids", {"department_ids": [BILLING, BILLING]}),
    "ref list not a list": (Kind.TAG, "tag-1", "department_ids", {"department_ids": BILLING}),
    "monitor not a monitor": (Kind.UNIT, NORTH, "monitor_ids", {"monitor_ids": [MAYA, ALICE]}),
    "text list not texts": (Kind.WEBSITE, "website", "allowed_origins",
                            {"allowed_origins": ["https://shop.example", 3]}),
    "colour": (Kind.WEBSITE, "website", "color", {"color": "#12345"}),
    "timezone": (Kind.BUSINESS_HOURS, OFFICE, "timezone", {"timezone": "Mars/Olympus_Mons"}),
    "weekday": (Kind.BUSINESS_HOURS, OFFICE, "intervals",
                {"intervals": [{"weekday": 7, "start_minute": 60, "end_minute": 120}]}),
    "interval backwards": (Kind.BUSINESS_HOURS, OFFICE, "intervals",
                           {"intervals": [{"weekday": 2, "start_minute": 600, "end_minute": 540}]}),
    "interval past midnight": (Kind.BUSINESS_HOURS, OFFICE, "intervals",
                               {"intervals": [{"weekday": 2, "start_minute": 600, "end_minute": 1441}]}),
    "interval not one": (Kind.BUSINESS_HOURS, OFFICE, "intervals", {"intervals": [{"weekday": 2}]}),
    "skill level": (Kind.AGENT, ALICE, "skills", {"skills": {"french": 6}}),
    "skill unnamed": (Kind.AGENT, ALICE, "skills", {"skills": {" ": 3}}),
    "department name taken": (Kind.DEPARTMENT, SUPPORT, "name", {"name": "billing "}),
    "unit name taken": (Kind.UNIT, NORTH, "name", {"name": "NORTH"}),  # (see the dedicated test)
    "username taken": (Kind.AGENT, CAROL, "username", {"username": "Bob"}),
    "shortcut taken": (Kind.CANNED_RESPONSE, "cr-3", "shortcut", {"department_id": BILLING}),
    "shortcut syntax": (Kind.CANNED_RESPONSE, "cr-1", "shortcut", {"shortcut": "hi there"}),
    "fallback to itself": (Kind.DEPARTMENT, SUPPORT, "fallback_department_id",
                           {"fallback_department_id": SUPPORT}),
    "fallback loop": (Kind.DEPARTMENT, SUPPORT, "fallback_department_id",
                      {"fallback_department_id": BILLING}),
    "enabled without agent": (Kind.DEPARTMENT, SALES, "agent_ids", {"agent_ids": []}),
    "unit disagrees": (Kind.UNIT, NORTH, "department_ids", {"department_ids": [BILLING]}),
    "agent disagrees": (Kind.AGENT, CAROL, "department_ids", {"department_ids": [SUPPORT, SALES]}),
    "hours disagree": (Kind.BUSINESS_HOURS, OFFICE, "department_ids", {"department_ids": []}),
    "active, never open": (Kind.BUSINESS_HOURS, OFFICE, "intervals", {"intervals": []}),
    "fallback depth": (Kind.ROUTING, "routing", "max_fallback_depth", {"max_fallback_depth": 11}),
    "origin with a path": (Kind.WEBSITE, "website", "allowed_origins",
                           {"allowed_origins": ["https://shop.example/chat"]}),
    "empty title": (Kind.WEBSITE, "website", "title", {"title": " "}),
    "custom field not a key": (Kind.WEBSITE, "website", "custom_fields",
                               {"custom_fields": ["order number: Order"]}),
    "transfer to itself": (Kind.DEPARTMENT, SUPPORT, "transfer_department_ids",
                           {"transfer_department_ids": [SUPPORT]}),
}


def broken(rule: str) -> Config:
    kind, entity_id, _field, fields = BREAKERS[rule]
    if rule == "unit name taken":
        return edit(_in_two_units(sample()), Kind.UNIT, "unit-50u7", name="NORTH", department_ids=[])
    return edit(sample(), kind, entity_id, **fields)


@pytest.mark.parametrize("rule", BREAKERS)
def test_each_broken_rule_is_reported_on_the_record_and_field_it_is_about(rule: str) -> None:
    kind, entity_id, field, _fields = BREAKERS[rule]
    if rule == "unit name taken":
        entity_id = "unit-50u7"
    config = broken(rule)
    assert (kind, entity_id, field) in {(p.kind, p.entity_id, p.field) for p in found(config)}
    with pytest.raises(InvalidInput) as raised:
        require_valid(config.values())
    assert raised.value.code == "invalid-configuration"


@pytest.mark.parametrize("rule", BREAKERS)
def test_every_message_is_a_sentence_that_names_and_never_shows_an_id(rule: str) -> None:
    for message in messages(broken(rule)):
        assert message[0].isupper() and message.endswith("."), message
        assert not any(entity_id in message for entity_id in IDS), message
        # Says what to do, not only what is wrong.
        assert any(verb in message for verb in (
            "required", "enter", "choose", "remove", "add", "give", "change", "correct", "shorten",
            "write", "set it", "name it", "fill", "disable", "make them", "levels go", "weekdays go",
            "cannot be empty", "must be")), message


# --- messages an admin reads, literally -----------------------------------------------------


def test_a_limit_below_zero_says_what_to_enter() -> None:
    config = edit(sample(), Kind.DEPARTMENT, BILLING, max_chats_per_agent=-1)
    assert only(config) == Problem(
        Kind.DEPARTMENT, BILLING, "max_chats_per_agent",
        "Department 'Billing': Chats per agent cannot be below zero; enter 0 or more, or leave it empty.")
    assert found(edit(config, Kind.DEPARTMENT, BILLING, max_chats_per_agent=0)) == []


def test_overlapping_hours_name_the_day_and_both_intervals() -> None:
    assert messages(_overlapping_hours(sample())) == [
        "Business hours 'Office': Monday 09:00-12:00 overlaps 11:00-17:00; "
        "change one so they do not overlap."]


def test_a_fallback_chain_that_loops_names_the_whole_loop_on_each_department_in_it() -> None:
    config = edit(sample(), Kind.DEPARTMENT, SUPPORT, fallback_department_id=SALES)
    loop = ("The fallback departments go round in a loop (Sales -> Support -> Sales); "
            "choose another fallback for one of them, or none.")
    # Billing only leads into the loop: mending the loop mends Billing's chain too.
    assert {(p.entity_id, p.message) for p in found(config)} == {(SALES, loop), (SUPPORT, loop)}
    with pytest.raises(InvalidInput, match=r"^The fallback departments .*or none\.$"):
        require_valid(config.values())  # said once, though two departments carry it


def test_a_department_falling_back_to_itself_is_a_loop_of_one() -> None:
    config = edit(sample(), Kind.DEPARTMENT, SUPPORT, fallback_department_id=SUPPORT)
    assert only(config).message.startswith("The fallback departments go round in a loop "
                                           "(Support -> Support);")


def test_an_enabled_department_needs_an_agent_and_a_disabled_one_does_not() -> None:
    config = edit(sample(), Kind.DEPARTMENT, SUPPORT, agent_ids=[])
    config = edit(config, Kind.AGENT, CAROL, department_ids=[])
    assert only(config) == Problem(Kind.DEPARTMENT, SUPPORT, "agent_ids",
                                   "Support has no agent: add one or disable it.")
    assert found(edit(config, Kind.DEPARTMENT, SUPPORT, enabled=False)) == []


def test_department_agents_must_be_agents() -> None:
    config = edit(sample(), Kind.DEPARTMENT, SUPPORT, agent_ids=[CAROL, MAYA])
    config = edit(config, Kind.AGENT, MAYA, department_ids=[SUPPORT])
    assert only(config) == Problem(
        Kind.DEPARTMENT, SUPPORT, "agent_ids",
        "Department 'Support': Maya Patel is not an agent but is listed in Agents; "
        "give them the agent role or remove them.")
    assert found(edit(config, Kind.AGENT, MAYA, agent=True)) == []


# --- fields ---------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [
    "", "europe/berlin", "../etc/passwd", "/etc/localtime", "Mars/Base", "Europe/", "zone.tab", "UTC ",
    "x" * 300, "x\x00y"])
def test_a_timezone_must_be_an_iana_name(zone: str) -> None:
    config = edit(sample(), Kind.BUSINESS_HOURS, OFFICE, timezone=zone)
    assert [p.field for p in found(config)] == ["timezone"]
    assert found(edit(config, Kind.BUSINESS_HOURS, OFFICE, timezone="America/Sao_Paulo")) == []


@pytest.mark.parametrize("colour", ["#1F6FEB", "#000000"])
def test_colours_in_either_case_are_fine(colour: str) -> None:
    assert found(edit(sample(), Kind.WEBSITE, "website", color=colour)) == []


@pytest.mark.parametrize("colour", ["red", "#1f6feg", "1f6feb", "#1f6feb\n", "#1f6feb00"])
def test_a_colour_is_hash_and_six_hex_digits(colour: str) -> None:
    assert [p.field for p in found(edit(sample(), Kind.WEBSITE, "website", color=colour))] == ["color"]


def test_intervals_touching_end_to_start_do_not_overlap() -> None:
    # The sample opens 09:00-12:00 and 12:00-17:00 each weekday.
    assert found(sample()) == []


def test_an_interval_overlapping_one_beyond_its_neighbour_is_found() -> None:
    spans = [(9 * 60, 17 * 60), (10 * 60, 11 * 60), (12 * 60, 13 * 60), (17 * 60, 18 * 60)]
    config = edit(sample(), Kind.BUSINESS_HOURS, OFFICE, intervals=[
        {"weekday": 4, "start_minute": start, "end_minute": end} for start, end in spans])
    assert [m.split(": ", 1)[1] for m in messages(config)] == [
        "Friday 09:00-17:00 overlaps 10:00-11:00; change one so they do not overlap.",
        "Friday 09:00-17:00 overlaps 12:00-13:00; change one so they do not overlap."]


def test_the_same_hours_on_different_days_do_not_overlap() -> None:
    config = edit(sample(), Kind.BUSINESS_HOURS, OFFICE, intervals=[
        {"weekday": day, "start_minute": 0, "end_minute": 1440} for day in range(7)])
    assert found(config) == []


@pytest.mark.parametrize("level", [0, 6, True, "3", None])
def test_a_skill_level_goes_from_1_to_5(level: JsonValue) -> None:
    config = edit(sample(), Kind.AGENT, ALICE, skills={"french": level})
    assert [p.field for p in found(config)] == ["skills"]
    assert found(edit(config, Kind.AGENT, ALICE, skills={"french": 1})) == []


def test_optional_fields_may_be_empty_and_required_ones_may_not_be_missing() -> None:
    config = edit(sample(), Kind.AGENT, ALICE, max_chats=None)
    assert found(config) == []
    record = config[(Kind.AGENT, ALICE)]
    without_name = {key: value for key, value in record.fields.items() if key != "name"}
    config[(Kind.AGENT, ALICE)] = Record(Kind.AGENT, ALICE, without_name, 2)
    assert messages(config) == ["Agent 'alice': Name is required."]


def test_a_reference_to_a_deleted_record_is_reported_without_its_id() -> None:
    config = dict(sample())
    del config[(Kind.SLA, GOLD)]
    assert only(config) == Problem(
        Kind.DEPARTMENT, BILLING, "sla_id",
        "Department 'Billing': Default SLA refers to an SLA policy that does not exist; "
        "choose another or clear it.")


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Kind.DEPARTMENT, Kind.UNIT, Kind.BUSINESS_HOURS, Kind.SLA, Kind.TAG])
def test_names_are_unique_per_kind_whatever_their_case(kind: Kind) -> None:
    first = next(record for (k, _), record in sample().items() if k is kind)
    name = str(first.fields["name"])
    copy = {**first.fields, "name": f" {name.upper()}"}
    # A department with no agent, business hours listing nobody: only the name is wrong.
    if kind is Kind.DEPARTMENT:
        copy |= {"enabled": False, "agent_ids": [], "unit_id": None, "business_hours_id": None,
                 "fallback_department_id": None, "transfer_department_ids": []}
    if kind in (Kind.UNIT, Kind.BUSINESS_HOURS):
        copy |= {"department_ids": []}
    config = add(sample(), kind, "new-1", **copy)
    (problem,) = found(config)
    assert (problem.entity_id, problem.field) == ("new-1", "name")
    assert f"is already called '{name}'; choose another name." in problem.message
    assert found(edit(config, kind, "new-1", name=f"{name} 2")) == []


def test_usernames_are_unique() -> None:
    config = edit(sample(), Kind.AGENT, CAROL, username="BOB")
    assert messages(config) == [
        "Agent 'Carol Diaz': The username 'BOB' is already Bob Stone's; choose another."]


def test_shortcuts_are_unique_within_a_department_and_among_everyones() -> None:
    shared = add(sample(), Kind.CANNED_RESPONSE, "cr-4", shortcut="Hello", text="Hi!", department_id=None)
    assert messages(shared) == [
        "The shortcut 'Hello' is used twice among everyone's; change one of them."]
    # Everyone's !hello and Billing's own !hello: Billing's agents get Billing's.
    in_billing = edit(shared, Kind.CANNED_RESPONSE, "cr-4", department_id=BILLING)
    assert found(in_billing) == []
    twice = edit(sample(), Kind.CANNED_RESPONSE, "cr-3", department_id=BILLING)
    assert messages(twice) == ["The shortcut 'refund' is used twice in Billing; change one of them."]


@pytest.mark.parametrize("shortcut", ["hi there", "!hi", "héllo", "x" * 41, "hi\n"])
def test_a_shortcut_is_what_an_agent_can_type_after_the_bang(shortcut: str) -> None:
    config = edit(sample(), Kind.CANNED_RESPONSE, "cr-1", shortcut=shortcut)
    assert {p.field for p in found(config)} == {"shortcut"}
    assert found(edit(config, Kind.CANNED_RESPONSE, "cr-1", shortcut="x" * 40)) == []


# --- the two sides of a relation ------------------------------------------------------------


def test_a_unit_and_its_department_that_disagree_get_one_message_on_both() -> None:
    config = edit(sample(), Kind.UNIT, NORTH, department_ids=[BILLING])
    message = ("Department 'Sales' has unit 'North' but North does not list Sales; one side was "
               "changed without the other: open department Sales and save its unit again so both agree.")
    assert {(p.kind, p.entity_id, p.message) for p in found(config)} == {
        (Kind.DEPARTMENT, SALES, message), (Kind.UNIT, NORTH, message)}
    with pytest.raises(InvalidInput) as raised:
        require_valid(config.values())
    assert raised.value.message == message
    assert found(edit(config, Kind.DEPARTMENT, SALES, unit_id=None)) == []


def test_a_unit_listing_a_department_that_names_no_unit_disagrees() -> None:
    config = edit(sample(), Kind.DEPARTMENT, SALES, unit_id=None)
    assert {p.message for p in found(config)} == {
        "Unit 'North' lists department 'Sales' but Sales does not have North; one side was changed "
        "without the other: open department Sales and save its unit again so both agree."}


def test_agents_and_departments_list_each_other() -> None:
    config = edit(sample(), Kind.DEPARTMENT, SUPPORT, agent_ids=[CAROL, BOB])
    assert {(p.kind, p.entity_id) for p in found(config)} == {(Kind.DEPARTMENT, SUPPORT), (Kind.AGENT, BOB)}
    assert found(edit(config, Kind.AGENT, BOB, department_ids=[BILLING, SALES, SUPPORT])) == []


def test_business_hours_and_departments_list_each_other() -> None:
    config = edit(sample(), Kind.BUSINESS_HOURS, OFFICE, department_ids=[BILLING, SUPPORT])
    assert {(p.kind, p.entity_id) for p in found(config)} == {
        (Kind.DEPARTMENT, SUPPORT), (Kind.BUSINESS_HOURS, OFFICE)}
    assert found(edit(config, Kind.DEPARTMENT, SUPPORT, business_hours_id=OFFICE)) == []


def test_a_department_cannot_be_in_two_units() -> None:
    config = _in_two_units(sample())
    message = ("Department 'Billing' is listed by 2 units (North and South); a department can be "
               "in only one: remove it from all but one.")
    assert {(p.kind, p.entity_id, p.message) for p in found(config)} == {
        (Kind.DEPARTMENT, BILLING, message), (Kind.UNIT, NORTH, message), (Kind.UNIT, "unit-50u7", message)}
    assert found(edit(config, Kind.UNIT, "unit-50u7", department_ids=[])) == []


def test_a_dangling_id_on_one_side_is_the_field_rules_to_report_not_a_disagreement() -> None:
    config = edit(sample(), Kind.UNIT, NORTH, department_ids=[BILLING, SALES, "dep-6a3e"])
    assert messages(config) == [
        "Unit 'North': Departments lists a department that does not exist; remove it."]


# --- departments, settings ------------------------------------------------------------------


def test_a_department_cannot_transfer_to_itself() -> None:
    config = edit(sample(), Kind.DEPARTMENT, BILLING, transfer_department_ids=[SALES, BILLING])
    assert messages(config) == [
        "Department 'Billing' may transfer to itself; remove Billing from its transfer targets."]


def test_transfer_targets_must_exist() -> None:
    config = edit(sample(), Kind.DEPARTMENT, BILLING, transfer_department_ids=[SALES, "dep-6a3e"])
    assert [(p.entity_id, p.field) for p in found(config)] == [(BILLING, "transfer_department_ids")]


def test_active_business_hours_must_open_sometime_inactive_ones_need_not() -> None:
    config = edit(sample(), Kind.BUSINESS_HOURS, OFFICE, intervals=[])
    assert messages(config) == ["Business hours 'Office' are active but never open; "
                                "add opening times or make them inactive."]
    assert found(edit(config, Kind.BUSINESS_HOURS, OFFICE, active=False)) == []


@pytest.mark.parametrize(("depth", "wrong"), [(-1, True), (0, False), (10, False), (11, True)])
def test_the_fallback_forward_depth_goes_from_0_to_10(depth: int, wrong: bool) -> None:
    config = edit(sample(), Kind.ROUTING, "routing", max_fallback_depth=depth)
    assert [p.field for p in found(config)] == (["max_fallback_depth"] if wrong else [])


def test_sla_and_visitor_silence_are_at_least_one() -> None:
    config = edit(sample(), Kind.SLA, GOLD, due_minutes=0)
    config = edit(config, Kind.ROUTING, "routing", visitor_inactivity_s=-5)
    assert messages(config) == [
        "Routing: Visitor silence (s) cannot be below 1; enter 1 or more.",
        "SLA policy 'Gold': Due within (minutes) cannot be below 1; enter 1 or more."]
    config = edit(config, Kind.SLA, GOLD, due_minutes=1)
    assert found(edit(config, Kind.ROUTING, "routing", visitor_inactivity_s=1)) == []


@pytest.mark.parametrize("origin", [
    "https://shop.example", "https://shop.example:8443", "http://localhost:8080", "https://10.0.0.7",
    "HTTPS://Shop.Example"])
def test_allowed_origins_are_scheme_and_host(origin: str) -> None:
    assert found(edit(sample(), Kind.WEBSITE, "website", allowed_origins=[origin])) == []


@pytest.mark.parametrize("origin", [
    "shop.example", "https://shop.example/", "https://shop.example/chat", "ftp://shop.example",
    "https://shop.example:99999", "https://", "https://shop..example", "https://-shop.example",
    "https://user@shop.example", "https://shop.example?x=1", "https://shop.example\n", ""])
def test_an_origin_with_a_path_or_no_scheme_is_refused(origin: str) -> None:
    config = edit(sample(), Kind.WEBSITE, "website", allowed_origins=["https://ok.example", origin])
    assert messages(config) == [
        f"Website chat: '{origin}' is not a website origin; write it as https://host or "
        "https://host:port, with no path."]


def test_the_website_title_cannot_be_empty() -> None:
    config = edit(sample(), Kind.WEBSITE, "website", title="")
    assert messages(config) == [
        "Website chat: The title cannot be empty; visitors read it above the chat."]


# --- the API editors and backends call ------------------------------------------------------


def test_problems_for_one_record_leaves_out_the_others() -> None:
    config = edit(sample(), Kind.UNIT, NORTH, department_ids=[BILLING])
    config = edit(config, Kind.TAG, "tag-1", name="")
    records = list(config.values())
    assert [p.field for p in problems_for(records, Kind.TAG, "tag-1")] == ["name"]
    assert [p.field for p in problems_for(records, Kind.UNIT, NORTH)] == ["department_ids"]
    assert [p.field for p in problems_for(records, Kind.DEPARTMENT, SALES)] == ["unit_id"]
    assert problems_for(records, Kind.DEPARTMENT, BILLING) == []
    # Same id, another kind: not the same record.
    assert problems_for(records, Kind.SLA, "tag-1") == []


def test_require_valid_puts_the_edited_records_problems_first() -> None:
    config = edit(sample(), Kind.TAG, "tag-1", name="")
    config = edit(config, Kind.WEBSITE, "website", title="")
    with pytest.raises(InvalidInput) as raised:
        require_valid(config.values(), about=config[(Kind.WEBSITE, "website")])
    assert raised.value.message == ("Website chat: The title cannot be empty; visitors read it above "
                                    "the chat. Tag (no name yet): Name cannot be empty.")


def test_require_valid_shows_the_first_five_problems_and_counts_the_rest() -> None:
    config = sample()
    for number in range(8):
        config = add(config, Kind.TAG, f"tag-x{number}", name="", description="", department_ids=[])
        config = add(config, Kind.SLA, f"sla-x{number}", name="Gold", description="", due_minutes=10)
    # Eight tags with no name share one message; eight SLA policies called Gold share another.
    with pytest.raises(InvalidInput) as raised:
        require_valid(config.values())
    assert raised.value.message == (
        "Tag (no name yet): Name cannot be empty. "
        "SLA policy 'Gold': Another SLA policy is already called 'Gold'; choose another name.")
    for number in range(8):
        config = edit(config, Kind.SLA, f"sla-x{number}", name=f"Gold {number}", due_minutes=-number)
    with pytest.raises(InvalidInput) as raised:
        require_valid(config.values())
    assert raised.value.message.count("Due within (minutes) cannot be below 1") == 5
    # Three more SLA policies, and the tags with no name.
    assert raised.value.message.endswith(" There are 4 more problems to fix after these.")


# --- generated organisations ----------------------------------------------------------------

# Names with spaces, case and accents in play (a name equal to another but for case is a repeat).
_names = st.lists(
    st.text(alphabet="abAB é-", min_size=1, max_size=12).filter(lambda text: bool(text.strip())),
    min_size=1, max_size=6, unique_by=lambda text: text.strip().casefold())


@st.composite
def _opening_times(draw: st.DrawFn) -> list[JsonValue]:
    """Each weekday's times from an ordered set of cut points, so no two overlap (they may touch)."""
    times: list[JsonValue] = []
    for weekday in range(7):
        cuts = sorted(draw(st.sets(st.integers(0, 1440), max_size=6)))
        times.extend({"weekday": weekday, "start_minute": start, "end_minute": end}
                     for start, end in zip(cuts[::2], cuts[1::2], strict=False))
    return times


def _some(draw: st.DrawFn, choices: list[str]) -> list[JsonValue]:
    """A few of `choices`, each at most once, in any order."""
    return draw(st.permutations(choices).flatmap(
        lambda order: st.integers(0, len(order)).map(lambda count: [*order[:count]])))


@st.composite
def organisations(draw: st.DrawFn) -> Config:
    """A random organisation that keeps every rule: both sides of each relation agree, fallbacks
    point to earlier departments only, enabled departments have agents."""
    department_names, unit_names, hours_names = draw(_names), draw(_names), draw(_names)
    usernames = draw(_names)
    departments = [f"dep-{n}" for n in range(len(department_names))]
    people = [f"usr-{n}" for n in range(len(usernames))]
    units = [f"unit-{n}" for n in range(draw(st.integers(0, len(unit_names))))]
    hours = [f"bh-{n}" for n in range(draw(st.integers(0, len(hours_names))))]
    agent_role = {person: draw(st.booleans()) for person in people}
    monitor_role = {person: draw(st.booleans()) for person in people}
    agents = [person for person in people if agent_role[person]]
    monitors = [person for person in people if monitor_role[person]]

    config = {key: record for key, record in sample().items()
              if key[0] in (Kind.ROUTING, Kind.WEBSITE, Kind.PRIORITY)}
    staff: dict[str, list[JsonValue]] = {}
    unit_of: dict[str, str | None] = {}
    hours_of: dict[str, str | None] = {}
    for index, (department, name) in enumerate(zip(departments, department_names, strict=True)):
        staff[department] = _some(draw, agents)
        unit_of[department] = draw(st.sampled_from([None, *units]))
        hours_of[department] = draw(st.sampled_from([None, *hours]))
        config = add(
            config, Kind.DEPARTMENT, department, name=name,
            enabled=bool(staff[department]) and draw(st.booleans()), unit_id=unit_of[department],
            agent_ids=[*staff[department]], max_chats_per_agent=draw(st.none() | st.integers(0, 50)),
            fallback_department_id=draw(st.sampled_from([None, *departments[:index]])),
            business_hours_id=hours_of[department],
            transfer_department_ids=_some(draw, [d for d in departments if d != department]),
            sla_id=None)
    for person, username in zip(people, usernames, strict=True):
        config = add(config, Kind.AGENT, person, username=username, name=f"Person {username}",
                     agent=agent_role[person], monitor=monitor_role[person],
                     department_ids=[d for d in departments if person in staff[d]],
                     max_chats=draw(st.none() | st.integers(0, 20)),
                     skills={str(skill): draw(st.integers(1, 5))
                             for skill in _some(draw, ["fr", "de", "refunds"])})
    for unit, name in zip(units, unit_names, strict=False):
        config = add(config, Kind.UNIT, unit, name=name,
                     department_ids=[d for d in departments if unit_of[d] == unit],
                     monitor_ids=_some(draw, monitors))
    for bh, name in zip(hours, hours_names, strict=False):
        intervals = draw(_opening_times())
        config = add(config, Kind.BUSINESS_HOURS, bh, name=name,
                     timezone=draw(st.sampled_from(["UTC", "Europe/Berlin", "America/Sao_Paulo"])),
                     active=bool(intervals) and draw(st.booleans()), intervals=intervals,
                     department_ids=[d for d in departments if hours_of[d] == bh])
    return config


@settings(max_examples=60, deadline=None)
@given(organisations())
def test_a_generated_organisation_that_keeps_the_rules_has_no_problem(config: Config) -> None:
    assert found(config) == []


@settings(max_examples=40, deadline=None)
@given(organisations(), st.data())
def test_dropping_one_side_of_any_relation_is_reported_on_both_records(config: Config,
                                                                       data: st.DataObject) -> None:
    listing = [(key, department_id) for key, record in config.items()
               if key[0] in (Kind.UNIT, Kind.AGENT, Kind.BUSINESS_HOURS)
               for department_id in record.fields["department_ids"]]  # type: ignore[union-attr]
    if not listing:
        return
    (kind, entity_id), department_id = data.draw(st.sampled_from(listing))
    left = [d for d in config[(kind, entity_id)].fields["department_ids"]  # type: ignore[union-attr]
            if d != department_id]
    about = {(p.kind, p.entity_id) for p in found(edit(config, kind, entity_id, department_ids=left))}
    assert {(kind, entity_id), (Kind.DEPARTMENT, department_id)} <= about
