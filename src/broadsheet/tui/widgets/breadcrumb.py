"""The line above the list: the active filter as a breadcrumb, the count, scan progress."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from broadsheet.library.article import CategoryPath
from broadsheet.tui.cells import one_line

SEPARATOR = " › "
SHOWN_IN_ORDER = ("count", "arrived", "unread", "flags", "note")
"""The parts after the filter, as the line shows them."""
KEPT_FIRST = ("arrived", "flags", "unread", "note")
"""The parts but the count (always shown), most needed first: on a line too short,
the last ones go."""
QUERY_KEPT = 8
"""Cells of a typed query kept before the unread count and the note."""


class Breadcrumb(Widget):
    """Shows e.g. ``All › 新媒体 › 趣头条  “户籍”  12 of 345  scanning 40%``.

    A plain widget rather than a Static: its size never depends on its text, and a
    Static lays the whole screen out again on every update (every category step,
    every key of a search, every progress tick of a scan).
    """

    DEFAULT_CSS = """
    Breadcrumb { height: 1; padding: 0 1; background: $panel; color: $text; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty breadcrumb."""
        super().__init__(id=id)
        self.category: CategoryPath = ()
        self.search = ""
        """The search typed (without the category)."""
        self.shown = 0
        self.total: int | None = None
        self.note = ""
        self.more = False
        self.unread: int | None = None
        """Unread articles in the list (None when not known)."""
        self.flags = ""
        """The list's view options, e.g. ``unread only · by title``."""
        self.arrived = 0
        """Articles that arrived in the folder since the user last looked."""

    def show(
        self,
        category: CategoryPath,
        query: str,
        shown: int,
        total: int | None,
        note: str = "",
        *,
        more: bool = False,
    ) -> None:
        """Update the filter, the counts and the note (e.g. scan progress).

        ``more`` says the list is a first page and the rest is on its way.
        """
        self.category, self.search, self.shown, self.total = category, query, shown, total
        self.note = note
        self.more = more
        self.refresh()

    def set_note(self, note: str) -> None:
        """Change only the note at the end of the line."""
        self.note = note
        self.refresh()

    def set_arrived(self, arrived: int) -> None:
        """Change the number of articles that arrived since the user last looked."""
        if arrived != self.arrived:
            self.arrived = arrived
            self.refresh()

    def render(self) -> Text:
        """The breadcrumb line."""
        return self.as_text()

    def as_text(self) -> Text:
        """The breadcrumb as styled text (article text stays plain, never markup).

        What does not fit the widget goes whole, least needed first, rather than being
        cut off at the end: the note, the unread count, then the rest of a typed query
        beyond its first :data:`QUERY_KEPT` cells (the search box below shows it whole);
        the count of articles, those that arrived and the view options stay.
        """
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("All", "bold" if not self.category else "")
        for depth, name in enumerate(self.category, start=1):
            text.append(SEPARATOR, "dim")
            text.append(one_line(name), "bold" if depth == len(self.category) else "")
        parts = self._parts()
        term = Text(one_line(self.search), "italic", no_wrap=True, end="")
        quotes = len("  “”") if self.search else 0
        width = self.content_size.width
        if width:
            room = width - text.cell_len - parts["count"].cell_len
            room -= quotes + min(term.cell_len, QUERY_KEPT)
            for name in KEPT_FIRST:
                part = parts[name]
                if part.cell_len <= room:
                    room -= part.cell_len
                else:
                    parts[name] = Text()
            room += min(term.cell_len, QUERY_KEPT)
            if term.cell_len > room:
                term.truncate(max(room, 1), overflow="ellipsis")
        if self.search:
            text.append("  “", "dim")
            text.append_text(term)
            text.append("”", "dim")
        for name in SHOWN_IN_ORDER:
            text.append_text(parts[name])
        return text

    def _parts(self) -> dict[str, Text]:
        """The parts after the filter: counts, arrivals, unread, view options, the note."""
        parts = {name: Text(no_wrap=True, end="") for name in SHOWN_IN_ORDER}
        if self.more:
            parts["count"].append(f"  {self.shown:,}+ articles", "dim")
        elif self.total is not None and self.total != self.shown:
            parts["count"].append(f"  {self.shown:,} of {self.total:,}", "dim")
        else:
            count = f"  {self.shown:,} articles" if self.shown != 1 else "  1 article"
            parts["count"].append(count, "dim")
        if self.arrived:
            # Counted in the whole library: a category or a search may hold fewer.
            where = " in all" if self.category or self.search else ""
            parts["arrived"].append(f"  +{self.arrived:,} new{where}", "bold")
        if self.unread is not None:
            parts["unread"].append(f" · {self.unread:,} unread", "bold" if self.unread else "dim")
        if self.flags:
            parts["flags"].append(f"  [{self.flags}]", "italic")
        if self.note:
            parts["note"].append(f"  {self.note}", "italic dim")
        return parts
