"""The only place broadsheet calls Textual's private names (with
:mod:`~broadsheet.tui.wide_chops`, which replaces two methods of its compositor).

Each call here has no public equivalent in Textual 8.2 (the keymap does: the help
screen reads ``Config.keys``, and the app applies it with ``App.set_keymap``).
``tests/tui/test_textual_compat.py`` checks every name and its effect, so a Textual
release that renames or changes one fails that test by name rather than the reader
at run time; ``pyproject.toml`` bounds Textual to the tested release line for the
same reason.
"""

from __future__ import annotations

from typing import Final

from textual import events
from textual.app import App
from textual.geometry import Size
from textual.widget import Widget

PRIVATE_NAMES: Final = (
    ("textual.message.Message", "_set_forwarded"),
    ("textual.widget.Widget", "_scroll_update"),
)
"""Every private Textual name used here, as (owner, attribute): the test checks each."""
PRIVATE_ATTRIBUTES: Final = (("textual.app.App", "_driver"),)
"""Private instance attributes used here (the test checks them on a running app)."""


def mark_forwarded(key: events.Key) -> None:
    """Mark ``key`` as already routed by the app, so that posting it to a widget does not
    send it through the app's key routing (and the bindings) a second time."""
    key._set_forwarded()


def update_scrollbars(view: Widget, virtual_size: Size) -> None:
    """Update ``view``'s scrollbars and scroll limits for ``virtual_size`` without the
    relayout of the whole screen that assigning ``virtual_size`` asks for."""
    view._scroll_update(virtual_size)


def write_to_terminal(app: App[object], data: str) -> None:
    """Write ``data`` (picture escape sequences that broadsheet encoded) to the terminal
    through the app's driver: its writer thread keeps it in order with Textual's frames.
    Textual has no public door to its output; a headless driver drops it."""
    driver = app._driver
    if driver is not None:
        driver.write(data)
