"""Snapshots of the main layout (pytest-textual-snapshot; accept with --snapshot-update).

The library is the fixed test library (fixed dates and titles); animations are off and
no input has the focus, so nothing blinks. Snapshots change with Textual releases,
which is why the test extra pins Textual.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REFERENCE_TITLE
from tests.tui.helpers import Browser, main_screen, settle, wait_until
from textual.pilot import Pilot

from broadsheet.config import Config
from broadsheet.tui.app import make_app

SnapCompare = Callable[..., bool]


def _app(library_dir: Path) -> Any:
    return make_app(library_dir, config=Config(), url_opener=Browser())


async def _open_reference(pilot: Pilot[int]) -> None:
    await settle(pilot)
    screen = main_screen(pilot)
    index = next(i for i, e in enumerate(screen.article_list.entries) if e.title == REFERENCE_TITLE)
    screen.article_list.cursor = index
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_list_layout(snap_compare: SnapCompare, library_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(library_dir), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_reading_layout(
    snap_compare: SnapCompare, library_dir: Path, size: tuple[int, int]
) -> None:
    run_before: Callable[[Pilot[int]], Awaitable[None]] = _open_reference
    assert snap_compare(_app(library_dir), terminal_size=size, run_before=run_before)


def test_picture_layout(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """An article with a local picture, drawn in half blocks (``images = "blocks"``)."""
    from tests.tui.test_tui_pictures import picture_colours, picture_library, picture_lines

    library = picture_library(tmp_path / "lib")
    app = make_app(library, config=Config(images="blocks"), url_opener=Browser())

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.article_list.cursor = 0
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.reader
        await wait_until(pilot, lambda: bool(picture_lines(reader)))
        await wait_until(pilot, lambda: bool(picture_colours(reader, picture_lines(reader)[0])))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
