"""Files both ways through the visitor intake, over real loopback HTTP and WebSocket: the
widget's upload (`livechat/upload/:rid`) answered as Rocket.Chat answers it, the message pushed
and kept in history in Rocket.Chat's shapes, agents' files reaching the widget, and hostile
files refused or stored inert, each with nothing left behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.errors import NotAllowed
from app.intake import IntakeServer, IntakeSettings
from app.store import Database
from tests.app.configure import configure
from tests.app.intake_fixtures import API, TOKEN_A, TOKEN_B, Ddp, ddp_for, visitor_with_room
from tests.fakes.files import SCRIPTED_HTML, SCRIPTED_SVG, multipart, png, png_bomb


@pytest.fixture
async def intake(database: Database, clock: ManualClock) -> AsyncIterator[IntakeServer]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    server = IntakeServer(engine, IntakeSettings(port=0, request_burst=500, message_burst=50))
    await server.start()
    yield server
    await server.stop()
    await engine.aclose()


@pytest.fixture
async def http(intake: IntakeServer) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=intake.url) as session:
        yield session


def _kept_files(database: Database) -> list[Path]:
    """Every file under the desk's attachments folder (incoming ones too)."""
    root = database.path.parent / "attachments"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _everything_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def _attachment_rows(database: Database) -> int:
    return int(database.read_now(lambda c: c.execute("SELECT count(*) FROM attachments").fetchone()[0]))


async def _upload(http: aiohttp.ClientSession, room: str, name: bytes | None, content: bytes,
                  content_type: str, *, token: str | None = TOKEN_A,
                  extra: list[tuple[str, bytes | None, bytes, str]] = ()) -> tuple[int, Any]:  # type: ignore[assignment]
    parts = [("file", name, content, content_type), *extra] if name is not None else list(extra)
    body, header = multipart(parts)
    headers = {"Content-Type": header}
    if token is not None:
        headers["x-visitor-token"] = token
    async with http.post(f"{API}/upload/{room}", data=body, headers=headers) as response:
        assert response.headers["Content-Type"].startswith("application/json")
        return response.status, await response.json()


async def _download(http: aiohttp.ClientSession, url: str, token: str = TOKEN_A,
                    ) -> tuple[int, dict[str, str], bytes]:
    async with http.get(url, cookies={"rc_token": token, "rc_room_type": "l"}) as response:
        return response.status, dict(response.headers), await response.read()


def _pushed_files(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [arg for frame in frames if frame.get("collection") == "stream-room-messages"
            for arg in frame["fields"]["args"] if "file" in arg]


# -- the widget's upload ------------------------------------------------------------------------


async def test_a_visitors_picture_is_kept_pushed_listed_and_served_as_rocket_chat_shapes_it(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ddp: Ddp = await ddp_for(http, TOKEN_A, room)
    picture = png(40, 30)
    status, body = await _upload(http, room, b"holiday photo.png", picture, "image/png")
    assert status == 200, body
    assert body["success"] is True and body["rid"] == room
    file_id = body["file"]["_id"]
    assert body["file"] == {"_id": file_id, "name": "holiday photo.png", "type": "image/png",
                            "size": len(picture)}
    assert body["files"] == [body["file"]]
    [attachment] = body["attachments"]
    url = f"/file-upload/{file_id}/holiday%20photo.png"
    assert attachment == {"title": "holiday photo.png", "type": "file", "description": "",
                          "title_link": url, "title_link_download": True, "image_url": url,
                          "image_type": "image/png", "image_size": len(picture),
                          "image_dimensions": {"width": 40, "height": 30}}
    # Pushed over DDP (EJSON date) as the widget draws it, and in the history (ISO date).
    frames = await ddp.until(lambda m: bool(_pushed_files([m])))
    [pushed] = _pushed_files(frames)
    assert pushed["attachments"] == body["attachments"] and pushed["ts"].keys() == {"$date"}
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A}) as r:
        history = (await r.json())["messages"]
    assert history[0]["_id"] == body["_id"] and history[0]["file"]["_id"] == file_id
    # Served back to its visitor, as a picture (the widget's cookie carries the token).
    status, headers, data = await _download(http, url)
    assert (status, data) == (200, picture)
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("inline;")
    assert "sandbox" in headers["Content-Security-Policy"]
    # The agent sees it in the desk, as a file message.
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    [seen] = [m for m in (await ana.messages(room)).messages if m.attachment is not None]
    assert seen.attachment is not None and seen.attachment.id == file_id
    assert (seen.attachment.width, seen.attachment.height, seen.attachment.is_image) == (40, 30, True)
    assert await ana.attachment_data(seen.id, max_bytes=10_000) == picture
    assert len(_kept_files(database)) == 1
    await ddp.socket.close()
    await ana.aclose()


