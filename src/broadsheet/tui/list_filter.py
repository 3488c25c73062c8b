"""What the article list shows: a category (and its descendants), a search query, an order."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Final, get_args

from broadsheet.errors import BroadsheetError
from broadsheet.library.article import CategoryPath
from broadsheet.library.library import Library
from broadsheet.library.listing import Listing
from broadsheet.library.results import Entry, Marks, SearchResults
from broadsheet.library.unread import VIEW_ORDERS, ViewOrder, ancestors_of

FIRST_HITS: Final = 30
"""Hits ranked and cut snippets for on each keystroke: more than a tall screen shows (a hit
takes two rows); the rest come when the list is scrolled near its end."""
MAX_HITS: Final = 200
"""Search hits listed (the breadcrumb says how many match in all)."""


FIRST_ROWS: Final = 500
"""Articles of a category read first, when its keys are not at hand: pages of a tall
screen, read in 2 ms where all of a million take half a second; the rest follow at once."""


@dataclass(frozen=True, slots=True)
class ListFilter:
    """The list's filter: a value, replaced (never mutated) when the user changes it."""

    category: CategoryPath = ()
    """The chosen category; empty for the whole library."""
    query: str = ""
    """The search typed by the user (without the category)."""
    unread_only: bool = False
    """Leave out the articles already read."""
    order: ViewOrder = "date"
    """The order of a category's articles (a search has its own, unless unread first)."""

    @property
    def is_search(self) -> bool:
        """Whether the list shows search hits rather than the category's articles."""
        return bool(self.query.strip())

    @property
    def is_empty(self) -> bool:
        """Whether nothing is filtered."""
        return not self.category and not self.is_search

    def run(
        self, library: Library, *, first: bool, read_ids: Collection[str] = ()
    ) -> Sequence[Entry] | SearchResults:
        """What the list shows: search hits or the category's articles.

        ``first`` asks for a first page of search hits (quick to rank and cut snippets
        for) or of articles (quick to read); the rest follows with ``first=False``.
        ``read_ids`` are the articles read (for the unread-only view and the
        unread-first order). Raises ``QueryError`` for a query it cannot run.
        """
        if self.is_search:
            limit = FIRST_HITS if first else MAX_HITS
            query = self.query.strip()
            if self.order == "title" and "sort:" not in query:
                query += " sort:title"
            if self.unread_only:
                # Counted by the search, totals included; grouped only when OR needs it
                # ("(sort:title)" alone would be an empty group).
                grouped = " OR " in query or "(" in query
                query = f"({query}) is:unread" if grouped else f"{query} is:unread"
            marks = Marks(read=frozenset(read_ids)) if self.unread_only else None
            results = library.search(query, limit=limit, within=self.category or None, marks=marks)
            if self.order != "unread":
                return results
            unread = tuple(hit for hit in results.hits if hit.entry.id not in read_ids)
            read = tuple(hit for hit in results.hits if hit.entry.id in read_ids)
            return replace(results, hits=unread + read)
        # A Listing: its rows are read only as the list draws them, so a category of
        # 100,000 articles comes complete at once (its first keys first, at a million).
        return library.view(
            category=self.category or None,
            order=self.order,
            unread_only=self.unread_only,
            read_ids=read_ids,
            first=FIRST_ROWS if first else None,
        )

    def holds(self, library: Library, article_id: str) -> bool:
        """Whether the article is in this filter's category (as a plain list of it would
        hold it), from its one row: a big category need not be read whole to find an
        article the cursor was on in another list (a million articles: 0.1-0.5 s)."""
        if not self.category:
            return True
        try:
            article = library.article(article_id)
        except BroadsheetError:
            return False
        return self.category in ancestors_of(article.categories)

    @staticmethod
    def is_complete(content: Sequence[Entry] | SearchResults, *, first: bool) -> bool:
        """Whether ``content`` from :meth:`run` already holds everything there is to show."""
        if not first:
            return True
        if isinstance(content, SearchResults):
            return content.total <= len(content.hits)
        return not isinstance(content, Listing) or not content.partial

    def with_category(self, category: CategoryPath) -> ListFilter:
        """The same search within another category."""
        return replace(self, category=category)

    def with_query(self, query: str) -> ListFilter:
        """Another search within the same category."""
        return replace(self, query=query)

    def with_unread_only(self, unread_only: bool) -> ListFilter:
        """The same list with or without the articles already read."""
        return replace(self, unread_only=unread_only)

    def next_order(self) -> ListFilter:
        """The same list in the next order (date, title, unread first, date...)."""
        return replace(self, order=VIEW_ORDERS[(VIEW_ORDERS.index(self.order) + 1) % 3])

    def to_json(self) -> str:
        """A string to remember the filter across restarts."""
        data: dict[str, object] = {"category": list(self.category), "query": self.query}
        if self.unread_only:
            data["unread_only"] = True
        if self.order != "date":
            data["order"] = self.order
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, value: str | None) -> ListFilter:
        """The filter remembered by :meth:`to_json` (the empty filter when unreadable)."""
        if not value:
            return cls()
        try:
            data = json.loads(value)
            category = tuple(str(part) for part in data.get("category", ()))
            order = data.get("order", "date")
            return cls(
                category=category,
                query=str(data.get("query", "")),
                unread_only=data.get("unread_only") is True,
                order=order if order in get_args(ViewOrder) else "date",
            )
        except (ValueError, TypeError, AttributeError):
            return cls()
