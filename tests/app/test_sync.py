"""The pending-changes journal and its sync against a remote server that goes offline and is
edited by someone else meanwhile."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.config import FieldConflict, Kind, Record, schema_of
from app.errors import InvalidInput, StorageError
from app.sync import ConfigSync, Journal, PendingState
from tests.fakes.remote_config import SOMEONE_ELSE, RemoteConfig

SAM = "user-sam"


def _record(kind: Kind, entity_id: str, version: int = 1, **fields: object) -> Record:
    return Record(kind, entity_id, {**schema_of(kind).defaults(), **fields}, version)  # type: ignore[dict-item]


ORGANISATION = [
    _record(Kind.DEPARTMENT, "dep-sales", name="Sales", agent_ids=["user-emil"]),
    _record(Kind.AGENT, "user-emil", username="emil", name="Emil", agent=True, monitor=False,
            department_ids=["dep-sales"]),
    _record(Kind.TAG, "tag-vip", name="VIP", description="Big customers"),
    _record(Kind.TAG, "tag-bug", name="Bug", description="Something broke"),
    _record(Kind.PRIORITY, "priority-1", name="Highest", weight=1),
    _record(Kind.ROUTING, "routing"),
]


class Setup:
    def __init__(self, tmp_path: Path, clock: ManualClock) -> None:
        self.tmp_path = tmp_path
        self.clock = clock
        self.remote = RemoteConfig(tmp_path / "remote.sqlite3", clock=clock, records=ORGANISATION)
        self.journal = Journal.open(tmp_path / "journal.sqlite3")
        self.sync = ConfigSync(self.journal, self.remote, user_id=SAM, clock=clock)

    async def restart(self) -> ConfigSync:
        """The app closed and opened again on the same journal file."""
        self.journal.close()
        self.journal = Journal.open(self.tmp_path / "journal.sqlite3")
        self.sync = ConfigSync(self.journal, self.remote, user_id=SAM, clock=self.clock)
        await self.sync.start()
        return self.sync

    def close(self) -> None:
        self.journal.close()
        self.remote.close()


@pytest.fixture
async def setup(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Setup]:
    made = Setup(tmp_path, clock)
    await made.sync.start()
    yield made
    made.close()


def _description(sync: ConfigSync, entity_id: str = "tag-vip") -> object:
    record = sync.record(Kind.TAG, entity_id)
    assert record is not None
    return record.fields["description"]


def _applied_ids(remote: RemoteConfig) -> list[str]:
    return [change_id for change_id, by, _, _ in remote.applications() if by == SAM]


# -- recording and undoing -------------------------------------------------------------------


async def test_an_edit_is_shown_at_once_and_kept_on_disk_before_it_is_published(setup: Setup) -> None:
    sync = setup.sync
    pending = sync.edit(Kind.TAG, "tag-vip", {"name": "VIP", "description": "Our best customers"})

    assert pending.state is PendingState.DRAFT
    assert dict(pending.change.fields) == {"description": "Our best customers"}  # only what differs
    assert dict(pending.change.base) == {"description": "Big customers"}
    assert pending.change.base_version == 1 and pending.change.made_by == SAM
    assert _description(sync) == "Our best customers"
    published = sync.published(Kind.TAG, "tag-vip")
    assert published is not None and published.fields["description"] == "Big customers"
    assert setup.remote.current(Kind.TAG, "tag-vip") == published

    restarted = await setup.restart()
    assert [p.change for p in restarted.pending()] == [pending.change]
    assert _description(restarted) == "Our best customers"


async def test_an_edit_that_breaks_a_rule_is_refused_with_its_message_and_not_recorded(setup: Setup) -> None:
    with pytest.raises(InvalidInput, match="Name cannot be empty"):
        setup.sync.edit(Kind.TAG, "tag-vip", {"name": "  "})
    assert setup.sync.pending() == []
    problems = setup.sync.problems_with(Kind.DEPARTMENT, "dep-sales", {"max_chats_per_agent": -1})
    assert [(p.entity_id, p.field) for p in problems] == [("dep-sales", "max_chats_per_agent")]


async def test_records_are_listed_by_name_with_pending_creates_and_deletes(setup: Setup) -> None:
    sync = setup.sync
    created = sync.create(Kind.TAG, {"name": "Angry"})
    sync.delete(Kind.TAG, "tag-bug")
    assert [r.name for r in sync.records(Kind.TAG)] == ["Angry", "VIP"]
    assert created.change.entity_id not in ("tag-vip", "tag-bug")
    with pytest.raises(InvalidInput, match="only one Routing record"):
        sync.create(Kind.ROUTING, {})


async def test_publish_applies_edits_in_the_order_they_were_made(setup: Setup) -> None:
    sync = setup.sync
    first = sync.edit(Kind.TAG, "tag-vip", {"description": "One"})
    second = sync.edit(Kind.TAG, "tag-vip", {"description": "Two"})  # another change after it
    third = sync.edit(Kind.TAG, "tag-bug", {"name": "Defect"})
    assert [p.seq for p in sync.pending()] == [first.seq, second.seq, third.seq]

    report = await sync.publish()

    assert (report.applied, report.conflicts, report.rejected, report.waiting) == (3, 0, 0, 0)
    assert report.message == "3 changes published."
    assert _applied_ids(setup.remote) == [first.change.change_id, second.change.change_id,
                                          third.change.change_id]
    assert sync.pending() == []
    vip = setup.remote.current(Kind.TAG, "tag-vip")
    assert vip is not None and vip.fields["description"] == "Two" and vip.version == 3
    assert sync.published(Kind.TAG, "tag-vip") == vip
    assert (await sync.publish()).message == "Nothing to publish."


async def test_undoing_an_edit_lets_a_later_edit_of_the_same_field_publish_without_conflict(
        setup: Setup) -> None:
    sync = setup.sync
    first = sync.edit(Kind.TAG, "tag-vip", {"description": "One"})
    sync.edit(Kind.TAG, "tag-vip", {"description": "Two"})
    sync.undo(first.seq)
    assert [dict(p.change.base) for p in sync.pending()] == [{"description": "Big customers"}]
    assert _description(sync) == "Two"

    report = await sync.publish()

    assert report.applied == 1 and report.conflicts == 0
    vip = setup.remote.current(Kind.TAG, "tag-vip")
    assert vip is not None and vip.fields["description"] == "Two"


async def test_undo_refuses_to_drop_a_create_that_a_later_edit_depends_on(setup: Setup) -> None:
    sync = setup.sync
    created = sync.create(Kind.TAG, {"name": "Angry"})
    edit = sync.edit(Kind.TAG, created.change.entity_id, {"description": "Shouting"})

    with pytest.raises(InvalidInput, match="Undo the later change to Tag 'Angry' first"):
        sync.undo(created.seq)
    assert len(sync.pending()) == 2

    sync.undo(edit.seq)
    sync.undo(created.seq)
    assert sync.pending() == [] and [r.name for r in sync.records(Kind.TAG)] == ["Bug", "VIP"]


async def test_undo_refuses_to_drop_a_create_that_another_record_refers_to(setup: Setup) -> None:
    sync = setup.sync
    unit = sync.create(Kind.UNIT, {"name": "Europe"})
    sync.edit(Kind.DEPARTMENT, "dep-sales", {"unit_id": unit.change.entity_id})
    with pytest.raises(InvalidInput, match="depends on creating Unit 'Europe'"):
        sync.undo(unit.seq)


# -- offline ---------------------------------------------------------------------------------


async def test_offline_edits_stay_pending_and_are_pushed_in_order_exactly_once_on_reconnect(
        setup: Setup) -> None:
    sync, remote = setup.sync, setup.remote
    remote.go_offline()
    await sync.link_changed(False)
    made = [sync.edit(Kind.TAG, "tag-vip", {"description": f"Version {n}"}) for n in range(3)]
    made.append(sync.create(Kind.TAG, {"name": "Angry"}))

    report = await sync.publish()

    assert (report.applied, report.waiting) == (0, 4)
    assert report.message == "Offline: 4 changes wait and will be published when the server is back."
    assert [p.state for p in sync.pending()] == [PendingState.QUEUED] * 4
    assert not sync.online and _applied_ids(remote) == []
    # The app keeps working: edits are still recorded, and one not sent can be undone.
    late = sync.edit(Kind.TAG, "tag-bug", {"name": "Defect"})
    sync.undo(made[2].seq)

    remote.come_online()
    await sync.link_changed(True)

    expected = [made[0], made[1], made[3]]
    assert _applied_ids(remote) == [p.change.change_id for p in expected]
    assert [p.seq for p in sync.pending()] == [late.seq]  # a draft waits to be published
    assert setup.sync.online  # (not `sync.online`: mypy keeps it narrowed to False from above)
    await sync.link_changed(True)  # a second reconnect sends nothing again
    assert _applied_ids(remote) == [p.change.change_id for p in expected]
    vip = remote.current(Kind.TAG, "tag-vip")
    assert vip is not None and vip.fields["description"] == "Version 1"


async def test_a_change_whose_answer_was_lost_is_resent_and_applied_once(setup: Setup) -> None:
    sync, remote = setup.sync, setup.remote
    change = sync.edit(Kind.TAG, "tag-vip", {"description": "Lost answer"})
    remote.lose_next_answer()

    report = await sync.publish()

    # Applied on the server, but the app could not know: the change stays queued, and cannot be
    # undone (it may have been applied).
    assert report.waiting == 1 and not sync.online
    assert _applied_ids(remote) == [change.change.change_id]
    with pytest.raises(InvalidInput, match="may have reached the server already"):
        sync.undo(change.seq)

    restarted = await setup.restart()  # as after a crash: start() pushes what was queued

    assert restarted.pending() == []
    assert _applied_ids(remote) == [change.change.change_id]
    assert remote.calls == 2


async def test_cached_records_load_when_the_server_is_offline_at_start(setup: Setup) -> None:
    setup.remote.edit_by_someone_else(Kind.TAG, "tag-vip", {"name": "Very important"})
    await setup.sync.refresh()  # cached as last loaded
    setup.remote.go_offline()

    sync = await setup.restart()

    assert not sync.online
    assert [r.name for r in sync.records(Kind.TAG)] == ["Bug", "Very important"]
    sync.edit(Kind.TAG, "tag-vip", {"description": "Edited offline"})
    assert (await sync.publish()).waiting == 1


# -- conflicts and refusals ------------------------------------------------------------------


async def _conflict_while_offline(setup: Setup) -> int:
    """I change VIP's description offline; someone else changes it and the name meanwhile."""
    sync, remote = setup.sync, setup.remote
    remote.go_offline()
    await sync.link_changed(False)
    mine = sync.edit(Kind.TAG, "tag-vip", {"description": "Mine"})
    later = sync.edit(Kind.TAG, "tag-bug", {"name": "Defect"})
    await sync.publish()
    remote.edit_by_someone_else(Kind.TAG, "tag-vip", {"description": "Theirs", "name": "V.I.P."})
    remote.come_online()
    await sync.link_changed(True)
    pending = sync.pending()
    assert [(p.seq, p.state) for p in pending] == [(mine.seq, PendingState.CONFLICT),
                                                   (later.seq, PendingState.QUEUED)]
    conflict = pending[0].conflict
    assert conflict is not None
    assert conflict.conflicts == (FieldConflict("description", "Big customers", "Mine", "Theirs"),)
    assert remote.calls == 1  # the later change waits behind the conflict
    return mine.seq


