"""The command palette: articles, categories and the app's commands."""

from __future__ import annotations

import inspect

from tests.conftest import EN_RUST_TITLE, ZH_TECH_TITLE
from tests.tui.helpers import WIDE, AppFactory, main_screen, settle, type_text, wait_until
from textual.command import CommandPalette


async def test_palette_finds_and_opens_an_article(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "zebra")
        await wait_until(pilot, lambda: app.screen.query("CommandList Option") is not None)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.reader.document is not None
        opened = screen.reader.article_id
        assert opened == next(e.id for e in screen.article_list.entries if e.title == EN_RUST_TITLE)


async def test_palette_chooses_a_category(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "机器学习")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.filter.category == ("技术", "机器学习")
        assert [e.title for e in screen.article_list.entries] == [ZH_TECH_TITLE]


async def test_palette_commands_follow_what_can_run(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(main_screen(pilot))}
        assert {"Search the library", "Bookmarks", "Keys", "Quit", "Theme"} <= titles
        assert "Find in article" not in titles
        await pilot.press("enter")
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(main_screen(pilot))}
        assert {"Find in article", "Table of contents", "Links"} <= titles


async def test_the_palette_runs_the_main_keys_too(make: AppFactory) -> None:
    # The README says "every action"; rescan, unread-only, sort... were missing (found
    # in a walk-through).
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(main_screen(pilot))}
        for title in ("Rescan the folder", "Next unread", "Mark all read", "Hide categories"):
            assert any(name.startswith(title.split()[0]) for name in commands), title
        assert "Next pane" not in commands
        assert len({c.title for c in commands.values()}) == len(commands)  # none twice
        rescan = next(c for name, c in commands.items() if name.lower().startswith("rescan"))
        assert "(r" in rescan.help  # with its key
        screen = main_screen(pilot)
        order = screen.filter.order
        sort = next(c for name, c in commands.items() if name.lower().startswith("sort"))
        ran = sort.callback()  # as the palette runs it: awaited when it is a coroutine
        if inspect.isawaitable(ran):
            await ran
        await settle(pilot)
        assert screen.filter.order != order
