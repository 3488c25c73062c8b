"""The article list: a virtual list that draws only the rows on screen.

A ListView, OptionList or DataTable measures or mounts every row and takes seconds at
100,000 articles; this list holds a reference to the library's sequence and renders a
row only when Textual asks for that line, so filling or swapping it costs nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar, Final

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from broadsheet.library.listing import Listing
from broadsheet.library.results import Entry, Hit
from broadsheet.tui.cells import fit, wrap_words
from broadsheet.tui.keymap import bindings
from broadsheet.tui.list_place import Place, place_of, top_for
from broadsheet.tui.scrolling import set_virtual_size
from broadsheet.tui.widgets.follow_focus import KeysFollowFocus
from broadsheet.tui.widgets.list_rows import RowStyles, snippet_line, title_line

UNREAD_MARK: Final = "●"
BOOKMARK_MARK: Final = "★"
ROW_CACHE: Final = 2000
"""Drawn rows kept; a screenful is at most a few hundred."""


class ArticleList(KeysFollowFocus, ScrollView, can_focus=True, inherit_bindings=False):
    """A keyboard- and mouse-driven list of articles or search hits (two lines per hit)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("list")]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--meta",
        "article-list--date",
        "article-list--match",
        "article-list--snippet",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        scrollbar-gutter: stable;
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    ArticleList > .article-list--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    ArticleList > .article-list--unread { color: $accent; text-style: bold; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--date { color: $text-muted; }
    ArticleList > .article-list--match { color: $text-warning; text-style: bold underline; }
    ArticleList > .article-list--snippet { color: $text-muted; }
    ArticleList > .article-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(-1, init=False)
    """The highlighted row (-1 when the list is empty)."""

    class Highlighted(Message):
        """The cursor moved to another article."""

        def __init__(self, article_list: ArticleList, index: int, entry: Entry) -> None:
            self.article_list = article_list
            self.index = index
            self.entry = entry
            super().__init__()

    class MoreWanted(Message):
        """The user reached the end of a first page: the rest of the list is wanted.

        ``to_end`` when they asked for the last row (G / End).
        """

        def __init__(self, to_end: bool) -> None:
            self.to_end = to_end
            super().__init__()

    class AtTop(Message):
        """The user moved the cursor to the first row (a key or a click)."""

    class Selected(Message):
        """The user chose an article (enter or a second click)."""

        def __init__(self, article_list: ArticleList, index: int, entry: Entry) -> None:
            self.article_list = article_list
            self.index = index
            self.entry = entry
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """A list with no rows yet: it shows ``empty_text`` until :meth:`show_entries`."""
        super().__init__(id=id, classes=classes)
        self._entries: Sequence[Entry] = ()
        self._hits: Sequence[Hit] | None = None
        self._read: Collection[str] = frozenset()
        self._bookmarked: Collection[str] = frozenset()
        self.empty_text = "Loading…"
        """What the list says when it has no rows."""
        self.generation = 0
        """Incremented each time the rows are replaced (benchmarks wait on it)."""
        self.more = False
        """The rows are a first page: more can be asked for (:class:`MoreWanted`)."""
        self.end_note: str | None = None
        """Said once when the cursor tries to go past the last row (a capped search)."""
        self._noted = -1
        self.category_column = True
        """Whether rows have a category column (not when the library has no categories)."""
        self._styles: dict[str, Style] = {}
        self._rows: dict[tuple[object, ...], Strip] = {}

    @property
    def row_count(self) -> int:
        """How many articles the list holds."""
        return len(self._entries)

    @property
    def row_height(self) -> int:
        """Lines per row: two for search hits (title and snippet), else one."""
        return 1 if self._hits is None else 2

    @property
    def entries(self) -> Sequence[Entry]:
        """The articles in the list, in order."""
        return self._entries

    @property
    def hits(self) -> Sequence[Hit] | None:
        """The search hits shown, or None when the list shows plain entries."""
        return self._hits

    @property
    def highlighted_entry(self) -> Entry | None:
        """The article under the cursor."""
        if 0 <= self.cursor < len(self._entries):
            return self._entries[self.cursor]
        return None

    def show_entries(
        self, entries: Sequence[Entry], *, select: str | None = None, keep_scroll: bool = False
    ) -> None:
        """Swap in ``entries`` (not copied), putting the cursor on ``select`` if present.

        ``keep_scroll`` keeps the view where it is (the rest of a list arriving).
        """
        self._swap(entries, None, select, keep_scroll)

    def show_hits(
        self, hits: Sequence[Hit], *, select: str | None = None, keep_scroll: bool = False
    ) -> None:
        """Swap in search hits: each row shows its title and snippet with matches marked."""
        self._swap([hit.entry for hit in hits], hits, select, keep_scroll)

    def _swap(
        self,
        entries: Sequence[Entry],
        hits: Sequence[Hit] | None,
        select: str | None,
        keep_scroll: bool,
    ) -> None:
        self._entries = entries
        self._hits = hits
        self.generation += 1
        near = self.cursor if self.cursor >= 0 else None
        index = self.index_of(select, near) if select is not None else None
        set_virtual_size(self, Size(self.size.width, len(entries) * self.row_height))
        self.set_reactive(ArticleList.cursor, -1)
        if not keep_scroll:
            self._scroll_y(0)
        self.cursor = (index if index is not None else 0) if entries else -1
        self.refresh()
        self.refresh_bindings()

    def place(self) -> Place:
        """Where the list is now (see :meth:`go_back_to`)."""
        entry = self.highlighted_entry
        return place_of(
            entry.id if entry else None, self.cursor, self.row_height, round(self.scroll_offset.y)
        )

    def go_back_to(self, place: Place) -> None:
        """After a reload: the cursor on the same article (else row), on the same line."""
        article_id = place.article_id
        index = self.index_of(article_id, place.cursor) if article_id is not None else None
        self.set_reactive(ArticleList.cursor, -1)
        self.cursor = place.cursor if index is None else index  # kept within the rows
        visible = self.scrollable_content_region.height
        self._scroll_y(top_for(place, self.cursor, self.row_height, visible, len(self._entries)))

    def index_of(self, article_id: str, near: int | None = None) -> int | None:
        """The row of an article, or None when it is not in the list (looked for around
        row ``near`` first, where the cursor was)."""
        if isinstance(self._entries, Listing):
            return self._entries.find(article_id, near)  # without reading every row
        for index, entry in enumerate(self._entries):
            if entry.id == article_id:
                return index
        return None

    def set_marks(self, read: Collection[str], bookmarked: Collection[str]) -> None:
        """Which articles are read and bookmarked (the collections are kept, not copied)."""
        self._read = read
        self._bookmarked = bookmarked
        self.refresh()

    def validate_cursor(self, cursor: int) -> int:
        """Keep the cursor on a row (or -1 when there are none)."""
        if not self._entries:
            return -1
        return max(0, min(cursor, len(self._entries) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint the two rows involved, keep the cursor visible, tell the screen."""
        height = self.row_height
        for row in (old, new):
            if row >= 0:
                self.refresh_lines(row * height, height)
        if new < 0:
            return
        if new >= len(self._entries) - self._page():
            self._want_more(to_end=False)  # within a screenful of the end
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, new, self._entries[new]))

    def _scroll_to_cursor(self) -> None:
        height = self.row_height
        top = self.cursor * height
        visible = max(self.scrollable_content_region.height, height)
        if top < self.scroll_offset.y:
            self._scroll_y(top)
        elif top + height > self.scroll_offset.y + visible:
            self._scroll_y(top + height - visible)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual width in step with the widget and the cursor in view."""
        set_virtual_size(self, Size(event.size.width, len(self._entries) * self.row_height))
        if self.cursor >= 0:
            self.call_after_refresh(self._scroll_to_cursor)

    def on_focus(self) -> None:
        """The cursor row changes colour with focus."""
        self._styles.clear()
        self.refresh()

    def on_blur(self) -> None:
        """The cursor row changes colour with focus."""
        self._styles.clear()
        self.refresh()

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height - 1)

    def action_cursor_down(self) -> None:
        """Move to the next article."""
        if self.cursor >= len(self._entries) - 1:
            self._at_end()
        self.cursor += 1

    def _at_end(self) -> None:
        """Past the last row: say why the list ends here, once per list."""
        if self.end_note and not self.more and self._noted != self.generation:
            self._noted = self.generation
            self.notify(self.end_note, markup=False)

    def action_cursor_up(self) -> None:
        """Move to the previous article."""
        self.cursor = max(0, self.cursor - 1) if self._entries else -1
        self._moved_by_user()

    def _moved_by_user(self) -> None:
        if self.cursor == 0:
            self.post_message(self.AtTop())

    def action_first(self) -> None:
        """Move to the first article."""
        self.cursor = 0
        self._moved_by_user()

    def action_last(self) -> None:
        """Move to the last article (of the whole list, once it has arrived)."""
        self._want_more(to_end=True)
        if self.cursor == len(self._entries) - 1:
            self._at_end()
        self.cursor = len(self._entries) - 1

    def _want_more(self, *, to_end: bool) -> None:
        if self.more:
            self.more = False  # asked once; the screen sets it again if need be
            self.post_message(self.MoreWanted(to_end))

    def action_page_down(self) -> None:
        """Move down by a screenful."""
        if self.cursor >= len(self._entries) - 1:
            self._at_end()
        self.cursor += self._page()

    def action_page_up(self) -> None:
        """Move up by a screenful."""
        self.cursor = max(0, self.cursor - self._page()) if self._entries else -1
        self._moved_by_user()

    def action_select(self) -> None:
        """Open the article under the cursor."""
        entry = self.highlighted_entry
        if entry is not None:
            self.post_message(self.Selected(self, self.cursor, entry))

    def _scroll_y(self, y: float) -> None:
        # force: right after a new virtual size Textual has not yet decided that a
        # scrollbar is needed and would refuse to scroll (the value is still clamped).
        self.scroll_to(y=y, animate=False, force=True, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moving and opening need rows."""
        return bool(self._entries)

    def on_click(self, event: events.Click) -> None:
        """A click highlights a row; a second click (or a double click) opens it."""
        row = (event.y + int(self.scroll_offset.y)) // self.row_height
        if not 0 <= row < len(self._entries):
            return
        if row == self.cursor or event.chain >= 2:
            self.cursor = row
            self.action_select()
        else:
            self.cursor = row
        self._moved_by_user()

    def notify_style_update(self) -> None:
        """The theme or the focus changed: styles and drawn rows are stale."""
        super().notify_style_update()
        self._styles.clear()
        self._rows.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def _base_style(self) -> Style:
        # rich_style walks the ancestors' styles: worth keeping between lines.
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def render_line(self, y: int) -> Strip:
        """Draw one screen line: part of a row, or the empty-list message."""
        width = self.scrollable_content_region.width
        base = self._base_style()
        if not self._entries:
            lines = wrap_words(self.empty_text, width - 4)  # a long notice wraps
            if 1 <= y <= len(lines):
                style = base + self._style("article-list--empty")
                return Strip([Segment(fit("  " + lines[y - 1], width), style)], width)
            return Strip.blank(width, base)
        line = y + int(self.scroll_offset.y)
        index, part = divmod(line, self.row_height)
        if index >= len(self._entries) - 1:
            self._want_more(to_end=False)  # scrolled (wheel, scrollbar) to the end
        if index >= len(self._entries):
            return Strip.blank(width, base)
        entry = self._entries[index]
        mark = self._mark(entry.id)
        current = index == self.cursor
        columns = self.category_column
        key = (self.generation, index, part, width, current, self.has_focus, mark, columns)
        strip = self._rows.get(key)
        if strip is None:
            if len(self._rows) > ROW_CACHE:
                self._rows.clear()
            style = base + self._style("article-list--cursor") if index == self.cursor else base
            hit = self._hits[index] if self._hits is not None else None
            if hit is None or part == 0:
                segments = title_line(
                    entry,
                    hit,
                    width,
                    mark,
                    styles=self._row_styles(),
                    console=self.app.console,
                    categories=self.category_column,
                )
            else:
                segments = snippet_line(hit, width, self._row_styles(), self.app.console)
            strip = Strip(segments, width).apply_style(style)
            self._rows[key] = strip
        return strip

    def _row_styles(self) -> RowStyles:
        return RowStyles(
            mark=self._style("article-list--unread"),
            meta=self._style("article-list--meta"),
            date=self._style("article-list--date"),
            match=self._style("article-list--match"),
            snippet=self._style("article-list--snippet"),
        )

    def _mark(self, article_id: str) -> str:
        if article_id in self._bookmarked:
            return BOOKMARK_MARK
        return " " if article_id in self._read else UNREAD_MARK
