"""The main screen's layout: which pane has the focus (and, when narrow, is the one
shown), the reader on the whole screen, the category pane hidden.

A mixin of :class:`MainScreen`. Each is a class on the screen, styled in ``app.tcss``:
``-narrow`` (under :data:`NARROW` columns) with ``-pane-NAME`` shows one pane at a
time, ``-zoom`` shows only the reader (and the Footer), ``-hide-categories`` leaves the
category pane out (on its own when the library has no categories, or by a key).
"""

from __future__ import annotations

from typing import Final

from textual import events
from textual.widget import Widget

from broadsheet.tui.screens.main_parts import PANES, Pane, ScreenMixin
from broadsheet.tui.widgets.category_tree import CategoryTree
from broadsheet.tui.widgets.quiet_footer import QuietFooter

NARROW: Final = 100
"""Below this many columns the screen shows one pane at a time."""


class LayoutActions(ScreenMixin):
    """The panes, full-screen reading and the category pane (mixed into the main screen)."""

    def on_resize(self) -> None:
        """Switch between three panes and one pane at a time."""
        narrow = self.size.width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._show_active_pane()
            # Tighter keys, so that "? Keys" still fits at 80 columns.
            self.query_one(QuietFooter).compact = narrow

    def watch_pane(self, pane: Pane) -> None:
        """When narrow, show only the active pane; the panes come back when the reader is left."""
        if pane != "reader":
            self.unzoom()
        self._show_active_pane()

    def _show_active_pane(self) -> None:
        # Classes on the screen restyle every widget under it: only narrow layouts
        # need them, so a wide screen does not pay for that on every pane change.
        narrow = self.has_class("-narrow")
        for name in PANES:
            self.set_class(narrow and name == self.pane, f"-pane-{name}")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The pane follows the focus (clicks, tab, anything)."""
        focused = self.focused
        for name in PANES:
            pane = self.query_one(f"#{name}-pane")
            if focused is not None and pane in (focused, *focused.ancestors):
                self.pane = name

    def show_pane(self, pane: Pane) -> None:
        """Make ``pane`` active and focus its main widget."""
        self.pane = pane
        target: Widget
        if pane == "categories":
            target = self.query_one(CategoryTree)
        elif pane == "list":
            target = self.article_list
        else:
            target = self.reader
        self.set_focus(target)  # at once: keys already queued follow it (follow_focus)

    def action_pane(self, step: int) -> None:
        """Move to the next or previous pane: not to a hidden tree, nor, on a narrow
        screen, to a reader with nothing open (it would fill the screen with its
        placeholder alone)."""
        empty_reader = self.reading is None and self.has_class("-narrow")
        panes = tuple(
            name
            for name in PANES
            if not (name == "categories" and self.categories_hidden)
            and not (name == "reader" and empty_reader and self.pane != "reader")
        )
        index = panes.index(self.pane) if self.pane in panes else 0
        self.show_pane(panes[(index + step) % len(panes)])

    @property
    def zoomed(self) -> bool:
        """Whether the reader has the whole self."""
        return self.has_class("-zoom")

    @property
    def categories_hidden(self) -> bool:
        """Whether the category pane is left out."""
        return self.has_class("-hide-categories")

    def action_zoom(self, _shown: int = 0) -> None:
        """Give the reader the whole screen, or bring the panes back."""
        zoom = not self.zoomed
        self.set_class(zoom, "-zoom")
        if zoom:
            self.show_pane("reader")
        self.refresh_bindings()

    def unzoom(self) -> None:
        """Bring the panes back (the focus left the reader)."""
        if self.zoomed:
            self.remove_class("-zoom")
            self.refresh_bindings()

    def action_toggle_categories(self) -> None:
        """Hide the category pane, or show it again."""
        self.hide_categories(not self.categories_hidden)
        if not self.categories_hidden and self.has_class("-narrow"):
            self.show_pane("categories")

    def hide_categories(self, hidden: bool) -> None:
        """Leave the category pane out (or put it back)."""
        self.set_class(hidden, "-hide-categories")
        if hidden and self.pane == "categories":
            self.show_pane("list")
        self.refresh_bindings()

    def layout_check(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a layout action can run now (None: not a layout action)."""
        if action == "zoom":
            shown = bool(parameters and parameters[0])
            if shown == self.has_class("-narrow"):
                return False  # the other binding of the key
            return self.reader.document is not None or self.zoomed
        return None
