"""Output that other programs read: plain when piped or with NO_COLOR, quiet when the
reader goes away (``| head``), and JSON that cannot carry terminal escapes."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli.cli_run import run

from broadsheet.cli.output import print_json


class _Terminal(io.StringIO):
    """A stdout that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _search_on_a_terminal(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    terminal = _Terminal()
    # Restored at once: a monkeypatched sys.stdout would be put back after capsys's
    # teardown, leaving a closed stream as stdout for the rest of the session.
    with contextlib.redirect_stdout(terminal):
        run(capsys, "search", "户籍", "-L", str(library_dir))
    return terminal.getvalue()


def test_a_terminal_gets_bold_matches_unless_no_color(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in _search_on_a_terminal(library_dir, monkeypatch, capsys)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _search_on_a_terminal(library_dir, monkeypatch, capsys)
    assert "户籍" in plain and "\x1b" not in plain


def test_piped_output_is_plain(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["list"], ["search", "户籍"], ["categories"], ["doctor"], ["index"]):
        result = run(capsys, *argv, "-L", str(library_dir))
        assert "\x1b" not in result.out + result.err, argv


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head")
def test_piping_into_head_is_quiet(library_dir: Path, tmp_path: Path) -> None:
    for index in range(300):
        (library_dir / f"extra_{index:03}.md").write_text(
            f"---\ntitle: Extra {index}\ndate: 2020-01-01\n---\nbody {index}\n", encoding="utf-8"
        )
    command = f'"{sys.executable}" -m broadsheet list -L "{library_dir}" | head -n 2'
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": ""},
        timeout=60,
        check=False,
    )
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr == ""
    assert done.returncode == 0


def test_json_escapes_controls_and_bidi() -> None:
    stream = io.StringIO()
    print_json({"title": "a\u202eb\u2066c\x9bd\x7fe 中文"}, stream)
    text = stream.getvalue()
    for character in ("\u202e", "\u2066", "\x9b", "\x7f"):
        assert character not in text
    assert "\\u202e" in text and "\\u009b" in text and "中文" in text
    assert json.loads(text)["title"] == "a\u202eb\u2066c\x9bd\x7fe 中文"


def test_hostile_names_and_titles_reach_json_escaped(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library_dir / "evil\u202etxt.md").write_text(
        '---\ntitle: "Evil \\e]52;c;aGk=\\a \\u202e title"\n---\nbody \x1b[2J text\n',
        encoding="utf-8",
    )
    for argv in (["list", "--json"], ["search", "evil", "--json"]):
        result = run(capsys, *argv, "-L", str(library_dir))
        assert result.code == 0, (argv, result.err)
        for character in ("\x1b", "\x07", "\u202e", "\x9b"):
            assert character not in result.out, (argv, character)
    document = run(capsys, "list", "--json", "-L", str(library_dir)).json()
    assert any(a["title"].startswith("Evil") for a in document["articles"])
