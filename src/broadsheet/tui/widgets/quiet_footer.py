"""A Footer that rebuilds only when the keys it would show have changed.

Textual's Footer recomposes (unmounts and mounts a widget per key, then lays the screen
out again) every time a screen refreshes its bindings. Moving through categories or
typing a search refreshes them on every step, and the rebuild cost more than the rest
of the step together; most of the time the keys shown are the same.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


def _shown(screen: Screen[object]) -> Shown:
    """What a Footer on ``screen`` would show: (key, description, action, enabled, tip)."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show or binding.action == "command_palette"
    )


class QuietFooter(Footer):
    """Textual's Footer, without the rebuilds that would change nothing."""

    _last_shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild (as Footer does) only when the keys to show differ from those shown."""
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = _shown(screen)
            if shown == self._last_shown:
                return
            self._last_shown = shown
        super().bindings_changed(screen)
