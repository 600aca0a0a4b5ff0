"""A visitor's picture on the agent's desk over a Rocket.Chat server (the loopback one): shown
inline, read through the server's file route, as on the embedded desk."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from pytestqt.qtbot import QtBot

from tests.fakes.files import png
from tests.rocketchat.dialog_sign_in import sign_in_through_the_dialog
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import MemoryKeyring
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.test_server_desk import desks_open, system_keyring
from tests.ui.conftest import _settings_in_a_temporary_place, until
from ui.workspace.previews import Preview

if TYPE_CHECKING:
    pass

# Fixtures shared with the other desk test over a server: settings under tmp_path, a keyring in memory.
__all__ = ["_settings_in_a_temporary_place", "system_keyring"]


async def test_the_agent_sees_a_visitors_picture_sent_over_the_server(
        qtbot: QtBot, loopback: LoopbackRocketChat, omnichannel: Omnichannel, system_keyring: MemoryKeyring,
        tmp_path: Path) -> None:
    support_department = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support_department,), name="Bo Agent")
    rid, inquiry_id = omnichannel.visitor_opens_chat("My parcel came broken.",
                                                     department_id=support_department)
    signed = await sign_in_through_the_dialog(qtbot, loopback, tmp_path, "bo")
    await until(lambda: bool(desks_open()), timeout=20, what="the desk over the server")
    [desk] = desks_open()
    await until(lambda: desk.queue_model.rowCount() == 1, timeout=20, what="the server's queue")
    await desk.backend.take(inquiry_id)
    desk.open_chat(rid)
    await until(lambda: desk.conversation.chat is not None and desk.conversation.composer.isEnabled(),
                timeout=20, what="the chat, open for writing")
    assert desk.conversation.files.button.isEnabled()  # the server lets files be sent

    posted = omnichannel.files.visitor_sends_file(rid, "damage.png", png(640, 480), "image/png")
    await until(lambda: desk.messages_model.contains(posted["_id"]), timeout=20, what="the picture's message")
    previews = desk.file_actions.previews
    # Painted means seen (the delegate then asks for the picture): paint the conversation as the
    # screen would (here the desk's window is not exposed on the offscreen platform, so nothing
    # paints it by itself).
    desk.conversation.messages.viewport().grab()
    await until(lambda: previews.state(posted["_id"]) is Preview.READY, timeout=20, what="the picture, shown")
    pixmap = previews.pixmap(posted["_id"])
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (320, 240)  # shrunk to the box
    assert len(omnichannel.files.downloads) == 1 and omnichannel.files.tokens_in_addresses == 0

    desk.close()
    assert await asyncio.wait_for(signed.run, 20) == 0
