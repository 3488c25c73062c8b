"""What the main screen's key groups need of it, declared once.

The key groups (``feed_actions``, ``layout_actions``, ``history_actions``,
``handoff_actions``, ``live_actions``) are mixins of
:class:`~broadsheet.tui.screens.main.MainScreen`, so that their bindings stay
screen-wide. Each derives from :data:`ScreenMixin`: a plain class at run time, and for
the type checker a Screen with the members of :class:`MainParts`, which the main screen
provides (mypy checks that it does). So no key group imports the main screen, casts
itself to it, or reaches for more than this names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, Protocol

from broadsheet.library.library import Library
from broadsheet.library.results import Entry
from broadsheet.library.state import ReadingState
from broadsheet.tui.list_filter import ListFilter
from broadsheet.tui.list_loader import ListLoader
from broadsheet.tui.reading import ArticleOpener
from broadsheet.tui.watching import LiveFolder
from broadsheet.tui.widgets.article_list import ArticleList
from broadsheet.tui.widgets.category_tree import CategoryTree
from broadsheet.tui.widgets.list_pane import ListPane
from broadsheet.tui.widgets.reader_view import ReaderView

Pane = Literal["categories", "list", "reader"]
PANES: Final[tuple[Pane, ...]] = ("categories", "list", "reader")


class MainParts(Protocol):
    """The main screen's members that its key groups use (besides Screen's own)."""

    library: Library
    """The folder of articles and its index."""
    state: ReadingState
    """Read marks, positions, bookmarks, the last article and filter."""
    opener: ArticleOpener
    """Opens articles into the reader."""
    filter: ListFilter
    """What the list shows now."""
    loader: ListLoader
    """Loads the list for the filter."""
    live: LiveFolder | None
    """Follows the library folder (from when the screen is mounted)."""
    library_total: int | None
    """The number of articles in the library, once known."""

    pane: Pane
    """The pane with the focus (a reactive: the layout follows it)."""
    reading: str | None
    """The id of the article open in the reader (None when none is)."""

    @property
    def article_list(self) -> ArticleList:
        """The article list."""

    @property
    def category_tree(self) -> CategoryTree:
        """The category tree."""

    @property
    def list_pane(self) -> ListPane:
        """The breadcrumb, the search box and the list."""

    @property
    def reader(self) -> ReaderView:
        """The reader view."""

    def show_pane(self, pane: Pane) -> None:
        """Make ``pane`` active and focus its main widget."""

    def set_filter(self, new: ListFilter, *, select: str | None = None) -> None:
        """Show the list for ``new``."""

    def highlighted_id(self) -> str | None:
        """The id of the article under the list's cursor."""

    def target_id(self) -> str | None:
        """The article the read/bookmark keys act on."""

    def open_entry(self, entry: Entry, *, focus: bool = True) -> None:
        """Open ``entry`` in the reader."""

    def hide_categories(self, hidden: bool) -> None:
        """Leave the category pane out (or put it back)."""

    def load_categories(self) -> None:
        """Load the category tree and its unread counts."""


if TYPE_CHECKING:
    from textual.screen import Screen

    class ScreenMixin(Screen[None], MainParts):
        """For the type checker: a key group is part of a screen with the main parts."""

else:
    ScreenMixin = object
