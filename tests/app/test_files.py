"""Files on the embedded desk without the network: what a file is (sniffed from its bytes), its
name as a label, Rocket.Chat's type lists, the store keeping files under random ids, and agents'
files refused as the organisation says, with nothing left behind."""

from __future__ import annotations

import asyncio
import io
import struct
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.config.records import Kind
from app.domain import Attachment, AuthorKind, FileLimits
from app.domain.attachment import size_text
from app.errors import InvalidInput, NotAllowed, Refused
from app.files.accept import declared_type
from app.files.names import content_disposition, display_name
from app.files.sniff import sniff
from app.store import Database, messages
from app.store.files import FileStore, FileTooLarge
from tests.app.configuration_changes import applied, find, update
from tests.app.configure import configure
from tests.fakes.files import SCRIPTED_HTML, SCRIPTED_SVG, png, png_bomb

# -- what a file is ---------------------------------------------------------------------------


def _gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00" * 20


def _jpeg(width: int, height: int) -> bytes:
    exif = b"\xff\xe1" + struct.pack(">H", 2 + 3000) + b"E" * 3000  # a long block before the frame
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + exif + frame + b"\xff\xd9"


def _webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    chunk = b"WEBPVP8L" + b"\x00" * 4 + b"\x2f" + bits.to_bytes(4, "little") + b"\x00" * 8
    return b"RIFF" + b"\x00" * 4 + chunk


@pytest.mark.parametrize(("data", "expected"), [
    (png(640, 480), ("image/png", 640, 480)),
    (_gif(31, 17), ("image/gif", 31, 17)),
    (_jpeg(4032, 3024), ("image/jpeg", 4032, 3024)),
    (_webp_lossless(800, 600), ("image/webp", 800, 600)),
    (png_bomb(), ("image/png", 100_000, 100_000)),
    (b"%PDF-1.7\n", ("application/pdf", None, None)),
    (SCRIPTED_HTML, ("text/html", None, None)),
    (b"\xef\xbb\xbf  <html><script>x</script>", ("text/html", None, None)),
    (SCRIPTED_SVG, ("image/svg+xml", None, None)),
    (b"<svg onload=alert(1)>", ("image/svg+xml", None, None)),
    (b"Dear support, my order...", (None, None, None)),
    (b"", (None, None, None)),
])
def test_a_file_is_known_by_its_first_bytes(
    data: bytes, expected: tuple[str | None, int | None, int | None]
) -> None:
    found = sniff(io.BytesIO(data))
    assert (found.media_type, found.width, found.height) == expected


def test_a_truncated_picture_header_is_still_no_crash() -> None:
    for data in (png(5, 5)[:20], b"\xff\xd8\xff\xe1\xff\xff", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBPVP8 "):
        assert sniff(io.BytesIO(data)).width is None


@pytest.mark.parametrize(("declared", "name", "expected"), [
    ("image/png", "x.jpg", "image/png"),  # the sender's type wins, as in Rocket.Chat
    ("", "logo.svg", "image/svg+xml"),  # none given: the extension says
    ("application/octet-stream", "report.pdf", "application/pdf"),
    ("", "no-extension", "application/octet-stream"),
    ("Text/HTML; charset=utf-8", "a", "text/html"),
    ("image/png\r\nX-Evil: 1", "a.txt", "text/plain"),  # no media type: from the name
])
def test_the_declared_type_is_rocket_chats_get_mime_type(declared: str, name: str, expected: str) -> None:
    assert declared_type(declared, name) == expected


# -- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "label"), [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ann\\Desktop\\invoice.pdf", "invoice.pdf"),
    ("a\x00b\nc\td.txt", "abcd.txt"),
    ("\u202eexe.txt", "exe.txt"),
    ("...hidden", "hidden"),
    ("/", "file"),
    ("   ", "file"),
    ("x" * 300 + ".docx", "x" * 250 + ".docx"),
    ("Öl & Wasser <b>.txt", "Öl & Wasser <b>.txt"),  # a label, shown as plain text
])
def test_a_name_is_a_label(raw: str, label: str) -> None:
    assert display_name(raw) == label


