"""The article list: moving, opening, marks, and CJK-correct rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from rich.cells import cell_len
from tests.conftest import LIBRARY_TITLES, LONG_TITLE, REFERENCE_TITLE
from tests.tui.helpers import (
    NARROW,
    WIDE,
    AppFactory,
    main_screen,
    settle,
    type_text,
    wait_for_search,
    wait_until,
)
from textual.pilot import Pilot

from broadsheet.library.listing import Listing
from broadsheet.library.results import Entry
from broadsheet.tui import list_filter
from broadsheet.tui.widgets.article_list import UNREAD_MARK, ArticleList
from broadsheet.tui.widgets.breadcrumb import Breadcrumb


def _row_text(article_list: ArticleList, y: int) -> str:
    return "".join(segment.text for segment in article_list.render_line(y))


async def _ready(pilot: Pilot[int]) -> ArticleList:
    await settle(pilot)
    return main_screen(pilot).article_list


async def test_keys_move_the_cursor(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        article_list = await _ready(pilot)
        assert article_list.cursor == 0
        await pilot.press("j", "j", "down")
        assert article_list.cursor == 3
        await pilot.press("k", "up")
        assert article_list.cursor == 1
        await pilot.press("G")
        assert article_list.cursor == article_list.row_count - 1
        await pilot.press("g")
        assert article_list.cursor == 0
        await pilot.press("end")
        assert article_list.cursor == article_list.row_count - 1
        await pilot.press("home", "pagedown")
        assert article_list.cursor == article_list.row_count - 1  # a page is more than 7 rows
        await pilot.press("pageup")
        assert article_list.cursor == 0


async def test_enter_opens_and_marks_read(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        article_list = await _ready(pilot)
        entry = article_list.highlighted_entry
        assert entry is not None
        assert _row_text(article_list, 0).startswith(UNREAD_MARK)
        await pilot.press("enter")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.reader.article_id == entry.id
        assert app.focused is screen.reader
        assert app.state.is_read(entry.id)
        assert not _row_text(article_list, 0).startswith(UNREAD_MARK)


async def test_click_highlights_and_second_click_opens(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        article_list = await _ready(pilot)
        await pilot.click(ArticleList, offset=(5, 2))
        assert article_list.cursor == 2
        assert main_screen(pilot).reader.article_id is None
        await pilot.click(ArticleList, offset=(5, 2))
        await settle(pilot)
        assert main_screen(pilot).reader.article_id == article_list.entries[2].id


async def test_chinese_titles_are_cut_by_cells_and_columns_align(make: AppFactory) -> None:
    for size in (NARROW, WIDE, (200, 60)):
        app = make()
        async with app.run_test(size=size) as pilot:
            article_list = await _ready(pilot)
            width = article_list.scrollable_content_region.width
            rows = [_row_text(article_list, y) for y in range(article_list.row_count)]
            for row in rows:
                assert cell_len(row) == width
            pairs = list(zip(rows, article_list.entries, strict=True))
            long_row = next(row for row, entry in pairs if entry.title == LONG_TITLE)
            assert "…" in long_row and LONG_TITLE not in long_row
            if width >= 40:
                # The date column ends each row at the same cell, whatever the title's script.
                ends = {
                    cell_len(row[: row.rindex(entry.date.strftime("%Y-%m-%d")) + 10])
                    for row, entry in pairs
                    if entry.date is not None
                }
                assert len(ends) == 1


async def test_rows_show_author_and_category_when_wide(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=(200, 40)) as pilot:
        article_list = await _ready(pilot)
        index = next(i for i, e in enumerate(article_list.entries) if e.title == REFERENCE_TITLE)
        row = _row_text(article_list, index)
        assert row.startswith(f"● {REFERENCE_TITLE[:12]}")
        assert "新媒体/趣头条/" in row
        assert "趣头条" in row and "2021-11-24" in row


async def test_the_whole_library_is_listed_without_reading_every_row(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=(120, 7)) as pilot:
        article_list = await _ready(pilot)
        entries = article_list.entries
        assert isinstance(entries, Listing)
        assert article_list.row_count == len(LIBRARY_TITLES) and not article_list.more
        assert "7 articles" in main_screen(pilot).query_one(Breadcrumb).as_text().plain
        await pilot.press("G")
        await settle(pilot)
        assert article_list.cursor == article_list.row_count - 1


def _record_lists_shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Each list the article list is given, as (rows, partial), in order."""
    shown: list[tuple[int, bool]] = []
    show = ArticleList.show_entries

    def recording(self: ArticleList, entries: Sequence[Entry], **options: Any) -> None:
        assert isinstance(entries, Listing)
        shown.append((len(entries), entries.partial))
        show(self, entries, **options)

    monkeypatch.setattr(ArticleList, "show_entries", recording)
    return shown


