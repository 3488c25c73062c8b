"""The reader started while another process rebuilds the index says so, then fills in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import EN_RUST_TITLE, LIBRARY_TITLES
from tests.reliability.rebuilder import rebuilding
from tests.tui.helpers import WIDE, AppFactory, main_screen, screen_text, type_text
from textual.pilot import Pilot

from broadsheet.library.library import Library
from broadsheet.tui.app import BroadsheetApp


async def wait_until(pilot: Pilot[int], condition: Callable[[], bool], timeout: float = 10) -> None:
    """Let the app run until ``condition()`` holds (not waiting on workers: one waits)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never reached the expected state")


async def test_the_list_says_another_process_rebuilds_the_index_then_fills_in(
    make: AppFactory, library_dir: Path
) -> None:
    Library(library_dir).close()
    with rebuilding(library_dir) as other:
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            screen = main_screen(pilot)
            notice = f"The index is being rebuilt by another process (pid {other.pid})"
            await wait_until(pilot, lambda: notice in screen.article_list.empty_text)
            await wait_until(pilot, lambda: "index busy" in screen_text(pilot))
            assert not screen.article_list.entries
            assert "No articles" not in screen_text(pilot)
            other.finish()
            await wait_until(pilot, lambda: len(screen.article_list.entries) == len(LIBRARY_TITLES))
            assert isinstance(app, BroadsheetApp)
            await wait_until(pilot, app.scanned.is_set)
            assert "index busy" not in screen_text(pilot)
            # The tree counted while the index was wiped; its recount may follow the walk.
            total = f"All articles {len(LIBRARY_TITLES)}"
            await wait_until(pilot, lambda: total in screen_text(pilot))


async def test_a_search_while_another_process_rebuilds_says_so_then_finds(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(pilot)
        assert isinstance(app, BroadsheetApp)
        await wait_until(pilot, app.scanned.is_set)
        with rebuilding(library_dir) as other:
            await pilot.press("slash")
            await type_text(pilot, "Rust")
            notice = f"The index is being rebuilt by another process (pid {other.pid})"
            await wait_until(pilot, lambda: notice in screen.article_list.empty_text)
            assert "No articles match" not in screen_text(pilot)
            other.finish()
            await wait_until(pilot, lambda: len(screen.article_list.entries) == 1)
            assert screen.article_list.entries[0].title == EN_RUST_TITLE