async def test_resolving_a_conflict_with_mine_publishes_my_value_beside_their_other_change(
        setup: Setup) -> None:
    seq = await _conflict_while_offline(setup)
    assert _description(setup.sync) == "Mine"

    requeued = setup.sync.resolve(seq, {"description": "mine"})
    report = await setup.sync.publish()

    assert requeued.state is PendingState.QUEUED and requeued.change.base_version == 2
    assert report.applied == 2 and setup.sync.pending() == []
    vip = setup.remote.current(Kind.TAG, "tag-vip")
    assert vip is not None and dict(vip.fields) == {**vip.fields, "description": "Mine", "name": "V.I.P."}


async def test_resolving_a_conflict_with_theirs_drops_my_change(setup: Setup) -> None:
    seq = await _conflict_while_offline(setup)
    with pytest.raises(InvalidInput, match="Choose mine or theirs for: Description"):
        setup.sync.resolve(seq, {})

    setup.sync.resolve(seq, {"description": "theirs"})

    assert [p.change.entity_id for p in setup.sync.pending()] == ["tag-bug"]
    assert _description(setup.sync) == "Theirs"
    assert (await setup.sync.publish()).applied == 1
    vip = setup.remote.current(Kind.TAG, "tag-vip")
    assert vip is not None and vip.fields["description"] == "Theirs"