async def test_a_long_list_shows_its_first_rows_then_all_of_them(
    make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys not at hand: the first rows are read and shown, the rest follow by themselves,
    and the cursor moved meanwhile stays on its article."""
    # Six rows first: more than a screenful above the end, so the list does not ask.
    monkeypatch.setattr(list_filter, "FIRST_ROWS", 6)
    shown = _record_lists_shown(monkeypatch)
    app = make()
    async with app.run_test(size=(120, 7)) as pilot:
        article_list = await _ready(pilot)
        await wait_until(pilot, lambda: article_list.row_count == len(LIBRARY_TITLES))
        filled = [(rows, partial) for rows, partial in shown if rows]  # not the empty start
        assert filled[:2] == [(6, True), (len(LIBRARY_TITLES), False)]
        assert not article_list.more
        assert "7 articles" in main_screen(pilot).query_one(Breadcrumb).as_text().plain
        await pilot.press("j", "j")
        chosen = article_list.highlighted_entry
        screen = main_screen(pilot)
        screen.choose_category(())  # the same list again: its keys are now at hand
        await settle(pilot)
        assert shown[-1] == (len(LIBRARY_TITLES), False)
        assert article_list.highlighted_entry == chosen


async def test_a_category_is_read_whole_first_only_to_keep_an_article_it_holds(
    make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Switching category with the cursor on an article: when the new category holds it
    below its first rows, the whole list comes first and the cursor stays on it; when it
    does not hold it, the first rows come first (a big category is not read whole)."""
    monkeypatch.setattr(list_filter, "FIRST_ROWS", 1)
    shown = _record_lists_shown(monkeypatch)
    app = make()
    async with app.run_test(size=(120, 30)) as pilot:
        article_list = await _ready(pilot)
        await wait_until(pilot, lambda: article_list.row_count == len(LIBRARY_TITLES))
        screen = main_screen(pilot)
        library = screen.library
        tech = [entry.id for entry in library.entries(category=("Tech",), limit=100)]
        assert 1 < len(tech) < len(LIBRARY_TITLES)
        article_list.focus()

        async def switch_with_cursor_on(wanted: Callable[[Entry], bool]) -> None:
            screen.choose_category(())
            await wait_until(pilot, lambda: article_list.row_count == len(LIBRARY_TITLES))
            article_list.focus()
            await pilot.press("g")
            while not wanted(article_list.highlighted_entry):
                await pilot.press("j")
            library._keys.forget()  # Tech's keys are not at hand
            shown.clear()
            screen.choose_category(("Tech",))
            await settle(pilot)

        await switch_with_cursor_on(lambda entry: entry.id not in tech)
        assert shown[:2] == [(1, True), (len(tech), False)]
        await switch_with_cursor_on(lambda entry: entry.id == tech[-1])  # below the first row
        assert shown[0] == (len(tech), False)
        assert article_list.highlighted_entry.id == tech[-1]


async def test_the_article_read_last_is_found_below_the_first_rows(
    make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(list_filter, "FIRST_ROWS", 2)
    app = make()
    async with app.run_test(size=NARROW) as pilot:
        article_list = await _ready(pilot)
        await wait_until(pilot, lambda: article_list.row_count == len(LIBRARY_TITLES))
        await pilot.press("G", "enter")
        await settle(pilot)
        last = main_screen(pilot).reader.article_id
        assert last is not None
    again = make()
    async with again.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert main_screen(pilot).highlighted_id() == last
        assert main_screen(pilot).article_list.row_count == len(LIBRARY_TITLES)


async def test_search_hits_come_a_page_first_then_the_rest(
    make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first page of two hits: a screenful of the list is more than that, so the list
    # asks for the rest at once and ends up with every hit.
    monkeypatch.setattr(list_filter, "FIRST_HITS", 2)
    app = make()
    async with app.run_test(size=(120, 9)) as pilot:
        article_list = await _ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "after:1990")
        await wait_for_search(pilot, "after:1990")
        await wait_until(pilot, lambda: not article_list.more)
        dated = len(LIBRARY_TITLES) - 1  # one article has no date
        assert article_list.row_count == dated
        assert article_list.hits is not None and len(article_list.hits) == dated
