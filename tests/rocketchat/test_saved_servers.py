"""The saved servers the sign-in dialog lists: the servers file and the keyring, together."""

from __future__ import annotations

from pathlib import Path

from app.backends.rocketchat.credentials import SavedToken, TokenVault
from app.backends.rocketchat.saved_servers import KeptServers
from app.backends.rocketchat.servers import SavedServers
from app.backends.server_address import server_address
from tests.rocketchat.loopback.fakes import MemoryKeyring

CHAT = server_address("chat.example.com")
HELP = server_address("https://help.example.org/chat")


async def test_each_saved_user_is_listed_with_whether_a_sign_in_is_kept(tmp_path: Path) -> None:
    store = MemoryKeyring()
    vault = TokenVault(store)
    kept = KeptServers(SavedServers(tmp_path / "servers.json"), vault)
    await kept.remember(CHAT, "ana")
    await kept.remember(HELP, "bo")
    await kept.remember(CHAT, "maya")  # the most recent first
    await vault.asave(CHAT.url, "maya", SavedToken("u-maya", "resume-token"))

    listed = [(s.address.url, s.username, s.remembered) for s in await kept.servers()]
    assert listed == [("https://chat.example.com", "maya", True), ("https://chat.example.com", "ana", False),
                      ("https://help.example.org/chat", "bo", False)]
    assert "resume-token" not in (tmp_path / "servers.json").read_text()


async def test_forgetting_a_server_removes_its_token_from_the_keyring(tmp_path: Path) -> None:
    vault = TokenVault(MemoryKeyring())
    kept = KeptServers(SavedServers(tmp_path / "servers.json"), vault)
    await kept.remember(CHAT, "maya")
    await vault.asave(CHAT.url, "maya", SavedToken("u-maya", "resume-token"))
    [maya] = await kept.servers()
    await kept.forget(maya)
    assert await kept.servers() == []
    assert await vault.aload(CHAT.url, "maya") is None
