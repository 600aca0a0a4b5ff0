"""Rocket.Chat's departments (ILivechatDepartment) and units (IOmnichannelBusinessUnit, EE) as
Omnidesk's Department and Unit.

A department's unit is its `parentId` (Rocket.Chat EE sets it, and `ancestors`, when a unit
takes the department). `maxNumberSimultaneousChat` 0 or missing means no department cap. A unit
payload counts its departments and monitors but does not list them: Rocket.Chat serves those at
`livechat/units/:unitId/departments` and `.../monitors`, so the caller passes their ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.backends.rocketchat.payloads.fields import Fields
from app.domain import Department, Unit

DEPARTMENT = "department"
UNIT = "unit"


def read_department(payload: object, *, endpoint: str) -> Department:
    department = Fields(payload, kind=DEPARTMENT, endpoint=endpoint)
    ancestors = department.texts("ancestors")
    cap = _cap(department)
    return Department(
        id=department.text("_id"),
        name=department.text("name"),
        enabled=department.flag("enabled", default=True) and not department.flag("archived"),
        unit_id=department.text_or_none("parentId") or (ancestors[0] if ancestors else None),
        business_hours_id=department.text_or_none("businessHourId"),
        max_chats_per_agent=cap or None,
        fallback_department_id=department.text_or_none("fallbackForwardDepartment") or None,
    )


def read_unit(payload: object, *, endpoint: str, department_ids: Sequence[str] = (),
              monitor_ids: Sequence[str] = ()) -> Unit:
    unit = Fields(payload, kind=UNIT, endpoint=endpoint)
    return Unit(id=unit.text("_id"), name=unit.text("name"),
                department_ids=tuple(department_ids), monitor_ids=tuple(monitor_ids))


def _cap(department: Fields) -> int | None:
    # The type says number; a form that saved the text typed gives a string of digits, read too.
    value = department.raw("maxNumberSimultaneousChat")
    if isinstance(value, str):
        digits = value.strip()
        return int(digits) if digits.isascii() and digits.isdigit() else None
    return department.whole_or_none("maxNumberSimultaneousChat")