async def test_a_field_changed_only_by_them_is_kept_beside_mine(setup: Setup) -> None:
    sync, remote = setup.sync, setup.remote
    sync.edit(Kind.TAG, "tag-vip", {"description": "Mine"})
    remote.edit_by_someone_else(Kind.TAG, "tag-vip", {"name": "V.I.P."})

    report = await sync.publish()

    assert report.applied == 1 and report.conflicts == 0
    vip = remote.current(Kind.TAG, "tag-vip")
    assert vip is not None and (vip.fields["name"], vip.fields["description"]) == ("V.I.P.", "Mine")
    assert [by for _, by, _, _ in remote.applications()] == [SOMEONE_ELSE, SAM]


async def test_a_refused_change_keeps_the_servers_message_and_later_ones_still_publish(
        setup: Setup) -> None:
    sync, remote = setup.sync, setup.remote
    remote.forbid(Kind.TAG, "Tags are managed by the head office.")
    refused = sync.edit(Kind.TAG, "tag-vip", {"description": "Mine"})
    sync.edit(Kind.DEPARTMENT, "dep-sales", {"name": "Sales EMEA"})

    report = await sync.publish()

    assert (report.applied, report.rejected) == (1, 1)
    assert "1 change refused by the server" in report.message
    [kept] = sync.pending()
    assert (kept.seq, kept.state, kept.problem) == (refused.seq, PendingState.REJECTED,
                                                    "Tags are managed by the head office.")
    assert _description(sync) == "Big customers"  # a refused edit is not shown as the record
    sync.undo(refused.seq)
    assert sync.pending() == []


