"""Hostile content: markup, escape sequences and bidi overrides never act or leak."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.tui.helpers import (
    HOSTILE_TITLE_MARKUP,
    NARROW,
    WIDE,
    AppFactory,
    main_screen,
    screen_text,
    settle,
    write_hostile,
)
from textual.pilot import Pilot

from broadsheet.tui.widgets.article_list import ArticleList

FORBIDDEN = ("\x1b", "\x9b", "\x07", "\u202e", "\u2066", "\x9d")


def _assert_clean(pilot: Pilot[int]) -> None:
    strips = pilot.app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            assert not any(c in segment.text for c in FORBIDDEN), repr(segment.text)
            if segment.style is not None and segment.style.meta:
                assert "@click" not in repr(segment.style.meta)


async def test_hostile_article_is_shown_as_text(make: AppFactory, library_dir: Path) -> None:
    write_hostile(library_dir)
    for size in (WIDE, NARROW):
        app = make()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = main_screen(pilot)
            index = next(
                i for i, e in enumerate(screen.article_list.entries) if e.title.startswith("[bold")
            )
            screen.article_list.cursor = index
            await pilot.pause()
            assert HOSTILE_TITLE_MARKUP[:14] in screen_text(pilot)
            _assert_clean(pilot)
            # Clicking the title must not run the [@click=app.quit] in it.
            await pilot.click(ArticleList, offset=(4, index - int(screen.article_list.scroll_y)))
            await pilot.click(ArticleList, offset=(4, index - int(screen.article_list.scroll_y)))
            await settle(pilot)
            assert app.is_running
            assert screen.reader.article_id == screen.article_list.entries[index].id
            text = screen_text(pilot)
            assert "click me" in text
            assert "[@click=app.quit]" in text
            _assert_clean(pilot)
            await pilot.press("o")
            await pilot.pause()
            _assert_clean(pilot)
            await pilot.press("escape", "c")
            await pilot.pause()
            _assert_clean(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press("b", "o", "l", "d")
            await settle(pilot)
            _assert_clean(pilot)
            await pilot.press("escape")
            assert app.is_running


async def test_unreadable_article_is_a_notification(
    make: AppFactory, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file vanishes before the index knows it (the reader would follow the folder).
    monkeypatch.setenv("BROADSHEET_WATCH", "off")
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        entry = screen.article_list.highlighted_entry
        assert entry is not None
        (library_dir / entry.relpath).unlink()
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert screen.reader.article_id is None
        assert any(n.severity == "error" for n in app._notifications)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert screen.reader.article_id == screen.article_list.entries[1].id
