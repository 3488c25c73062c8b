"""The reader's decisions, as plain values: which list load wins, what enter in the
search box does, what opens first.

No widget and no app here: the main screen and the list loader ask these and do what
they answer, and ``tests/tui/test_decisions.py`` drives them without a Pilot.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Submit(Enum):
    """What enter in the search box does."""

    TO_LIST = "to_list"
    """Nothing typed: go to the list."""
    SEARCH_THEN_OPEN = "search_then_open"
    """A query the list does not show yet: search it, open its first hit when it is in."""
    OPEN_WHEN_IN = "open_when_in"
    """The query shown is still being searched: open its first hit when it is in."""
    OPEN_HIGHLIGHTED = "open_highlighted"
    """The list shows this query's hits: open the one under the cursor."""
    NOTHING = "nothing"
    """The search found nothing to open."""


def on_submit(query: str, shown_query: str, *, current: bool, rows: int) -> Submit:
    """What enter does with ``query`` typed, when the list's filter searches
    ``shown_query`` (``current``: its results are in) and has ``rows`` rows."""
    if not query.strip():
        return Submit.TO_LIST
    if shown_query != query:
        return Submit.SEARCH_THEN_OPEN
    if not current:
        return Submit.OPEN_WHEN_IN
    return Submit.OPEN_HIGHLIGHTED if rows else Submit.NOTHING


def reopen_at_start(
    last_article: str | None, *, narrow: bool, open_id: str | None, highlighted: str | None
) -> str | None:
    """The article to open when the list first shows, if any: the one read last, on a
    wide screen, when nothing is open yet and the list's cursor is on it (it is in the
    list, so the list and the reader agree)."""
    if not last_article or narrow or open_id is not None:
        return None
    return last_article if highlighted == last_article else None


@dataclass
class LoadTurns:
    """Which load of the list wins: the newest asked for, one search at a time.

    Each load gets a number; results of an older one are dropped. A query typed while
    a search runs waits for it (the latest typed replaces the one waiting), and enter
    pressed before the hits are in opens the first of them when they arrive.
    """

    asked: int = 0
    """The number of the newest load asked for."""
    shown: int = 0
    """The number of the newest load shown."""
    queued: str | None = None
    """The latest query typed while a search ran (it runs when that search is in)."""
    open_first: bool = False
    """Open the first hit when the current search's results arrive (enter was pressed)."""

    @property
    def current(self) -> bool:
        """Whether the list shows the newest load (at least its first page)."""
        return self.shown == self.asked

    def begin(self, *, fresh: bool = True) -> int:
        """The number of a new load; ``fresh`` (a new filter) drops the query waiting."""
        if fresh:
            self.queued = None
        self.asked += 1
        return self.asked

    def is_newest(self, turn: int) -> bool:
        """Whether ``turn`` is still the load asked for last (else its results are dropped)."""
        return turn == self.asked

    def typed(self, query: str, *, searching: bool) -> bool:
        """``query`` was typed: True when it must wait (a search is running), and then
        it waits; False when it can run now."""
        if searching and not self.current:
            self.queued = query
            return True
        return False

    def take_queued(self) -> str | None:
        """The query typed while a search was running (it is no longer queued)."""
        query, self.queued = self.queued, None
        return query

    def done(self, turn: int) -> None:
        """The load ``turn`` is shown (or failed): the list is current again."""
        self.shown = turn

    def opens_first(self, *, hits: bool) -> bool:
        """Results came in: whether to open their first hit now (enter was pressed and
        they are search hits); it is then done."""
        if self.open_first and hits:
            self.open_first = False
            return True
        return False
