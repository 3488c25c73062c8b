"""A Footer that rebuilds only when the keys it would show have changed.

Textual's Footer recomposes (unmounts and mounts a widget per key, then lays the screen
out again) every time a screen refreshes its bindings. Moving through categories or
typing a search refreshes them on every step, and the rebuild cost more than the rest
of the step together; most of the time the keys shown are the same. When they do
differ (an article opened moves the focus to the reader, whose keys are others), the
rebuild waits for :data:`REBUILD_DELAY`: the article is drawn first, and the keys a
frame or two later (opening the reference article: 62 → 40 ms to its first frame).
"""

from __future__ import annotations

from typing import Final

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

REBUILD_DELAY: Final = 0.05
"""Seconds a rebuild of the keys waits, so that what changed them is drawn first."""

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
    _rebuild: Timer | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild (as Footer does) only when the keys to show differ from those shown,
        and only once the change that made them differ has been drawn."""
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        shown = _shown(screen)
        if shown == self._last_shown:
            return
        first = self._last_shown is None
        self._last_shown = shown
        if first:
            super().bindings_changed(screen)  # nothing shown yet: nothing to wait for
        elif self._rebuild is None:
            # The rebuild reads the keys when it runs: changes meanwhile join this one.
            self._rebuild = self.set_timer(REBUILD_DELAY, self._rebuild_now)

    def _rebuild_now(self) -> None:
        self._rebuild = None
        if self.is_attached:
            super().bindings_changed(self.screen)
