"""What each kind of record holds: its fields, their types and what they refer to.

Editors are built from these, validation reads them, and a remote backend maps them onto its
own API. Field names are Omnidesk's; where Rocket.Chat has the setting, `rocketchat` names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.config.records import JsonValue, Kind


class FieldType(StrEnum):
    TEXT = "text"
    MULTILINE = "multiline"
    # A whole number, None when `optional` ("no limit", "organisation's default").
    INT = "int"
    BOOL = "bool"
    # One of `choices`.
    CHOICE = "choice"
    # The id of a record of kind `ref` (or of a person, see `ref_role`), None when `optional`.
    REF = "ref"
    # Ids of records of kind `ref`, in the order given (it matters where `ordered`).
    REF_LIST = "ref_list"
    TEXT_LIST = "text_list"
    # "#rrggbb".
    COLOR = "color"
    # An IANA timezone name ("Europe/Berlin").
    TIMEZONE = "timezone"
    # [{"weekday": 0-6 (Monday 0), "start_minute": 0-1439, "end_minute": 1-1440}, ...]
    INTERVALS = "intervals"
    # {"skill name": level 1-5, ...}
    SKILLS = "skills"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    type: FieldType
    optional: bool = False
    ref: Kind | None = None
    # For refs to people (Kind.AGENT records): only those whose bool field of this name is true.
    ref_role: str | None = None
    ordered: bool = False
    choices: Sequence[str] = ()
    minimum: int | None = None
    help: str = ""
    # Shown but not editable (an agent's username).
    read_only: bool = False
    rocketchat: str = ""


@dataclass(frozen=True, slots=True)
class Schema:
    kind: Kind
    fields: Sequence[FieldSpec]
    # A single record whose id is the kind's value (routing, website): never created or deleted.
    singleton: bool = False

    def spec(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.kind} has no field {name}")

    def defaults(self) -> dict[str, JsonValue]:
        """The fields of a new record before the admin fills them in."""
        return {spec.name: _default(spec) for spec in self.fields}


def _default(spec: FieldSpec) -> JsonValue:
    if spec.optional:
        return None
    match spec.type:
        case FieldType.INT:
            return spec.minimum or 0
        case FieldType.BOOL:
            return True
        case FieldType.CHOICE:
            return spec.choices[0]
        case FieldType.REF_LIST | FieldType.TEXT_LIST | FieldType.INTERVALS:
            return []
        case FieldType.SKILLS:
            return {}
        case FieldType.COLOR:
            return "#1f6feb"
        case FieldType.TIMEZONE:
            return "UTC"
        case _:
            return ""


_F = FieldSpec
_T = FieldType

SCHEMAS: Mapping[Kind, Schema] = {
    Kind.DEPARTMENT: Schema(Kind.DEPARTMENT, (
        _F("name", "Name", _T.TEXT),
        _F("enabled", "Enabled", _T.BOOL, help="A disabled department takes no new chats."),
        _F("unit_id", "Unit", _T.REF, optional=True, ref=Kind.UNIT),
        _F("agent_ids", "Agents", _T.REF_LIST, ref=Kind.AGENT, ref_role="agent", ordered=True,
           help="In this order auto selection breaks ties."),
        _F("max_chats_per_agent", "Chats per agent", _T.INT, optional=True, minimum=0,
           help="Caps each agent's chats in this department; empty: no department cap.",
           rocketchat="maxNumberSimultaneousChat"),
        _F("fallback_department_id", "Fallback department", _T.REF, optional=True,
           ref=Kind.DEPARTMENT, help="Where chats go when nobody here can take them.",
           rocketchat="fallbackForwardDepartment"),
        _F("business_hours_id", "Business hours", _T.REF, optional=True, ref=Kind.BUSINESS_HOURS),
        _F("transfer_department_ids", "May transfer to", _T.REF_LIST, ref=Kind.DEPARTMENT,
           help="Departments its chats may be transferred to; empty: any.",
           rocketchat="departmentsAllowedToForward"),
        _F("sla_id", "Default SLA", _T.REF, optional=True, ref=Kind.SLA,
           help="Beyond Rocket.Chat (which sets SLAs per room): the SLA new inquiries get."),
    )),
    Kind.UNIT: Schema(Kind.UNIT, (
        _F("name", "Name", _T.TEXT),
        _F("department_ids", "Departments", _T.REF_LIST, ref=Kind.DEPARTMENT),
        _F("monitor_ids", "Monitors", _T.REF_LIST, ref=Kind.AGENT, ref_role="monitor"),
    )),
    Kind.AGENT: Schema(Kind.AGENT, (
        _F("username", "Username", _T.TEXT, help="How they sign in; cannot change later."),
        _F("name", "Name", _T.TEXT),
        _F("agent", "Agent", _T.BOOL, help="Serves chats (Rocket.Chat's livechat-agent role)."),
        _F("monitor", "Monitor", _T.BOOL,
           help="Supervises units (Rocket.Chat's livechat-monitor role)."),
        _F("department_ids", "Departments", _T.REF_LIST, ref=Kind.DEPARTMENT),
        _F("max_chats", "Max open chats", _T.INT, optional=True, minimum=0,
           help="Empty: the organisation's limit.", rocketchat="livechat.maxNumberSimultaneousChat"),
        _F("skills", "Skills", _T.SKILLS, help="Used by skills-based routing (beyond Rocket.Chat)."),
    )),
    Kind.BUSINESS_HOURS: Schema(Kind.BUSINESS_HOURS, (
        _F("name", "Name", _T.TEXT),
        _F("timezone", "Timezone", _T.TIMEZONE),
        _F("active", "Active", _T.BOOL, help="Inactive hours mean always open."),
        _F("intervals", "Open", _T.INTERVALS),
        _F("department_ids", "Departments", _T.REF_LIST, ref=Kind.DEPARTMENT),
    )),
    Kind.ROUTING: Schema(Kind.ROUTING, (
        _F("routing_method", "Routing method", _T.CHOICE,
           choices=("manual_selection", "auto_selection", "load_balancing", "load_rotation",
                    "balanced", "skills"), rocketchat="Livechat_Routing_Method"),
        _F("max_chats_per_agent", "Chats per agent (0: no limit)", _T.INT, minimum=0,
           rocketchat="Livechat_maximum_chats_per_agent"),
        _F("waiting_queue", "Waiting queue", _T.BOOL, rocketchat="Livechat_waiting_queue"),
        _F("queue_order", "Queue order", _T.CHOICE, choices=("timestamp", "priority", "sla", "sla_due"),
           help="sla: the shorter SLA first, as Rocket.Chat sorts; sla_due: the SLA due soonest "
                "first (beyond Rocket.Chat).", rocketchat="Omnichannel_sorting_mechanism"),
        _F("route_to_away_agents", "Route to away agents", _T.BOOL,
           rocketchat="Livechat_enabled_when_agent_idle"),
        _F("business_hours_enabled", "Business hours", _T.BOOL,
           rocketchat="Livechat_enable_business_hours"),
        _F("max_fallback_depth", "Fallback forward depth", _T.INT, minimum=0,
           rocketchat="Omnichannel_max_fallback_forward_depth"),
        _F("auto_transfer_unanswered_s", "Move unanswered chats after (s, 0: never)", _T.INT,
           minimum=0, help="Once per chat, as in Rocket.Chat.",
           rocketchat="Livechat_auto_transfer_chat_timeout"),
        _F("auto_transfer_repeats", "Keep moving unanswered chats", _T.BOOL,
           help="Beyond Rocket.Chat, which moves a chat on once: every agent it reaches has the "
                "time to answer, and it never goes back to one who let it pass."),
        _F("abandoned_action", "When the visitor goes silent", _T.CHOICE,
           choices=("none", "close", "on-hold"), rocketchat="Livechat_abandoned_rooms_action"),
        _F("visitor_inactivity_s", "Visitor silence (s)", _T.INT, minimum=1,
           rocketchat="Livechat_visitor_inactivity_timeout"),
        _F("max_queue_wait_s", "Max queue wait (s, 0: none)", _T.INT, minimum=0,
           rocketchat="Livechat_max_queue_wait_time"),
        _F("block_unknown_contacts", "Agents may not take chats of unknown contacts", _T.BOOL,
           rocketchat="Livechat_Block_Unknown_Contacts"),
        _F("block_unverified_contacts", "Agents may not take chats from unverified channels",
           _T.BOOL, rocketchat="Livechat_Block_Unverified_Contacts"),
        _F("contact_merge_custom_fields", "Merging contacts: differing custom fields", _T.CHOICE,
           choices=("keep", "drop"),
           help="keep: as conflicts to choose from (beyond Rocket.Chat); drop: as Rocket.Chat's "
                "merger does."),
    ), singleton=True),
    Kind.PRIORITY: Schema(Kind.PRIORITY, (
        # Rocket.Chat has five fixed priorities (Highest..Lowest) an admin may rename.
        _F("name", "Name", _T.TEXT),
        _F("weight", "Weight", _T.INT, read_only=True, help="1 is served first."),
    )),
    Kind.SLA: Schema(Kind.SLA, (
        _F("name", "Name", _T.TEXT),
        _F("description", "Description", _T.MULTILINE),
        _F("due_minutes", "Due within (minutes)", _T.INT, minimum=1,
           rocketchat="dueTimeInMinutes"),
    )),
    Kind.TAG: Schema(Kind.TAG, (
        _F("name", "Name", _T.TEXT),
        _F("description", "Description", _T.TEXT),
        _F("department_ids", "Departments", _T.REF_LIST, ref=Kind.DEPARTMENT,
           help="Where the tag is offered; empty: everywhere."),
    )),
    Kind.CANNED_RESPONSE: Schema(Kind.CANNED_RESPONSE, (
        _F("shortcut", "Shortcut", _T.TEXT, help="Agents type !shortcut."),
        _F("text", "Text", _T.MULTILINE),
        _F("department_id", "Department", _T.REF, optional=True, ref=Kind.DEPARTMENT,
           help="Empty: everyone's."),
    )),
    Kind.WEBSITE: Schema(Kind.WEBSITE, (
        _F("title", "Title", _T.TEXT, rocketchat="Livechat_title"),
        _F("color", "Colour", _T.COLOR, rocketchat="Livechat_title_color"),
        _F("registration_form", "Ask name and email first", _T.BOOL,
           rocketchat="Livechat_registration_form"),
        _F("offline_title", "Offline title", _T.TEXT, rocketchat="Livechat_offline_title"),
        _F("offline_message", "Offline message", _T.MULTILINE, rocketchat="Livechat_offline_message"),
        _F("offline_success_message", "After an offline message", _T.MULTILINE,
           rocketchat="Livechat_offline_success_message"),
        _F("allowed_origins", "Allowed websites", _T.TEXT_LIST,
           help="Origins such as https://shop.example; empty: any.",
           rocketchat="Livechat_AllowedDomainsList"),
        _F("custom_fields", "Visitor custom fields", _T.TEXT_LIST,
           help="Keys the site may set with setCustomField, such as customer_id; "
                "\"order: Order number\" also asks it on the registration form."),
        _F("data_processing_consent", "Ask consent to data processing", _T.BOOL,
           help="Visitors agree before chatting, and the chat's menu offers them to remove their data.",
           rocketchat="Livechat_force_accept_data_processing_consent"),
        _F("data_processing_consent_text", "Consent text", _T.MULTILINE,
           help="Who keeps the visitor's data and why; empty: the widget's own words.",
           rocketchat="Livechat_data_processing_consent_text"),
    ), singleton=True),
    Kind.FILE_UPLOAD: Schema(Kind.FILE_UPLOAD, (
        _F("enabled", "Files may be sent in chats", _T.BOOL, rocketchat="FileUpload_Enabled"),
        _F("visitors_may_send", "Website visitors may send files", _T.BOOL,
           rocketchat="Livechat_fileupload_enabled"),
        _F("max_bytes", "Largest file (bytes)", _T.INT, minimum=1,
           help="104857600 bytes is 100 MB, Rocket.Chat's default.",
           rocketchat="FileUpload_MaxFileSize"),
        _F("whitelist", "Accepted media types", _T.TEXT,
           help="Comma-separated, such as image/*, application/pdf; empty: any type.",
           rocketchat="FileUpload_MediaTypeWhiteList"),
        _F("blacklist", "Refused media types", _T.TEXT,
           help="Comma-separated; refused even when accepted above. image/svg+xml (a picture "
                "that can hold script) is refused by default.",
           rocketchat="FileUpload_MediaTypeBlackList"),
    ), singleton=True),
}


def schema_of(kind: Kind) -> Schema:
    return SCHEMAS[kind]