def test_a_served_name_is_quoted_and_escaped() -> None:
    header = content_disposition('évil"; filename=x.html.txt', inline=False)
    assert header.startswith('attachment; filename="_vil__ filename_x.html.txt"; filename*=UTF-8\'\'')
    assert "%C3%A9vil%22%3B%20filename%3Dx.html.txt" in header


# -- Rocket.Chat's type lists and size ----------------------------------------------------------


@pytest.mark.parametrize(("whitelist", "blacklist", "media_type", "allowed"), [
    ("", "image/svg+xml", "image/png", True),
    ("", "image/svg+xml", "image/svg+xml", False),
    ("", "image/svg+xml", "", False),  # no type while a blacklist is set
    ("", "", "", True),
    ("image/*", "", "image/gif", True),
    ("image/*", "", "application/pdf", False),
    ("image/*, application/pdf", "image/svg+xml", "application/pdf", True),
    ("image/*", "image/svg+xml", "image/svg+xml", False),  # the blacklist wins
    ("*", "", "text/x-anything", True),
    ("", "video/*", "video/mp4", False),
])
def test_media_type_lists_are_rocket_chats(
    whitelist: str, blacklist: str, media_type: str, allowed: bool
) -> None:
    assert FileLimits(whitelist=whitelist, blacklist=blacklist).allows_type(media_type) is allowed


def test_sizes_read_as_rocket_chats_limits_do() -> None:
    assert [size_text(n) for n in (0, 1023, 2048, 1_500_000, 104_857_600, 3 * 1024**3)] == [
        "0 B", "1023 B", "2 KB", "1.4 MB", "100 MB", "3 GB"]


def test_only_a_recognised_picture_of_sane_size_shows_inline() -> None:
    def picture(media_type: str, width: int | None, height: int | None) -> Attachment:
        return Attachment("a" * 32, "x", media_type, 10, width, height)

    assert picture("image/png", 4000, 3000).is_image
    assert not picture("image/png", None, None).is_image
    assert not picture("image/png", 100_000, 100_000).is_image
    assert not picture("image/svg+xml", 10, 10).is_image
    assert not picture("image/bmp", 10, 10).is_image


# -- the store ------------------------------------------------------------------------------


def test_files_are_kept_under_random_ids_and_a_too_large_one_leaves_nothing(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "attachments")
    incoming, size = store.receive([b"abc", b"def"], max_bytes=6)
    file_id = store.keep(incoming)
    assert size == 6 and not incoming.exists()
    assert store.path(file_id).read_bytes() == b"abcdef" and len(file_id) == 32
    assert store.path(file_id).stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileTooLarge):
        store.receive([b"abc", b"defg"], max_bytes=6)
    assert list((tmp_path / "attachments" / "incoming").iterdir()) == []
    for not_an_id in ("../../etc/passwd", "A" * 32, "0" * 31, ""):
        with pytest.raises(ValueError, match="not a file id"):
            store.path(not_an_id)


def test_a_file_message_round_trips_and_previews_by_its_name(database: Database, clock: ManualClock) -> None:
    chat_id = database.read_now(lambda c: c.execute("SELECT id FROM chats LIMIT 1").fetchone()[0])
    attachment = Attachment("0123456789abcdef0123456789abcdef", "scan.png", "image/png", 1234, 20, 10)
    database.write_now(lambda c: messages.add_message(
        c, chat_id, message_id="file-1", author_kind=AuthorKind.VISITOR, author_id="v", author_name="Ann",
        text="", sent_at=clock.now(), attachment=attachment))
    last = database.read_now(lambda c: messages.page(c, chat_id)).messages[-1]
    assert (last.id, last.attachment, last.summary) == ("file-1", attachment, "📎 scan.png")
    preview = database.read_now(lambda c: c.execute(
        "SELECT last_message FROM chats WHERE id = ?", (chat_id,)).fetchone()[0])
    assert preview == "📎 scan.png"
    found, message = database.read_now(lambda c: messages.attachment_by_id(c, attachment.id))
    assert found == attachment and message.id == "file-1"
    with pytest.raises(InvalidInput):
        database.write_now(lambda c: messages.add_message(
            c, chat_id, message_id="note-file", author_kind=AuthorKind.NOTE, author_id="u", author_name="Ana",
            text="see file", sent_at=clock.now(), attachment=attachment))


