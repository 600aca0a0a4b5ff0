"""A visitor's deletion takes their file with it: deleting a file message removes the file
(the desk keeps the marker), and "remove my data" removes every file of their chats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp

from app.intake import IntakeServer
from app.store import Database
from tests.app.intake_fixtures import API, TOKEN_A, answer_json, http, intake, visitor_with_room
from tests.fakes.files import multipart, png

__all__ = ["http", "intake"]  # fixtures


def kept_files(database: Database) -> list[Path]:
    root = database.path.parent / "attachments"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def upload(http: aiohttp.ClientSession, room: str) -> dict[str, Any]:
    body, content_type = multipart([("file", b"id card.png", png(20, 10), "image/png")])
    async with http.post(f"{API}/upload/{room}", data=body,
                         headers={"Content-Type": content_type, "x-visitor-token": TOKEN_A}) as r:
        assert r.status == 200, await r.text()
        return dict(await r.json())


async def test_deleting_a_file_message_removes_the_file(
    http: aiohttp.ClientSession, intake: IntakeServer, database: Database
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    sent = await upload(http, room)
    assert len(kept_files(database)) == 1
    async with http.get(f"/file-upload/{sent['file']['_id']}/x.png", cookies={"rc_token": TOKEN_A}) as r:
        assert r.status == 200  # served until deleted
    async with http.delete(f"{API}/message/{sent['_id']}", json={"token": TOKEN_A, "rid": room}) as r:
        assert (await answer_json(r))["message"]["_id"] == sent["_id"]
    assert kept_files(database) == []
    async with http.get(f"/file-upload/{sent['file']['_id']}/x.png", cookies={"rc_token": TOKEN_A}) as r:
        assert r.status >= 400
    sam = await intake.engine.sign_in("sam")
    [marker] = [m for m in (await sam.messages(room)).messages if m.id == sent["_id"]]
    assert marker.deleted_at is not None and marker.attachment is None
    await sam.aclose()


async def test_removing_my_data_removes_my_files(http: aiohttp.ClientSession, database: Database) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await upload(http, room)
    await upload(http, room)
    assert len(kept_files(database)) == 2
    await http.post(f"{API}/room.close", json={"token": TOKEN_A, "rid": room})
    async with http.delete(f"{API}/visitor/{TOKEN_A}") as r:
        assert r.status == 200
    assert kept_files(database) == []
