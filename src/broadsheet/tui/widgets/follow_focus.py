"""Keys that arrive in a burst follow the focus to the box that just opened.

Textual routes a key to the widget focused when the key arrives, and checks bindings
once the key has bubbled up to the app. Typed fast, pasted, or committed by an input
method, ``/python`` arrives at once: all seven keys go to the list; by the time ``/``
has opened the search box and moved the focus there, the rest are already on their way
up, where they would be lost (or run as commands: ``t`` opens the contents). The same
goes for ``c j j enter`` (the categories) sent by a script. The panes mark the keys they
were given; the app hands a marked key to the widget that has the focus now instead of
looking it up as a binding.
"""

from __future__ import annotations

import time
from typing import Final, cast

from textual import events
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from broadsheet.tui.textual_compat import mark_forwarded

_PANE = "_broadsheet_pane"
HOLD_SECONDS: Final = 2.0
"""How long the keys after enter wait for enter to submit, and then for the submit to
be handled (fallbacks: enter submits, and the screen moves the focus or leaves it)."""
SETTLE_STEP: Final = 0.01
"""Seconds between looks at whether a submit has been handled."""


class KeysFollowFocus:
    """Mixed into a pane (before its Widget class): marks the keys it was given.

    Not a Widget itself, so that the pane's component classes and CSS are inherited as
    usual.
    """

    def on_key(self, event: events.Key) -> None:
        """Remember that this pane was given the key."""
        setattr(event, _PANE, cast(Widget, self))


def _copy(event: events.Key) -> events.Key:
    """A fresh key event for another widget, marked as already routed by the app.

    Unmarked, it would bubble up to the app and be routed again as if just typed.
    """
    key = events.Key(event.key, event.character)
    mark_forwarded(key)
    return key


def redirect(event: events.Key, focused: Widget | None) -> bool:
    """Hand ``event`` to the focused widget if a pane was given it before the focus moved
    (to a box, or to another pane: ``c j j enter`` sent at once moves in the categories).

    Returns whether it did (then the key is not a binding here).
    """
    pane = getattr(event, _PANE, None)
    if pane is None or focused is None or focused is pane:
        return False
    focused.post_message(_copy(event))
    return True


class BarInput(Input):
    """The search and find boxes' input: keys typed right after enter follow the focus.

    Enter's binding runs once the key has bubbled up to the app, after the keys queued
    behind it: ``enter n`` sent together would type ``n`` into the box instead of going
    to the reader that enter opens. Keys that come after enter are held until the box
    loses the focus, then handed to the widget that has it.
    """

    _held: list[events.Key] | None = None
    _hold: Timer | None = None
    _settled_by: float = 0.0

    def on_key(self, event: events.Key) -> None:
        """Hold the keys that follow enter, until enter has submitted."""
        if self._held is not None:
            event.prevent_default()
            event.stop()
            self._held.append(_copy(event))
        elif event.key == "enter":
            self._held = []
            # Only if enter never submits (nothing else handles it): then the keys
            # belong to the box after all. However slow the machine, a submit that
            # has started keeps them held: the wait is not a race with the keys.
            self._hold = self.set_timer(HOLD_SECONDS, self._release_here)

    async def action_submit(self) -> None:
        """Submit; the keys held are let go once the focus has moved (:meth:`on_blur`),
        or here once the submit has been handled and the focus stayed."""
        if self._hold is not None:
            self._hold.stop()
            self._hold = None
        await super().action_submit()
        if self._held is not None:
            self._settled_by = time.monotonic() + HOLD_SECONDS
            self.set_timer(SETTLE_STEP, self._release_when_settled)

    def _release_when_settled(self) -> None:
        """The submit travels as messages (the box, its bar, the screen) before the screen
        moves the focus: no moment right after it is sure to come after the move, so the
        keys stay here only once every queue on the way is empty and the focus is here."""
        if self._held is None or not self.has_focus:
            return  # let go on blur
        waiting = any(node.message_queue_size for node in self.ancestors_with_self)
        if waiting and time.monotonic() < self._settled_by:
            self.set_timer(SETTLE_STEP, self._release_when_settled)
            return
        self._release_here()

    def on_blur(self, event: events.Blur) -> None:
        """Hand the keys held to the widget that has the focus now."""
        held, self._held = self._held or [], None
        focused = self.screen.focused
        for key in held:
            (focused or self.screen).post_message(key)

    def _release_here(self) -> None:
        self._hold = None
        if self.has_focus and self._held is not None:
            held, self._held = self._held, None
            for key in held:
                self.post_message(key)
