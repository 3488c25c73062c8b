"""Keys that arrive in a burst follow the focus to the box that just opened.

Textual routes a key to the widget focused when the key arrives, and checks bindings
once the key has bubbled up to the app. Typed fast, pasted, or committed by an input
method, ``/python`` arrives at once: all seven keys go to the list; by the time ``/``
has opened the search box and moved the focus there, the rest are already on their way
up, where they would be lost (or run as commands: ``t`` opens the contents). The panes
mark the keys they were given; the app hands a marked key to the box that has the focus
now instead of looking it up as a binding.
"""

from __future__ import annotations

from typing import cast

from textual import events
from textual.widget import Widget
from textual.widgets import Input

_PANE = "_broadsheet_pane"


class KeysFollowFocus:
    """Mixed into a pane (before its Widget class): marks the keys it was given.

    Not a Widget itself, so that the pane's component classes and CSS are inherited as
    usual.
    """

    def on_key(self, event: events.Key) -> None:
        """Remember that this pane was given the key."""
        setattr(event, _PANE, cast(Widget, self))


def redirect(event: events.Key, focused: Widget | None) -> bool:
    """Hand ``event`` to the focused input if a pane was given it before the focus moved.

    Returns whether it did (then the key is not a binding).
    """
    pane = getattr(event, _PANE, None)
    if pane is None or focused is pane or not isinstance(focused, Input):
        return False
    focused.post_message(events.Key(event.key, event.character))
    return True
