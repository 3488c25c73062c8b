"""Sixel pictures drawn over the reader's half-block rows, after each frame.

A sixel is not text, so it cannot pass through Textual's compositor as a cell: the
reader draws the half blocks as usual (they show whenever the sixel cannot), and after
the frame that repainted a picture row this writes that row's sixel (each cell row is
its own small sixel) at the row's place on the screen, through the driver. A row is
drawn only while the reader's screen is on top and the row's cells are the reader's
(not under a notification or another widget); while pictures are on screen the rows
are looked at again every :data:`RECHECK` seconds, so a sixel comes back when a cover
goes. Scrolling repaints every row,
so the pictures move with the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from textual.errors import NoWidget
from textual.timer import Timer
from textual.widget import Widget

from broadsheet.tui.textual_compat import write_to_terminal

if TYPE_CHECKING:
    from broadsheet.render.pictures import Drawing

RECHECK: Final = 0.5
"""Seconds between two looks at the picture rows on screen (covered or not)."""
SETTLE: Final = 0.25
"""Seconds after the last resize before every row is drawn again."""
SAVE_CURSOR: Final = "\x1b7"
RESTORE_CURSOR: Final = "\x1b8"

Placed = tuple[int, int, int, str]
"""A sixel to draw: screen x, screen y, width in cells, the sixel."""


class SixelLayer:
    """The sixel rows a view has drawn on the screen, and drawing the missing ones."""

    def __init__(self, view: Widget, visible_rows: Callable[[], list[Placed]]) -> None:
        """Draw for ``view`` the rows ``visible_rows`` lists (its picture rows on screen)."""
        self._view = view
        self._visible_rows = visible_rows
        self._drawn: dict[int, tuple[int, str]] = {}
        """Screen y -> (x, sixel) drawn there since the row was last repainted."""
        self._scheduled = False
        self._rechecking = False
        self._settle: Timer | None = None

    def repainted(self, screen_y: int, picture: bool) -> None:
        """The reader has just drawn screen row ``screen_y`` as text (a picture row as
        half blocks, which will cover its sixel): draw the sixel after the frame."""
        self._drawn.pop(screen_y, None)
        if picture and not self._scheduled:
            self._scheduled = True
            self._view.call_after_refresh(self.draw)

    def forget(self) -> None:
        """Everything on screen was repainted (another screen, a resize)."""
        self._drawn.clear()

    def redraw_soon(self) -> None:
        """Draw every row again once a resize has settled: Textual repaints the whole
        screen after it, more than once and partly from its cache, without asking the
        reader for its lines (measured in xterm: a redraw right after the first frame
        was painted over)."""
        self._drawn.clear()
        if self._settle is not None:
            self._settle.stop()
        self._settle = self._view.set_timer(SETTLE, self._redraw)

    def _redraw(self) -> None:
        self._settle = None
        self._drawn.clear()
        self.draw()

    def _covered(self, x: int, y: int, width: int) -> bool:
        screen = self._view.screen
        for column in {x, x + width // 2, x + width - 1}:
            try:
                widget, _ = screen.get_widget_at(column, y)
            except NoWidget:
                return True
            if widget is not self._view:
                return True
        return False

    def draw(self) -> None:
        """Write the sixels of the picture rows on screen that are not drawn yet."""
        self._scheduled = False
        if not self._view.is_attached or not self._view.screen.is_active:
            self._drawn.clear()
            return
        out: list[str] = []
        covered = False
        for x, y, width, sixel in self._visible_rows():
            if self._covered(x, y, width):
                self._drawn.pop(y, None)
                covered = True
                continue
            drawn = self._drawn.get(y)
            if drawn is not None and drawn[0] == x and drawn[1] is sixel:
                continue
            out.append(f"\x1b[{y + 1};{x + 1}H{sixel}")
            self._drawn[y] = (x, sixel)
        if out:
            write_to_terminal(self._view.app, SAVE_CURSOR + "".join(out) + RESTORE_CURSOR)
        # A notification that appears over a drawn row, and goes, repaints it from
        # Textual's cache without telling the reader: look again while any is shown.
        if (covered or self._drawn) and not self._rechecking:
            self._rechecking = True
            self._view.set_timer(RECHECK, self._recheck)

    def _recheck(self) -> None:
        self._rechecking = False
        self.draw()


def placed_rows(made: Drawing | None, row: int, x: int, y: int, width: int) -> list[Placed]:
    """Row ``row`` of ``made`` as a sixel to draw at screen ``(x, y)``, if it has one."""
    if made is None or row >= len(made.sixels):
        return []
    return [(x, y, width, made.sixels[row])]
