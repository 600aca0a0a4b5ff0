"""The organisation a contract test runs in: described once, by names, and given ids by each harness.

A description (`OrgSpec`) names things: departments and units by name, people by username. A
harness turns it into its own backend's organisation, choosing ids its own way (the embedded
harness writes rows into a fresh store, the fake keeps objects in memory), and hands tests an
`Org` to look the ids up: `org.department("Support").id`, `org.person("ana").id`. Tests never
spell an id, so the same test holds every backend to the same behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.domain import (
    AgentStatus,
    Availability,
    BusinessHours,
    CannedResponse,
    Department,
    OpenInterval,
    Person,
    Role,
    Unit,
)
from app.policy import ROCKETCHAT_DEFAULTS, Permission


@dataclass(frozen=True, slots=True)
class Hours:
    """When a department is open, in its own timezone."""

    timezone: str
    intervals: tuple[OpenInterval, ...]

    @classmethod
    def always(cls, timezone: str = "UTC") -> Hours:
        return cls(timezone, tuple(OpenInterval(day, 0, 24 * 60) for day in range(7)))

    @classmethod
    def weekdays(cls, timezone: str, opens: int, closes: int) -> Hours:
        """Monday to Friday, from `opens` to `closes` o'clock."""
        return cls(timezone, tuple(OpenInterval(day, opens * 60, closes * 60) for day in range(5)))


@dataclass(frozen=True, slots=True)
class DepartmentSpec:
    name: str
    unit: str | None = None
    hours: Hours = field(default_factory=Hours.always)
    # Each agent's cap on open chats inside this department; None: no department cap.
    max_chats_per_agent: int | None = None
    # Where inquiries go when nobody here is online (by name).
    fallback: str | None = None
    # The department's shared canned responses: (shortcut, text).
    canned: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PersonSpec:
    username: str
    name: str
    roles: frozenset[Role]
    # As an agent: the departments they serve, by name.
    departments: tuple[str, ...] = ()
    # As a monitor: the units they oversee, by name.
    units: tuple[str, ...] = ()
    # Presence before they sign in here (signing in brings an agent online).
    status: AgentStatus = AgentStatus.OFFLINE
    availability: Availability = Availability.AVAILABLE
    # Their own limit of open chats; None: the organisation's.
    max_chats: int | None = None


