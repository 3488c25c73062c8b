"""The finished strips of a view's lines, kept while what they were drawn from stays.

A page down draws every line on screen again; for a line of half blocks that is a join,
a crop, an extension and a style applied to each of its segments, every frame. The
strips depend only on the line, the width, the theme's style, the find and whether the
view is on top; while those stay, a line is drawn once and looked up after that.
"""

from __future__ import annotations

from typing import Final

from textual.strip import Strip

KEPT: Final = 256
"""Lines kept at once (a few screens); the oldest is dropped past that."""


class LineStrips:
    """Strips by line index, for one context: any other context empties the cache."""

    def __init__(self, kept: int = KEPT) -> None:
        """Keep at most ``kept`` strips."""
        self._kept = kept
        self._context: tuple[object, ...] = ()
        self._strips: dict[int, Strip] = {}

    def __len__(self) -> int:
        """How many strips are kept."""
        return len(self._strips)

    def get(self, index: int, context: tuple[object, ...]) -> Strip | None:
        """Line ``index``'s strip drawn in ``context``, if kept."""
        if context != self._context:
            self._strips.clear()
            self._context = context
            return None
        return self._strips.get(index)

    def put(self, index: int, context: tuple[object, ...], strip: Strip) -> None:
        """Keep ``strip`` as line ``index`` drawn in ``context``."""
        if context != self._context:
            self._strips.clear()
            self._context = context
        strips = self._strips
        strips[index] = strip
        if len(strips) > self._kept:
            del strips[next(iter(strips))]

    def clear(self) -> None:
        """Forget every strip."""
        self._strips.clear()
        self._context = ()