async def test_subscribers_hear_of_every_change_until_they_unsubscribe(setup: Setup) -> None:
    heard: list[int] = []
    unsubscribe = setup.sync.subscribe(lambda: heard.append(len(setup.sync.pending())))
    setup.sync.edit(Kind.TAG, "tag-vip", {"description": "Mine"})
    assert heard == [1]
    await setup.sync.publish()
    assert heard[-1] == 0
    unsubscribe()
    count = len(heard)
    setup.sync.edit(Kind.TAG, "tag-vip", {"description": "Again"})
    assert len(heard) == count


async def test_the_fake_server_audits_what_it_applied_and_refuses_what_if_in_words(setup: Setup) -> None:
    change = setup.sync.edit(Kind.TAG, "tag-vip", {"description": "Mine"})
    await setup.sync.publish()
    [entry] = await setup.remote.audit()
    assert (entry.change_id, entry.by_id, entry.entity_name) == (change.change.change_id, SAM, "VIP")
    assert (entry.before["description"], entry.after["description"]) == ("Big customers", "Mine")
    with pytest.raises(InvalidInput, match="What-if is not available on this test server"):
        await setup.remote.what_if([], setup.clock.now().date())


async def test_deleting_a_record_they_changed_meanwhile_goes_ahead_only_when_chosen(setup: Setup) -> None:
    sync, remote = setup.sync, setup.remote
    deleting = sync.delete(Kind.TAG, "tag-bug")
    remote.edit_by_someone_else(Kind.TAG, "tag-bug", {"name": "Defect"})
    report = await sync.publish()
    assert report.conflicts == 1 and "conflict" in report.message
    [pending] = sync.pending()
    assert pending.conflict is not None
    assert [c.field for c in pending.conflict.conflicts] == ["name"]

    sync.resolve(deleting.seq, {"name": "mine"})
    assert (await sync.publish()).applied == 1
    assert remote.current(Kind.TAG, "tag-bug") is None
    assert sync.record(Kind.TAG, "tag-bug") is None and sync.published(Kind.TAG, "tag-bug") is None