@dataclass(frozen=True, slots=True)
class OrgSpec:
    name: str
    units: tuple[str, ...]
    departments: tuple[DepartmentSpec, ...]
    people: tuple[PersonSpec, ...]
    tags: tuple[str, ...]
    # Every agent's limit of open chats unless they have their own; 0: none.
    max_chats_per_agent: int = 0
    # Grants that differ from Rocket.Chat's defaults: permission -> Rocket.Chat role names.
    grants: Mapping[Permission, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Org:
    """A described organisation with the ids one harness gave it."""

    spec: OrgSpec
    units: Mapping[str, Unit]  # by name
    departments: Mapping[str, Department]  # by name
    hours: Mapping[str, BusinessHours]  # by department name
    people: Mapping[str, Person]  # by username
    canned: tuple[CannedResponse, ...]

    @classmethod
    def assign(cls, spec: OrgSpec, new_id: Callable[[str], str]) -> Org:
        """Give every unit, department, business hours, person and canned response an id from
        `new_id(kind)`."""
        person_ids = {p.username: new_id("person") for p in spec.people}
        unit_ids = {name: new_id("unit") for name in spec.units}
        department_ids = {d.name: new_id("department") for d in spec.departments}
        hours = {
            d.name: BusinessHours(new_id("hours"), f"{d.name} hours", d.hours.timezone, d.hours.intervals)
            for d in spec.departments
        }
        departments = {
            d.name: Department(
                id=department_ids[d.name], name=d.name, enabled=True,
                unit_id=unit_ids[d.unit] if d.unit else None, business_hours_id=hours[d.name].id,
                max_chats_per_agent=d.max_chats_per_agent,
                fallback_department_id=department_ids[d.fallback] if d.fallback else None,
            )
            for d in spec.departments
        }
        units = {
            name: Unit(
                id=unit_ids[name], name=name,
                department_ids=tuple(d.id for d in departments.values() if d.unit_id == unit_ids[name]),
                monitor_ids=tuple(person_ids[p.username] for p in spec.people if name in p.units),
            )
            for name in spec.units
        }
        people = {
            p.username: Person(person_ids[p.username], p.username, p.name, p.roles) for p in spec.people
        }
        canned = tuple(
            CannedResponse(new_id("canned"), shortcut, text, department_ids[d.name], None)
            for d in spec.departments
            for shortcut, text in d.canned
        )
        return cls(spec, units, departments, hours, people, canned)

    def department(self, name: str) -> Department:
        return self.departments[name]

    def unit(self, name: str) -> Unit:
        return self.units[name]

    def person(self, username: str) -> Person:
        return self.people[username]

    def describe(self, username: str) -> PersonSpec:
        return next(p for p in self.spec.people if p.username == username)

    def department_ids_of(self, username: str) -> tuple[str, ...]:
        return tuple(self.departments[name].id for name in self.describe(username).departments)

    def unit_ids_of(self, username: str) -> tuple[str, ...]:
        return tuple(self.units[name].id for name in self.describe(username).units)

    def grants(self) -> dict[Permission, frozenset[str]]:
        """Who holds each permission here: Rocket.Chat's defaults with this organisation's own."""
        return {**ROCKETCHAT_DEFAULTS, **self.spec.grants}

    def ids(self) -> set[str]:
        """Every id the harness gave: none of them belongs in a sentence shown to a user."""
        return ({u.id for u in self.units.values()} | {d.id for d in self.departments.values()}
                | {p.id for p in self.people.values()} | {h.id for h in self.hours.values()})


_A, _M, _ADMIN = Role.AGENT, Role.MONITOR, Role.ADMIN
_ONLINE = AgentStatus.ONLINE
_MANAGERS = frozenset(("livechat-manager", "livechat-monitor", "admin"))

# Northwind: a Wednesday 10:30 UTC (tests/conftest.py's clock) is 05:30 in New York, so
# Billing's office is closed while Support (always open) and Sales (Berlin) are open.
NORTHWIND = OrgSpec(
    name="Northwind Support",
    units=("Customer Care", "Revenue"),
    departments=(
        DepartmentSpec("Support", unit="Customer Care", hours=Hours.always("Europe/London"),
                       max_chats_per_agent=4,
                       canned=(("hello", "Hello, and thank you for contacting Northwind Support."),
                               ("bye", "Is there anything else I can help you with?"))),
        DepartmentSpec("Billing", unit="Customer Care", hours=Hours.weekdays("America/New_York", 9, 17),
                       fallback="Support",
                       canned=(("hello", "Hello, this is Northwind Billing."),
                               ("refund", "I have started your refund."))),
        DepartmentSpec("Sales", unit="Revenue", hours=Hours.weekdays("Europe/Berlin", 8, 18),
                       fallback="Support",
                       canned=(("pricing", "Our plans and prices are at example.com/pricing."),)),
    ),
    people=(
        PersonSpec("ana", "Ana Souza", frozenset({_A}), ("Support", "Billing"), status=_ONLINE),
        PersonSpec("bo", "Bo Lindqvist", frozenset({_A}), ("Support",), status=_ONLINE),
        PersonSpec("dara", "Dara O'Neill", frozenset({_A}), ("Billing",), status=_ONLINE, max_chats=3),
        PersonSpec("emil", "Emil Novak", frozenset({_A}), ("Sales",), status=_ONLINE),
        PersonSpec("gabe", "Gabriel Costa", frozenset({_A}), ("Support",)),
        PersonSpec("maya", "Maya Berg", frozenset({_M}), units=("Customer Care",)),
        PersonSpec("tomas", "Tomás Ruiz", frozenset({_M, _A}), ("Sales",), ("Revenue",)),
        PersonSpec("sam", "Sam Okafor", frozenset({_ADMIN})),
    ),
    tags=("follow-up", "refund", "shipping", "spam", "vip"),
    max_chats_per_agent=5,
    # Like many Rocket.Chat admins, Northwind's lets agents hand chats over too.
    grants={Permission.TRANSFER_LIVECHAT_GUEST: _MANAGERS | {"livechat-agent"}},
)
