"""The search box above the list: results follow the typing, errors show inline."""

from __future__ import annotations

from typing import ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Static

from broadsheet.library.article import CategoryPath
from broadsheet.tui.keymap import bindings
from broadsheet.tui.widgets.follow_focus import BarInput

PLACEHOLDER: Final = 'Search: words "a phrase" -not cat: tag: author: after: before: sort:'


class SearchBar(Vertical):
    """An input for the query language and a line for its error message."""

    _error: str | None = None
    """The message shown under the box (None: none)."""
    scope: var[CategoryPath] = var((), init=False)
    """The category a search is limited to, named by the placeholder (bound to the pane's)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("search")]

    DEFAULT_CSS = """
    SearchBar { height: auto; display: none; }
    SearchBar.-open { display: block; }
    SearchBar > Input { border: none; height: 1; padding: 0 1; background: $boost; }
    SearchBar > Input:focus { border: none; background: $primary 20%; }
    SearchBar > #search-error { color: $text-error; height: auto; padding: 0 1; display: none; }
    SearchBar.-error > #search-error { display: block; }
    """

    class Changed(Message):
        """The query changed."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    class Submitted(Message):
        """Enter was pressed in the box."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    class Closed(Message):
        """The search was cleared (escape)."""

    class ToList(Message):
        """The user wants to move into the results."""

    def __init__(self, *, id: str | None = None) -> None:
        """A closed search bar."""
        super().__init__(id=id)

    def compose(self) -> ComposeResult:
        """The input and the (usually hidden) error line."""
        yield BarInput(placeholder=PLACEHOLDER, id="search")
        yield Static(id="search-error", markup=False)

    @property
    def input(self) -> Input:
        """The query input."""
        return self.query_one("#search", Input)

    @property
    def value(self) -> str:
        """The query as typed."""
        return self.input.value

    @property
    def is_open(self) -> bool:
        """Whether the bar is shown."""
        return self.has_class("-open")

    def on_descendant_focus(self) -> None:
        """Focusing the input (by any means) shows the bar."""
        self.add_class("-open")

    def watch_scope(self, category: CategoryPath) -> None:
        """Say in the placeholder which category a search is limited to (none: everything)."""
        where = " › ".join(category)
        self.input.placeholder = f"Search in {where}: {PLACEHOLDER[8:]}" if where else PLACEHOLDER

    def open(self, query: str | None = None) -> None:
        """Show the bar and focus its input (optionally with a query in it)."""
        self.add_class("-open")
        if query is not None and query != self.input.value:
            with self.input.prevent(Input.Changed):
                self.input.value = query
        # At once, not after the keys already queued (typed or pasted right after the
        # key that opened the bar): Widget.focus() would let those go elsewhere.
        self.screen.set_focus(self.input)
        self.input.cursor_position = len(self.input.value)

    def close(self) -> None:
        """Hide the bar and forget the query."""
        self.remove_class("-open")
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.show_error(None)

    def show_error(self, message: str | None) -> None:
        """Show why the query cannot be run (None hides the line)."""
        if message == self._error:
            return  # an update lays the screen out again: not on every key typed
        self._error = message
        self.set_class(message is not None, "-error")
        self.query_one("#search-error", Static).update(Text(message or ""))

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        # Every change is reported; the screen runs one search at a time and keeps
        # only the latest query waiting, so fast typing never piles searches up.
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    def action_close(self) -> None:
        """Clear the search."""
        self.post_message(self.Closed())

    def action_to_list(self) -> None:
        """Move into the results."""
        self.post_message(self.ToList())
