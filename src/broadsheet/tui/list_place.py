"""Where the article list is, so that a reload (the folder changed) goes back there.

A plain value and the arithmetic of going back, tested without an app.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """The article under the list's cursor and the line of the view it is drawn on."""

    article_id: str | None
    cursor: int
    row: int
    """The cursor's line in the view (0 at the top)."""
    at_top: bool
    """The view was scrolled to the very top (rows that arrive there are then shown)."""


def place_of(article_id: str | None, cursor: int, row_height: int, top: int) -> Place:
    """The place of a list, its cursor on ``article_id`` (row ``cursor``), scrolled to ``top``."""
    return Place(article_id, cursor, max(0, cursor) * row_height - top, top == 0)


def top_for(place: Place, cursor: int, row_height: int, visible: int, rows: int) -> int:
    """The scroll offset that puts row ``cursor`` back on the line ``place`` had it on.

    At the top of the list the view stays at the top (if the cursor still shows there);
    the result is always a valid offset for ``rows`` rows in ``visible`` lines.
    """
    visible = max(visible, row_height)
    if place.at_top and (cursor + 1) * row_height <= visible:
        return 0
    top = cursor * row_height - place.row
    return max(0, min(top, rows * row_height - visible))
