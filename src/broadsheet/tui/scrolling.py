"""Resizing a scroll view's content without a relayout of the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView

from broadsheet.tui.textual_compat import update_scrollbars


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give ``view`` a new virtual size, re-laying out the screen only when it must.

    Assigning ``virtual_size`` asks Textual for a layout of the whole screen (about 40 ms
    at 120x36), although only the scrollbar changes; that is the cost of every category
    switch and every article opened. Here the scrollbar is updated directly, and a
    layout happens only when the scrollbar appears or disappears (the content's width
    changes then).
    """
    if size == view.virtual_size:
        return
    if not (view.is_mounted and view.display and view.region and view.virtual_size.height):
        # Hidden, not laid out yet, or empty until now: Textual's own way.
        view.virtual_size = size
        return
    shown = (view.show_vertical_scrollbar, view.show_horizontal_scrollbar)
    view.set_reactive(ScrollView.virtual_size, size)
    update_scrollbars(view, size)
    if (view.show_vertical_scrollbar, view.show_horizontal_scrollbar) != shown:
        view.refresh(layout=True)
    else:
        view.refresh()  # new content: without a layout nothing else repaints it
