"""What the article list shows: a category (and its descendants) and a search query."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from broadsheet.library.article import CategoryPath
from broadsheet.library.library import Library
from broadsheet.library.results import Entry, SearchResults

FIRST_HITS: Final = 30
"""Hits ranked and cut snippets for on each keystroke: more than a tall screen shows (a hit
takes two rows); the rest come when the list is scrolled near its end."""
MAX_HITS: Final = 200
"""Search hits listed (the breadcrumb says how many match in all)."""


@dataclass(frozen=True, slots=True)
class ListFilter:
    """The list's filter: a value, replaced (never mutated) when the user changes it."""

    category: CategoryPath = ()
    """The chosen category; empty for the whole library."""
    query: str = ""
    """The search typed by the user (without the category)."""

    @property
    def is_search(self) -> bool:
        """Whether the list shows search hits rather than the category's articles."""
        return bool(self.query.strip())

    @property
    def is_empty(self) -> bool:
        """Whether nothing is filtered."""
        return not self.category and not self.is_search

    def run(self, library: Library, *, first: bool) -> Sequence[Entry] | SearchResults:
        """What the list shows: search hits or the category's articles.

        ``first`` asks for a first page of search hits (quick to rank and cut snippets
        for); the rest follows with ``first=False``. Raises ``QueryError`` for a query it
        cannot run.
        """
        if self.is_search:
            limit = FIRST_HITS if first else MAX_HITS
            return library.search(self.query.strip(), limit=limit, within=self.category or None)
        # A Listing: its rows are read only as the list draws them, so a category of
        # 100,000 articles comes complete at once.
        return library.entries(category=self.category or None)

    @staticmethod
    def is_complete(content: Sequence[Entry] | SearchResults, *, first: bool) -> bool:
        """Whether ``content`` from :meth:`run` already holds everything there is to show."""
        if not first:
            return True
        if isinstance(content, SearchResults):
            return content.total <= len(content.hits)
        return True

    def with_category(self, category: CategoryPath) -> ListFilter:
        """The same search within another category."""
        return replace(self, category=category)

    def with_query(self, query: str) -> ListFilter:
        """Another search within the same category."""
        return replace(self, query=query)

    def to_json(self) -> str:
        """A string to remember the filter across restarts."""
        return json.dumps(
            {"category": list(self.category), "query": self.query}, ensure_ascii=False
        )

    @classmethod
    def from_json(cls, value: str | None) -> ListFilter:
        """The filter remembered by :meth:`to_json` (the empty filter when unreadable)."""
        if not value:
            return cls()
        try:
            data = json.loads(value)
            category = tuple(str(part) for part in data.get("category", ()))
            return cls(category=category, query=str(data.get("query", "")))
        except (ValueError, TypeError, AttributeError):
            return cls()
