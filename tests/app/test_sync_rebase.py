"""Rewriting later pending changes when an earlier one is undone or resolved (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.config import Change, Conflicted, FieldConflict, Kind, Op, Record
from app.errors import InvalidInput
from app.sync import PendingChange, PendingState
from app.sync.codec import dump_conflict, load_conflict
from app.sync.rebase import rebase_later, resolved

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _update(seq: int, entity_id: str, fields: dict[str, str], base: dict[str, str]) -> PendingChange:
    change = Change(f"c{seq}", Kind.TAG, entity_id, Op.UPDATE, fields, base, 1, "sam", NOON)
    return PendingChange(seq, change, PendingState.DRAFT)


def test_a_field_is_rebased_up_to_the_first_later_change_that_sets_it_itself() -> None:
    later = [
        _update(2, "tag-vip", {"name": "B"}, {"name": "A2", "description": "x"}),  # sets name
        _update(3, "tag-bug", {"name": "Other"}, {"name": "A2"}),  # another record: untouched
        _update(4, "tag-vip", {"name": "C"}, {"name": "B"}),  # based on change 2's name: stays
    ]
    [rebased] = rebase_later(later, Kind.TAG, "tag-vip", {"name": "A"})
    assert rebased.seq == 2 and dict(rebased.change.base) == {"name": "A", "description": "x"}
    assert rebased.change.change_id == "c2"  # never sent: the same change, on a truer base


def test_a_delete_that_they_changed_goes_ahead_only_when_every_field_is_mine() -> None:
    theirs = Record(Kind.TAG, "tag-vip", {"name": "V", "description": "T"}, 3)
    delete = Change("c1", Kind.TAG, "tag-vip", Op.DELETE, {}, {"name": "VIP", "description": "D"}, 1,
                    "sam", NOON)
    conflict = Conflicted("c1", theirs, (FieldConflict("name", "VIP", None, "V"),
                                         FieldConflict("description", "D", None, "T")))
    assert resolved(delete, conflict, {"name": "mine", "description": "theirs"},
                    change_id="c2", now=NOON) is None
    again = resolved(delete, conflict, {"name": "mine", "description": "mine"}, change_id="c2", now=NOON)
    assert again is not None and (again.change_id, again.base_version) == ("c2", 3)
    assert dict(again.base) == dict(theirs.fields)


def test_keeping_mine_on_a_record_they_deleted_is_refused_in_words() -> None:
    update = Change("c1", Kind.TAG, "tag-vip", Op.UPDATE, {"name": "New"}, {"name": "VIP"}, 1, "sam", NOON)
    conflict = Conflicted("c1", None, (FieldConflict("name", "VIP", "New", None),))
    with pytest.raises(InvalidInput, match="Someone deleted this tag meanwhile"):
        resolved(update, conflict, {"name": "mine"}, change_id="c2", now=NOON)
    assert resolved(update, conflict, {"name": "theirs"}, change_id="c2", now=NOON) is None
    assert load_conflict(dump_conflict(conflict)) == conflict
