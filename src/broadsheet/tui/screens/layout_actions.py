"""The main screen's layout keys: the reader on the whole screen, the category pane hidden.

A mixin of :class:`MainScreen`. Both are classes on the screen, styled in ``app.tcss``:
``-zoom`` shows only the reader (and the Footer), ``-hide-categories`` leaves the
category pane out (on its own when the library has no categories, or by a key).
"""

from __future__ import annotations

from broadsheet.tui.screens.main_parts import ScreenMixin


class LayoutActions(ScreenMixin):
    """Full-screen reading and the category pane (mixed into the main screen)."""

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
