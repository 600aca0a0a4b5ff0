"""`omnidesk --server` for a monitor: the sign-in dialog over the real Rocket.Chat backend, then
the monitor dashboard over the server's cache (the loopback Rocket.Chat server, a Community
server: the monitor watches every department)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.rocketchat.dialog_sign_in import sign_in_through_the_dialog
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import MemoryKeyring
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.test_server_desk import system_keyring
from tests.ui.conftest import _settings_in_a_temporary_place, until
from ui.monitor.window import MonitorWindow

if TYPE_CHECKING:
    pass

# The UI tests' own care (settings under tmp_path), and the in-memory keyring the app finds.
__all__ = ["_settings_in_a_temporary_place", "system_keyring"]


def dashboards_open() -> list[MonitorWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MonitorWindow) and w.isVisible()]


async def test_a_monitor_signing_in_to_a_server_sees_its_chats_on_the_dashboard(
        qtbot: QtBot, loopback: LoopbackRocketChat, omnichannel: Omnichannel, system_keyring: MemoryKeyring,
        tmp_path: Path) -> None:
    support = omnichannel.add_department("Support")
    bo = omnichannel.add_agent("bo", departments=(support,), name="Bo Agent")
    omnichannel.add_agent("maya", roles=("user", "livechat-monitor"), name="Maya Monitor")
    rid, inquiry_id = omnichannel.visitor_opens_chat("My parcel never came.", department_id=support,
                                                     name="Iris Vale")
    omnichannel.inquiries[inquiry_id].update(status="taken")  # bo took it from his own desk
    room = omnichannel.rooms[rid]
    room["servedBy"] = {"_id": bo.id, "username": bo.username, "ts": room["ts"]}
    omnichannel.visitor_opens_chat("Is anyone there?", department_id=support, name="Wanda Waits")
    signed = await sign_in_through_the_dialog(qtbot, loopback, tmp_path, "maya")
    await until(lambda: bool(dashboards_open()), timeout=20, what="the dashboard over the server")
    [dashboard] = dashboards_open()
    await until(lambda: dashboard.chats_model.rowCount() == 1 and dashboard.waiting_model.rowCount() == 1,
                timeout=20, what="the server's chat and queue on the dashboard")
    shown = dashboard.chats_model.chat_at(0).chat
    assert (shown.id, shown.visitor_name, shown.served_by_name) == (rid, "Iris Vale", "Bo Agent")
    assert dashboard.unit_label.text().strip() == "All departments"

    dashboard.close()  # the last window: the app ends
    assert await asyncio.wait_for(signed.run, 20) == 0
