"""``broadsheet [DIR]``: arguments, help, and errors before the app starts."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from broadsheet.cli import app_command


def test_help_lists_the_keys(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        app_command.run_root(argparse.ArgumentParser(), ["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--library" in out and "DIR" in out
    for key in ("enter", "/", "find in article", "bookmark", "quit"):
        assert key in out


def test_a_missing_folder_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = app_command.run_root(argparse.ArgumentParser(), [str(tmp_path / "nowhere")])
    assert code == 1
    assert "nowhere" in capsys.readouterr().err


def test_dir_and_library_must_agree(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        app_command.run_root(
            argparse.ArgumentParser(), [str(tmp_path), "--library", str(tmp_path / "x")]
        )
    assert exit_info.value.code == 2
