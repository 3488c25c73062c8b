"""The picture painter repaints the view for a decoded picture only when it is on screen;
one decoded below it is drawn ahead instead."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from textual.widget import Widget

from broadsheet.tui.widgets.picture_painter import PicturePainter


class _View:
    """What the painter reads of a document view: its lines, scroll and size."""

    def __init__(self, pictures: object, numbers: list[int | None], height: int) -> None:
        self.document = SimpleNamespace(pictures=pictures)
        self._lines = [
            SimpleNamespace(picture=None if n is None else SimpleNamespace(number=n))
            for n in numbers
        ]
        self.scroll_offset = SimpleNamespace(y=0)
        self.scrollable_content_region = SimpleNamespace(height=height)
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


def test_a_picture_decoded_ahead_of_the_view_does_not_repaint_it() -> None:
    pictures = object()
    view = _View(pictures, [None, 1, 1, None, None, 2, 2], height=3)
    changed: list[Any] = []
    ahead: list[None] = []
    painter = PicturePainter(cast(Widget, view), changed.append, lambda: ahead.append(None))
    painter._done(cast(Any, pictures), True, 2)  # below the view: shown when scrolled to
    assert view.refreshed == 0 and len(ahead) == 1
    painter._done(cast(Any, pictures), True, 1)
    assert view.refreshed == 1
    view.scroll_offset.y = 4
    painter._done(cast(Any, pictures), True, 2)
    assert view.refreshed == 2
    painter._done(cast(Any, pictures), False, 9)  # could not be drawn: laid out again
    assert changed == [view.document] and view.refreshed == 2 and len(ahead) == 1
