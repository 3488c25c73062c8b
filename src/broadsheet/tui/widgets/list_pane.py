"""The list pane: the filter as a breadcrumb, the search box, and the article list."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var

from broadsheet.library.article import CategoryPath
from broadsheet.library.results import Entry, SearchResults
from broadsheet.tui.list_filter import ListFilter
from broadsheet.tui.widgets.article_list import ArticleList
from broadsheet.tui.widgets.breadcrumb import Breadcrumb
from broadsheet.tui.widgets.search_bar import SearchBar


class ListPane(Vertical):
    """Shows what a filter found: entries, search hits, or why the query cannot run."""

    list_filter: var[ListFilter] = var(ListFilter(), init=False)
    """The filter whose results the pane is given (bound to the screen's)."""
    scope: var[CategoryPath] = var(())
    """The category a search is limited to (bound into the search box)."""

    def __init__(
        self,
        *,
        count_unread: Callable[[ListFilter], int | None] | None = None,
        id: str | None = None,
    ) -> None:
        """An empty pane; ``count_unread`` gives the number of unread articles in the list
        of a filter (None: not known), for the breadcrumb."""
        super().__init__(id=id)
        self.note = ""
        """Shown at the end of the breadcrumb (the scan's progress)."""
        self.busy: str | None = None
        """Why an empty list is empty while another process rebuilds the index."""
        self._shown: tuple[ListFilter, int, int | None, bool] = (ListFilter(), 0, None, False)
        self.count_unread = count_unread
        """Gives the number of unread articles the list shows."""

    def compose(self) -> ComposeResult:
        """Breadcrumb, search box (hidden until used), list."""
        yield Breadcrumb(id="breadcrumb")
        yield SearchBar(id="search-bar").data_bind(scope=ListPane.scope)
        yield ArticleList(id="articles")

    @property
    def article_list(self) -> ArticleList:
        """The article list."""
        return self.query_one(ArticleList)

    @property
    def search_bar(self) -> SearchBar:
        """The search box."""
        return self.query_one(SearchBar)

    def compute_scope(self) -> CategoryPath:
        """The category a search is limited to (the search box names it)."""
        return self.list_filter.category

    def expect(self) -> None:
        """Say what the list is waiting for (seen only when it is empty)."""
        searching = self.list_filter.is_search
        self.article_list.empty_text = "Searching…" if searching else "Loading…"

    def show_entries(
        self,
        entries: Sequence[Entry],
        select: str | None,
        *,
        complete: bool = True,
        keep_scroll: bool = False,
    ) -> None:
        """The articles of a category (or of the library); ``complete`` False for a first page."""
        self.article_list.empty_text = self.busy or "No articles here."
        self.article_list.end_note = None
        self.article_list.show_entries(entries, select=select, keep_scroll=keep_scroll)
        shown_filter, _, _, shown_more = self._shown
        if not complete and keep_scroll and shown_filter == self.list_filter and not shown_more:
            # The first page of the list on screen, read again (the folder changed): its
            # count stands until the rest comes, rather than "500+ articles" for a blink.
            return
        self._crumb(self.list_filter, len(entries), None, more=not complete)

    def show_results(
        self,
        results: SearchResults,
        select: str | None,
        *,
        keep_scroll: bool = False,
    ) -> None:
        """Search hits, with their snippets; the breadcrumb says how many match in all."""
        self.search_bar.show_error(None)
        self.article_list.empty_text = self.busy or "No articles match."
        self.article_list.show_hits(results.hits, select=select, keep_scroll=keep_scroll)
        shown = len(results.hits)
        self.article_list.end_note = (
            f"The {shown:,} best of {results.total:,} matches are listed; "
            "more words (or cat:, tag:, after:) narrow the search."
            if results.total > shown
            else None
        )
        self._crumb(self.list_filter, len(results.hits), results.total)

    def show_query_error(self, message: str) -> None:
        """The query cannot run: its message under the search box, an empty list."""
        self.search_bar.show_error(message)
        self.article_list.empty_text = "The query cannot be run."
        self.article_list.end_note = None
        self.article_list.show_entries(())
        self._crumb(self.list_filter, 0, None)

    def set_busy(self, text: str) -> None:
        """Another process writes the index: ``text`` says so in the empty list until the
        note is cleared (a scan's end)."""
        self.busy = text
        self.set_note("index busy")
        listed = self.article_list
        if not listed.entries:
            listed.empty_text = text
            listed.refresh()

    def set_note(self, note: str) -> None:
        """Change the note at the end of the breadcrumb."""
        if not note:
            self.busy = None
        self.note = note
        list_filter, shown, total, more = self._shown
        self._crumb(list_filter, shown, total, more=more)

    def show_arrivals(self, arrived: int) -> None:
        """How many articles arrived since the user last looked (0 hides it)."""
        self.query_one(Breadcrumb).set_arrived(arrived)

    def _crumb(
        self, list_filter: ListFilter, shown: int, total: int | None, *, more: bool = False
    ) -> None:
        self._shown = (list_filter, shown, total, more)
        crumb = self.query_one(Breadcrumb)
        unread = self.count_unread(list_filter) if self.count_unread is not None else None
        if list_filter.is_search and (more or (total is not None and shown < total)):
            unread = None  # of the hits listed so far only: not the search's count
        crumb.unread = unread
        flags = ["unread only"] if list_filter.unread_only else []
        if list_filter.order != "date":
            flags.append("by title" if list_filter.order == "title" else "unread first")
        crumb.flags = " · ".join(flags)
        crumb.show(
            list_filter.category, list_filter.query.strip(), shown, total, self.note, more=more
        )

    def refresh_counts(self) -> None:
        """Say again how many articles are unread (some were marked)."""
        self.set_note(self.note)
