"""Blocks flattened into leaves: the units layout wraps, each owning a range of the plain text.

Nesting (lists, quotes) becomes prefix segments; styles are resolved once here, so re-wrapping
at a new width only breaks lines. The plain text is the leaves' texts joined by one newline
(two where a blank line separates them); decorations (bullets, quote bars, borders) are not
part of it, so a search finds what the article says.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Final, Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from broadsheet.render.blocks import (
    Block,
    CodeBlock,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
)
from broadsheet.render.inline import image_numbers
from broadsheet.render.measure import ColumnWidths, column_widths
from broadsheet.render.styles import StyleMap, highlight_code

LeafKind = Literal["text", "code", "table", "rule"]
Prefix = tuple[Segment, ...]
TableRows = tuple[tuple[tuple[int, "Styled"], ...], ...]
"""Rows of ``(offset of the cell's text in the leaf, cell)``."""
TableParts = tuple[TableRows, tuple[bool, ...], tuple[str, ...], ColumnWidths]
"""A table leaf's rows, header flags, column alignments and column widths."""
BULLETS: Final = ("•", "◦", "▪")
QUOTE_BAR: Final = "│ "


@dataclass(frozen=True, slots=True)
class Styled:
    """Text with resolved styles: ``spans`` are sorted ``(start, end, style)``."""

    text: str
    base: Style
    spans: tuple[tuple[int, int, Style], ...] = ()
    glue: frozenset[int] = frozenset()
    starts: tuple[int, ...] = field(default=(), compare=False)

    def segments(self, start: int, end: int) -> list[Segment]:
        """Segments showing ``text[start:end]`` with its styles."""
        text = self.text
        spans = self.spans
        out: list[Segment] = []
        index = max(0, bisect_right(self.starts, start) - 1)
        position = start
        while index < len(spans) and position < end:
            span_start, span_end, style = spans[index]
            index += 1
            if span_end <= position:
                continue
            if span_start >= end:
                break
            if span_start > position:
                out.append(Segment(text[position:span_start], self.base))
                position = span_start
            stop = min(span_end, end)
            out.append(Segment(text[position:stop], style))
            position = stop
        if position < end:
            out.append(Segment(text[position:end], self.base))
        return out


@dataclass(frozen=True, slots=True)
class Leaf:
    """One wrappable unit at ``offset`` in the plain text, with the prefixes its nesting adds.

    ``rows`` (tables only) holds the resolved cells with their plain-text offsets relative to
    ``offset``; ``header`` marks header rows; ``aligns`` and ``columns`` give each column's
    alignment and its natural and minimum widths.
    """

    kind: LeafKind
    offset: int
    body: Styled
    first: Prefix = ()
    rest: Prefix = ()
    gap: int = 0
    gap_prefix: Prefix = ()
    rows: TableRows = ()
    header: tuple[bool, ...] = ()
    aligns: tuple[str, ...] = ()
    columns: ColumnWidths = ()
    images: tuple[int, ...] = ()
    """Link numbers of the pictures drawn above this leaf (an image-only paragraph)."""

    @property
    def prefix_width(self) -> int:
        """Cells the prefixes take (first and later lines are kept the same width)."""
        return sum(cell_len(segment.text) for segment in self.first)


@dataclass(frozen=True, slots=True)
class _Context:
    first: Prefix = ()
    rest: Prefix = ()
    base: str = "text"
    depth: int = 0
    outer: Prefix | None = None
    """The prefix of blank lines above the first leaf (its container's, when it opens one)."""

    def following(self) -> _Context:
        """The context for the blocks after the first one: no marker, own blank lines."""
        return _Context(self.rest, self.rest, self.base, self.depth)


@dataclass(frozen=True, slots=True)
class HeadingEntry:
    """A heading met while flattening (the public ``Heading`` is built from it)."""

    level: int
    text: str
    offset: int


class Flattener:
    """Turns blocks into leaves, appending to one growing plain text."""

    def __init__(self, styles: StyleMap, start: int = 0) -> None:
        """Resolve with ``styles``; the first leaf starts at plain-text offset ``start``."""
        self.styles = styles
        self.length = start
        self.parts: list[str] = []
        self.leaves: list[Leaf] = []
        self.headings: list[HeadingEntry] = []
        self._cache: dict[tuple[str, str], Style] = {}

    def style(self, base: str, key: str = "") -> Style:
        """A cached combination of semantic styles."""
        cached = self._cache.get((base, key))
        if cached is None:
            cached = self._cache[(base, key)] = self.styles.combine(base, key)
        return cached

    def resolve(self, inline: Inline, base: str) -> Styled:
        """An :class:`Inline` with its style keys turned into Rich styles."""
        spans = tuple((a, b, self.style(base, key)) for a, b, key in inline.spans if b > a)
        return Styled(
            inline.text, self.style(base), spans, inline.glue, tuple(a for a, _, _ in spans)
        )

    def _place(self, text: str, gap: int) -> int:
        """Append ``text`` to the plain text; return its offset."""
        if self.length or self.parts:
            separator = "\n\n" if gap else "\n"
            self.parts.append(separator)
            self.length += len(separator)
        offset = self.length
        self.parts.append(text)
        self.length += len(text)
        return offset

    def add(
        self,
        kind: LeafKind,
        body: Styled,
        context: _Context,
        gap: int,
        table: TableParts | None = None,
        *,
        images: tuple[int, ...] = (),
    ) -> Leaf:
        """Append a leaf for ``body`` (and its text) in ``context``."""
        if not self.leaves and not self.length:
            gap = 0  # nothing above the very first leaf to separate it from
        offset = self._place(body.text, gap)
        rows, header, aligns, columns = table or ((), (), (), ())
        leaf = Leaf(
            kind,
            offset,
            body,
            context.first,
            context.rest,
            gap,
            _strip_prefix(context.rest if context.outer is None else context.outer),
            rows,
            header,
            aligns,
            columns,
            images,
        )
        self.leaves.append(leaf)
        return leaf

    def text(
        self,
        inline: Inline,
        base: str,
        gap: int = 1,
        prefix: Prefix = (),
        images: tuple[int, ...] = (),
    ) -> None:
        """Append a top-level text leaf (the header uses this; ``images`` for its pictures)."""
        self.add("text", self.resolve(inline, base), _Context(prefix, prefix), gap, images=images)

    def link_entry(self, inline: Inline, number: str) -> None:
        """Append one entry of the link list, ``number`` hanging in front of it."""
        marker = Segment(number, self.style("link_number"))
        pad = Segment(" " * cell_len(number))
        self.add("text", self.resolve(inline, "text"), _Context((marker,), (pad,)), 0)

    def rule(self, gap: int = 1) -> None:
        """Append a horizontal rule."""
        self.add("rule", Styled("", self.style("rule")), _Context(), gap)

    def blocks(self, blocks: list[Block] | tuple[Block, ...], gap: int = 1) -> None:
        """Append the leaves of top-level blocks."""
        self._blocks(blocks, _Context(), gap)

    def _blocks(self, blocks: list[Block] | tuple[Block, ...], context: _Context, gap: int) -> None:
        for index, block in enumerate(blocks):
            self._block(block, context, gap if index == 0 else 1)
            context = context.following()

    def _block(self, block: Block, context: _Context, gap: int) -> None:
        if isinstance(block, Paragraph):
            body = self.resolve(block.inline, context.base)
            self.add("text", body, context, gap, images=image_numbers(block.inline))
        elif isinstance(block, Heading):
            level = min(max(block.level, 1), 6)
            marker = Segment("#" * level + " ", self.style(f"h{level}"))
            pad = Segment(" " * (level + 1))
            heading = _Context(
                (*context.first, marker),
                (*context.rest, pad),
                context.base,
                context.depth,
                context.rest if context.outer is None else context.outer,
            )
            leaf = self.add("text", self.resolve(block.inline, f"h{level}"), heading, gap)
            title = " ".join(block.inline.text.split())
            self.headings.append(HeadingEntry(level, title, leaf.offset))
        elif isinstance(block, CodeBlock):
            self.add("code", self._code(block), context, gap)
        elif isinstance(block, Rule):
            self.add("rule", Styled("", self.style("rule")), context, gap)
        elif isinstance(block, Quote):
            bar = Segment(QUOTE_BAR, self.style("quote_bar"))
            outer = context.rest if context.outer is None else context.outer
            inner = _Context(
                (*context.first, bar), (*context.rest, bar), "quote", context.depth, outer
            )
            self._blocks(block.children, inner, gap)
        elif isinstance(block, ListBlock):
            self._list(block, context, gap)
        elif isinstance(block, Table):
            self._table(block, context, gap)

    def _list(self, block: ListBlock, context: _Context, gap: int) -> None:
        marker_style = self.style("list_marker")
        last = block.start + len(block.items) - 1
        width = len(f"{last}.") if block.ordered else 1
        for index, item in enumerate(block.items):
            if block.ordered:
                marker = f"{block.start + index}.".rjust(width) + " "
            else:
                marker = BULLETS[min(context.depth, len(BULLETS) - 1)] + " "
            inner = _Context(
                (*context.first, Segment(marker, marker_style)),
                (*context.rest, Segment(" " * (width + 1))),
                context.base,
                context.depth + 1,
                context.rest if context.outer is None else context.outer,
            )
            item_gap = gap if index == 0 else (0 if block.tight else 1)
            if not item:
                self.add("text", Styled("", self.style(context.base)), inner, item_gap)
            for child_index, child in enumerate(item):
                child_gap = item_gap if child_index == 0 else (0 if block.tight else 1)
                self._block(child, inner, child_gap)
                inner = inner.following()
            context = context.following()

    def _table(self, table: Table, context: _Context, gap: int) -> None:
        rows: list[tuple[tuple[int, Styled], ...]] = []
        parts: list[str] = []
        position = 0
        for row_index, row in enumerate(table.rows):
            if row_index:
                parts.append("\n")
                position += 1
            cells: list[tuple[int, Styled]] = []
            base = "table_header" if row.header else context.base
            for cell_index, cell in enumerate(row.cells):
                if cell_index:
                    parts.append("\t")
                    position += 1
                cells.append((position, self.resolve(cell, base)))
                parts.append(cell.text)
                position += len(cell.text)
            rows.append(tuple(cells))
        body = Styled("".join(parts), self.style(context.base))
        headers = tuple(row.header for row in table.rows)
        widths = column_widths([[cell.text for cell in row.cells] for row in table.rows])
        self.add("table", body, context, gap, (tuple(rows), headers, table.aligns, widths))

    def _code(self, block: CodeBlock) -> Styled:
        spans = highlight_code(block.code, block.lang, self.styles)
        starts = tuple(start for start, _, _ in spans)
        return Styled(block.code, self.style("code_block"), spans, frozenset(), starts)

    def take_text(self) -> str:
        """The plain text added since the last call."""
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _strip_prefix(prefix: Prefix) -> Prefix:
    """A prefix for blank lines: quote bars stay, trailing blanks go."""
    segments = list(prefix)
    while segments and not segments[-1].text.strip():
        segments.pop()
    if segments:
        last = segments[-1]
        segments[-1] = Segment(last.text.rstrip(), last.style)
    return tuple(segments)