async def test_the_upload_is_refused_as_rocket_chat_refuses_it_without_a_token_or_a_room(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, name="Bob")
    picture = png(4, 4)
    assert await _upload(http, room, b"a.png", picture, "image/png", token=None) == (
        403, {"success": False, "error": "unauthorized"})
    unknown = await _upload(http, room, b"a.png", picture, "image/png", token="unknown-token-0123456789")
    assert unknown[0] == 403
    # Bob's token on Ann's room: the same answer as for a room that does not exist.
    assert (await _upload(http, room, b"a.png", picture, "image/png", token=TOKEN_B))[0] == 403
    assert (await _upload(http, "no-such-room", b"a.png", picture, "image/png"))[0] == 403
    # No file in the form: Rocket.Chat's error-no-file-uploaded.
    status, body = await _upload(http, room, None, b"", "", extra=[("description", None, b"hi", "")])
    assert (status, body["reason"]) == (400, "error-no-file-uploaded")
    # A closed chat takes no more files (Rocket.Chat finds only open rooms).
    await intake.engine.visitors.close(TOKEN_A, room)
    assert (await _upload(http, room, b"a.png", picture, "image/png"))[0] == 403
    assert _attachment_rows(database) == 0 and _kept_files(database) == []


async def test_uploads_turned_off_are_refused_and_the_widget_is_told(
    http: aiohttp.ClientSession, database: Database
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    async with http.get(f"{API}/config", params={"token": TOKEN_A}) as r:
        assert (await r.json())["config"]["settings"]["fileUpload"] is True
    for off in ({"livechat_file_upload_enabled": "false"}, {"file_upload_enabled": "false"}):
        configure(database, **off)
        async with http.get(f"{API}/config", params={"token": TOKEN_A}) as r:
            assert (await r.json())["config"]["settings"]["fileUpload"] is False
        status, body = await _upload(http, room, b"a.png", png(4, 4), "image/png")
        assert (status, body["reason"]) == (400, "error-file-upload-disabled")
        configure(database, livechat_file_upload_enabled="true", file_upload_enabled="true")
    assert _attachment_rows(database) == 0 and _kept_files(database) == []


# -- hostile files --------------------------------------------------------------------------


async def test_an_oversized_file_is_refused_with_rocket_chats_error_and_nothing_is_kept(
    http: aiohttp.ClientSession, database: Database
) -> None:
    configure(database, file_upload_max_bytes="2048")
    room = await visitor_with_room(http, TOKEN_A)
    status, body = await _upload(http, room, b"big.bin", b"x" * 5000, "application/octet-stream")
    assert status == 400
    assert (body["success"], body["reason"], body["sizeAllowed"]) == (False, "error-size-not-allowed", "2 KB")
    # Exactly the limit is accepted (Rocket.Chat refuses only what is larger).
    status, _body = await _upload(http, room, b"fits.bin", b"y" * 2048, "application/octet-stream")
    assert status == 200
    assert _attachment_rows(database) == 1 and len(_kept_files(database)) == 1


async def test_a_refused_type_is_refused_by_what_it_says_and_by_what_it_is(
    http: aiohttp.ClientSession, database: Database
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    # Rocket.Chat's default blacklist: SVG, declared as such...
    status, body = await _upload(http, room, b"logo.svg", SCRIPTED_SVG, "image/svg+xml")
    assert (status, body["reason"]) == (400, "error-type-not-allowed")
    # ... or only named so (the browser sent no type: the name's extension says it) ...
    status, body = await _upload(http, room, b"logo.svg", SCRIPTED_SVG, "")
    assert (status, body["reason"]) == (400, "error-type-not-allowed")
    # ... or disguised as a PNG (beyond Rocket.Chat: what the bytes are is checked too).
    status, body = await _upload(http, room, b"cat.png", SCRIPTED_SVG, "image/png")
    assert (status, body["reason"]) == (400, "error-type-not-allowed")
    # A whitelist of pictures refuses a PDF, whatever it claims.
    configure(database, file_upload_media_type_whitelist="image/*")
    status, body = await _upload(http, room, b"invoice.png", b"%PDF-1.7\n...", "image/png")
    assert (status, body["reason"]) == (400, "error-type-not-allowed")
    assert (await _upload(http, room, b"ok.png", png(2, 2), "image/png"))[0] == 200
    assert _attachment_rows(database) == 1 and len(_kept_files(database)) == 1


@pytest.mark.parametrize(("sent_name", "label"), [
    (b"../../../../etc/passwd", "passwd"),
    (b"/etc/shadow", "shadow"),
    (b"C:\\\\Windows\\\\System32\\\\drivers\\\\etc\\\\hosts", "hosts"),
    (b"UTF-8''report%00.pdf.exe", "report.pdf.exe"),
    (b"UTF-8''..%2F..%2F..%2Fhome%2Fme%2F.ssh%2Fauthorized_keys", "authorized_keys"),
    (b"..", "file"),
    ("invoice\u202egpj.exe".encode(), "invoicegpj.exe"),
])
async def test_a_file_name_is_a_label_never_a_path(
    http: aiohttp.ClientSession, database: Database, tmp_path: Path, sent_name: bytes, label: str
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    before = _everything_under(tmp_path)
    status, body = await _upload(http, room, sent_name, b"plain bytes", "text/plain")
    assert status == 200, body
    assert body["file"]["name"] == label and "/" not in body["file"]["name"]
    # Only the stored file appeared, under the attachments folder, named by its random id.
    [kept] = _kept_files(database)
    assert kept.name == body["file"]["_id"] and kept.parent.parent == database.path.parent / "attachments"
    root = database.path.parent / "attachments"
    appeared = _everything_under(tmp_path) - before
    assert appeared <= {kept, kept.parent, root, root / "incoming"} | {
        p for p in appeared if p.name.startswith(database.path.name)}  # the database's own journal
    status, headers, data = await _download(http, body["attachments"][0]["title_link"])
    assert (status, data) == (200, b"plain bytes")
    assert "\x00" not in headers["Content-Disposition"] and "/" not in headers["Content-Disposition"]


async def test_html_and_svg_with_script_are_kept_inert_and_only_ever_downloaded(
    http: aiohttp.ClientSession, database: Database
) -> None:
    configure(database, file_upload_media_type_blacklist="")  # an admin allowed SVG
    room = await visitor_with_room(http, TOKEN_A)
    for name, content, declared in ((b"page.html", SCRIPTED_HTML, "text/html"),
                                    (b"logo.svg", SCRIPTED_SVG, "image/svg+xml")):
        status, body = await _upload(http, room, name, content, declared)
        assert status == 200, body
        [attachment] = body["attachments"]
        assert "image_url" not in attachment  # a download link, not a picture to draw
        status, headers, data = await _download(http, attachment["title_link"])
        assert (status, data) == (200, content)  # kept exactly, never rewritten nor run
        assert headers["Content-Type"] == "application/octet-stream"
        assert headers["Content-Disposition"].startswith("attachment;")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


async def test_a_lying_type_is_kept_as_what_the_file_is(http: aiohttp.ClientSession) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    # A page that says it is a PNG (name and type): it is a page, and goes out as a download.
    status, body = await _upload(http, room, b"cute-cat.png", SCRIPTED_HTML, "image/png")
    assert status == 200
    assert body["file"]["type"] == "text/html" and "image_url" not in body["attachments"][0]
    _status, headers, _data = await _download(http, body["attachments"][0]["title_link"])
    assert headers["Content-Type"] == "application/octet-stream"
    # Bytes that are no picture at all but claim to be one: an unknown file.
    status, body = await _upload(http, room, b"photo.jpg", b"\x00\x01not a jpeg", "image/jpeg")
    assert status == 200 and body["file"]["type"] == "application/octet-stream"
    # A real picture sent as "application/octet-stream" is a picture.
    status, body = await _upload(http, room, b"scan", png(3, 2), "application/octet-stream")
    assert body["file"]["type"] == "image/png" and body["attachments"][0]["image_dimensions"] == {
        "width": 3, "height": 2}


async def test_an_image_bomb_header_is_kept_but_never_offered_as_a_picture(
    http: aiohttp.ClientSession, intake: IntakeServer
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    bomb = png_bomb()
    status, body = await _upload(http, room, b"huge.png", bomb, "image/png")
    assert status == 200
    assert body["file"]["type"] == "image/png" and "image_url" not in body["attachments"][0]
    _status, headers, data = await _download(http, body["attachments"][0]["title_link"])
    assert headers["Content-Type"] == "application/octet-stream" and data == bomb
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    [message] = [m for m in (await ana.messages(room)).messages if m.attachment is not None]
    assert message.attachment is not None
    assert (message.attachment.width, message.attachment.height) == (100_000, 100_000)
    assert not message.attachment.is_image
    await ana.aclose()


async def test_a_malformed_form_gets_an_error_never_a_crash(
    http: aiohttp.ClientSession, database: Database
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    part = b'--b\r\nContent-Disposition: form-data; name="file"; filename='
    raw_nul = part + b'"a\x00.png"\r\n\r\nabc\r\n--b--\r\n'
    cut_short = part + b'"a"\r\n\r\nabc'
    for body, content_type in ((b"not a form", "text/plain"), (b"--x\r\ngarbage", "multipart/form-data"),
                               (raw_nul, "multipart/form-data; boundary=b"),
                               (cut_short, "multipart/form-data; boundary=b")):
        async with http.post(f"{API}/upload/{room}", data=body,
                             headers={"Content-Type": content_type, "x-visitor-token": TOKEN_A}) as r:
            assert r.status == 400, await r.text()
            assert (await r.json())["success"] is False
    assert _attachment_rows(database) == 0 and _kept_files(database) == []


# -- files back to the widget -----------------------------------------------------------------


async def test_a_file_is_served_to_its_visitor_only_even_after_the_chat_closed(
    intake: IntakeServer, http: aiohttp.ClientSession
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, name="Bob")
    _status, body = await _upload(http, room, b"notes.txt", b"hello", "text/plain")
    url = body["attachments"][0]["title_link"]
    assert (await _download(http, url, TOKEN_B))[0] == 403
    async with http.get(url) as response:  # no token at all
        assert response.status == 403
    async with http.get(url, params={"rc_token": TOKEN_A, "rc_rid": room, "rc_room_type": "l"}) as response:
        assert response.status == 200  # the token in the query, as Rocket.Chat also takes it
    await intake.engine.visitors.close(TOKEN_A, room)
    assert (await _download(http, url))[0] == 200
    for wrong in ("/file-upload/0123456789abcdef0123456789abcdef/x", "/file-upload/..%2F..%2Fetc/passwd",
                  "/file-upload/notanid/x"):
        assert (await _download(http, wrong))[0] == 403


async def test_an_agents_file_reaches_the_widget_and_an_agent_who_may_not_write_sends_nothing(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database, tmp_path: Path
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ddp: Ddp = await ddp_for(http, TOKEN_A, room)
    source = tmp_path / "chosen" / "Returns form.pdf"
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1.4\nreturns form")
    ana = await intake.engine.sign_in("ana")
    dara = await intake.engine.sign_in("dara")  # same department, not serving
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    with pytest.raises(NotAllowed):
        await dara.send_file(room, source)
    assert _kept_files(database) == []
    sent = await ana.send_file(room, source)
    assert sent.attachment is not None
    assert (sent.attachment.name, sent.attachment.media_type) == ("Returns form.pdf", "application/pdf")
    [pushed] = _pushed_files(await ddp.until(lambda m: bool(_pushed_files([m]))))
    assert pushed["u"]["_id"] == "u-ana" and pushed["file"]["name"] == "Returns form.pdf"
    assert "image_url" not in pushed["attachments"][0]
    status, headers, data = await _download(http, pushed["attachments"][0]["title_link"])
    assert (status, data) == (200, b"%PDF-1.4\nreturns form")
    assert headers["Content-Disposition"].startswith("attachment;")
    await ddp.socket.close()
    await ana.aclose()
    await dara.aclose()
