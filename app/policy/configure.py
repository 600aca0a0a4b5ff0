"""Who may change which part of the organisation's configuration.

Rocket.Chat's permissions, by the same names and default grants (app.policy.permissions):
departments `manage-livechat-departments`, agents `manage-livechat-agents` (making someone a
monitor: `manage-livechat-monitors`), units `manage-livechat-units`, business hours
`view-livechat-business-hours`, priorities, SLA policies and tags their `manage-livechat-*`,
shared canned responses `save-department-canned-responses` (everyone's:
`save-all-canned-responses`), routing and website chat `edit-privileged-setting`.

A monitor who holds a department permission changes only what lies in the departments of their
units (Rocket.Chat's `applyDepartmentRestrictions`): departments of their units, agents of those
departments (and only moving them between those), business hours serving only those, and those
departments' canned responses. An admin may change everything.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.config.records import JsonValue, Kind, Record
from app.domain import Principal
from app.errors import NotAllowed
from app.policy.permissions import Permission
from app.policy.words import Policy

Fields = Mapping[str, JsonValue]

# Any one of these lets a principal change the kind.
_PERMISSIONS: Mapping[Kind, tuple[Permission, ...]] = {
    Kind.DEPARTMENT: (Permission.MANAGE_LIVECHAT_DEPARTMENTS,),
    Kind.UNIT: (Permission.MANAGE_LIVECHAT_UNITS,),
    Kind.AGENT: (Permission.MANAGE_LIVECHAT_AGENTS,),
    Kind.BUSINESS_HOURS: (Permission.VIEW_LIVECHAT_BUSINESS_HOURS,),
    Kind.ROUTING: (Permission.EDIT_PRIVILEGED_SETTING,),
    Kind.PRIORITY: (Permission.MANAGE_LIVECHAT_PRIORITIES,),
    Kind.SLA: (Permission.MANAGE_LIVECHAT_SLA,),
    Kind.TAG: (Permission.MANAGE_LIVECHAT_TAGS,),
    Kind.CANNED_RESPONSE: (Permission.SAVE_DEPARTMENT_CANNED_RESPONSES,
                           Permission.SAVE_ALL_CANNED_RESPONSES),
    Kind.WEBSITE: (Permission.EDIT_PRIVILEGED_SETTING,),
    Kind.FILE_UPLOAD: (Permission.EDIT_PRIVILEGED_SETTING,),
}

# Kinds whose records belong to departments: a monitor's changes stay inside their units.
_DEPARTMENT_SCOPED = frozenset((Kind.DEPARTMENT, Kind.AGENT, Kind.BUSINESS_HOURS, Kind.CANNED_RESPONSE))


def configurable_kinds(principal: Principal) -> frozenset[Kind]:
    """The kinds of record `principal` may change (some records of, for a monitor)."""
    if principal.is_admin:
        return frozenset(Kind)
    held = principal.permissions
    return frozenset(kind for kind, needed in _PERMISSIONS.items() if any(p in held for p in needed))


def may_configure(principal: Principal) -> bool:
    return bool(configurable_kinds(principal))


def restricted_to_units(principal: Principal) -> bool:
    """Rocket.Chat restricts monitors (not managers, not admins) to their units' departments."""
    return principal.is_monitor and not principal.is_admin


def may_change_record(principal: Principal, record: Record) -> bool:
    """Whether `record` is one `principal` may change (what their configuration lists)."""
    try:
        check_change(principal, record.kind, record.id, record.fields, record.fields)
    except NotAllowed:
        return False
    return True


def check_change(principal: Principal, kind: Kind, entity_id: str, before: Fields | None,
                 after: Fields | None) -> None:
    """Raise NotAllowed unless `principal` may turn the record from `before` into `after`
    (None: it does not exist before a create, after a delete). Backends call it with the
    principal and the record as they stand where the change applies."""
    del entity_id  # the fields say everything the rule needs; kept for a remote's own checks
    if principal.is_admin:
        return
    if kind not in configurable_kinds(principal):
        raise NotAllowed(Policy.tr("You may not change {plural}: ask an admin.").format(plural=_plural(kind)))
    if kind is Kind.CANNED_RESPONSE:
        _check_canned(principal, before, after)
        return
    if kind is Kind.AGENT and _field(before, "monitor") != _field(after, "monitor") \
            and Permission.MANAGE_LIVECHAT_MONITORS not in principal.permissions:
        raise NotAllowed(Policy.tr("Only an admin can make someone a monitor or stop them being one."))
    if kind not in _DEPARTMENT_SCOPED or not restricted_to_units(principal):
        return
    if kind is Kind.AGENT and before is None:
        # Creating an agent record for someone who exists gives them the role: only an admin
        # adds people or roles.
        raise NotAllowed(Policy.tr("Only an admin can add agents to the organisation."))
    mine = principal.unit_department_ids
    if kind is Kind.DEPARTMENT:
        units = {_field(fields, "unit_id") for fields in (before, after) if fields is not None}
        if not units <= principal.unit_ids:
            raise NotAllowed(Policy.tr("You may change only the departments of the units you oversee."))
    elif kind is Kind.AGENT:
        # As the store writes it: without the agent role, in no department.
        was, will = _serves(before), _serves(after)
        if not was or not was <= mine:
            raise NotAllowed(Policy.tr("You may change only agents who serve in your units' departments "
                             "alone."))
        if not (was ^ will) <= mine:
            raise NotAllowed(Policy.tr("You may move agents only into and out of your units' departments."))
    elif kind is Kind.BUSINESS_HOURS:
        served = _ids(before, "department_ids") | _ids(after, "department_ids")
        if not served or not served <= mine:
            raise NotAllowed(Policy.tr("You may change only business hours that serve your units' "
                             "departments alone."))


def _check_canned(principal: Principal, before: Fields | None, after: Fields | None) -> None:
    for fields in (before, after):
        if fields is None:
            continue
        department = _field(fields, "department_id")
        if department is None:
            if Permission.SAVE_ALL_CANNED_RESPONSES not in principal.permissions:
                raise NotAllowed(Policy.tr("Only an admin can change the canned responses shared with "
                                           "everyone."))
        elif Permission.SAVE_ALL_CANNED_RESPONSES not in principal.permissions and (
                Permission.SAVE_DEPARTMENT_CANNED_RESPONSES not in principal.permissions
                or (restricted_to_units(principal)
                    and department not in principal.unit_department_ids)):
            raise NotAllowed(Policy.tr("You may change only the canned responses of your units' "
                                       "departments."))


def _serves(fields: Fields | None) -> frozenset[str]:
    if fields is None or not _field(fields, "agent"):
        return frozenset()
    return _ids(fields, "department_ids")


def _field(fields: Fields | None, name: str) -> JsonValue:
    return None if fields is None else fields.get(name)


def _ids(fields: Fields | None, name: str) -> frozenset[str]:
    value = _field(fields, name)
    return frozenset(str(item) for item in value) if isinstance(value, list) else frozenset()


def _plural(kind: Kind) -> str:
    return {Kind.ROUTING: "the routing settings", Kind.WEBSITE: "the website chat settings",
            Kind.FILE_UPLOAD: "the file upload settings",
            Kind.BUSINESS_HOURS: "business hours", Kind.SLA: "SLA policies",
            Kind.PRIORITY: "priorities"}.get(kind, f"{kind.label.lower()}s")
