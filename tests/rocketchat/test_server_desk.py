"""`omnidesk --server` end to end: the sign-in dialog over the real Rocket.Chat backend, then the
agent's desk over the server's cache (the loopback Rocket.Chat server)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.rocketchat.desk import Desks
from tests.rocketchat.dialog_sign_in import sign_in_through_the_dialog
from tests.rocketchat.file_keyring import FileKeyring, environment
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import MemoryKeyring
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.ui.conftest import _settings_in_a_temporary_place, until
from ui.workspace.window import WorkspaceWindow

if TYPE_CHECKING:
    pass

ROOT = Path(__file__).resolve().parents[2]

# The UI tests' own care, for this one test of windows outside tests/ui: settings under tmp_path,
# never the user's.
__all__ = ["_settings_in_a_temporary_place"]


@pytest.fixture
def system_keyring(memory_keyring: MemoryKeyring) -> Iterator[MemoryKeyring]:
    """The keyring the app finds on this computer: an in-memory one, for the test only."""
    before = keyring.get_keyring()
    keyring.set_keyring(memory_keyring)
    yield memory_keyring
    keyring.set_keyring(before)


def desks_open() -> list[WorkspaceWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, WorkspaceWindow) and w.isVisible()]


async def test_signing_in_to_a_server_opens_the_agents_desk_over_its_cache(
        qtbot: QtBot, loopback: LoopbackRocketChat, omnichannel: Omnichannel, system_keyring: MemoryKeyring,
        tmp_path: Path) -> None:
    support_department = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support_department,), name="Bo Agent")
    omnichannel.visitor_opens_chat("My parcel never came.", department_id=support_department)
    signed = await sign_in_through_the_dialog(qtbot, loopback, tmp_path, "bo")
    await until(lambda: bool(desks_open()), timeout=20, what="the desk over the server")
    [desk] = desks_open()
    await until(lambda: desk.queue_model.rowCount() == 1, timeout=20, what="the server's queue on the desk")
    assert [s.username for s in await signed.support.saved.servers()] == ["bo"]
    assert any("bo" in key for key in map(str, system_keyring.secrets))  # the sign-in kept in the keyring

    desk.close()  # the last window: the app ends
    assert await asyncio.wait_for(signed.run, 20) == 0
    assert len(signed.opened) == 1


async def test_the_smoke_test_opens_the_desk_from_the_cache_while_the_server_is_down(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring,
        tmp_path: Path) -> None:
    support_department = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support_department,), name="Bo Agent")
    omnichannel.visitor_opens_chat("My parcel never came.", department_id=support_department)
    await (await desks.sign_in("bo")).aclose()
    # The sign-in kept on this computer, where the `omnidesk` process finds it.
    keyring_file = tmp_path / "keyring.json"
    for (service, username), secret in memory_keyring.secrets.items():
        FileKeyring(keyring_file).set_password(service, username, secret)
    await loopback.stop()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **environment(keyring_file),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "ui.launch", "--server", loopback.url, "--as", "bo",
                         "--smoke-test", "--data-dir", str(desks.data_dir)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Loaded 1 waiting inquiries and 0 open chats for Bo Agent." in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("start-up: ") and last.endswith(" ms")


async def test_the_smoke_test_over_a_server_needs_someone_signed_in_before(
        loopback: LoopbackRocketChat, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **environment(tmp_path / "keyring.json"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}

    def omnidesk(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ui.launch", "--server", loopback.url, "--smoke-test",
                               "--data-dir", str(tmp_path / "data"), *arguments],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False)

    nobody = await asyncio.to_thread(omnidesk)
    assert nobody.returncode == 1 and "needs --as USERNAME" in nobody.stderr
    stranger = await asyncio.to_thread(omnidesk, "--as", "zed")
    assert stranger.returncode == 1 and "no sign-in is remembered" in stranger.stderr
    assert "Traceback" not in stranger.stderr
