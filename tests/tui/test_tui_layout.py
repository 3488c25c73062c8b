"""Start-up, the three panes, the narrow one-pane layout and moving between panes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rich.cells import cell_len
from tests.conftest import LIBRARY_TITLES, REFERENCE_TITLE
from tests.tui.helpers import NARROW, WIDE, AppFactory, main_screen, screen_text, settle

from broadsheet.library.library import Library
from broadsheet.tui.widgets.article_list import ArticleList
from broadsheet.tui.widgets.breadcrumb import Breadcrumb
from broadsheet.tui.widgets.category_tree import CategoryTree
from broadsheet.tui.widgets.reader_view import ReaderView


def _warm_index(root: Path) -> None:
    library = Library(root)
    library.refresh()
    library.close()


async def test_start_fills_the_list_from_the_cached_index(
    make: AppFactory, library_dir: Path
) -> None:
    _warm_index(library_dir)
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await app.filled.wait()
        # Filled from the index before (or whether or not) the rescan finished.
        assert main_screen(pilot).article_list.row_count == len(LIBRARY_TITLES)
        await settle(pilot)
        assert app.scanned.is_set()
        assert app.last_scan is not None and app.last_scan.indexed == len(LIBRARY_TITLES)
        text = screen_text(pilot)
        assert REFERENCE_TITLE[:8] in text
        assert "7 articles" in text


async def test_first_start_scans_and_shows_everything(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.article_list.row_count == len(LIBRARY_TITLES)
        titles = {entry.title for entry in screen.article_list.entries}
        assert titles == set(LIBRARY_TITLES)
        # Newest first.
        dates = [e.date for e in screen.article_list.entries if e.date is not None]
        assert dates == sorted(dates, reverse=True)


async def test_first_scan_of_a_large_folder_uses_worker_processes(
    make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Worker processes are started from inside the app (whose stderr is Textual's
    # capture object): the scan must still run, and finish.
    from broadsheet.library import ingest

    monkeypatch.setattr(ingest, "PARALLEL_MIN_FILES", 2)
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await asyncio.wait_for(app.scanned.wait(), timeout=60)
        await settle(pilot)
        assert app.last_scan is not None and app.last_scan.added == len(LIBRARY_TITLES)
        assert main_screen(pilot).article_list.row_count == len(LIBRARY_TITLES)


async def test_rescan_adds_new_files_and_keeps_the_selection(
    make: AppFactory, library_dir: Path
) -> None:
    _warm_index(library_dir)
    (library_dir / "new.md").write_text(
        "---\ntitle: A brand new article\ndate: 2026-01-01\n---\nFresh.\n", encoding="utf-8"
    )
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await app.filled.wait()
        await pilot.pause()
        screen = main_screen(pilot)
        screen.article_list.cursor = 3
        chosen = screen.article_list.highlighted_entry
        assert chosen is not None
        await settle(pilot)
        assert screen.article_list.row_count == len(LIBRARY_TITLES) + 1
        assert "A brand new article" in {e.title for e in screen.article_list.entries}
        assert screen.article_list.highlighted_entry == chosen or (
            screen.article_list.highlighted_entry is not None
            and screen.article_list.highlighted_entry.id == chosen.id
        )


async def test_wide_layout_shows_three_panes_header_and_footer(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        for widget in (CategoryTree, ArticleList, ReaderView):
            assert screen.query_one(widget).display
            assert screen.query_one(widget).region.width > 10
        text = screen_text(pilot)
        assert "broadsheet" in text.splitlines()[0]  # the title bar
        footer = text.splitlines()[-1]
        assert "Search" in footer and "Quit" in footer
        assert "All articles" in text  # the category tree's root


async def test_narrow_layout_shows_one_pane_and_walks_back(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        tree, article_list, reader = (
            screen.query_one(CategoryTree),
            screen.article_list,
            screen.reader,
        )
        assert article_list.region.width == NARROW[0] - 1 or article_list.region.width >= 70
        assert not tree.region and not reader.region  # hidden panes take no space
        await pilot.press("enter")
        await settle(pilot)
        assert reader.article_id is not None
        assert reader.region.width >= 70 and not article_list.region
        await pilot.press("escape")
        await pilot.pause()
        assert article_list.region and not reader.region
        assert app.focused is article_list
        await pilot.press("backspace")
        await pilot.pause()
        assert tree.region and not article_list.region
        assert app.focused is tree


async def test_tab_cycles_the_panes(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert app.focused is screen.article_list
        await pilot.press("tab")
        assert app.focused is screen.reader
        await pilot.press("tab")
        assert app.focused is screen.query_one(CategoryTree)
        await pilot.press("shift+tab")
        assert app.focused is screen.reader
        await pilot.press("c")
        assert app.focused is screen.query_one(CategoryTree)


async def test_tab_skips_the_reader_until_an_article_is_open(make: AppFactory) -> None:
    # On a narrow screen the reader would fill it with its placeholder alone.
    app = make()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.reading is None
        await pilot.press("tab")
        assert app.focused is screen.query_one(CategoryTree)
        await pilot.press("shift+tab")
        assert app.focused is screen.article_list
        await pilot.press("shift+tab")
        assert app.focused is screen.query_one(CategoryTree)
        await pilot.press("tab", "enter")  # back on the list, then open an article
        await settle(pilot)
        assert screen.reading is not None and app.focused is screen.reader
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused is screen.reader


async def test_every_row_fits_its_cells_at_every_size(make: AppFactory) -> None:
    for size in (NARROW, WIDE, (200, 60)):
        app = make()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for line in screen_text(pilot).splitlines():
                assert cell_len(line) == size[0], line


async def test_breadcrumb_counts_the_list(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        crumb = main_screen(pilot).query_one(Breadcrumb)
        assert crumb.as_text().plain.startswith("All")
        assert "7 articles" in crumb.as_text().plain
