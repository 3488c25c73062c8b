"""Helpers for the pilot tests: waiting for the app, reading the screen, hostile content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from broadsheet.tui.app import BroadsheetApp
from broadsheet.tui.screens.main import MainScreen
from broadsheet.tui.widgets.reader_view import ReaderView

AppFactory = Callable[..., BroadsheetApp]
BUSY = (WorkerState.PENDING, WorkerState.RUNNING)

WIDE = (120, 36)
NARROW = (80, 24)

HOSTILE_TITLE_MARKUP = "[bold red]x[/] [@click=app.quit]y[/] [/bold]"

# YAML double-quoted escapes put real control characters into the parsed values:
# \e is ESC, \a is BEL, \x9b is the 8-bit CSI, \u202e a bidi override.
HOSTILE_ARTICLE = r"""---
title: "[bold red]x[/] [@click=app.quit]y[/] [/bold] \e]0;pwned\a\e[2J\x9b31m\u202eevil"
author: "[@click=app.quit]mallory[/] \e]52;c;cHduZWQ=\a"
date: 2019-01-01 00:00:00
categories:
  - "[ @click=app.quit]危险[/] \\[@click=app.bell]"
  - "\e[31mred\u2066sub"
---
<p>[bold red]x[/] [@click=app.quit]click me[/] [/bold] unbalanced.</p>
<p>OSC 52: \e]52;c;cHduZWQ=\a and clear \e[2J and 8-bit \x9b2J and bidi \u202ereversed\u202c.</p>
<p><a href="javascript:alert(1)">a script link</a> <script>alert(1)</script></p>
<p>The end.</p>
"""


def write_hostile(library: Path) -> Path:
    """Add an article full of markup, escape sequences and bidi overrides to ``library``.

    The body is written with real control characters (the raw string above spells
    them as escapes, which are replaced here).
    """
    body = (
        HOSTILE_ARTICLE.split("---", 2)[2]
        .replace(r"\e", "\x1b")
        .replace(r"\a", "\x07")
        .replace(r"\x9b", "\x9b")
        .replace(r"\u202e", "\u202e")
        .replace(r"\u202c", "\u202c")
    )
    front = "---" + HOSTILE_ARTICLE.split("---", 2)[1] + "---"
    path = library / "hostile.md"
    path.write_text(front + body, encoding="utf-8")
    return path


class Browser:
    """Stands in for the web browser: records the addresses opened."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return True


async def settle(pilot: Pilot[int]) -> None:
    """Wait until no worker runs and the screen has caught up (the scan, list loads)."""
    app = pilot.app
    for _ in range(50):
        await app_workers(pilot)
        await pilot.pause()
        # A worker started by a message handled during the pause may still be pending,
        # and the start-up rescan begins only after the list's first paint.
        scanned = not isinstance(app, BroadsheetApp) or app.scanned.is_set()
        if scanned and not any(worker.state in BUSY for worker in app.workers):
            return


async def wait_until(
    pilot: Pilot[int], condition: Callable[[], bool], timeout: float = 5.0
) -> None:
    """Let the app run until ``condition()`` holds (fails after ``timeout`` seconds)."""
    steps = int(timeout / 0.02)
    for _ in range(steps):
        if condition():
            return
        await pilot.pause(0.02)
        await app_workers(pilot)
    raise AssertionError("the app never reached the expected state")


async def wait_for_search(pilot: Pilot[int], query: str) -> None:
    """Wait until the list shows the hits of ``query`` (typing searches as it goes)."""
    screen = main_screen(pilot)
    await wait_until(
        pilot,
        lambda: (
            screen.filter.query == query
            and screen.list_current
            and screen.article_list.hits is not None
        ),
    )


async def app_workers(pilot: Pilot[int]) -> None:
    """Wait for the running workers (without waiting on timers).

    A newer list load cancels the one before it (exclusive workers): that is normal.
    """
    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerCancelled:
        await pilot.pause()


def main_screen(pilot: Pilot[int]) -> MainScreen:
    """The app's main screen."""
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def open_first_article(pilot: Pilot[int]) -> ReaderView:
    """Open the first article of the list (once the scan has listed it); its reader."""
    screen = main_screen(pilot)
    await settle(pilot)
    await wait_until(pilot, lambda: bool(screen.article_list.entries), 10)
    screen.article_list.cursor = 0
    screen.article_list.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: screen.reader.article_id is not None, 10)
    return screen.reader


def screen_text(pilot: Pilot[int]) -> str:
    """What the terminal shows, as text (one line per row)."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` key by key (Chinese characters too)."""
    for character in text:
        await pilot.press(character)
