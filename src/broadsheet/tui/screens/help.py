"""The help screen: every key, what it does, and its binding id for ``[keys]``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from broadsheet.tui.keymap import SECTIONS, bindings, in_section, keys_of

QUERY_HELP = """\
Search (/) understands:
  words (all must match)   "a phrase"   -word (leave out)
  a OR b (either)   (a OR b) c   -(a OR b)
  cat:新媒体/趣头条 (and below)   cat:趣头条 (by name)
  tag:NAME   author:NAME   after:2021-01-01   before:2022
  is:unread|read|bookmarked   sort:date|relevance|title
Remap keys in the configuration file (broadsheet config --path):
  [keys]
  find = "f,ctrl+f"
"""


class HelpScreen(ModalScreen[None]):
    """A scrollable table of the keys, by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 110; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, keymap: Mapping[str, str]) -> None:
        """A help screen that shows ``keymap`` (binding id -> keys, the ``[keys]`` table)
        in place of the default keys of the bindings it names."""
        super().__init__()
        self._keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        """The keys table and the query language."""
        with VerticalScroll():
            yield Static(self._table(), id="help-keys")
            yield Static(Text(QUERY_HELP), id="help-query")

    def _table(self) -> Table:
        table = Table(title="Keys", expand=True, show_edge=False, pad_edge=False)
        # The section names go in the widest column: in the key column they would
        # make it as wide as the longest name.
        table.add_column("Key", style="bold", ratio=2)
        table.add_column("Does", ratio=3)
        table.add_column("Binding id", style="dim", ratio=2, overflow="fold")
        for section, where in SECTIONS:
            if section == "help":
                continue  # this screen's own keys: the Footer shows them
            table.add_section()
            table.add_row("", Text(where, style="bold underline"), "")
            for key in in_section(section):
                keys = keys_of(key.id, self._keymap)
                shown = ", ".join(self._display(name.strip()) for name in keys.split(","))
                table.add_row(Text(shown), Text(key.description), Text(key.id))
        return table

    def _display(self, key: str) -> str:
        return self.app.get_key_display(Binding(key, ""))

    def action_scroll(self, lines: int) -> None:
        """Scroll the help."""
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        """Scroll the help by a page."""
        view = self.query_one(VerticalScroll)
        view.scroll_relative(y=pages * max(1, view.size.height - 1), animate=False)

    def action_edge(self, end: int) -> None:
        """Go to the top (0) or the bottom (1) of the help."""
        view = self.query_one(VerticalScroll)
        if end:
            view.scroll_end(animate=False)
        else:
            view.scroll_home(animate=False)
