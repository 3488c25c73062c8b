"""In a real terminal: back and forward across a link between two articles, and the editor
hand-off (a fake editor that edits the file of a copy of a library)."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import REFERENCE_ARTICLE, REFERENCE_TITLE
from tests.e2e.harness import Terminal

pytestmark = pytest.mark.e2e

FIRST = """---
title: A post with a link
date: 2030-01-01
---
The next one is [the reference article](ref.md), one of the library.
"""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A 120x36 terminal, closed at the end."""
    made = Terminal(tmp_path / "tmux", width=120, height=36)
    yield made
    made.close()


def _library(tmp_path: Path) -> Path:
    library = tmp_path / "articles"
    library.mkdir()
    shutil.copyfile(REFERENCE_ARTICLE, library / "ref.md")
    (library / "first.md").write_text(FIRST, encoding="utf-8")
    return library


def test_back_and_forward_across_an_internal_link(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start([str(_library(tmp_path))], cwd=tmp_path)
    terminal.wait_for("A post with a link")
    terminal.wait_gone("scanning")
    terminal.send_keys("g", "Enter")  # the newest: the post with the link
    terminal.wait_for("one of the library")
    terminal.send_keys("1")
    terminal.wait_for("刘彩霞")  # the reference article, in the reader
    terminal.send_keys("H")
    terminal.wait_for("one of the library")
    terminal.send_keys("L")
    terminal.wait_for("刘彩霞")
    assert REFERENCE_TITLE in terminal.screen()
    terminal.send_keys("q")
    assert terminal.exit_status() == 0


def test_the_editor_hand_off(terminal: Terminal, tmp_path: Path) -> None:
    library = _library(tmp_path)
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "\\nAdded by the editor.\\n" >> "$1"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    terminal.start([str(library)], cwd=tmp_path, env={"VISUAL": str(editor)})
    terminal.wait_for("A post with a link")
    terminal.wait_gone("scanning")
    terminal.send_keys("g", "Enter")
    terminal.wait_for("one of the library")
    terminal.send_keys("e")
    terminal.wait_for("Added by the editor.")  # back in the reader, the file read again
    assert "Added by the editor." in (library / "first.md").read_text(encoding="utf-8")
    terminal.send_keys("q")
    assert terminal.exit_status() == 0
