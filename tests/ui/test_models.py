"""Every model passes Qt's model tester with real rows in it."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from tests.ui.conftest import Desk


async def test_models_are_consistent(qtmodeltester: ModelTester, desk: Desk) -> None:
    window = await desk.open("bo")
    backend = window.backend
    chats = await backend.my_chats()
    assert chats and window.queue_model.rowCount()
    window.messages_model.show_chat(chats[0].id, await backend.messages(chats[0].id))
    contact = chats[0].contact_id
    window.history_model.reset(await backend.contact_history(contact))
    for model in (window.queue_model, window.chats_model, window.messages_model, window.history_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
