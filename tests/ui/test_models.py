"""Every model passes Qt's model tester with real rows in it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.domain import AuthorKind, Inquiry, Message
from tests.ui.conftest import Desk


async def test_models_are_consistent(qtmodeltester: ModelTester, desk: Desk) -> None:
    window = await desk.open("bo")
    backend = window.backend
    chats = await backend.my_chats()
    assert chats and window.queue_model.rowCount()
    window.messages_model.show_chat(chats[0].id, (await backend.messages(chats[0].id)).messages)
    contact = chats[0].contact_id
    window.history_model.reset(await backend.contact_history(contact))
    for model in (window.queue_model, window.chats_model, window.messages_model, window.history_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def _inquiry(number: int, minute: int) -> Inquiry:
    from datetime import UTC, datetime

    from app.domain import Channel, Priority

    return Inquiry(id=f"i{number}", chat_id=f"c{number}", visitor_id="v", visitor_name=f"V{number}",
                   contact_id="k", channel=Channel.SMS, department_id=None,
                   priority=Priority.NOT_SPECIFIED,
                   queued_at=datetime(2026, 1, 1, 12, minute, tzinfo=UTC), sla_due_at=None,
                   preview="hi")


def test_queue_keeps_oldest_first_and_finds_rows_by_id(qtmodeltester: ModelTester) -> None:
    from datetime import UTC, datetime

    from ui.models.queue import QueueModel

    model = QueueModel(lambda: datetime(2026, 1, 1, 13, 0, tzinfo=UTC), {})
    qtmodeltester.check(model, force_py=True)
    model.reset([_inquiry(1, 30), _inquiry(2, 10)])
    model.add(_inquiry(3, 20))
    model.add(_inquiry(3, 20))  # a repeated event changes nothing
    assert [model.inquiry_at(r).id for r in range(model.rowCount())] == ["i2", "i3", "i1"]
    assert model.row_of("i1") == 2
    assert model.remove("i3") and not model.remove("i3")
    assert model.row_of("i1") == 1 and model.row_of("i3") is None
    assert model.index(0, QueueModel.WAITING).data() == "50 min 00 s"
    assert model.index(0, QueueModel.DEPARTMENT).data() == "Any (public)"


async def test_the_small_models_are_consistent_too(qtmodeltester: ModelTester, desk: Desk) -> None:
    from ui.models.agents import AgentsModel
    from ui.models.canned import CannedModel
    from ui.models.people import PeopleModel

    window = await desk.open("ana")
    backend = window.backend
    names = {d.id: d.name for d in await backend.departments()}
    agents = AgentsModel(await backend.agents(), names)
    canned = CannedModel(names)
    canned.reset(await backend.canned_responses())
    people = PeopleModel(await desk.engine.accounts())
    for model in (agents, canned, people):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
    # Agents who do not take chats cannot be picked.
    offline = next(r for r in range(agents.rowCount()) if not agents.value_at(r).takes_chats)
    assert not agents.flags(agents.index(offline, 0)) & Qt.ItemFlag.ItemIsSelectable


def _message(message_id: str, text: str, chat_id: str = "c1") -> Message:
    from datetime import UTC, datetime

    return Message(id=message_id, chat_id=chat_id, author_kind=AuthorKind.VISITOR, author_id="v",
                   author_name="V", text=text, sent_at=datetime(2026, 1, 1, tzinfo=UTC))


def test_messages_keep_the_order_they_arrived_in_whatever_their_ids(qtmodeltester: ModelTester) -> None:
    from ui.models.messages import MessageModel

    model = MessageModel()
    qtmodeltester.check(model, force_py=True)
    model.begin_loading("c1")
    # Two messages land while the history is read; their ids sort the other way round.
    assert not model.add_live(_message("zz", "live one"))
    model.add_live_many([_message("aa", "live two"), _message("zz", "live one"), _message("x", "no", "c2")])
    model.show_chat("c1", [_message("m", "old")])
    texts = [model.message_at(r).text for r in range(model.rowCount())]
    assert texts == ["old", "live one", "live two"]
    assert model.prepend("c1", [_message("0", "older"), _message("m", "old")]) == 1
    assert model.prepend("c2", [_message("1", "not shown")]) == 0
    texts = [model.message_at(r).text for r in range(model.rowCount())]
    assert texts == ["older", "old", "live one", "live two"]


def test_a_tooltip_shows_markup_as_written() -> None:
    from app.domain import CannedResponse
    from ui.models.canned import CannedModel

    model = CannedModel({})
    model.reset([CannedResponse("c1", "hi", "<b>Hello</b> & <img src=x>", "dep-support", None)])
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.replace("\xa0", " ") == "<p>&lt;b&gt;Hello&lt;/b&gt; &amp; &lt;img src=x&gt;</p>"
