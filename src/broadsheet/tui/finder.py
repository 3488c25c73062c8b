"""Find inside the open article: the matches of some terms and the current one.

The matching runs over the Document's plain text, so it is independent of the
width; :meth:`Finder.layout` turns the matches into highlighted cells of the lines at
one width (the Document does the mapping).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from broadsheet.library.matching import term_pattern

if TYPE_CHECKING:
    from broadsheet.render.document import Document

MAX_MATCHES: Final = 10_000
"""More matches than anyone steps through; the bound keeps a one-letter find cheap."""


def find_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any of ``terms`` (longest first).

    Cut into units the way search cuts them (:func:`~broadsheet.library.matching.
    term_pattern`), so a search's matches are found again in the article: whitespace
    inside a phrase matches any run of whitespace, CJK units match across line breaks.
    Unlike search, a Latin word also matches inside a longer word, as find in a page does.
    """
    words = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    patterns = [term_pattern(word, whole_words=False) for word in words]
    parts = [pattern.pattern for pattern in patterns if pattern is not None]
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def parse_terms(text: str) -> tuple[str, ...]:
    """Split what was typed into the find box: words, and "quoted phrases" kept whole."""
    terms = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', text)]
    return tuple(term.strip('"') for term in terms if term.strip('"'))


class Finder:
    """The matches of a find in one document; empty when no find is active."""

    def __init__(self, terms: tuple[str, ...] = (), spans: Sequence[tuple[int, int]] = ()) -> None:
        """A finder with these matches (plain-text spans) and the first one current."""
        self.terms = terms
        """What is being looked for."""
        self.spans = list(spans)
        """Every match, in document order."""
        self.current = 0 if self.spans else -1
        """The index of the current match (-1 when there is none)."""
        self._marks: dict[int, list[tuple[int, int, bool]]] = {}
        self._current_line: int | None = None

    @classmethod
    def search(
        cls,
        document: Document,
        terms: tuple[str, ...],
        from_offset: int = 0,
    ) -> Finder:
        """Find ``terms`` in ``document``; the current match is the first from ``from_offset``."""
        pattern = find_pattern(terms)
        if pattern is None:
            return cls(terms)
        text = document.plain_text
        spans: list[tuple[int, int]] = []
        for match in pattern.finditer(text):
            if match.end() > match.start():
                spans.append(match.span())
            if len(spans) >= MAX_MATCHES:
                break
        finder = cls(terms, spans)
        if spans:
            finder.current = next((i for i, s in enumerate(spans) if s[0] >= from_offset), 0)
        return finder

    @property
    def total(self) -> int:
        """How many matches there are."""
        return len(self.spans)

    @property
    def position(self) -> int:
        """The current match counted from 1 (0 when there is none)."""
        return self.current + 1 if self.spans else 0

    @property
    def current_line(self) -> int | None:
        """The line of the current match at the width of the last :meth:`layout`."""
        return self._current_line

    def step(self, step: int) -> None:
        """Move the current match forwards or backwards, wrapping around."""
        if self.spans:
            self.current = (self.current + step) % len(self.spans)

    def layout(self, document: Document, width: int) -> None:
        """Work out which cells of which lines to highlight at ``width``."""
        self._marks = {}
        self._current_line = None
        if not self.spans:
            return
        every = document.highlight(self.spans, width)
        current = document.highlight([self.spans[self.current]], width)
        for line, start, end in every:
            self._marks.setdefault(line, []).append((start, end, False))
        for line, start, end in current:
            if self._current_line is None:
                self._current_line = line
            self._marks.setdefault(line, []).append((start, end, True))

    def marks(self, line: int) -> list[tuple[int, int, bool]]:
        """``(cell_start, cell_end, is_current)`` to highlight on ``line``."""
        return self._marks.get(line, [])
