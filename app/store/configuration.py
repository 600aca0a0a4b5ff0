"""The organisation's configuration as records (app.config): read from the tables that hold it,
and one change's fields written back.

Records carry exactly the fields of `app.config.schema.SCHEMAS`. ROUTING and WEBSITE are single
records whose id is the kind's value, kept as `settings` rows; AGENT records are the people who
are agents or monitors (id = user id). Relations are stored once and read from both sides:
a department's agents and an agent's departments are the same `department_agents` rows, a unit's
departments and a business hours' departments are the departments' `unit_id` and
`business_hours_id`. Writing either side rewrites those rows, so both sides always agree.

Versions: `bump_versions` compares the records before and after a change and adds one to the
version of each record whose fields changed (a department's `agent_ids` changes when an agent's
`department_ids` does): the configuration is small, so comparing all of it is cheap and exact.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from app.config.records import AuditEntry, JsonValue, Kind, Op, Record
from app.config.schema import FieldType, schema_of
from app.domain import FileLimits
from app.errors import InvalidInput, NotFound, Refused
from app.routing.settings import RoutingSettings
from app.store.rows import from_ms, to_ms

Fields = dict[str, JsonValue]

# Given when the record is created, never changed: how the person signs in.
_FIXED_AFTER_CREATE = frozenset({(Kind.AGENT, "username")})

# Website chat: record field -> settings key, with what the intake serves when it is unset.
WEBSITE_KEYS: Mapping[str, tuple[str, JsonValue]] = {
    "title": ("livechat_title", ""),
    "color": ("livechat_color", "#1565c0"),
    "registration_form": ("livechat_registration_form", True),
    "offline_title": ("livechat_offline_title", "Leave a message"),
    "offline_message": ("livechat_offline_message",
                        "We are not online now: leave a message and we will write back."),
    "offline_success_message": ("livechat_offline_success_message",
                                "Thank you: we will write back soon."),
    "allowed_origins": ("livechat_allowed_origins", []),
    "custom_fields": ("livechat_custom_fields", []),
    "data_processing_consent": ("livechat_force_accept_data_processing_consent", False),
    "data_processing_consent_text": ("livechat_data_processing_consent_text", ""),
}

# File uploads: record field -> settings key; unset, Rocket.Chat's defaults (FileLimits).
_FILE_UPLOAD_KEYS: Mapping[str, str] = {
    "enabled": "file_upload_enabled",
    "visitors_may_send": "livechat_file_upload_enabled",
    "max_bytes": "file_upload_max_bytes",
    "whitelist": "file_upload_media_type_whitelist",
    "blacklist": "file_upload_media_type_blacklist",
}


# -- reading ----------------------------------------------------------------------------------

def read_records(connection: sqlite3.Connection) -> list[Record]:
    """Every record of the organisation's configuration, at its current version."""
    versions = {(Kind(kind), entity_id): version for kind, entity_id, version in connection.execute(
        "SELECT kind, id, version FROM config_versions")}
    return [Record(kind, entity_id, fields, versions.get((kind, entity_id), 1))
            for (kind, entity_id), fields in read_fields(connection).items()]


def read_fields(connection: sqlite3.Connection) -> dict[tuple[Kind, str], Fields]:
    """Every record's fields by (kind, id), without versions."""
    found: dict[tuple[Kind, str], Fields] = {}
    for kind, reader in _READERS.items():
        for entity_id, fields in reader(connection).items():
            found[(kind, entity_id)] = fields
    return found


def read_record(connection: sqlite3.Connection, kind: Kind, entity_id: str) -> Record | None:
    return next((r for r in read_records(connection) if r.kind is kind and r.id == entity_id), None)


