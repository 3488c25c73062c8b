"""The block model between parsing and layout: what an article body *is*, independent of width.

Every value is frozen. Inline text is one plain string plus style spans over it, so the text a
reader searches is exactly the text that is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

StyleKey = str
"""Semantic style names joined by ``+`` (``"strong+link"``); resolved through a ``StyleMap``."""

Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Inline:
    """A run of text with styles: ``spans`` are sorted, non-overlapping ``(start, end, key)``.

    ``glue`` holds offsets before which a line may not break (link numbers). A newline in
    ``text`` is a hard line break.
    """

    text: str
    spans: tuple[tuple[int, int, StyleKey], ...] = ()
    glue: frozenset[int] = frozenset()

    @staticmethod
    def join(parts: Iterable[Inline], separator: str = "\n") -> Inline:
        """Concatenate inlines, shifting their spans and glue."""
        texts: list[str] = []
        spans: list[tuple[int, int, StyleKey]] = []
        glue: set[int] = set()
        offset = 0
        for index, part in enumerate(parts):
            if index:
                texts.append(separator)
                offset += len(separator)
            texts.append(part.text)
            spans.extend((a + offset, b + offset, key) for a, b, key in part.spans)
            glue.update(g + offset for g in part.glue)
            offset += len(part.text)
        return Inline("".join(texts), tuple(spans), frozenset(glue))

    def styled(self, key: StyleKey) -> Inline:
        """The same text with ``key`` added to every character (for headings in cells)."""
        if not self.text:
            return self
        spans: list[tuple[int, int, StyleKey]] = []
        position = 0
        for start, end, own in self.spans:
            if start > position:
                spans.append((position, start, key))
            spans.append((start, end, f"{key}+{own}"))
            position = end
        if position < len(self.text):
            spans.append((position, len(self.text), key))
        return Inline(self.text, tuple(spans), self.glue)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text."""

    inline: Inline


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading, level 1 to 6."""

    level: int
    inline: Inline


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Preformatted text; ``lang`` is a Pygments lexer name or empty."""

    code: str
    lang: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """A block quotation."""

    children: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """An ordered or unordered list; each item is a sequence of blocks."""

    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]
    tight: bool = True


@dataclass(frozen=True, slots=True)
class TableRow:
    """One table row; ``header`` for rows of ``<th>`` cells or a Markdown header row."""

    cells: tuple[Inline, ...]
    header: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table: rows of cells whose text may hold hard line breaks."""

    rows: tuple[TableRow, ...]
    aligns: tuple[Align, ...] = ()

    @property
    def columns(self) -> int:
        """The number of columns (the widest row)."""
        return max((len(row.cells) for row in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule."""


@dataclass(frozen=True, slots=True)
class Marker:
    """A structural marker smuggled through html2text (table cells, code languages).

    Markers exist only between conversion steps; :func:`broadsheet.render.convert` folds
    them into tables and code blocks before layout sees the blocks.
    """

    kind: str
    argument: str = ""


Block = Paragraph | Heading | CodeBlock | Quote | ListBlock | Table | Rule | Marker

EMPTY_INLINE: Final = Inline("")
