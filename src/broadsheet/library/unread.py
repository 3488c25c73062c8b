"""Unread counts per category, kept up to date as articles are marked read or unread.

The counts of the tree come from the catalog once (a category's count includes its
descendants); the read articles among them are counted once per load of the tree
(:meth:`Library.read_counts`). After that, marking an article changes only the counts
of its categories and their ancestors: nothing is queried again, so moving between
categories and searching cost what they cost without unread counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from broadsheet.library.article import CategoryPath
from broadsheet.library.results import CategoryNode

ViewOrder = Literal["date", "title", "unread"]
"""The orders of the reader's list: newest first, by title, unread first (then newest)."""
VIEW_ORDERS: Final[tuple[ViewOrder, ...]] = ("date", "title", "unread")


@dataclass(frozen=True, slots=True)
class ReadCounts:
    """How many read articles the library holds, in all and per category (with descendants)."""

    total: int
    by_category: Mapping[CategoryPath, int]


def ancestors_of(categories: Iterable[CategoryPath]) -> set[CategoryPath]:
    """Every category path and each of its ancestors, once (an article counts once in each)."""
    return {path[:depth] for path in categories for depth in range(1, len(path) + 1)}


class UnreadTally:
    """Unread articles per category and in the whole library."""

    def __init__(self, roots: Sequence[CategoryNode], total: int | None, read: ReadCounts) -> None:
        """Counts for the tree ``roots`` of a library of ``total`` articles."""
        self._count: dict[CategoryPath, int] = {}
        self._order: list[CategoryPath] = []
        pending = list(reversed(roots))
        while pending:
            node = pending.pop()
            self._count[node.path] = node.count
            self._order.append(node.path)
            pending.extend(reversed(node.children))
        self._read = {path: read.by_category.get(path, 0) for path in self._count}
        self._total = total
        self._read_total = read.total

    @property
    def has_categories(self) -> bool:
        """Whether the library has any category."""
        return bool(self._count)

    def unread(self, category: CategoryPath) -> int | None:
        """Unread articles in ``category`` (the whole library for ``()``); None when unknown."""
        if not category:
            return None if self._total is None else max(0, self._total - self._read_total)
        count = self._count.get(category)
        return None if count is None else max(0, count - self._read[category])

    def set_total(self, total: int) -> None:
        """The number of articles in the library (known once the list has loaded)."""
        self._total = total

    def mark(self, categories: Iterable[CategoryPath], read: bool) -> None:
        """An article of ``categories`` became read (or unread again)."""
        step = 1 if read else -1
        self._read_total += step
        for path in ancestors_of(categories):
            if path in self._read:
                self._read[path] += step

    def next_category(self, current: CategoryPath, step: int) -> CategoryPath | None:
        """The next (1) or previous (-1) category in tree order with unread articles.

        Categories inside ``current`` are skipped (their articles are in its list), and
        so are its ancestors; the search wraps around the tree.
        """
        order = self._order
        if not order:
            return None
        start = order.index(current) if current in order else (-1 if step > 0 else 0)
        for turn in range(1, len(order) + 1):
            path = order[(start + step * turn) % len(order)]
            related = path[: len(current)] == current or current[: len(path)] == path
            if current and related:
                continue
            unread = self.unread(path)
            if unread:
                return path
        return None
