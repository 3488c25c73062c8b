"""Pictures in a real terminal (tmux): half blocks on screen, and the text after them reads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e.harness import Terminal, overflowing_rows
from tests.render.picture_files import two_tone_png

pytestmark = pytest.mark.e2e

AFTER = "After the picture, the text reads."
ARTICLE = f"""---
title: A walk with a picture
date: 2024-05-01
---
The words before the picture.

![the view from the hill](pics/view.png)

{AFTER}
"""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A terminal closed at the end of the test."""
    made: list[Terminal] = []
    yield made  # type: ignore[misc]
    for each in made:
        each.close()


def _library(tmp_path: Path) -> Path:
    library = tmp_path / "articles"
    two_tone_png(library / "pics" / "view.png", (320, 120))
    (library / "walk.md").write_text(ARTICLE, encoding="utf-8")
    config = Path(os.environ["BROADSHEET_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('images = "blocks"\n', encoding="utf-8")
    return library


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_a_picture_is_drawn_and_the_text_after_it_reads(
    terminal: list[Terminal], tmp_path: Path, size: tuple[int, int]
) -> None:
    width, height = size
    library = _library(tmp_path)
    term = Terminal(tmp_path / "tmux", width=width, height=height)
    terminal.append(term)  # type: ignore[attr-defined]
    term.start([str(library)], cwd=tmp_path)
    term.wait_for("A walk with a picture")
    term.wait_gone("scanning")
    term.send_keys("Enter")
    term.wait_for("▀" * 20)
    screen = term.wait_stable()
    rows = [line for line in term.lines() if "▀" * 20 in line]
    assert len(rows) == 8  # 320x120 pixels: 40 x 7.5 cells
    lines = term.lines()
    caption = next(i for i, line in enumerate(lines) if "▣ Image 1: the view from the hill" in line)
    assert "▀" in lines[caption - 1]
    assert AFTER in screen
    assert "The words before the picture." in screen
    assert not overflowing_rows(screen, width)
    term.send_keys("i")  # pictures off for the session: the placeholder stays
    term.wait_gone("▀" * 20)
    assert "▣ Image 1: the view from the hill" in term.screen()
    term.send_keys("q")
    assert term.exit_status() == 0
