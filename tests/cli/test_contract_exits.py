"""Exit codes (0 ok, 1 nothing or an error, 2 usage), messages on stderr, ``-L`` before
and after the command, and the log file (README, "Commands")."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from tests.cli.cli_run import run
from tests.conftest import REFERENCE_TITLE

from broadsheet import paths


def test_library_before_or_after_the_command(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run(capsys, "-L", str(library_dir), "list", "--json")
    after = run(capsys, "list", "--json", "-L", str(library_dir))
    long_form = run(capsys, f"--library={library_dir}", "list", "--json")
    assert before.code == after.code == long_form.code == 0
    assert before.out == after.out == long_form.out


def test_no_hits_is_exit_1_with_nothing_on_stderr(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "search", "zzzznotthere", "-L", str(library_dir))
    assert result.code == 1
    assert "Traceback" not in result.err
    empty = run(capsys, "list", "--category", "no/such/category", "-L", str(library_dir))
    assert empty.code == 1


def test_an_invalid_query_is_a_usage_error(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for query in ('"unclosed', "after:yesterday", "sort:size"):
        result = run(capsys, "search", query, "-L", str(library_dir))
        assert result.code == 2, query
        assert result.err.startswith("broadsheet: invalid query"), result.err
        assert result.out == ""


def test_a_missing_library_is_exit_1_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("index", "list", "search", "categories", "doctor"):
        argv = [command, "x"] if command == "search" else [command]
        result = run(capsys, *argv, "-L", str(tmp_path / "nowhere"))
        assert result.code == 1, command
        assert result.out == ""
        assert result.err.startswith("broadsheet: ") and "nowhere" in result.err


def test_usage_errors_are_exit_2(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["list", "--sort", "size", "-L", str(library_dir)],
        ["list", "--limit", "many", "-L", str(library_dir)],
        ["search"],
        ["list", "--no-such-option"],
    ):
        result = run(capsys, *argv)
        assert result.code == 2, argv
        assert "usage:" in result.err
        assert result.out == ""


def test_help_and_version_are_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["--version"], ["search", "--help"], ["show", "--help"]):
        result = run(capsys, *argv)
        assert result.code == 0, argv
        assert result.out and result.err == ""


def test_show_by_title_and_a_missing_article(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = run(capsys, "show", REFERENCE_TITLE, "--plain", "-L", str(library_dir))
    assert shown.code == 0, shown.err
    assert REFERENCE_TITLE in shown.out and "\x1b" not in shown.out
    missing = run(capsys, "show", "no such article at all", "-L", str(library_dir))
    assert missing.code == 1
    assert missing.err.startswith("broadsheet: ") and missing.out == ""


def test_errors_reach_the_log_file_and_debug_adds_detail(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = logging.getLogger("broadsheet.test")
    run(capsys, "--debug", "config")
    log.debug("a debug record")
    log.warning("a warning record")
    text = paths.log_file().read_text(encoding="utf-8")
    assert "a debug record" in text and "a warning record" in text
    run(capsys, "config")  # without --debug: debug records are left out
    log.debug("a second debug record")
    log.warning("a second warning")
    text = paths.log_file().read_text(encoding="utf-8")
    assert "a second debug record" not in text and "a second warning" in text


def test_debug_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BROADSHEET_DEBUG", "1")
    run(capsys, "config", "--path")
    logging.getLogger("broadsheet.test").debug("from the environment")
    assert "from the environment" in paths.log_file().read_text(encoding="utf-8")


def test_a_home_that_cannot_be_found_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Path.expanduser raises RuntimeError for ~user with no such user (found by a probe).
    monkeypatch.chdir(tmp_path)  # no ./articles here to be chosen first
    unknown = "~no-such-user-here/articles"
    result = run(capsys, "-L", unknown, "list")
    assert result.code == 1 and "Traceback" not in result.err
    assert unknown in result.err and "does not exist" in result.err
    monkeypatch.setenv("BROADSHEET_LIBRARY", unknown)
    assert run(capsys, "list").code == 1
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'library = "{unknown}"\n', encoding="utf-8")
    shown = run(capsys, "config")
    assert shown.code == 0 and "Traceback" not in shown.err


def test_index_says_when_it_checks_every_page_and_counts_that_time(
    library_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # After another process wrote the index, `index` read every page for seconds with
    # nothing said, and its time left that out (12-15 s said as 2-3 s; a walk-through).
    import time

    from broadsheet.cli import opening
    from broadsheet.library.library import Library

    assert run(capsys, "index", "-L", str(library_dir)).code == 0
    check = Library.check

    def slow_check(self: Library, *args: object, **kwargs: object) -> object:
        time.sleep(0.4)
        return check(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "check", slow_check)
    monkeypatch.setattr(opening, "SLOW_CHECK", 0.1)
    monkeypatch.setattr(opening.sys.stderr, "isatty", lambda: True, raising=False)
    result = run(capsys, "index", "--json", "-L", str(library_dir))
    assert result.code == 0
    assert result.json()["seconds"] >= 0.4
    assert "checking every page of the index" in result.err


def test_a_locked_reading_state_fails_filters_rather_than_answering_wrongly(
    library_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holding the state file: which articles are read or bookmarked is
    unknown, so ``--bookmarked`` says so (it printed nothing, as if none were) and
    ``--unread`` does not list every article as unread; JSON says null."""
    import sqlite3

    from broadsheet.library import state as state_module

    assert run(capsys, "list", "--unread", "-L", str(library_dir)).code == 0  # the state exists
    monkeypatch.setattr(state_module, "BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(paths.state_file(), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for argv in (["list", "--bookmarked"], ["list", "--unread"], ["search", "is:unread"]):
            result = run(capsys, *argv, "-L", str(library_dir))
            assert result.code == 1, argv
            assert result.out == "", argv
            assert result.err.count("\n") == 1, result.err
            assert "cannot tell which articles are" in result.err, result.err
            assert "database is locked" in result.err
        listed = run(capsys, "list", "--json", "-L", str(library_dir))
        assert listed.code == 0
        assert {(a["read"], a["bookmarked"]) for a in listed.json()["articles"]} == {(None, None)}
        assert "cannot be used right now" in listed.err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run(capsys, "list", "--unread", "-L", str(library_dir)).code == 0
