"""The what-if simulator: scenarios in, decisions out, and clear errors for bad scenarios."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import GuiOptions, main
from app.routing.simulator import ScenarioError, run, run_text

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenarios"


def _scenario(**overrides: Any) -> dict[str, Any]:
    scenario: dict[str, Any] = {
        "settings": {"routing_method": "load_balancing", "waiting_queue": True, "max_chats_per_agent": 1},
        "departments": [{"id": "support"}],
        "agents": [{"id": "ana", "departments": ["support"]}, {"id": "bo", "departments": ["support"]}],
        "events": [
            {"at": "2026-11-25T09:00:00Z", "type": "inquiry", "id": "q1", "department": "support"},
            {"at": "2026-11-25T09:00:05Z", "type": "inquiry", "id": "q2", "department": "support"},
            {"at": "2026-11-25T09:00:09Z", "type": "inquiry", "id": "q3", "department": "support"},
            {"at": "2026-11-25T09:01:00Z", "type": "close", "chat": "q2"},
        ],
    }
    scenario.update(overrides)
    return scenario


def _no_gui(_options: GuiOptions) -> int:
    raise AssertionError("no GUI here")


def test_a_scenario_reports_decisions_queue_and_agents() -> None:
    outcome = run(_scenario())
    assert [(d["event"], d["outcome"], d["agent"]) for d in outcome["decisions"]] == [
        (0, "routed", "ana"), (1, "routed", "bo"), (2, "queued", None),
        (3, "closed", "bo"), (3, "routed", "bo"),
    ]
    assert outcome["queue"] == []
    assert outcome["agents"] == [
        {"id": "ana", "open_chats": 1, "served_count": 1, "availability": "available"},
        {"id": "bo", "open_chats": 1, "served_count": 2, "availability": "available"},
    ]


def test_the_final_queue_has_positions_and_estimates() -> None:
    scenario = _scenario()
    scenario["events"] = [
        *scenario["events"][:3],
        {"at": "2026-11-25T09:00:10Z", "type": "inquiry", "id": "q4", "department": "support"},
    ]
    queue = run(scenario)["queue"]
    assert [(q["inquiry"], q["position"], q["estimated_wait_s"]) for q in queue] == [
        ("q3", 1, 300), ("q4", 2, 300)]


def test_replaying_twice_gives_identical_output() -> None:
    text = json.dumps(_scenario())
    assert run_text(text) == run_text(text)


@pytest.mark.parametrize(("change", "message"), [
    ({"events": [{"at": "2026-11-25T09:00:00Z", "type": "take", "inquiry": "q1", "agent": "zed"}]},
     "event 0 (take): field 'agent': unknown agent 'zed'"),
    ({"events": [{"at": "2026-11-25T09:00:00Z", "type": "tick"},
                 {"at": "2026-11-25T08:59:00Z", "type": "tick"}]},
     "event 1: field 'at' 2026-11-25T08:59:00+00:00 is before 2026-11-25T09:00:00+00:00"),
    ({"events": [{"at": "yesterday", "type": "tick"}]}, "'yesterday' is not an ISO 8601 time"),
    ({"events": [{"at": "2026-11-25T09:00:00Z", "type": "dance"}]}, "field 'type' is 'dance'"),
    ({"events": [{"at": "2026-11-25T09:00:00Z", "type": "close", "chat": "nope"}]},
     "event 0 (close): field 'chat': 'nope' is not an open chat"),
    ({"settings": {"routing_method": "coin_toss"}}, "settings: 'routing_method' cannot be \"coin_toss\""),
    ({"settings": {"max_chats": 3}}, "settings: unknown setting 'max_chats'"),
    ({"agents": [{"id": "ana", "departments": ["sales"]}]},
     "agents[0] (ana): field 'departments': unknown department(s) sales"),
    ({"events": [{"at": "2026-11-25T09:00:00Z", "type": "inquiry", "id": "q", "priority": 7}]},
     "event 0 (inquiry): field 'priority' must be 1..5"),
    ({"events": []}, "the scenario has no events"),
    ({"setings": {}}, "the scenario: unknown field 'setings'"),
])
def test_bad_scenarios_name_the_event_and_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        run(_scenario(**change))
    assert message in str(error.value)


def test_invalid_json_names_the_place() -> None:
    with pytest.raises(ScenarioError, match="not valid JSON: line 1 column 13"):
        run_text('{"events": [}', source="scenario")


def test_the_command_prints_json_and_exits_non_zero_on_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_scenario()))
    assert main(["route-sim", str(good), "--compact"], _no_gui) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["decisions"]) == 5
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["route-sim", str(bad)], _no_gui) == 1
    assert "bad.json is not valid JSON" in capsys.readouterr().err
    assert main(["route-sim", str(tmp_path / "missing.json")], _no_gui) == 1
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.json")), ids=lambda p: p.stem)
def test_documented_scenarios_run(path: Path) -> None:
    outcome = run_text(path.read_text(), source=path.name)
    assert outcome["decisions"]