def _grouped(connection: sqlite3.Connection, sql: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for key, value in connection.execute(sql):
        groups[key].append(value)
    return groups


def _departments(connection: sqlite3.Connection) -> dict[str, Fields]:
    agents = _grouped(connection, "SELECT department_id, user_id FROM department_agents "
                                  "ORDER BY department_id, sort_order, user_id")
    targets = _grouped(connection, "SELECT department_id, target_id FROM department_transfer_targets "
                                   "ORDER BY department_id, target_id")
    return {
        row[0]: {"name": row[1], "enabled": bool(row[2]), "unit_id": row[3],
                 "agent_ids": list(agents[row[0]]), "max_chats_per_agent": row[4],
                 "fallback_department_id": row[5], "business_hours_id": row[6],
                 "transfer_department_ids": list(targets[row[0]]), "sla_id": row[7]}
        for row in connection.execute(
            "SELECT id, name, enabled, unit_id, max_chats_per_agent, fallback_department_id, "
            "business_hours_id, sla_id FROM departments")
    }


def _units(connection: sqlite3.Connection) -> dict[str, Fields]:
    departments = _grouped(connection, "SELECT unit_id, id FROM departments "
                                       "WHERE unit_id IS NOT NULL ORDER BY unit_id, id")
    monitors = _grouped(connection, "SELECT unit_id, user_id FROM unit_monitors ORDER BY unit_id, user_id")
    return {
        unit_id: {"name": name, "department_ids": list(departments[unit_id]),
                  "monitor_ids": list(monitors[unit_id])}
        for unit_id, name in connection.execute("SELECT id, name FROM units")
    }


def _agents(connection: sqlite3.Connection) -> dict[str, Fields]:
    departments = _grouped(connection, "SELECT user_id, department_id FROM department_agents "
                                       "ORDER BY user_id, department_id")
    return {
        row[0]: {"username": row[1], "name": row[2], "agent": bool(row[3]), "monitor": bool(row[4]),
                 "department_ids": list(departments[row[0]]), "max_chats": row[5],
                 "skills": json.loads(row[6])}
        for row in connection.execute(
            "SELECT id, username, name, is_agent, is_monitor, max_chats, skills FROM users "
            "WHERE is_agent = 1 OR is_monitor = 1")
    }


def _business_hours(connection: sqlite3.Connection) -> dict[str, Fields]:
    intervals: dict[str, list[JsonValue]] = defaultdict(list)
    for hours_id, weekday, start, end in connection.execute(
            "SELECT business_hours_id, weekday, start_minute, end_minute FROM business_hours_intervals "
            "ORDER BY business_hours_id, weekday, start_minute, end_minute"):
        intervals[hours_id].append({"weekday": weekday, "start_minute": start, "end_minute": end})
    departments = _grouped(connection, "SELECT business_hours_id, id FROM departments "
                                       "WHERE business_hours_id IS NOT NULL ORDER BY business_hours_id, id")
    return {
        hours_id: {"name": name, "timezone": timezone, "active": bool(active),
                   "intervals": list(intervals[hours_id]), "department_ids": list(departments[hours_id])}
        for hours_id, name, timezone, active in connection.execute(
            "SELECT id, name, timezone, active FROM business_hours")
    }


def _settings(connection: sqlite3.Connection) -> dict[str, str]:
    return {key: value for key, value in connection.execute("SELECT key, value FROM settings")}


# Contact settings the routing record also carries (Rocket.Chat has them beside routing's).
_CONTACT_SETTINGS: dict[str, JsonValue] = {
    "block_unknown_contacts": False,
    "block_unverified_contacts": False,
    "contact_merge_custom_fields": "keep",
}


def _routing(connection: sqlite3.Connection) -> dict[str, Fields]:
    stored = _settings(connection)
    defaults = RoutingSettings()
    fields: Fields = {}
    for spec in schema_of(Kind.ROUTING).fields:
        default = _CONTACT_SETTINGS[spec.name] if spec.name in _CONTACT_SETTINGS else getattr(
            defaults, spec.name)
        raw = stored.get(spec.name)
        value: JsonValue = getattr(default, "value", default) if spec.type is FieldType.CHOICE else default
        if raw is not None:
            if spec.type is FieldType.BOOL:
                value = raw.strip().lower() == "true"
            elif spec.type is FieldType.CHOICE:
                value = raw.strip() if raw.strip() in spec.choices else value
            elif raw.strip().lstrip("-").isdigit():
                value = int(raw)
        fields[spec.name] = value
    return {Kind.ROUTING.value: fields}


def _website(connection: sqlite3.Connection) -> dict[str, Fields]:
    stored = _settings(connection)
    fields: Fields = {}
    for name, (key, default) in WEBSITE_KEYS.items():
        raw = stored.get(key)
        if raw is None and name == "title":
            # Until an admin names it, the chat is titled with the organisation's name, as the
            # widget has always shown it.
            fields[name] = stored.get("organisation_name") or "Chat with us"
        elif raw is None:
            fields[name] = default
        elif isinstance(default, bool):
            fields[name] = raw.strip().lower() == "true"
        elif isinstance(default, list):
            fields[name] = json.loads(raw)
        else:
            fields[name] = raw
    return {Kind.WEBSITE.value: fields}


def _file_upload(connection: sqlite3.Connection) -> dict[str, Fields]:
    stored = _settings(connection)
    defaults = FileLimits()
    fields: Fields = {}
    for name, key in _FILE_UPLOAD_KEYS.items():
        value: JsonValue = getattr(defaults, name)
        raw = stored.get(key)
        if raw is not None:
            if isinstance(value, bool):
                value = raw.strip().lower() == "true"
            elif isinstance(value, int):
                value = int(raw) if raw.strip().isdigit() else value
            else:
                value = raw
        fields[name] = value
    return {Kind.FILE_UPLOAD.value: fields}


def _priorities(connection: sqlite3.Connection) -> dict[str, Fields]:
    return {row[0]: {"name": row[1], "weight": row[2]}
            for row in connection.execute("SELECT id, name, weight FROM priorities")}


def _slas(connection: sqlite3.Connection) -> dict[str, Fields]:
    return {row[0]: {"name": row[1], "description": row[2], "due_minutes": row[3]}
            for row in connection.execute("SELECT id, name, description, due_minutes FROM sla_policies")}


def _tags(connection: sqlite3.Connection) -> dict[str, Fields]:
    departments = _grouped(connection, "SELECT tag_id, department_id FROM tag_departments "
                                       "ORDER BY tag_id, department_id")
    return {row[0]: {"name": row[1], "description": row[2], "department_ids": list(departments[row[0]])}
            for row in connection.execute("SELECT id, name, description FROM tags")}


def _canned(connection: sqlite3.Connection) -> dict[str, Fields]:
    # An agent's own responses are theirs, not the organisation's configuration.
    return {row[0]: {"shortcut": row[1], "text": row[2], "department_id": row[3]}
            for row in connection.execute(
                "SELECT id, shortcut, text, department_id FROM canned_responses WHERE owner_id IS NULL")}


_READERS: Mapping[Kind, Callable[[sqlite3.Connection], dict[str, Fields]]] = {
    Kind.DEPARTMENT: _departments,
    Kind.UNIT: _units,
    Kind.AGENT: _agents,
    Kind.BUSINESS_HOURS: _business_hours,
    Kind.ROUTING: _routing,
    Kind.PRIORITY: _priorities,
    Kind.SLA: _slas,
    Kind.TAG: _tags,
    Kind.CANNED_RESPONSE: _canned,
    Kind.WEBSITE: _website,
    Kind.FILE_UPLOAD: _file_upload,
}


# -- writing ----------------------------------------------------------------------------------

def write(connection: sqlite3.Connection, kind: Kind, entity_id: str, op: Op,
          fields: Mapping[str, JsonValue]) -> None:
    """Apply one change's fields to the store: create the record with `fields` (the schema's
    defaults for the rest), update the fields given, or delete it. Raises InvalidInput for what
    cannot be created or deleted (routing, website chat, priorities), a field the kind does not
    have or a value of the wrong shape; NotFound for a record that is not there."""
    schema = schema_of(kind)
    unknown = sorted(set(fields) - {spec.name for spec in schema.fields})
    if unknown:
        raise InvalidInput(f"{kind.label} has no field {', '.join(unknown)}.", code="unknown-field")
    if op is not Op.UPDATE and (schema.singleton or kind is Kind.PRIORITY):
        raise InvalidInput(f"{kind.label} records cannot be created or deleted, only changed.",
                           code="fixed-record")
    current = _READERS[kind](connection).get(entity_id)
    if op is Op.CREATE:
        if current is not None:
            raise InvalidInput(f"A {kind.label.lower()} with that id already exists.", code="record-exists")
        _CREATORS[kind](connection, entity_id, {**schema.defaults(), **fields})
        return
    if current is None:
        raise NotFound(f"That {kind.label.lower()} no longer exists.", code="record-unknown")
    if op is Op.DELETE:
        _DELETERS[kind](connection, entity_id, current)
        return
    for spec in schema.fields:
        fixed = spec.read_only or (kind, spec.name) in _FIXED_AFTER_CREATE
        if fixed and spec.name in fields and fields[spec.name] != current[spec.name]:
            raise InvalidInput(f"{kind.label} '{_name(current)}': {spec.label} cannot change.",
                               code="read-only-field")
    _UPDATERS[kind](connection, entity_id, {**current, **fields})


def _name(fields: Mapping[str, JsonValue]) -> str:
    for key in ("name", "shortcut", "title"):
        value = fields.get(key)
        if isinstance(value, str) and value:
            return value
    return "?"


def _text(value: JsonValue) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"Expected text, got {value!r}.", code="invalid-field")
    return value


