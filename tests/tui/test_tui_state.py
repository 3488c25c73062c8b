"""Remembered state: read marks, positions, bookmarks, the last article and filter."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EN_RUST_TITLE, REFERENCE_TITLE, ZH_TECH_TITLE
from tests.tui.helpers import (
    WIDE,
    AppFactory,
    main_screen,
    settle,
    type_text,
    wait_for_search,
)
from textual.pilot import Pilot

from broadsheet.library.state import ReadingState
from broadsheet.tui.screens.picker import PickerScreen
from broadsheet.tui.widgets.article_list import BOOKMARK_MARK, UNREAD_MARK
from broadsheet.tui.widgets.search_bar import SearchBar


async def _select(pilot: Pilot[int], title: str) -> str:
    screen = main_screen(pilot)
    index = next(i for i, e in enumerate(screen.article_list.entries) if e.title == title)
    screen.article_list.cursor = index
    screen.article_list.focus()
    await pilot.pause()
    return screen.article_list.entries[index].id


def _row(pilot: Pilot[int], article_id: str) -> str:
    article_list = main_screen(pilot).article_list
    index = article_list.index_of(article_id)
    assert index is not None
    return "".join(s.text for s in article_list.render_line(index * article_list.row_height))


async def test_m_toggles_read(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article_id = await _select(pilot, ZH_TECH_TITLE)
        assert _row(pilot, article_id).startswith(UNREAD_MARK)
        await pilot.press("m")
        assert app.state.is_read(article_id)
        assert not _row(pilot, article_id).startswith(UNREAD_MARK)
        await pilot.press("m")
        assert not app.state.is_read(article_id)
        assert _row(pilot, article_id).startswith(UNREAD_MARK)


async def test_bookmarks_toggle_and_list(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article_id = await _select(pilot, EN_RUST_TITLE)
        await pilot.press("B")
        assert app.state.is_bookmarked(article_id)
        assert _row(pilot, article_id).startswith(BOOKMARK_MARK)
        await pilot.press("apostrophe")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert [str(label).startswith(EN_RUST_TITLE) for label, _ in picker.choices] == [True]
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(pilot).reader.article_id == article_id
        await pilot.press("B")  # from the reader: the open article
        assert not app.state.is_bookmarked(article_id)


async def test_empty_bookmarks_say_so(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("apostrophe")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and not app.screen.choices
        await pilot.press("escape")
        assert not isinstance(app.screen, PickerScreen)


async def test_position_filter_and_article_survive_a_restart(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main_screen(pilot).choose_category(("Tech",))
        await settle(pilot)
        article_id = await _select(pilot, EN_RUST_TITLE)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space", "space")
        reader = main_screen(pilot).reader
        top = reader.scroll_y
        assert top > 0
        offset = reader.reading_offset()
        await pilot.press("q")
    assert app.return_code == 0
    state = ReadingState(library_dir)
    assert state.position(article_id) == offset
    assert state.get("last_article") == article_id
    state.close()

    again = make()
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.filter.category == ("Tech",)
        assert screen.article_list.row_count == 2
        entry = screen.article_list.highlighted_entry
        assert entry is not None and entry.id == article_id
        assert not _row(pilot, article_id).startswith(UNREAD_MARK)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.scroll_y == top


async def test_last_search_is_restored(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "户籍")
        screen = main_screen(pilot)
        await wait_for_search(pilot, "户籍")
        await pilot.press("down")
        await pilot.press("q")

    again = make()
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.filter.query == "户籍"
        assert screen.query_one(SearchBar).value == "户籍"
        assert screen.article_list.hits is not None
        assert REFERENCE_TITLE in {e.title for e in screen.article_list.entries}


async def test_the_last_article_renamed_while_closed_is_back_under_its_new_name(
    make: AppFactory, library_dir: Path
) -> None:
    # It said "cannot read ...: it vanished" at start-up (found in a walk-through).
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _select(pilot, REFERENCE_TITLE)
        await pilot.press("enter")
        await settle(pilot)
        path = main_screen(pilot).reader.article.path
    renamed = path.with_name("renamed-while-closed.md")
    path.rename(renamed)
    app = make()
    errors: list[str] = []
    async with app.run_test(size=WIDE) as pilot:
        app.report_error = errors.append  # type: ignore[method-assign]
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.reader.article is not None
        assert screen.reader.article.path == renamed
        assert not errors and not [n for n in app._notifications if "cannot read" in n.message]


async def test_the_last_article_is_back_in_the_reader_on_a_wide_screen(make: AppFactory) -> None:
    """Wide: the reader shows the article read last at once (the list keeps the focus);
    narrow: the list comes first, its cursor on that article."""
    from tests.tui.helpers import NARROW

    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article_id = await _select(pilot, REFERENCE_TITLE)
        await pilot.press("enter")
        await settle(pilot)
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.reader.article_id == article_id
        assert screen.focused is screen.article_list
    app = make()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.reader.article_id is None
        assert screen.highlighted_id() == article_id
