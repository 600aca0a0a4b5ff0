"""Files over the REST link: a download signed with headers (never a token in the address), a
redirect to a storage address followed without Omnidesk's credentials, uploads as multipart that
are sent whole again when a 429 is waited out; and the cache folder that keeps what was read."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.backends.rocketchat.file_cache import FileCache
from app.backends.rocketchat.payloads.file_ids import server_file_id, stored_file_id
from app.backends.rocketchat.rest import RestAuth, RestClient
from app.backends.rocketchat.wire import ServerRefused
from app.errors import Offline
from app.store.files import FileTooLarge
from tests.rocketchat.loopback.fakes import FakeTime

SERVER = "https://chat.example.com"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def seen() -> list[httpx.Request]:
    return []


def client_answering(handler: Handler, seen: list[httpx.Request], fake_time: FakeTime) -> RestClient:
    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = RestClient(SERVER, timing=fake_time.timing(), transport=httpx.MockTransport(record))
    client.sign_with(RestAuth("uid1", "secret-token"))
    return client


async def read_all(chunks: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in chunks])


async def test_a_download_is_signed_in_headers_never_in_its_address(
        seen: list[httpx.Request], fake_time: FakeTime) -> None:
    rest = client_answering(lambda request: httpx.Response(200, content=b"picture bytes"), seen, fake_time)
    assert await read_all(rest.file_chunks("/file-upload/abc/photo.png")) == b"picture bytes"
    [request] = seen
    assert str(request.url) == f"{SERVER}/file-upload/abc/photo.png"
    assert (request.headers["X-User-Id"], request.headers["X-Auth-Token"]) == ("uid1", "secret-token")
    assert "secret-token" not in str(request.url)
    await rest.aclose()


async def test_a_redirect_to_storage_is_followed_without_credentials(
        seen: list[httpx.Request], fake_time: FakeTime) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "chat.example.com":
            return httpx.Response(302, headers={"Location": "https://bucket.s3.example.com/f?X-Amz-Signature=s"})
        return httpx.Response(200, content=b"from storage")

    rest = client_answering(handler, seen, fake_time)
    assert await read_all(rest.file_chunks("/file-upload/abc/photo.png")) == b"from storage"
    assert [r.url.host for r in seen] == ["chat.example.com", "bucket.s3.example.com"]
    assert "X-Auth-Token" not in seen[1].headers and "X-User-Id" not in seen[1].headers
    await rest.aclose()


async def test_a_redirect_to_an_unencrypted_address_elsewhere_is_not_followed(
        seen: list[httpx.Request], fake_time: FakeTime) -> None:
    rest = client_answering(lambda request: httpx.Response(302, headers={"Location": "http://cdn.example.com/f"}),
                            seen, fake_time)
    with pytest.raises(ServerRefused) as refused:
        await read_all(rest.file_chunks("/file-upload/abc/photo.png"))
    assert refused.value.error_id == "insecure-redirect" and len(seen) == 1
    await rest.aclose()


@pytest.mark.parametrize("status", [403, 404])
async def test_a_refused_or_missing_file_is_a_refusal_with_its_status(
        status: int, seen: list[httpx.Request], fake_time: FakeTime) -> None:
    rest = client_answering(lambda request: httpx.Response(status), seen, fake_time)
    with pytest.raises(ServerRefused) as refused:
        await read_all(rest.file_chunks("/file-upload/abc/photo.png"))
    assert (refused.value.error_id, refused.value.status) == (f"http-{status}", status)
    await rest.aclose()


async def test_an_unreachable_server_is_offline(seen: list[httpx.Request], fake_time: FakeTime) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    rest = client_answering(handler, seen, fake_time)
    with pytest.raises(Offline):
        await read_all(rest.file_chunks("/file-upload/abc/photo.png"))
    await rest.aclose()


async def test_an_upload_is_multipart_and_sent_whole_again_after_a_429(
        seen: list[httpx.Request], fake_time: FakeTime, tmp_path: Path) -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "2"}, json={"success": False}),
                    httpx.Response(200, json={"file": {"_id": "f1", "url": "/file-upload/f1/a.pdf"},
                                              "success": True})])
    rest = client_answering(lambda request: next(answers), seen, fake_time)
    chosen = tmp_path / "a.pdf"
    chosen.write_bytes(b"%PDF-1.4 the whole file")
    with chosen.open("rb") as stream:
        answer = await rest.post_file("rooms.media/r1", field_name="file", name="a.pdf",
                                      media_type="application/pdf", stream=stream, route="rooms.media/:rid")
    assert answer["file"]["_id"] == "f1"
    assert len(seen) == 2
    for request in seen:
        body = request.read()
        assert request.headers["Content-Type"].startswith("multipart/form-data")
        assert b'name="file"; filename="a.pdf"' in body and b"Content-Type: application/pdf" in body
        assert b"%PDF-1.4 the whole file" in body
    await rest.aclose()


# -- the folder that keeps what was read ---------------------------------------------------------

def kept(cache: FileCache, file_id: str, data: bytes) -> bool:
    return cache.keep_bytes(file_id, data)


def test_the_cache_keeps_what_was_read_within_its_bound_least_recently_used_first(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "c.files", capacity=800)
    for age, name in enumerate(["one", "two", "three", "four"], start=1):
        assert kept(cache, name, name.encode().ljust(200, b"."))
        os.utime(cache._path(name), (age, age))  # "one" used longest ago...
    assert cache.read("one", 1000) == b"one".ljust(200, b".")  # ...until read now
    assert kept(cache, "five", b"5" * 200)  # past the bound: the least recently used goes
    assert [cache.has(n) for n in ("one", "two", "three", "four", "five")] == [True, False, True, True, True]
    assert cache.size() == 800


def test_the_cache_never_keeps_a_file_larger_than_a_quarter_of_it(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "c.files", capacity=1000)
    assert not kept(cache, "big", b"x" * 251) and not cache.has("big")
    incoming = tmp_path / "c.files" / "incoming"
    assert not incoming.exists() or not list(incoming.iterdir())  # nothing left behind


def test_a_kept_file_is_read_within_a_bound_and_saved_whole(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "c.files")
    assert cache.read("missing", 10) is None
    kept(cache, "f", b"0123456789")
    with pytest.raises(FileTooLarge):
        cache.read("f", 9)
    assert cache.copy_out("f", tmp_path / "out.bin") and (tmp_path / "out.bin").read_bytes() == b"0123456789"
    assert not cache.copy_out("missing", tmp_path / "none.bin") and not (tmp_path / "none.bin").exists()
    # Named by a hash of the id: nothing the server sends becomes part of a path.
    kept(cache, "../../escape", b"x")
    assert all(path.resolve().is_relative_to((tmp_path / "c.files").resolve())
               for path in (tmp_path / "c.files").rglob("*"))


def test_the_cache_folder_sits_beside_the_cache_file(tmp_path: Path) -> None:
    assert FileCache.beside(tmp_path / "chat.example.com-bo-1a2b.sqlite3").root == (
        tmp_path / "chat.example.com-bo-1a2b.files")


# -- file ids as the store keeps them ------------------------------------------------------------

_RANDOM_ID = st.text("23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz", min_size=17, max_size=17)
_OBJECT_ID = st.text("0123456789abcdef", min_size=24, max_size=24)
_OTHER_ID = st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-",
                    min_size=1, max_size=20)


@given(st.one_of(_RANDOM_ID, _OBJECT_ID, _OTHER_ID))
def test_a_file_id_is_kept_as_32_hex_digits_and_read_back_the_same(file_id: str) -> None:
    stored = stored_file_id(file_id)
    assert stored is not None and len(stored) == 32 and all(c in "0123456789abcdef" for c in stored)
    assert server_file_id(stored) == file_id


@given(st.lists(st.one_of(_RANDOM_ID, _OBJECT_ID, _OTHER_ID), min_size=2, max_size=2, unique=True))
def test_two_file_ids_are_never_kept_alike(ids: list[str]) -> None:
    assert stored_file_id(ids[0]) != stored_file_id(ids[1])


def test_an_id_that_cannot_be_kept_so_is_said() -> None:
    assert stored_file_id("a/b") is None and stored_file_id("x" * 21) is None and stored_file_id("") is None
    with pytest.raises(ValueError):
        server_file_id("not stored")


def test_a_cache_that_cannot_be_written_keeps_nothing_and_says_so_in_the_log(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "blocked.files"
    blocked.write_bytes(b"a file where the folder should be")
    cache = FileCache(blocked)
    assert not cache.keep_bytes("f", b"data") and not cache.has("f")
    assert "could not be kept" in caplog.text
