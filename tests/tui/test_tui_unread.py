"""The unread workflow: counts, next/previous unread, unread only, mark all read and undo, sort."""

from __future__ import annotations

from tests.conftest import LIBRARY_TITLES, ZH_TECH_TITLE
from tests.tui.helpers import NARROW, WIDE, AppFactory, main_screen, settle, wait_until
from textual.pilot import Pilot

from broadsheet.library.state import ReadingState
from broadsheet.tui.list_filter import ListFilter
from broadsheet.tui.widgets.breadcrumb import Breadcrumb
from broadsheet.tui.widgets.category_tree import CategoryTree

TOTAL = len(LIBRARY_TITLES)


def _crumb(pilot: Pilot[int]) -> str:
    return main_screen(pilot).query_one(Breadcrumb).as_text().plain


def _root_label(pilot: Pilot[int]) -> str:
    return str(main_screen(pilot).query_one(CategoryTree).root.label)


async def test_counts_follow_reading_and_m(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert f"· {TOTAL} unread" in _crumb(pilot)
        screen = main_screen(pilot)
        screen.article_list.cursor = 0
        await pilot.press("enter")
        await settle(pilot)
        assert _root_label(pilot) == f"All articles {TOTAL - 1}/{TOTAL}"
        assert f"· {TOTAL - 1} unread" in _crumb(pilot)
        await pilot.press("m")  # unread again
        await pilot.pause()
        assert _root_label(pilot) == f"All articles {TOTAL}/{TOTAL}"


async def test_next_unread_skips_read_articles_and_opens(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        ids = [entry.id for entry in screen.article_list.entries]
        app.state.set_read(ids[1])
        screen.opener.read_ids.add(ids[1])
        screen.article_list.cursor = 0
        await pilot.press("u")
        await settle(pilot)
        assert screen.article_list.cursor == 2
        assert screen.reader.article_id == ids[2]  # a wide screen reads it at once
        await pilot.press("U")
        await settle(pilot)
        assert screen.article_list.cursor == 0


async def test_next_unread_moves_on_to_the_next_category(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.choose_category(("技术",))
        await settle(pilot)
        assert [entry.title for entry in screen.article_list.entries] == [ZH_TECH_TITLE]
        await pilot.press("enter")  # read the only article of 技术
        await settle(pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: screen.filter.category not in ((), ("技术",)))
        await settle(pilot)
        highlighted = screen.article_list.highlighted_entry
        assert highlighted is not None and highlighted.id not in screen.opener.read_ids - {
            screen.reader.article_id
        }


async def test_unread_only_is_remembered(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.article_list.cursor = 0
        await pilot.press("enter")
        await settle(pilot)
        read_id = screen.reader.article_id
        screen.article_list.focus()
        await pilot.press("v")
        await settle(pilot)
        assert screen.filter.unread_only
        assert read_id not in {entry.id for entry in screen.article_list.entries}
        assert screen.article_list.row_count == TOTAL - 1
        assert "unread only" in _crumb(pilot)
    again = make()
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert main_screen(pilot).filter.unread_only
        await pilot.press("v")
        await settle(pilot)
        assert main_screen(pilot).article_list.row_count == TOTAL


async def test_mark_all_read_and_undo(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert len(app.state.read_ids()) == TOTAL
        assert _root_label(pilot) == f"All articles {TOTAL}"
        assert "· 0 unread" in _crumb(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.state.read_ids() == set()
        assert _root_label(pilot) == f"All articles {TOTAL}/{TOTAL}"


async def test_mark_all_read_in_a_search_marks_its_hits(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.set_filter(ListFilter(query="深度学习"))
        await settle(pilot)
        hits = {entry.id for entry in screen.article_list.entries}
        assert hits
        await pilot.press("A")
        await settle(pilot)
        assert ReadingState(app.library.root).read_ids() == hits


async def test_s_cycles_the_order(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("s")
        await settle(pilot)
        titles = [entry.title for entry in screen.article_list.entries]
        assert screen.filter.order == "title"
        assert titles == sorted(titles, key=str.casefold)
        await pilot.press("s")
        await settle(pilot)
        assert screen.filter.order == "unread"
        await pilot.press("s")
        await settle(pilot)
        assert screen.filter.order == "date"


async def test_escape_in_the_tree_clears_the_category_then_goes_to_the_list(
    make: AppFactory,
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.choose_category(("技术",))
        await settle(pilot)
        await pilot.press("c")
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filter.category == ()
        assert screen.pane == "categories"
        await pilot.press("escape")
        assert screen.pane == "list"


async def test_a_filter_left_from_the_last_session_is_said(make: AppFactory) -> None:
    from broadsheet.tui.widgets.search_bar import SearchBar

    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main_screen(pilot).choose_category(("新媒体",))
        await settle(pilot)
    again = make()
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = [n.message for n in again._notifications]
        assert any("Showing 新媒体" in m and "esc clears it" in m for m in messages)
        await pilot.press("slash")
        bar = main_screen(pilot).query_one(SearchBar)
        assert bar.input.placeholder.startswith("Search in 新媒体:")


async def test_unread_only_narrows_a_search_with_its_total(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.set_filter(ListFilter(query="深度学习 OR Rust"))
        await settle(pilot)
        hits = [entry.id for entry in screen.article_list.entries]
        assert len(hits) >= 2
        app.state.set_read(hits[0])
        screen.opener.read_ids.add(hits[0])
        await pilot.press("v")
        await settle(pilot)
        assert [entry.id for entry in screen.article_list.entries] == hits[1:]
        assert f"{len(hits) - 1} article" in _crumb(pilot)