async def test_publish_finds_the_server_back_without_being_told(setup: Setup) -> None:
    setup.remote.go_offline()
    await setup.sync.refresh()
    assert not setup.sync.online
    setup.sync.edit(Kind.TAG, "tag-vip", {"description": "Mine"})
    setup.remote.come_online()

    report = await setup.sync.publish()

    assert report.applied == 1 and setup.sync.online


async def test_edits_that_change_nothing_or_what_cannot_change_are_refused(setup: Setup) -> None:
    sync = setup.sync
    with pytest.raises(InvalidInput, match="Tag 'VIP': nothing was changed"):
        sync.edit(Kind.TAG, "tag-vip", {"name": "VIP"})
    with pytest.raises(InvalidInput, match="Tag has no field colour"):
        sync.edit(Kind.TAG, "tag-vip", {"colour": "red"})
    with pytest.raises(InvalidInput, match="Priority 'Highest': Weight cannot be changed"):
        sync.edit(Kind.PRIORITY, "priority-1", {"weight": 2})
    with pytest.raises(InvalidInput, match="Routing settings cannot be deleted"):
        sync.delete(Kind.ROUTING, "routing")
    assert sync.pending() == []


def test_a_file_that_is_not_a_journal_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    with pytest.raises(StorageError, match="is not an Omnidesk pending-changes journal"):
        Journal.open(other)
    assert other.read_bytes() == before


async def test_a_later_edit_of_the_same_field_follows_the_resolution_without_a_second_conflict(
        setup: Setup) -> None:
    sync, remote = setup.sync, setup.remote
    first = sync.edit(Kind.TAG, "tag-vip", {"description": "Mine"})
    remote.edit_by_someone_else(Kind.TAG, "tag-vip", {"description": "Theirs"})
    await sync.publish()
    later = sync.edit(Kind.TAG, "tag-vip", {"description": "Mine, later"})
    assert dict(later.change.base) == {"description": "Mine"}

    sync.resolve(first.seq, {"description": "theirs"})

    [rebased] = sync.pending()
    assert dict(rebased.change.base) == {"description": "Theirs"}  # what the record will hold
    report = await sync.publish()
    assert (report.applied, report.conflicts) == (1, 0)
    vip = remote.current(Kind.TAG, "tag-vip")
    assert vip is not None and vip.fields["description"] == "Mine, later"


async def test_problems_are_those_of_the_edited_record_and_the_ones_it_would_cause(
        tmp_path: Path, clock: ManualClock) -> None:
    # The server's configuration already has a problem elsewhere: an edit is not blamed for it.
    broken = _record(Kind.TAG, "tag-old", name="")
    setup = Setup(tmp_path, clock)
    setup.remote.close()
    setup.remote = RemoteConfig(tmp_path / "other.sqlite3", clock=clock, records=[*ORGANISATION, broken])
    setup.sync = ConfigSync(setup.journal, setup.remote, user_id=SAM, clock=clock)
    await setup.sync.start()
    try:
        assert setup.sync.problems_with(Kind.TAG, "tag-vip", {"description": "Fine"}) == []
        setup.sync.edit(Kind.TAG, "tag-vip", {"description": "Fine"})
        [problem] = setup.sync.problems_with(Kind.TAG, "", {"name": ""})  # a new record's form
        assert (problem.entity_id, problem.field) == ("", "name")
    finally:
        setup.close()
