"""Search as you type: hits with snippets, errors inline, opening at the match."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from tests.conftest import LIBRARY_TITLES, REFERENCE_TITLE, ZH_NOTICE_TITLE, ZH_TECH_TITLE
from tests.tui.helpers import (
    WIDE,
    AppFactory,
    main_screen,
    settle,
    type_text,
    wait_for_search,
    wait_until,
)

from broadsheet.library.results import SearchResults
from broadsheet.tui.widgets.breadcrumb import Breadcrumb
from broadsheet.tui.widgets.category_tree import CategoryTree
from broadsheet.tui.widgets.find_bar import FindBar
from broadsheet.tui.widgets.search_bar import SearchBar


async def test_results_follow_the_typing(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash")
        search = screen.query_one(SearchBar)
        assert search.is_open and app.focused is search.input
        await type_text(pilot, "户籍")
        await wait_for_search(pilot, "户籍")
        hits = screen.article_list.hits
        assert hits is not None
        assert {hit.entry.title for hit in hits} == {REFERENCE_TITLE, ZH_NOTICE_TITLE}
        assert screen.article_list.row_height == 2
        # The snippet line shows the match, styled.
        snippet = screen.article_list.render_line(1)
        matched = [s for s in snippet if "户" in s.text]
        assert matched and all(isinstance(s.style, Style) for s in matched)
        assert any(s.style is not None and (s.style.bold or s.style.underline) for s in matched)
        crumb = screen.query_one(Breadcrumb).as_text().plain
        assert "“户籍”" in crumb and "2 articles" in crumb


async def test_an_invalid_query_shows_its_message_inline(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash")
        await type_text(pilot, "after:notadate")
        search = screen.query_one(SearchBar)
        await wait_until(pilot, lambda: search.has_class("-error"))
        message = str(search.query_one("#search-error").render())
        assert "after" in message
        assert app.is_running
        await pilot.press("backspace", *["backspace"] * 13)
        await type_text(pilot, "Rust")
        await wait_until(pilot, lambda: not search.has_class("-error"))
        assert screen.article_list.row_count >= 1


async def test_enter_opens_the_first_hit_at_its_match_with_find_active(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zebra")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.reader.article_id is not None)
        await settle(pilot)
        reader = screen.reader
        assert reader.finder.terms == ("zebra",)
        assert reader.finder.total == 1 and reader.finder.position == 1
        line = reader.finder.current_line
        assert line is not None
        # The match (the article's last word) is on screen.
        top = int(reader.scroll_offset.y)
        assert top > 0 and top <= line < top + reader.scrollable_content_region.height
        find_bar = screen.query_one(FindBar)
        assert find_bar.is_open and "1/1" in str(find_bar.query_one("#find-count").render())
        assert app.focused is reader


async def test_n_continues_through_the_search_terms(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash")
        await type_text(pilot, "刘彩霞")
        await pilot.press("enter")
        # Open, found (at the first match) and focused: then n and N are the reader's.
        await wait_until(
            pilot,
            lambda: (
                screen.reader.article_id is not None
                and screen.reader.finder.position == 1
                and app.focused is screen.reader
            ),
            timeout=30,
        )
        await settle(pilot)
        finder = screen.reader.finder
        assert finder.total > 3
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.reader.finder.position == 2, timeout=30)
        await pilot.press("N", "N")
        await wait_until(
            pilot, lambda: screen.reader.finder.position == screen.reader.finder.total, timeout=30
        )


async def test_search_within_a_category(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.choose_category(("新媒体",))
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "户籍")
        await wait_for_search(pilot, "户籍")
        assert {e.title for e in screen.article_list.entries} == {REFERENCE_TITLE, ZH_NOTICE_TITLE}
        await pilot.press("escape")  # clears the search, keeps the category
        await settle(pilot)
        assert screen.filter.category == ("新媒体",) and not screen.filter.query
        screen.choose_category(("技术",))
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "学习")
        await wait_for_search(pilot, "学习")
        assert [e.title for e in screen.article_list.entries] == [ZH_TECH_TITLE]
        assert screen.query_one(CategoryTree).cursor_node is not None


async def test_escape_clears_search_then_category_step_by_step(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.choose_category(("Tech",))
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "Rust")
        await wait_for_search(pilot, "Rust")
        await pilot.press("down")  # into the results
        assert app.focused is screen.article_list
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filter.query == "" and screen.filter.category == ("Tech",)
        assert not screen.query_one(SearchBar).is_open
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filter.category == ()
        assert screen.article_list.row_count == len(LIBRARY_TITLES)


async def test_stale_results_never_replace_newer_ones(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash")
        await type_text(pilot, "Rust")
        await wait_for_search(pilot, "Rust")
        shown = screen.article_list.entries
        old = app.library.search("户籍")
        screen.loader._show(screen.loader.turns.asked - 1, old, None, True)
        assert screen.article_list.entries == shown
        screen.loader._show(screen.loader.turns.asked, SearchResults("x", (), 0, ()), None, True)
        assert screen.article_list.row_count == 0


async def test_focusing_the_search_box_opens_it(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        search = screen.query_one(SearchBar)
        assert not search.is_open
        screen.query_one("#search").focus()
        await pilot.pause()
        assert search.is_open
        await type_text(pilot, "Rust")
        await wait_for_search(pilot, "Rust")
        assert screen.article_list.row_count >= 1


async def test_keys_typed_in_one_burst_after_slash_and_f_land_in_the_box(
    make: AppFactory,
) -> None:
    """Pasted text and fast typing arrive together with the key that opens the box."""
    from textual import events

    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        for key, char in [("slash", "/"), ("p", "p"), ("y", "y"), ("t", "t")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert screen.query_one(SearchBar).input.value == "pyt"
        assert isinstance(app.screen, type(screen))  # `t` did not open the contents
        await pilot.press("escape", "escape")
        await pilot.press("enter")
        await settle(pilot)
        for key, char in [("f", "f"), ("t", "t"), ("h", "h"), ("e", "e")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert screen.query_one(FindBar).input.value == "the"


async def test_the_end_of_a_capped_search_says_why(make: AppFactory, library_dir: Path) -> None:
    """More matches than are listed: going past the last row says so, once."""
    from broadsheet.tui import list_filter

    for number in range(8):
        (library_dir / f"many-{number}.md").write_text(
            f"---\ntitle: many {number}\n---\nwombat\n", encoding="utf-8"
        )
    original = list_filter.MAX_HITS, list_filter.FIRST_HITS
    list_filter.MAX_HITS, list_filter.FIRST_HITS = 5, 5
    try:
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("slash")
            await type_text(pilot, "wombat")
            await wait_for_search(pilot, "wombat")
            await settle(pilot)
            screen = main_screen(pilot)
            screen.article_list.focus()
            await pilot.press("G", "j")
            await pilot.pause()
            notes = [str(n.message) for n in app._notifications]
            assert any("5 best of 8 matches" in note for note in notes)
    finally:
        list_filter.MAX_HITS, list_filter.FIRST_HITS = original


async def test_keys_after_an_enter_that_moves_nothing_stay_in_the_box() -> None:
    """Enter held the keys behind it; when the focus stays, they are typed into the box."""
    from textual import events
    from textual.app import App, ComposeResult

    from broadsheet.tui.widgets.follow_focus import BarInput

    class Box(App[None]):
        def compose(self) -> ComposeResult:
            yield BarInput()

    app = Box()
    async with app.run_test() as pilot:
        box = app.query_one(BarInput)
        box.focus()
        await pilot.pause()
        for key, char in [("a", "a"), ("enter", "\r"), ("b", "b"), ("c", "c")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert box.value == "abc"
        assert app.focused is box


async def test_the_search_box_names_the_category_the_filter_is_in(make: AppFactory) -> None:
    """The screen's filter is bound into the list pane and the search box: the
    placeholder follows the category, whichever way it changes."""
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        bar = screen.query_one(SearchBar)
        assert screen.list_pane.list_filter == screen.filter
        screen.choose_category(("新媒体",))
        await settle(pilot)
        assert screen.list_pane.list_filter == screen.filter
        assert bar.input.placeholder.startswith("Search in 新媒体:")
        await pilot.press("slash")
        await type_text(pilot, "户籍")
        await wait_for_search(pilot, "户籍")
        screen.choose_category(("技术",))  # from the palette, the search still open
        await settle(pilot)
        assert screen.filter.query == "户籍"
        assert bar.input.placeholder.startswith("Search in 技术:")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filter.category == ()
        assert not bar.input.placeholder.startswith("Search in")


async def test_the_unread_count_of_a_search_waits_for_all_its_hits(
    make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "30 of 301 · 30 unread" counted only the hits listed (found in a walk-through).
    from broadsheet.tui import list_filter
    from broadsheet.tui.list_loader import ListLoader

    monkeypatch.setattr(list_filter, "FIRST_HITS", 1)
    more = ListLoader.more
    monkeypatch.setattr(ListLoader, "more", lambda self, *, to_end: None)  # not yet
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash")
        await type_text(pilot, "户籍")
        await wait_for_search(pilot, "户籍")
        crumb = screen.query_one(Breadcrumb).as_text().plain
        assert "1 of 2" in crumb and "unread" not in crumb, crumb
        more(screen.loader, to_end=False)
        await settle(pilot)
        crumb = screen.query_one(Breadcrumb).as_text().plain
        assert "2 articles · 2 unread" in crumb, crumb
