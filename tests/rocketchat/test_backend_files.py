"""Files in chats over a Rocket.Chat server (the loopback one): a visitor's picture previewed
(bounded) and saved (whole), from this computer afterwards, the server down or not; a file the
agent sends reaching the room as a file message, after the server's limits and before them the
desk's own; offline, nothing sent; the server's refusals said."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.backends.events import ConnectionState, MessageAdded
from app.backends.rocketchat.backend import RocketChatBackend
from app.backends.rocketchat.payloads.file_ids import server_file_id
from app.domain import FileLimits, Message
from app.errors import InvalidInput, NotAllowed, NotFound, Offline, Refused
from tests.fakes.files import png
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel

PICTURE = png(640, 480)
PDF = b"%PDF-1.4 a return label"


@pytest.fixture
def support(omnichannel: Omnichannel) -> str:
    department = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(department,), name="Bo Agent")
    return department


async def serving(desks: Desks, omnichannel: Omnichannel, support: str) -> tuple[RocketChatBackend, str]:
    """bo serving one chat (its room id)."""
    rid, inquiry_id = omnichannel.visitor_opens_chat("My parcel came broken.", department_id=support)
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    return bo, rid


async def visitor_sends(omnichannel: Omnichannel, loopback: LoopbackRocketChat, bo: RocketChatBackend,
                        rid: str, name: str, data: bytes, media_type: str) -> Message:
    posted = omnichannel.files.visitor_sends_file(rid, name, data, media_type)
    await settle(loopback, bo)
    [found] = [m for m in (await bo.messages(rid)).messages if m.id == posted["_id"]]
    return found


def file_messages(omnichannel: Omnichannel, rid: str) -> list[dict[str, object]]:
    return [m for m in omnichannel.messages_of(rid) if "file" in m]


def uploads_sent(loopback: LoopbackRocketChat) -> int:
    return sum(1 for method, path in loopback.state.requests
               if method == "POST" and path.startswith("rooms.media/"))


def server_id(message: Message) -> str:
    """The server's id of the file a message carries."""
    assert message.attachment is not None
    return server_file_id(message.attachment.id)


async def offline(bo: RocketChatBackend) -> None:
    for _ in range(200):
        if bo.connection.state is ConnectionState.OFFLINE:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the desk never saw the server go")


# -- reading -------------------------------------------------------------------------------------

