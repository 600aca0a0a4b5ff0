from __future__ import annotations

from pathlib import Path

import pytest

from app.backends.server_address import ServerAddress
from app.cli import GuiOptions, main


def _no_gui(_options: GuiOptions) -> int:
    raise AssertionError("the GUI must not start")


def test_demo_data_builds_into_an_empty_dir_and_refuses_a_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["demo-data", "--data-dir", str(tmp_path), "--contacts", "10", "--messages", "200"]
    assert main(args, _no_gui) == 0
    assert "10 contacts" in capsys.readouterr().out
    before = (tmp_path / "omnidesk.sqlite3").stat().st_size
    assert main(args, _no_gui) == 1
    assert "already holds an organisation" in capsys.readouterr().err
    assert (tmp_path / "omnidesk.sqlite3").stat().st_size == before


def test_the_data_dir_may_come_before_the_command(tmp_path: Path) -> None:
    args = ["--data-dir", str(tmp_path / "before"), "demo-data", "--contacts", "5", "--messages", "50"]
    assert main(args, _no_gui) == 0
    assert (tmp_path / "before" / "omnidesk.sqlite3").exists()


def test_unknown_flag_is_a_clear_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--frobnicate"], _no_gui)
    assert exit_.value.code == 2
    assert "unrecognized arguments: --frobnicate" in capsys.readouterr().err


def test_bad_numbers_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["demo-data", "--contacts", "many"], _no_gui)
    assert "expected a whole number, got 'many'" in capsys.readouterr().err


def test_zero_contacts_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data", "--data-dir", str(tmp_path), "--contacts", "0"], _no_gui) == 1
    assert "--contacts must be at least 1" in capsys.readouterr().err


def test_gui_gets_the_options(tmp_path: Path) -> None:
    seen: list[GuiOptions] = []

    def record(options: GuiOptions) -> int:
        seen.append(options)
        return 0

    assert main(["--data-dir", str(tmp_path), "--as", "ana", "--smoke-test"], record) == 0
    assert main(["--as", "bo"], record) == 0
    assert seen[0] == GuiOptions(tmp_path, "ana", True, data_dir_chosen=True)
    assert seen[1].sign_in_as == "bo" and not seen[1].data_dir_chosen  # the user's data directory


def test_storage_errors_reach_the_user_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["demo-data", "--data-dir", str(blocker)], _no_gui) == 1
    err = capsys.readouterr().err
    assert err.startswith("omnidesk: error: Cannot create the data directory") and "Traceback" not in err


def test_demo_data_defaults_match_the_sample_size() -> None:
    from app.cli import DEFAULT_CONTACTS, DEFAULT_MESSAGES
    from app.demo import SampleSize

    assert (DEFAULT_CONTACTS, DEFAULT_MESSAGES) == (SampleSize().contacts, SampleSize().messages)


def test_version_prints_the_version_and_exits(capsys: pytest.CaptureFixture[str]) -> None:
    from app.appinfo import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"], _no_gui)
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"omnidesk {version()}\n"


def test_server_is_checked_and_given_to_the_gui(tmp_path: Path) -> None:
    seen: list[GuiOptions] = []

    def record(options: GuiOptions) -> int:
        seen.append(options)
        return 0

    assert main(["--server", "chat.example.com/", "--as", "ana"], record) == 0
    assert seen[0].server == ServerAddress("https://chat.example.com") and seen[0].sign_in_as == "ana"
    assert main([], record) == 0
    assert seen[1].server is None  # the embedded desk, as before


def test_plain_http_to_a_server_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--server", "http://chat.example.com"], _no_gui)
    assert exit_.value.code == 2
    assert "signs in to a server over HTTPS only" in capsys.readouterr().err


def test_help_documents_server(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"], _no_gui)
    assert "--server URL" in capsys.readouterr().out
