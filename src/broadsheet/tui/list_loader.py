"""Loading what the list shows for a filter, off the UI thread, newest first.

Each load has a turn (:class:`~broadsheet.tui.decisions.LoadTurns`); results of an
older one are dropped, so stale results never replace newer ones. A first page shows at
once and the rest follows only when the user nears its end (a whole 100,000-article list
takes seconds to build). While a search runs, the latest query typed waits for it: one
search at a time. The loader gets the library, the opener (read marks, errors), the pane
it fills and its host (the filter) when it is made; it never looks the screen up.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from typing import Final, Protocol

from broadsheet.errors import BroadsheetError, QueryError
from broadsheet.library.library import Library
from broadsheet.library.listing import Listing
from broadsheet.library.results import Entry, SearchResults
from broadsheet.tui.decisions import LoadTurns
from broadsheet.tui.list_filter import ListFilter
from broadsheet.tui.reading import ArticleOpener
from broadsheet.tui.scanning import IndexBusy
from broadsheet.tui.widgets.list_pane import ListPane

log = logging.getLogger(__name__)

Content = Sequence[Entry] | SearchResults
WARM_ROWS: Final = 100
"""Rows around the article to be selected whose entries are read before a list shows."""


class ListHost(Protocol):
    """What the loader needs of the screen it loads for (the main screen)."""

    @property
    def filter(self) -> ListFilter:
        """What the list shows now."""

    def set_filter(self, new: ListFilter, *, select: str | None = None) -> None:
        """Change the filter (a query typed while a search ran, once it is over)."""

    def show_total(self, total: int) -> None:
        """The number of articles in the library (the whole list came in)."""

    def list_shown(self) -> None:
        """The list shows new rows."""


class ListLoader:
    """Runs the list's queries for the main screen and hands the results to its pane."""

    def __init__(
        self, library: Library, opener: ArticleOpener, pane: ListPane, host: ListHost
    ) -> None:
        """A loader of ``library``'s lists into ``pane`` for ``host``'s filter
        (``opener`` knows the read marks and reports errors)."""
        self.library = library
        self.opener = opener
        self.pane = pane
        self.host = host
        self.turns = LoadTurns()
        """Which load wins: the newest asked for; a query typed during a search waits."""
        self.terms: tuple[str, ...] = ()
        """The words of the search shown, to find them in an article opened from it."""
        self._to_end = False
        self._rest_shown = False
        self._reload_wanted = False
        self._reloading = 0
        """The turn of the last reload asked for (its place is taken when it shows)."""

    @property
    def current(self) -> bool:
        """Whether the list shows the current filter (at least its first page)."""
        return self.turns.current

    def load(self, select: str | None = None) -> None:
        """Load the list for the screen's filter; ``select`` puts the cursor on an article."""
        self._rest_shown = self._reload_wanted = False
        turn = self.turns.begin()
        self.pane.expect()
        self._start(self.host.filter, turn, select, first=True)

    def reload(self) -> None:
        """Load the same list again (the folder changed), back at the same place.

        The article under the cursor stays under it, on the same line; as much of the
        list as was shown is loaded again. While a load runs, the reload follows it.
        """
        if not self.current:
            self._reload_wanted = True
            return
        self._reload_wanted = False
        turn = self.turns.begin(fresh=False)
        self._reloading = turn
        # The article under the cursor now is found and its rows read in the worker;
        # the place itself is taken when the list shows (keys may move it meanwhile).
        entry = self.pane.article_list.highlighted_entry
        near = entry.id if entry is not None else None
        self._start(self.host.filter, turn, near, first=not self._rest_shown)

    def take_queued(self) -> str | None:
        """The query typed while a search was running (it is no longer queued)."""
        return self.turns.take_queued()

    def more(self, *, to_end: bool) -> None:
        """Load the rest of the list shown (``to_end``: then put the cursor on its last row)."""
        self._to_end = to_end
        self._start(self.host.filter, self.turns.asked, None, first=False)

    def search(self, query: str) -> None:
        """Search for ``query`` now, or as soon as the search running has finished."""
        if not self.turns.typed(query, searching=self.host.filter.is_search):
            self.host.set_filter(self.host.filter.with_query(query))

    def _start(
        self, list_filter: ListFilter, generation: int, select: str | None, first: bool
    ) -> None:
        # A copy: the UI thread adds to the set while the worker reads it.
        needs_marks = list_filter.unread_only or list_filter.order == "unread"
        read_ids = frozenset(self.opener.read_ids) if needs_marks else frozenset()
        work = partial(self._run, list_filter, generation, select, first, read_ids)
        self.pane.run_worker(work, thread=True, exclusive=True, group="list", exit_on_error=False)

    def _run(
        self,
        list_filter: ListFilter,
        generation: int,
        select: str | None,
        first: bool,
        read_ids: frozenset[str],
    ) -> None:
        """In a worker thread: query the library, hand the result to the UI thread."""
        app = self.pane.app
        try:
            library = self.library
            content = list_filter.run(library, first=first, read_ids=read_ids)
            if isinstance(content, Listing):
                if (
                    content.partial
                    and select is not None
                    and content.find(select) is None
                    and list_filter.holds(library, select)
                ):
                    # The article to show is further down: the whole list, as before.
                    whole = list_filter.run(library, first=False, read_ids=read_ids)
                    assert isinstance(whole, Listing)  # a list, not a search
                    content = whole
                content.warm(select, WARM_ROWS)  # no query left for the UI thread
            rows = content.hits if isinstance(content, SearchResults) else content
            writer = library.other_writer() if not rows else None
            if writer is not None:  # empty because another process rebuilds the index?
                self.pane.post_message(IndexBusy(writer, waiting=False))
        except QueryError as error:
            app.call_from_thread(self._query_error, generation, str(error))
        except BroadsheetError as error:
            app.call_from_thread(self._failed, generation, str(error))
        except Exception as error:  # a bug must not leave the list loading forever
            log.exception("loading the list failed")
            app.call_from_thread(self._failed, generation, f"{type(error).__name__}: {error}")
        else:
            complete = ListFilter.is_complete(content, first=first)
            app.call_from_thread(self._show, generation, content, select, complete)

    def _show(self, generation: int, content: Content, select: str | None, complete: bool) -> None:
        if not self.turns.is_newest(generation):
            return  # a newer filter was chosen while this one loaded
        listed = self.pane.article_list
        list_filter = self.host.filter
        rest = self.turns.shown == generation  # the rest of a list already on screen
        # The place is taken now, not when the reload was asked for: keys pressed while
        # it loaded moved the cursor, and it must stay where they put it.
        place = listed.place() if self._reloading == generation else None
        if place is not None:
            select = place.article_id
        if rest:
            entry = listed.highlighted_entry
            select = entry.id if entry is not None else None
            self._rest_shown = True
        following = rest or place is not None  # a reload: the view stays where it is...
        if isinstance(content, SearchResults):
            self.terms = content.terms
            self.pane.show_results(content, select, keep_scroll=following)
        else:
            self.terms = ()
            self.pane.show_entries(content, select, complete=complete, keep_scroll=following)
            if list_filter.is_empty and not list_filter.unread_only and complete:
                self.host.show_total(len(content))
        if place is not None:
            listed.go_back_to(place)  # ...and the article where it was
        self.turns.done(generation)
        listed.more = not complete
        if rest and self._to_end:
            listed.cursor = listed.row_count - 1
        self._to_end = False
        self.host.list_shown()
        if isinstance(content, Listing) and content.partial:
            # Its first rows are on screen: the rest now (what is queued goes after it,
            # and a newer list makes it void).
            self.more(to_end=False)
        self._run_queued()
        self._run_reload()
        if self.turns.opens_first(hits=isinstance(content, SearchResults)):
            listed.action_select()

    def _failed(self, generation: int, message: str) -> None:
        self.opener.report(message)
        # The rescan starts all the same: it may be what repairs the index.
        self.host.list_shown()
        if self.turns.is_newest(generation):
            self.turns.done(generation)
            self._run_queued()
            self._run_reload()

    def _query_error(self, generation: int, message: str) -> None:
        if self.turns.is_newest(generation):
            self.turns.done(generation)
            self.turns.open_first = False
            self.pane.show_query_error(message)
            self._run_queued()
            self._run_reload()

    def _run_reload(self) -> None:
        if self._reload_wanted and self.current:
            self.reload()

    def _run_queued(self) -> None:
        query = self.take_queued()
        if query is not None:
            self.host.set_filter(self.host.filter.with_query(query))
