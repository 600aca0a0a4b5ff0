"""The public settings that limit files, as `settings.public` lists them, and what Omnidesk asks
for them: checked against rest-typings' own schema."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from app.backends.rocketchat.payloads import PayloadError
from app.backends.rocketchat.payloads.files import (
    NO_LIMIT_BYTES,
    SETTINGS,
    file_path,
    read_file_limits,
    read_uploaded_file_id,
    settings_query,
)
from app.domain import FileLimits
from tests.rocketchat import payload_fixtures as fixtures
from tests.rocketchat.schemas import request_schema, validate

ENDPOINT = "settings.public"


def listed(**values: object) -> dict[str, object]:
    return {"settings": [{"_id": name, "value": value} for name, value in values.items()],
            "count": len(values), "offset": 0, "total": len(values), "success": True}


def test_the_query_asks_for_the_file_settings_as_rest_typings_allows() -> None:
    query = settings_query()
    assert set(query["_id"].split(",")) == {
        "FileUpload_Enabled", "FileUpload_MaxFileSize", "FileUpload_MediaTypeWhiteList",
        "FileUpload_MediaTypeBlackList", "Livechat_fileupload_enabled"}
    validate({**query, "count": int(query["count"])}, request_schema(*SETTINGS), what="settings.public")


def test_the_servers_limits_are_read_and_missing_ones_are_rocket_chats_defaults() -> None:
    limits = read_file_limits(listed(FileUpload_Enabled=True, FileUpload_MaxFileSize=2048,
                                     FileUpload_MediaTypeWhiteList="image/*,application/pdf",
                                     Livechat_fileupload_enabled=False, Site_Name="Acme"), endpoint=ENDPOINT)
    assert limits == FileLimits(enabled=True, visitors_may_send=False, max_bytes=2048,
                                whitelist="image/*,application/pdf", blacklist="image/svg+xml")
    assert read_file_limits(listed(), endpoint=ENDPOINT) == FileLimits()


def test_no_size_limit_is_a_size_no_file_reaches() -> None:
    assert read_file_limits(listed(FileUpload_MaxFileSize=-1), endpoint=ENDPOINT).max_bytes == NO_LIMIT_BYTES
    assert read_file_limits(listed(FileUpload_MaxFileSize=0), endpoint=ENDPOINT).max_bytes == 0


def test_a_setting_of_the_wrong_type_names_itself() -> None:
    with pytest.raises(PayloadError) as refused:
        read_file_limits(listed(FileUpload_Enabled="yes"), endpoint=ENDPOINT)
    assert "settings[0].value" in str(refused.value) and ENDPOINT in str(refused.value)


@settings(max_examples=200)
@given(fixtures.JSON)
def test_any_json_reads_as_limits_or_a_payload_error(payload: object) -> None:
    try:
        read_file_limits(payload, endpoint=ENDPOINT)
        read_uploaded_file_id(payload, endpoint="rooms.media/:rid")
    except PayloadError:
        pass


def test_a_file_is_asked_for_by_its_id_with_its_name_escaped() -> None:
    assert file_path("665f0c3a1b2c3d4e5f6a7b8c", "a b/../c.png") == (
        "/file-upload/665f0c3a1b2c3d4e5f6a7b8c/a%20b%2F..%2Fc.png")
