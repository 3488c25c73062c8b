"""A Chinese line in an overlay keeps every character where it crosses the edge between
two widgets behind it (tui/wide_chops.py; Textual issue #6357)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from broadsheet.tui import wide_chops

TEXT = "家常红烧肉：一锅肉里的火候学问"


class _Panes(App[None]):
    CSS = """
    Screen { layers: base over; }
    #left { width: 11; height: 100%; }
    #right { width: 1fr; height: 100%; }
    #over { layer: over; offset: 6 2; width: 34; height: 1; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("左" * 40, id="left")
            yield Static("右" * 40, id="right")
        yield Static(TEXT, id="over")


def _line(app: App[None], y: int) -> str:
    return app.screen._compositor.render_strips()[y].text


def _written(update: object) -> str:
    """What a partial update writes to the terminal, without its cursor moves."""
    console = Console(file=io.StringIO(), width=80, color_system=None, legacy_windows=False)
    return "".join(s.text for s in console.render(update) if not s.control)  # type: ignore[arg-type]


async def test_an_overlay_across_two_widgets_keeps_its_wide_characters() -> None:
    wide_chops.install()
    app = _Panes()
    async with app.run_test(size=(60, 6)) as pilot:
        await pilot.pause()
        # The overlay starts at column 6: 红 spans columns 10 and 11, across the edge at 11.
        assert TEXT in _line(app, 2)
        assert _line(app, 1).startswith("左左左左左")  # lines without the overlay as before


async def test_a_partial_update_under_the_overlay_rewrites_it_whole() -> None:
    wide_chops.install()
    app = _Panes()
    async with app.run_test(size=(60, 6)) as pilot:
        await pilot.pause()
        compositor = app.screen._compositor
        # Only the right widget changed: the part of the overlay over it is written
        # again from the piece that starts over the left widget.
        compositor._dirty_regions.add(app.query_one("#right").region)
        update = compositor.render_partial_update()
        assert update is not None
        assert "一锅肉里的火候学问" in _written(update)
