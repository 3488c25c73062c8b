"""Back and forward through the articles opened, as a browser does (w3m ``B``).

A plain object: the reader tells it each article it opens and where the reader was
in the one it leaves; back and forward give the article to show and the place to
show it at. Opening an article after going back drops the forward part.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

LIMIT: Final = 200
"""Visits kept (the oldest are dropped)."""


@dataclass(frozen=True, slots=True)
class Visit:
    """An article opened, and where the reader was in it when it left (None: not left yet)."""

    article_id: str
    offset: int | None = None


class History:
    """The articles opened in this session, in order, with a current position."""

    def __init__(self, limit: int = LIMIT) -> None:
        """An empty history that keeps at most ``limit`` visits."""
        self._visits: list[Visit] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Visit | None:
        """The visit being read."""
        return self._visits[self._index] if self._visits else None

    @property
    def can_go_back(self) -> bool:
        """Whether there is an article before the current one."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether there is an article after the current one (after going back)."""
        return 0 <= self._index < len(self._visits) - 1

    def moved(self, moves: dict[str, str]) -> None:
        """Articles whose files were renamed or moved (old id -> new id): their visits
        now go to the new ids."""
        self._visits = [
            replace(visit, article_id=moves.get(visit.article_id, visit.article_id))
            for visit in self._visits
        ]

    def visit(self, article_id: str) -> None:
        """The reader opened ``article_id`` (not by going back or forward)."""
        current = self.current
        if current is not None and current.article_id == article_id:
            return
        del self._visits[self._index + 1 :]
        self._visits.append(Visit(article_id))
        if len(self._visits) > self._limit:
            del self._visits[0]
        self._index = len(self._visits) - 1

    def leave(self, offset: int | None) -> None:
        """The reader leaves the current article at ``offset``: it comes back there."""
        current = self.current
        if current is not None and offset is not None:
            self._visits[self._index] = replace(current, offset=offset)

    def back(self) -> Visit | None:
        """Step back: the article to show (None when there is none before)."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._visits[self._index]

    def forward(self) -> Visit | None:
        """Step forward again (None when there is nothing after)."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._visits[self._index]
