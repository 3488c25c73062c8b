"""The reader: paging, find, stepping through the list, links, contents."""

from __future__ import annotations

import gc

from tests.conftest import EN_RUST_TITLE, REFERENCE_TITLE, ZH_TECH_TITLE
from tests.tui.helpers import (
    WIDE,
    AppFactory,
    Browser,
    main_screen,
    settle,
    type_text,
    wait_until,
)
from textual.pilot import Pilot

from broadsheet.tui.screens.picker import PickerScreen
from broadsheet.tui.widgets.find_bar import FindBar
from broadsheet.tui.widgets.reader_view import ReaderView


async def _open(pilot: Pilot[int], title: str) -> ReaderView:
    screen = main_screen(pilot)
    await settle(pilot)
    index = next(i for i, e in enumerate(screen.article_list.entries) if e.title == title)
    screen.article_list.cursor = index
    screen.article_list.focus()
    await pilot.press("enter")
    await settle(pilot)
    assert screen.reader.article_id == screen.article_list.entries[index].id
    return screen.reader


def _visible_text(reader: ReaderView) -> str:
    return "\n".join(
        "".join(s.text for s in reader.render_line(y))
        for y in range(reader.scrollable_content_region.height)
    )


async def test_paging_and_scrolling(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        reader = await _open(pilot, EN_RUST_TITLE)
        assert reader.max_scroll_y > 0
        assert reader.scroll_y == 0
        await pilot.press("space")
        page = reader.scroll_y
        assert page == reader.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert reader.scroll_y == 2 * page
        await pilot.press("b")
        assert reader.scroll_y == page
        await pilot.press("pageup")
        assert reader.scroll_y == 0
        await pilot.press("j", "j", "down")
        assert reader.scroll_y == 3
        await pilot.press("k")
        assert reader.scroll_y == 2
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y
        assert "zebra" in _visible_text(reader)
        await pilot.press("g")
        assert reader.scroll_y == 0
        # Held from each scroll to its frame (broadsheet.tui.collector), never left off.
        await pilot.pause()
        assert gc.isenabled()
    assert gc.isenabled()


async def test_reader_shows_the_article_centred_without_overflow(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=(200, 40)) as pilot:
        reader = await _open(pilot, REFERENCE_TITLE)
        text = _visible_text(reader)
        assert "刘彩霞" in text
        width = reader.scrollable_content_region.width
        lines = [line for line in text.splitlines() if line.strip()]
        assert all(len(line) <= width for line in lines)
        # Centred: text starts further in than the margin when the pane is wider than 100.
        indent = min(len(line) - len(line.lstrip(" ")) for line in lines)
        assert indent >= (width - app.config.reading_width) // 2 - 1


async def test_find_highlights_counts_and_steps(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        reader = await _open(pilot, REFERENCE_TITLE)
        find_bar = main_screen(pilot).query_one(FindBar)
        await pilot.press("f")
        assert find_bar.is_open and app.focused is find_bar.input
        await type_text(pilot, "刘彩霞")
        await pilot.pause()
        total = reader.finder.total
        assert total >= 4
        assert str(find_bar.query_one("#find-count").render()) == f"1/{total}"
        await pilot.press("enter")
        assert app.focused is reader
        await pilot.press("n")
        assert reader.finder.position == 2
        assert str(find_bar.query_one("#find-count").render()) == f"2/{total}"
        await pilot.press("N", "N")
        assert reader.finder.position == total
        # The current match is drawn differently from the others.
        line = reader.finder.current_line
        assert line is not None
        marks = reader.finder.marks(line)
        assert any(current for _, _, current in marks)
        await pilot.press("escape")
        assert not find_bar.is_open and reader.finder.total == 0
        assert app.focused is reader


async def test_ctrl_f_finds_and_no_matches_says_so(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        reader = await _open(pilot, EN_RUST_TITLE)
        find_bar = main_screen(pilot).query_one(FindBar)
        await pilot.press("ctrl+f")
        await type_text(pilot, "nowhere-to-be-found")
        await pilot.pause()
        assert reader.finder.total == 0
        assert "no matches" in str(find_bar.query_one("#find-count").render())
        await pilot.press("escape")
        assert not find_bar.is_open


async def test_brackets_step_through_the_list_from_the_reader(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(pilot)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = screen.reader.article_id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.reader.article_id == screen.article_list.entries[1].id != first
        assert app.focused is screen.reader
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.reader.article_id == first


async def test_number_keys_open_links_in_a_worker(make: AppFactory, browser: Browser) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        reader = await _open(pilot, ZH_TECH_TITLE)
        assert reader.document is not None
        links = {link.number: link for link in reader.document.links}
        tutorial = next(n for n, link in links.items() if "tutorial" in link.url)
        await pilot.press(str(tutorial))
        await settle(pilot)
        assert browser.opened == ["https://example.com/tutorial"]
        script = next(n for n, link in links.items() if link.url.startswith("ftp:"))
        assert not links[script].openable
        await pilot.press(str(script))
        await settle(pilot)
        assert browser.opened == ["https://example.com/tutorial"]
        assert any("not opened" in str(n.message) for n in app._notifications)


async def test_o_lists_links_to_choose_from(make: AppFactory, browser: Browser) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await _open(pilot, ZH_TECH_TITLE)
        await pilot.press("o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        urls = [str(label) for label, _ in picker.choices]
        assert any("mailto:zhang@example.com" in url for url in urls)
        mail = next(i for i, url in enumerate(urls) if "mailto:" in url)
        for _ in range(mail):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        assert browser.opened == ["mailto:zhang@example.com"]


async def test_t_jumps_to_a_heading(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=(120, 16)) as pilot:
        reader = await _open(pilot, ZH_TECH_TITLE)
        await pilot.press("t")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        labels = [str(label).strip() for label, _ in picker.choices]
        assert "第三章 总结" in labels
        target = labels.index("第三章 总结")
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        line = picker.choices[target][1]
        assert reader.scroll_y == min(line, reader.max_scroll_y)
        assert "第三章 总结" in _visible_text(reader)


async def test_reading_keys_are_hidden_without_an_article(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.check_action("find", ()) is False
        assert screen.check_action("links", ()) is False
        assert screen.check_action("contents", ()) is False
        await pilot.press("f")
        assert not screen.query_one(FindBar).is_open
        footer_keys = {b.binding.action for b in app.active_bindings.values() if b.enabled}
        assert "find" not in footer_keys


def test_find_matches_what_search_matched() -> None:
    """Find cuts terms like search: ``Python写`` finds ``Python 写``, CJK across a break."""
    from broadsheet.tui.finder import find_pattern

    pattern = find_pattern(["Python写", "ing", "户籍"])
    assert pattern is not None
    found = [m.group() for m in pattern.finditer("Python 写代码; reading; 户\n籍")]
    assert found == ["Python 写", "ing", "户\n籍"]


async def test_pickers_jump_to_the_ends_and_page(make: AppFactory) -> None:
    from textual.widgets import OptionList

    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await _open(pilot, ZH_TECH_TITLE)
        await pilot.press("o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one(OptionList)
        await pilot.press("G")
        assert options.highlighted == len(picker.choices) - 1
        await pilot.press("g")
        assert options.highlighted == 0
        assert len(picker.choices) > 1
        await pilot.press("pagedown")
        assert (options.highlighted or 0) > 0
        await pilot.press("escape")


async def test_find_typed_in_one_burst_with_enter_and_n(make: AppFactory) -> None:
    """``f刘彩霞`` + enter + ``n`` sent at once (a script, a paste): n steps to match 2."""
    from textual import events

    app = make()
    async with app.run_test(size=WIDE) as pilot:
        reader = await _open(pilot, REFERENCE_TITLE)
        find_bar = main_screen(pilot).query_one(FindBar)
        keys = [("f", "f"), *((c, c) for c in "刘彩霞"), ("enter", "\r"), ("n", "n")]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        # The last key's effect, however slowly a loaded machine gets there.
        await wait_until(pilot, lambda: reader.finder.position == 2, timeout=30)
        await settle(pilot)
        assert find_bar.input.value == "刘彩霞"
        assert app.focused is reader
        assert reader.finder.position == 2


async def test_the_open_article_is_the_screens_however_it_was_opened(make: AppFactory) -> None:
    """``MainScreen.reading`` follows the reader: from the list, by id (the palette and
    the bookmarks), back through the history; the reading keys follow it."""
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.reading is None
        assert screen.check_action("find", ()) is False
        rust = (await _open(pilot, EN_RUST_TITLE)).article_id
        assert rust is not None and screen.reading == rust
        assert screen.check_action("find", ()) is True
        other = next(e.id for e in screen.article_list.entries if e.title == ZH_TECH_TITLE)
        screen.open_article(other)
        await wait_until(pilot, lambda: screen.reading == other)
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen.reading == rust == screen.reader.article_id