async def test_a_visitors_picture_is_previewed_within_the_bound_and_saved_whole(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    message = await visitor_sends(omnichannel, loopback, bo, rid, "damage.png", PICTURE, "image/png")
    attachment = message.attachment
    assert attachment is not None and attachment.is_image
    assert (attachment.name, attachment.media_type, attachment.size) == (
        "damage.png", "image/png", len(PICTURE))
    assert (attachment.width, attachment.height) == (640, 480)
    # Past the bound, by the size the server states: refused before anything is downloaded.
    with pytest.raises(Refused) as refused:
        await bo.attachment_data(message.id, max_bytes=len(PICTURE) - 1)
    assert refused.value.code == "file-too-large-to-show" and omnichannel.files.downloads == []
    assert await bo.attachment_data(message.id, max_bytes=len(PICTURE)) == PICTURE
    target = tmp_path / "kept" / "damage.png"
    target.parent.mkdir()
    await bo.save_attachment(message.id, target)
    assert target.read_bytes() == PICTURE
    assert [p.name for p in target.parent.iterdir()] == ["damage.png"]  # no part left beside it
    # The token went in headers, never in an address a log keeps.
    assert omnichannel.files.tokens_in_addresses == 0


async def test_reading_stops_past_the_bound_when_the_bytes_outgrow_the_stated_size(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    message = await visitor_sends(omnichannel, loopback, bo, rid, "note.txt", b"small", "text/plain")
    # The server now serves bytes that never end: only a reader that stops by itself returns.
    omnichannel.files.uploads[server_id(message)].endless = True
    with pytest.raises(Refused) as refused:
        await bo.attachment_data(message.id, max_bytes=1000)
    assert refused.value.code == "file-too-large-to-show"
    assert message.attachment is not None and not bo._files.cache.has(message.attachment.id)  # none kept


async def test_a_picture_read_once_shows_and_saves_with_the_server_down(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    seen = await visitor_sends(omnichannel, loopback, bo, rid, "damage.png", PICTURE, "image/png")
    unseen = await visitor_sends(omnichannel, loopback, bo, rid, "receipt.png", png(4, 4), "image/png")
    assert await bo.attachment_data(seen.id, max_bytes=10**6) == PICTURE
    async with loopback.down():
        await offline(bo)
        assert await bo.attachment_data(seen.id, max_bytes=10**6) == PICTURE
        await bo.save_attachment(seen.id, tmp_path / "copy.png")
        assert (tmp_path / "copy.png").read_bytes() == PICTURE
        with pytest.raises(Offline) as never_read:
            await bo.attachment_data(unseen.id, max_bytes=10**6)
        assert "not on this computer yet" in never_read.value.message
    assert omnichannel.files.downloads == [server_id(seen)]


async def test_a_closed_chats_files_stay_readable_here_though_the_server_refuses_them(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    seen = await visitor_sends(omnichannel, loopback, bo, rid, "damage.png", PICTURE, "image/png")
    unseen = await visitor_sends(omnichannel, loopback, bo, rid, "label.pdf", PDF, "application/pdf")
    assert await bo.attachment_data(seen.id, max_bytes=10**6) == PICTURE
    await bo.close_chat(rid)
    # Closing removes the chat's subscriptions: Rocket.Chat gives its files to no agent any more.
    with pytest.raises(NotAllowed) as refused:
        await bo.attachment_data(unseen.id, max_bytes=10**6)
    assert refused.value.code == "file-not-permitted"
    assert await bo.attachment_data(seen.id, max_bytes=10**6) == PICTURE


async def test_a_file_the_server_no_longer_has_is_said_so(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    message = await visitor_sends(omnichannel, loopback, bo, rid, "label.pdf", PDF, "application/pdf")
    del omnichannel.files.uploads[server_id(message)]
    with pytest.raises(NotFound) as gone:
        await bo.attachment_data(message.id, max_bytes=10**6)
    assert gone.value.code == "file-missing"


# -- sending -------------------------------------------------------------------------------------

async def test_a_file_the_agent_sends_reaches_the_room_as_a_file_message(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    stream = await bo.events()
    chosen = tmp_path / "return label.pdf"
    chosen.write_bytes(b"%PDF-1.4 return label")
    sent = await bo.send_file(rid, chosen)
    assert sent.attachment is not None and sent.text == ""
    assert (sent.attachment.name, sent.attachment.media_type, sent.attachment.size) == (
        "return label.pdf", "application/pdf", 21)
    [posted] = file_messages(omnichannel, rid)
    assert posted["_id"] == sent.id and posted["u"] == {"_id": bo._principal.id, "username": "bo",
                                                        "name": "Bo Agent"}
    upload = omnichannel.files.uploads[server_id(sent)]
    assert upload.data == b"%PDF-1.4 return label" and not upload.temporary
    await settle(loopback, bo)
    assert [m.id for m in (await bo.messages(rid)).messages].count(sent.id) == 1
    assert [e.message.id for e in drain(stream) if isinstance(e, MessageAdded)] == [sent.id]
    # What this computer sent shows without a download.
    assert await bo.attachment_data(sent.id, max_bytes=1000) == b"%PDF-1.4 return label"
    assert omnichannel.files.downloads == []


async def test_a_picture_sent_shows_as_a_picture(
        desks: Desks, omnichannel: Omnichannel, support: str, tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    chosen = tmp_path / "photo.png"
    chosen.write_bytes(png(300, 200))
    sent = await bo.send_file(rid, chosen)
    assert sent.attachment is not None and sent.attachment.is_image
    assert (sent.attachment.width, sent.attachment.height) == (300, 200)


async def test_limits_refuse_an_oversized_or_forbidden_file_before_sending(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    omnichannel.files.settings.update(FileUpload_MaxFileSize=100,
                                      FileUpload_MediaTypeBlackList="image/svg+xml,application/pdf")
    bo, rid = await serving(desks, omnichannel, support)
    limits = await bo.file_limits()
    assert (limits.max_bytes, limits.blacklist) == (100, "image/svg+xml,application/pdf")
    large = tmp_path / "large.txt"
    large.write_bytes(b"x" * 101)
    with pytest.raises(InvalidInput) as too_large:
        await bo.send_file(rid, large)
    assert too_large.value.code == "error-size-not-allowed" and "100 B" in too_large.value.message
    pdf = tmp_path / "renamed.txt"
    pdf.write_bytes(b"%PDF-1.4 a pdf by its bytes")  # judged by what it is, not its name
    with pytest.raises(InvalidInput) as forbidden:
        await bo.send_file(rid, pdf)
    assert forbidden.value.code == "error-type-not-allowed"
    assert uploads_sent(loopback) == 0 and file_messages(omnichannel, rid) == []
    # The limit itself is accepted.
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"y" * 100)
    assert (await bo.send_file(rid, exact)).attachment is not None


async def test_files_turned_off_on_the_server_are_not_offered_and_answered_offline_too(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    omnichannel.files.settings.update(FileUpload_Enabled=False, Livechat_fileupload_enabled=False,
                                      FileUpload_MaxFileSize=-1)
    bo, rid = await serving(desks, omnichannel, support)
    limits = await bo.file_limits()
    assert not limits.enabled and not limits.visitors_may_send and limits.max_bytes > 10**15
    chosen = tmp_path / "a.txt"
    chosen.write_bytes(b"x")
    with pytest.raises(Refused) as refused:
        await bo.send_file(rid, chosen)
    assert refused.value.code == "error-file-upload-disabled" and uploads_sent(loopback) == 0
    await bo.aclose()
    desks.opened.remove(bo)
    async with loopback.down():
        again = await desks.resume("bo")  # from the cache, the server unreachable
        assert not (await again.file_limits()).enabled


async def test_sending_offline_is_a_clear_offline_and_nothing_waits(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    chosen = tmp_path / "label.pdf"
    chosen.write_bytes(b"%PDF-1.4 label")
    async with loopback.down():
        await offline(bo)
        with pytest.raises(Offline) as refused:
            await bo.send_file(rid, chosen)
        assert "label.pdf was not sent" in refused.value.message
    await asyncio.wait_for(bo.online(), 10)
    await settle(loopback, bo)
    assert uploads_sent(loopback) == 0 and file_messages(omnichannel, rid) == []
    assert await bo.unsent() == {}


async def test_the_servers_refusals_are_said(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    chosen = tmp_path / "label.pdf"
    chosen.write_bytes(b"%PDF-1.4 label")
    # The server's settings changed since this desk read them: the server still says no.
    omnichannel.files.settings["FileUpload_MediaTypeWhiteList"] = "image/*"
    with pytest.raises(InvalidInput) as type_refused:
        await bo.send_file(rid, chosen)
    assert type_refused.value.code == "error-type-not-allowed"
    assert "application/pdf" in type_refused.value.message
    omnichannel.files.settings["FileUpload_Enabled"] = False
    with pytest.raises(Refused) as disabled:
        await bo.send_file(rid, chosen)
    assert disabled.value.code == "error-file-upload-disabled" and "on the server" in disabled.value.message
    omnichannel.files.settings.update(FileUpload_Enabled=True, FileUpload_MediaTypeWhiteList="")
    # Closed on the server while this desk still shows it open: the upload is taken, its message not.
    omnichannel.rooms[rid].pop("open")
    with pytest.raises(NotAllowed):
        await bo.send_file(rid, chosen)
    assert file_messages(omnichannel, rid) == []


async def test_a_lost_confirmation_finds_the_message_and_never_posts_twice(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    chosen = tmp_path / "label.pdf"
    chosen.write_bytes(b"%PDF-1.4 label")
    omnichannel.files.fail_next_confirms_after_posting = 1  # posted, then the answer is a 500
    sent = await bo.send_file(rid, chosen)
    [posted] = file_messages(omnichannel, rid)
    assert posted["_id"] == sent.id
    confirms = [p for m, p in loopback.state.requests if m == "POST" and p.startswith("rooms.mediaConfirm/")]
    assert len(confirms) == 1


async def test_a_lost_confirmation_without_its_message_says_it_may_or_may_not_be_there(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        tmp_path: Path) -> None:
    bo, rid = await serving(desks, omnichannel, support)
    chosen = tmp_path / "label.pdf"
    chosen.write_bytes(b"%PDF-1.4 label")
    loopback.fail("POST rooms.mediaConfirm/:rid/:fileId", status=502)  # a proxy's error: nothing posted
    with pytest.raises(Refused) as unconfirmed:
        await bo.send_file(rid, chosen)
    assert unconfirmed.value.code == "file-send-unconfirmed"
    assert "Send it again only if it does not" in unconfirmed.value.message
    assert file_messages(omnichannel, rid) == []
    confirms = [p for m, p in loopback.state.requests if m == "POST" and p.startswith("rooms.mediaConfirm/")]
    assert len(confirms) == 1  # never sent twice


async def test_a_server_that_will_not_list_its_file_settings_still_syncs(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    # A server before 7.0 refuses settings.public's `_id` filter as an unknown parameter.
    loopback.answer_raw("GET settings.public", '{"success": false, "error": "must NOT have additional '
                        'properties [invalid-params]", "errorType": "invalid-params"}', status=400)
    _rid, inquiry_id = omnichannel.visitor_opens_chat("Hi", department_id=support)
    bo = await desks.sign_in("bo")  # the first sync completes
    assert [i.id for i in await bo.queue()] == [inquiry_id]
    assert await bo.file_limits() == FileLimits()  # Rocket.Chat's defaults: the server still checks
