"""Values returned by library queries: listing entries, search hits, the category tree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from broadsheet.library.article import CategoryPath

Span = tuple[int, int]
"""A half-open character range ``[start, end)`` in some text."""

ProgressCallback = Callable[[int, int], None]
"""Called with ``(done, total)`` while a scan runs; ``total`` may grow."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the library list: just what a list needs to draw and sort."""

    id: str
    title: str
    date: datetime | None
    author: str
    category: CategoryPath
    """The first category path of the article (empty when it has none)."""
    relpath: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result."""

    entry: Entry
    score: float
    snippet: str
    """About 160 characters of plain text around the best match (one line)."""
    snippet_spans: tuple[Span, ...]
    """Where the query matches inside ``snippet``."""
    title_spans: tuple[Span, ...]
    """Where the query matches inside ``entry.title``."""


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The hits of one query, best first (or in the order the query asked for)."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    """How many articles match in all (``hits`` may hold fewer)."""
    terms: tuple[str, ...]
    """The positive words and phrases of the query, for highlighting in an article."""


@dataclass(frozen=True, slots=True)
class Marks:
    """The ids of the articles marked read and bookmarked, read from the state at once."""

    read: frozenset[str] = frozenset()
    bookmarked: frozenset[str] = frozenset()
    note: str | None = None
    """Why the marks may be incomplete (the state file could not be used), if they are."""
    known: bool = True
    """False when the state file could not be read at all (locked, unreadable): no
    article is known to be read or bookmarked, nor known not to be."""


@dataclass(frozen=True, slots=True)
class CategoryNode:
    """A node of the category tree; ``count`` includes every descendant's articles."""

    name: str
    path: CategoryPath
    count: int
    children: tuple[CategoryNode, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ScanReport:
    """What one scan did."""

    indexed: int
    """Articles in the index after the scan."""
    added: int
    """New files indexed as articles by this scan."""
    updated: int
    """Changed files indexed again as articles."""
    removed: int
    """Files gone from the folder."""
    problems: int
    """Files in the index that needed a fallback or were skipped (doctor lists them)."""
    seconds: float
    rebuilt_reason: str | None = None
    """Why the index was rebuilt from scratch (missing, corrupt, old schema), if it was."""
    added_ids: frozenset[str] = frozenset()
    """Ids of the articles the scan added (complete only when :attr:`ids_complete`)."""
    updated_ids: frozenset[str] = frozenset()
    """Ids of the articles whose files changed."""
    removed_ids: frozenset[str] = frozenset()
    """Ids of the articles that left the list (file gone, or no longer readable)."""
    moves: tuple[tuple[str, str], ...] = ()
    """(old id, new id) of the files renamed or moved: a file gone and a file added in
    the same scan with the same inode, time and size (a rename keeps all three; a new
    file that reuses a freed inode has a new time). Not new arrivals."""
    ids_complete: bool = True
    """False when too much changed to list (a first scan): reload everything then."""
    skipped: int = 0
    """Files (new or changed) this scan read but could not index: doctor says why."""


@dataclass(frozen=True, slots=True)
class OtherWriter:
    """Another process writing the index right now (the reader waits for it)."""

    pid: int
    """Its process id (0 when not known)."""
    building: bool
    """The index is empty: it is being built (or rebuilt) from nothing."""

    @property
    def doing(self) -> str:
        """What it does, for the user: "the index is being rebuilt by another process (pid 7)"."""
        who = f"another process (pid {self.pid})" if self.pid else "another process"
        return f"the index is being {'rebuilt' if self.building else 'updated'} by {who}"
