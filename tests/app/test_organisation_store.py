from __future__ import annotations

from app.domain import AgentStatus, Role
from app.store import Database, organisation


def test_the_sample_organisation_reads_back_as_domain_values(database: Database) -> None:
    units = {u.name: u for u in database.read_now(organisation.units)}
    assert set(units["Customer Care"].department_ids) == {"dep-support", "dep-billing"}
    assert units["Customer Care"].monitor_ids == ("u-maya",)
    monitors = {m.username: m for m in database.read_now(organisation.monitors)}
    assert monitors["tomas"].unit_ids == ("unit-revenue",)
    agents = {a.username: a for a in database.read_now(organisation.agents)}
    assert agents["ana"].department_ids == ("dep-billing", "dep-support")
    assert agents["dara"].max_chats == 3 and agents["gabe"].status is AgentStatus.OFFLINE
    assert "maya" not in agents and "tomas" in agents
    people = database.read_now(organisation.people)
    assert people[0].primary_role is Role.ADMIN
    hours = {h.id: h for h in database.read_now(organisation.business_hours)}
    assert hours["bh-new-york"].timezone == "America/New_York"
    assert len(hours["bh-always"].intervals) == 7
    departments = {d.id: d for d in database.read_now(organisation.departments)}
    assert departments["dep-sales"].fallback_department_id == "dep-support"
    assert departments["dep-support"].max_chats_per_agent == 4