def _int_or_none(value: JsonValue) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"Expected a whole number, got {value!r}.", code="invalid-field")
    return value


def _ids(value: JsonValue) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(f"Expected a list of ids, got {value!r}.", code="invalid-field")
    return [str(item) for item in dict.fromkeys(value)]


def _id_or_none(value: JsonValue) -> str | None:
    return None if value is None else _text(value)


def _missing(connection: sqlite3.Connection, table: str, ids: Sequence[str]) -> list[str]:
    # `table` comes from this module's own constants, never from input.
    known = {row[0] for row in connection.execute(
        f"SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
    return [i for i in ids if i not in known]


def _require_existing(connection: sqlite3.Connection, table: str, ids: Sequence[str], what: str) -> None:
    if _missing(connection, table, ids):
        raise InvalidInput(f"Some of the {what} chosen no longer exist; reload and choose again.",
                           code="reference-unknown")


def _integrity(what: str) -> Callable[[sqlite3.IntegrityError], InvalidInput]:
    def error(_: sqlite3.IntegrityError) -> InvalidInput:
        return InvalidInput(what, code="invalid-configuration")
    return error


# departments

def _create_department(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("INSERT INTO departments (id, name) VALUES (?, ?)",
                       (entity_id, _text(fields["name"])))
    _update_department(connection, entity_id, fields)


def _update_department(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    references = {"unit_id": "units", "business_hours_id": "business_hours",
                  "fallback_department_id": "departments", "sla_id": "sla_policies"}
    for name, table in references.items():
        value = _id_or_none(fields[name])
        if value is not None:
            _require_existing(connection, table, [value], name.removesuffix("_id").replace("_", " "))
    connection.execute(
        "UPDATE departments SET name = ?, enabled = ?, unit_id = ?, max_chats_per_agent = ?, "
        "fallback_department_id = ?, business_hours_id = ?, sla_id = ? WHERE id = ?",
        (_text(fields["name"]), int(bool(fields["enabled"])), _id_or_none(fields["unit_id"]),
         _int_or_none(fields["max_chats_per_agent"]), _id_or_none(fields["fallback_department_id"]),
         _id_or_none(fields["business_hours_id"]), _id_or_none(fields["sla_id"]), entity_id))
    agents = _ids(fields["agent_ids"])
    known_agents = {row[0] for row in connection.execute("SELECT id FROM users WHERE is_agent = 1")}
    if any(agent not in known_agents for agent in agents):
        raise InvalidInput("Only agents can serve in a department.", code="reference-unknown")
    # Rows of agents who stay keep their routing counters; the order follows the list.
    connection.execute(
        "DELETE FROM department_agents WHERE department_id = ? "
        "AND user_id NOT IN (SELECT value FROM json_each(?))", (entity_id, json.dumps(agents)))
    connection.executemany(
        "INSERT INTO department_agents (department_id, user_id, sort_order) VALUES (?, ?, ?) "
        "ON CONFLICT (department_id, user_id) DO UPDATE SET sort_order = excluded.sort_order",
        [(entity_id, agent, order) for order, agent in enumerate(agents)])
    targets = _ids(fields["transfer_department_ids"])
    _require_existing(connection, "departments", targets, "departments to transfer to")
    connection.execute("DELETE FROM department_transfer_targets WHERE department_id = ?", (entity_id,))
    connection.executemany(
        "INSERT INTO department_transfer_targets (department_id, target_id) VALUES (?, ?)",
        [(entity_id, target) for target in targets])


def _delete_department(connection: sqlite3.Connection, entity_id: str, _current: Fields) -> None:
    connection.execute("DELETE FROM departments WHERE id = ?", (entity_id,))


# units

def _create_unit(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("INSERT INTO units (id, name) VALUES (?, ?)", (entity_id, _text(fields["name"])))
    _update_unit(connection, entity_id, fields)


def _update_unit(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("UPDATE units SET name = ? WHERE id = ?", (_text(fields["name"]), entity_id))
    departments = _ids(fields["department_ids"])
    _require_existing(connection, "departments", departments, "departments")
    _set_departments_column(connection, "unit_id", entity_id, departments)
    monitors = _ids(fields["monitor_ids"])
    known = {row[0] for row in connection.execute("SELECT id FROM users WHERE is_monitor = 1")}
    if any(monitor not in known for monitor in monitors):
        raise InvalidInput("Only monitors can oversee a unit.", code="reference-unknown")
    connection.execute("DELETE FROM unit_monitors WHERE unit_id = ?", (entity_id,))
    connection.executemany("INSERT INTO unit_monitors (unit_id, user_id) VALUES (?, ?)",
                           [(entity_id, monitor) for monitor in monitors])


def _set_departments_column(connection: sqlite3.Connection, column: str, value: str,
                            department_ids: list[str]) -> None:
    """The departments listed point at `value` in `column`; those that did and are not listed
    no longer do. `column` is one of this module's own names."""
    listed = json.dumps(department_ids)
    connection.execute(
        f"UPDATE departments SET {column} = NULL WHERE {column} = ? "
        "AND id NOT IN (SELECT value FROM json_each(?))", (value, listed))
    connection.execute(
        f"UPDATE departments SET {column} = ? WHERE id IN (SELECT value FROM json_each(?))",
        (value, listed))


def _delete_unit(connection: sqlite3.Connection, entity_id: str, _current: Fields) -> None:
    connection.execute("DELETE FROM units WHERE id = ?", (entity_id,))


# agents (people who are agents or monitors)

def _create_agent(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    """A new person, or (as Rocket.Chat adds an agent from an existing user) someone already
    here, such as an admin, who becomes agent or monitor."""
    username = _text(fields["username"]).strip()
    existing = connection.execute("SELECT username FROM users WHERE id = ?", (entity_id,)).fetchone()
    if existing is not None and existing[0] != username:
        raise InvalidInput(f"That person signs in as '{existing[0]}', not '{username}'.",
                           code="username-fixed")
    if existing is None:
        try:
            connection.execute("INSERT INTO users (id, username, name) VALUES (?, ?, ?)",
                               (entity_id, username, _text(fields["name"])))
        except sqlite3.IntegrityError:
            raise InvalidInput(f"Someone already signs in as '{username}'.",
                               code="username-taken") from None
    _update_agent(connection, entity_id, fields)


def _update_agent(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    is_agent, is_monitor = bool(fields["agent"]), bool(fields["monitor"])
    skills = fields["skills"]
    if not isinstance(skills, dict):
        raise InvalidInput(f"Expected skills as names and levels, got {skills!r}.", code="invalid-field")
    _require_still_serving(connection, entity_id, is_agent)
    connection.execute(
        "UPDATE users SET name = ?, is_agent = ?, is_monitor = ?, max_chats = ?, skills = ? WHERE id = ?",
        (_text(fields["name"]), int(is_agent), int(is_monitor), _int_or_none(fields["max_chats"]),
         json.dumps(skills, sort_keys=True), entity_id))
    # Rocket.Chat takes an agent out of every department when the agent role goes, and a
    # monitor out of every unit when the monitor role goes.
    departments = _ids(fields["department_ids"]) if is_agent else []
    _require_existing(connection, "departments", departments, "departments")
    connection.execute(
        "DELETE FROM department_agents WHERE user_id = ? "
        "AND department_id NOT IN (SELECT value FROM json_each(?))", (entity_id, json.dumps(departments)))
    # A department an agent joins lists them last.
    connection.executemany(
        "INSERT OR IGNORE INTO department_agents (department_id, user_id, sort_order) VALUES (?1, ?2, "
        "(SELECT coalesce(max(sort_order) + 1, 0) FROM department_agents WHERE department_id = ?1))",
        [(department, entity_id) for department in departments])
    if not is_monitor:
        connection.execute("DELETE FROM unit_monitors WHERE user_id = ?", (entity_id,))


def _require_still_serving(connection: sqlite3.Connection, entity_id: str, is_agent: bool) -> None:
    if is_agent:
        return
    row = connection.execute(
        "SELECT u.name, count(c.id) FROM users u LEFT JOIN chats c ON c.served_by = u.id "
        "AND c.status IN ('open', 'on_hold') WHERE u.id = ?", (entity_id,)).fetchone()
    if row is not None and row[1]:
        raise Refused(f"{row[0]} still serves {row[1]} chat{'s' if row[1] != 1 else ''}: transfer "
                      "or close them before they stop being an agent.", code="agent-busy")


def _delete_agent(connection: sqlite3.Connection, entity_id: str, current: Fields) -> None:
    # The person stays (their chats and messages name them); they stop being agent and monitor.
    _require_still_serving(connection, entity_id, False)
    _update_agent(connection, entity_id, {**current, "agent": False, "monitor": False})


# business hours

def _create_business_hours(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("INSERT INTO business_hours (id, name, timezone) VALUES (?, ?, ?)",
                       (entity_id, _text(fields["name"]), _text(fields["timezone"])))
    _update_business_hours(connection, entity_id, fields)


def _update_business_hours(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("UPDATE business_hours SET name = ?, timezone = ?, active = ? WHERE id = ?",
                       (_text(fields["name"]), _text(fields["timezone"]), int(bool(fields["active"])),
                        entity_id))
    intervals = fields["intervals"]
    if not isinstance(intervals, list) or not all(isinstance(i, dict) for i in intervals):
        raise InvalidInput(f"Expected opening intervals, got {intervals!r}.", code="invalid-field")
    connection.execute("DELETE FROM business_hours_intervals WHERE business_hours_id = ?", (entity_id,))
    try:
        connection.executemany(
            "INSERT INTO business_hours_intervals (business_hours_id, weekday, start_minute, end_minute) "
            "VALUES (?, ?, ?, ?)",
            [(entity_id, i.get("weekday"), i.get("start_minute"), i.get("end_minute"))
             for i in intervals if isinstance(i, dict)])
    except sqlite3.IntegrityError as error:
        raise _integrity(f"Business hours '{_name(fields)}': each interval opens on a weekday "
                         "and closes after it opens, within the day.")(error) from None
    departments = _ids(fields["department_ids"])
    _require_existing(connection, "departments", departments, "departments")
    _set_departments_column(connection, "business_hours_id", entity_id, departments)


def _delete_business_hours(connection: sqlite3.Connection, entity_id: str, _current: Fields) -> None:
    connection.execute("DELETE FROM business_hours WHERE id = ?", (entity_id,))


# routing and website chat settings

def _update_routing(connection: sqlite3.Connection, _entity_id: str, fields: Fields) -> None:
    for spec in schema_of(Kind.ROUTING).fields:
        value = fields[spec.name]
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        _set_setting(connection, spec.name, text)


def _update_website(connection: sqlite3.Connection, _entity_id: str, fields: Fields) -> None:
    for name, (key, default) in WEBSITE_KEYS.items():
        value = fields[name]
        if isinstance(default, bool):
            text = "true" if value else "false"
        elif isinstance(default, list):
            text = json.dumps(_ids(value))
        else:
            text = _text(value)
        _set_setting(connection, key, text)


def _update_file_upload(connection: sqlite3.Connection, _entity_id: str, fields: Fields) -> None:
    for name, key in _FILE_UPLOAD_KEYS.items():
        value = fields[name]
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int):
            text = str(value)
        else:
            text = _text(value)
        _set_setting(connection, key, text)


def _set_setting(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


# priorities, SLA policies, tags, canned responses

def _update_priority(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("UPDATE priorities SET name = ? WHERE id = ?", (_text(fields["name"]), entity_id))


def _create_sla(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("INSERT INTO sla_policies (id, name, due_minutes) VALUES (?, '', 1)", (entity_id,))
    _update_sla(connection, entity_id, fields)


def _update_sla(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    due = _int_or_none(fields["due_minutes"])
    try:
        connection.execute(
            "UPDATE sla_policies SET name = ?, description = ?, due_minutes = ? WHERE id = ?",
            (_text(fields["name"]), _text(fields["description"]), due, entity_id))
    except sqlite3.IntegrityError as error:
        raise _integrity(f"SLA policy '{_name(fields)}': it must be due within at least a minute."
                         )(error) from None


def _delete_sla(connection: sqlite3.Connection, entity_id: str, _current: Fields) -> None:
    connection.execute("DELETE FROM sla_policies WHERE id = ?", (entity_id,))


def _create_tag(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("INSERT INTO tags (id, name) VALUES (?, ?)", (entity_id, entity_id))
    _update_tag(connection, entity_id, fields)


def _update_tag(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    name = _text(fields["name"]).strip()
    try:
        connection.execute("UPDATE tags SET name = ?, description = ? WHERE id = ?",
                           (name, _text(fields["description"]), entity_id))
    except sqlite3.IntegrityError:
        raise InvalidInput(f"There is already a tag called '{name}'.", code="tag-duplicate") from None
    departments = _ids(fields["department_ids"])
    _require_existing(connection, "departments", departments, "departments")
    connection.execute("DELETE FROM tag_departments WHERE tag_id = ?", (entity_id,))
    connection.executemany("INSERT INTO tag_departments (tag_id, department_id) VALUES (?, ?)",
                           [(entity_id, department) for department in departments])


def _delete_tag(connection: sqlite3.Connection, entity_id: str, _current: Fields) -> None:
    connection.execute("DELETE FROM tags WHERE id = ?", (entity_id,))


def _create_canned(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    connection.execute("INSERT INTO canned_responses (id, shortcut, text) VALUES (?, ?, '')",
                       (entity_id, entity_id[:40]))
    _update_canned(connection, entity_id, fields)


def _update_canned(connection: sqlite3.Connection, entity_id: str, fields: Fields) -> None:
    shortcut = _text(fields["shortcut"]).strip()
    department = _id_or_none(fields["department_id"])
    if department is not None:
        _require_existing(connection, "departments", [department], "department")
    try:
        connection.execute(
            "UPDATE canned_responses SET shortcut = ?, text = ?, department_id = ? WHERE id = ?",
            (shortcut, _text(fields["text"]), department, entity_id))
    except sqlite3.IntegrityError:
        raise InvalidInput(f"There is already a canned response !{shortcut} there "
                           "(shortcuts have 1 to 40 characters).", code="canned-duplicate") from None


def _delete_canned(connection: sqlite3.Connection, entity_id: str, _current: Fields) -> None:
    connection.execute("DELETE FROM canned_responses WHERE id = ?", (entity_id,))


Writer = Callable[[sqlite3.Connection, str, Fields], None]

_CREATORS: Mapping[Kind, Writer] = {
    Kind.DEPARTMENT: _create_department, Kind.UNIT: _create_unit, Kind.AGENT: _create_agent,
    Kind.BUSINESS_HOURS: _create_business_hours, Kind.SLA: _create_sla, Kind.TAG: _create_tag,
    Kind.CANNED_RESPONSE: _create_canned,
}
_UPDATERS: Mapping[Kind, Writer] = {
    Kind.DEPARTMENT: _update_department, Kind.UNIT: _update_unit, Kind.AGENT: _update_agent,
    Kind.BUSINESS_HOURS: _update_business_hours, Kind.ROUTING: _update_routing,
    Kind.PRIORITY: _update_priority, Kind.SLA: _update_sla, Kind.TAG: _update_tag,
    Kind.CANNED_RESPONSE: _update_canned, Kind.WEBSITE: _update_website,
    Kind.FILE_UPLOAD: _update_file_upload,
}
_DELETERS: Mapping[Kind, Writer] = {
    Kind.DEPARTMENT: _delete_department, Kind.UNIT: _delete_unit, Kind.AGENT: _delete_agent,
    Kind.BUSINESS_HOURS: _delete_business_hours, Kind.SLA: _delete_sla, Kind.TAG: _delete_tag,
    Kind.CANNED_RESPONSE: _delete_canned,
}


# -- versions, applied changes, audit ---------------------------------------------------------

def bump_versions(connection: sqlite3.Connection, before: Mapping[tuple[Kind, str], Fields],
                  after: Mapping[tuple[Kind, str], Fields]) -> None:
    """One more version for each record whose fields differ between `before` and `after`
    (a new record starts at 1; a deleted one forgets its version)."""
    for key in before.keys() - after.keys():
        connection.execute("DELETE FROM config_versions WHERE kind = ? AND id = ?",
                           (key[0].value, key[1]))
    changed = [key for key, fields in after.items() if key in before and before[key] != fields]
    connection.executemany(
        "INSERT INTO config_versions (kind, id, version) VALUES (?, ?, 2) "
        "ON CONFLICT (kind, id) DO UPDATE SET version = version + 1",
        [(kind.value, entity_id) for kind, entity_id in changed])


def was_applied(connection: sqlite3.Connection, change_id: str) -> tuple[Kind, str] | None:
    """The record a change id was applied to, or None when it never was."""
    row = connection.execute("SELECT kind, entity_id FROM applied_changes WHERE change_id = ?",
                             (change_id,)).fetchone()
    return None if row is None else (Kind(row[0]), row[1])


def record_applied(connection: sqlite3.Connection, entry: AuditEntry) -> None:
    """Remember the change as applied (its id is never applied again) and audit it."""
    connection.execute(
        "INSERT INTO applied_changes (change_id, applied_at, kind, entity_id, made_by) "
        "VALUES (?, ?, ?, ?, ?)",
        (entry.change_id, to_ms(entry.at), entry.kind.value, entry.entity_id, entry.by_id))
    connection.execute(
        "INSERT INTO audit_log (at, by_id, by_name, kind, entity_id, entity_name, op, before, after, "
        "change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (to_ms(entry.at), entry.by_id, entry.by_name, entry.kind.value, entry.entity_id,
         entry.entity_name, entry.op.value, json.dumps(dict(entry.before), sort_keys=True),
         json.dumps(dict(entry.after), sort_keys=True), entry.change_id))


def audit(connection: sqlite3.Connection, limit: int) -> list[AuditEntry]:
    """Applied changes, newest first."""
    return [
        AuditEntry(at=from_ms(row[0]), by_id=row[1], by_name=row[2], kind=Kind(row[3]),
                   entity_id=row[4], entity_name=row[5], op=Op(row[6]), before=json.loads(row[7]),
                   after=json.loads(row[8]), change_id=row[9])
        for row in connection.execute(
            "SELECT at, by_id, by_name, kind, entity_id, entity_name, op, before, after, change_id "
            "FROM audit_log ORDER BY at DESC, id DESC LIMIT ?", (limit,))
    ]


def audit_time(at: datetime) -> datetime:
    """`at` as the audit log keeps it (to the millisecond)."""
    return from_ms(to_ms(at))


# -- what routing and the intake read ---------------------------------------------------------

def transfer_targets(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Departments whose chats may go only to some departments, with those departments."""
    return {key: tuple(value) for key, value in _grouped(
        connection, "SELECT department_id, target_id FROM department_transfer_targets "
                    "ORDER BY department_id, target_id").items()}


def agent_skills(connection: sqlite3.Connection) -> dict[str, dict[str, int]]:
    return {row[0]: {str(k): int(v) for k, v in json.loads(row[1]).items()}
            for row in connection.execute("SELECT id, skills FROM users WHERE skills != '{}'")}


def department_sla_minutes(connection: sqlite3.Connection, department_id: str) -> int | None:
    """How long the department's default SLA gives a new inquiry, if it has one."""
    row = connection.execute(
        "SELECT s.due_minutes FROM departments d JOIN sla_policies s ON s.id = d.sla_id WHERE d.id = ?",
        (department_id,)).fetchone()
    return None if row is None else int(row[0])


def website(connection: sqlite3.Connection) -> Mapping[str, JsonValue]:
    """The website chat settings, as the WEBSITE record holds them."""
    return _website(connection)[Kind.WEBSITE.value]


def file_limits(connection: sqlite3.Connection) -> FileLimits:
    """Which files may be sent in chats, as the FILE_UPLOAD record holds them."""
    fields = _file_upload(connection)[Kind.FILE_UPLOAD.value]
    return FileLimits(enabled=bool(fields["enabled"]), visitors_may_send=bool(fields["visitors_may_send"]),
                      max_bytes=int(str(fields["max_bytes"])), whitelist=str(fields["whitelist"]),
                      blacklist=str(fields["blacklist"]))
