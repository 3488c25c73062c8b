"""The find box under the reader: what to find in the article and the match counter."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from broadsheet.tui.keymap import bindings
from broadsheet.tui.widgets.follow_focus import BarInput


class FindBar(Horizontal):
    """An input for words to find in the open article, with "3/17" beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("find")]

    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $boost; }
    FindBar.-open { display: block; }
    FindBar > Input { border: none; height: 1; padding: 0 1; width: 1fr; background: $boost; }
    FindBar > Input:focus { border: none; background: $primary 20%; }
    FindBar > #find-count { width: auto; min-width: 12; padding: 0 1; color: $text-muted; }
    FindBar.-none > #find-count { color: $text-error; }
    """

    class Changed(Message):
        """The text to find changed."""

        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    class Submitted(Message):
        """Enter: keep the matches and go back to reading."""

        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    class Closed(Message):
        """Escape in the box: the find is over."""

    def compose(self) -> ComposeResult:
        """The input and the counter."""
        yield BarInput(placeholder="Find in article", id="find-input")
        yield Static("", id="find-count", markup=False)

    _count_label = ""
    """The match counter shown."""

    @property
    def input(self) -> Input:
        """The find input."""
        return self.query_one("#find-input", Input)

    @property
    def is_open(self) -> bool:
        """Whether the bar is shown."""
        return self.has_class("-open")

    def open(self, value: str | None = None, *, focus: bool = True) -> None:
        """Show the bar (optionally with ``value`` in it) and focus it.

        The words already there are selected, so typing replaces them and enter keeps them.
        """
        self.add_class("-open")
        if value is not None and value != self.input.value:
            with self.input.prevent(Input.Changed):
                self.input.value = value
        if focus:
            # At once: keys queued behind the one that opened the bar must land in it.
            self.screen.set_focus(self.input)
            self.input.select_all()

    def close(self) -> None:
        """Hide the bar and empty it."""
        if not self.is_open and not self.input.value:
            return  # already closed: changing nothing spares the screen a relayout
        self.remove_class("-open")
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.set_count(0, 0)

    def set_count(self, current: int, total: int) -> None:
        """Show ``current/total`` (or "no matches" when something was typed)."""
        searching = bool(self.input.value.strip())
        self.set_class(searching and total == 0, "-none")
        label = f"{current}/{total}" if total else ("no matches" if searching else "")
        if label != self._count_label:  # a Static update lays the screen out again
            self._count_label = label
            self.query_one("#find-count", Static).update(Text(label))

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    def action_close(self) -> None:
        """End the find."""
        self.post_message(self.Closed())