# -- agents' files on the embedded desk --------------------------------------------------------


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    yield made
    await made.aclose()


def _kept(database: Database) -> list[Path]:
    root = database.path.parent / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def _served_chat(engine: EmbeddedEngine) -> str:
    ana = await engine.sign_in("ana")
    inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="help", department_id="dep-support")
    await ana.take(inquiry.id)
    await ana.aclose()
    return inquiry.chat_id


async def test_an_agents_file_is_refused_as_the_organisation_says_and_nothing_stays(
    engine: EmbeddedEngine, database: Database, tmp_path: Path
) -> None:
    chat_id = await _served_chat(engine)
    ana = await engine.sign_in("ana")
    picture = tmp_path / "photo.png"
    await asyncio.to_thread(picture.write_bytes, png(10, 10))
    svg = tmp_path / "diagram.svg"
    await asyncio.to_thread(svg.write_bytes, SCRIPTED_SVG)
    with pytest.raises(InvalidInput) as refused:
        await ana.send_file(chat_id, svg)
    assert refused.value.code == "error-type-not-allowed"
    configure(database, file_upload_max_bytes="50")
    with pytest.raises(InvalidInput) as refused:
        await ana.send_file(chat_id, picture)
    assert refused.value.code == "error-size-not-allowed" and "50 B" in refused.value.message
    configure(database, file_upload_max_bytes="104857600", file_upload_enabled="false")
    with pytest.raises(Refused) as turned_off:
        await ana.send_file(chat_id, picture)
    assert turned_off.value.code == "error-file-upload-disabled"
    configure(database, file_upload_enabled="true", livechat_file_upload_enabled="false")
    sent = await ana.send_file(chat_id, picture)  # visitors may not send: agents still may
    assert sent.attachment is not None and sent.attachment.is_image
    assert len(_kept(database)) == 1
    with pytest.raises(Exception, match="cannot be opened"):
        await ana.send_file(chat_id, tmp_path / "gone.png")
    await ana.aclose()


async def test_a_file_for_a_chat_that_closed_meanwhile_is_not_kept(
    engine: EmbeddedEngine, database: Database, tmp_path: Path
) -> None:
    chat_id = await _served_chat(engine)
    ana = await engine.sign_in("ana")
    picture = tmp_path / "photo.png"
    await asyncio.to_thread(picture.write_bytes, png(10, 10))
    await ana.close_chat(chat_id)
    with pytest.raises((NotAllowed, Refused)):
        await ana.send_file(chat_id, picture)
    assert _kept(database) == []
    await ana.aclose()


async def test_an_admin_sets_the_file_limits_and_they_apply_at_once(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    sam, ana = await engine.sign_in("sam"), await engine.sign_in("ana")
    record = find(await sam.configuration(), Kind.FILE_UPLOAD, "file_upload")
    assert dict(record.fields) == {"enabled": True, "visitors_may_send": True, "max_bytes": 104_857_600,
                                   "whitelist": "", "blacklist": "image/svg+xml"}
    with pytest.raises(NotAllowed):
        await ana.apply_change(update(record, max_bytes=10))
    with pytest.raises(InvalidInput, match="Largest file"):
        await sam.apply_change(update(record, max_bytes=0))
    applied(await sam.apply_change(update(record, blacklist="", whitelist="image/*, application/pdf",
                                          max_bytes=5_000_000)))
    assert await ana.file_limits() == FileLimits(whitelist="image/*, application/pdf", blacklist="",
                                                 max_bytes=5_000_000)
    chat_id = await _served_chat(engine)
    await asyncio.to_thread((tmp_path / "logo.svg").write_bytes, SCRIPTED_SVG)
    sent = await ana.send_file(chat_id, tmp_path / "logo.svg")  # SVG accepted now (image/*)
    assert sent.attachment is not None and sent.attachment.media_type == "image/svg+xml"
    assert not sent.attachment.is_image  # still never shown inline
    await sam.aclose()
    await ana.aclose()
