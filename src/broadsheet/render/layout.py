"""Leaves laid out at one width: styled lines, and the map from plain text to screen cells.

Every line records the *pieces* of plain text it shows, each with the cell where it starts.
That map answers "which line shows offset N" and "which cells show this search match",
exactly, for paragraphs, headings, list items, quotes, code and table cells alike.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, overload

from rich.cells import cell_len, get_character_cell_size, set_cell_size, split_graphemes
from rich.segment import Segment
from rich.style import Style

from broadsheet.render.images import PictureSize, fit
from broadsheet.render.leaves import Leaf, Prefix, Styled
from broadsheet.render.table import Piece, layout_table
from broadsheet.render.wrap import wrap

MIN_WIDTH: Final = 8
"""Narrower requests are laid out at this width."""
RULE_CHAR: Final = "─"
CODE_PAD: Final = 1
"""Blank cells each side of code, on the code background."""


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: its segments and the plain-text range ``[start, end)`` it shows.

    Blank and border lines show nothing: ``start == end`` is the offset of what follows.
    The segments never take more cells than the width the line was laid out for.
    """

    segments: tuple[Segment, ...]
    start: int
    end: int
    picture: PictureRow | None = None
    """Set on the lines a picture covers: the reader draws its pixels over ``segments``."""

    @property
    def text(self) -> str:
        """The characters of the line, without styles."""
        return "".join(segment.text for segment in self.segments)


@dataclass(frozen=True, slots=True)
class PictureRow:
    """Row ``row`` of picture ``number`` (its link number), drawn ``columns`` x ``rows``
    cells large, ``x`` cells from the line's start."""

    number: int
    row: int
    columns: int
    rows: int
    x: int


PictureShapes = Callable[[int], PictureSize | str | None]
"""A picture's size, a note to show in its place, or None (nothing to add)."""


def _fit_prefix(prefix: Prefix, limit: int) -> Prefix:
    """``prefix`` cut to at most ``limit`` cells (deep nesting on a narrow screen)."""
    out: list[Segment] = []
    used = 0
    for segment in prefix:
        size = cell_len(segment.text)
        if used + size > limit:
            break
        out.append(segment)
        used += size
    return tuple(out)


def _fold(text: str, width: int) -> list[tuple[int, int]]:
    """Hard-fold one line of code at ``width`` cells, never inside a grapheme."""
    if not text:
        return [(0, 0)]
    if text.isascii():
        return [(start, min(start + width, len(text))) for start in range(0, len(text), width)]
    spans, _ = split_graphemes(text)
    out: list[tuple[int, int]] = []
    start = used = 0
    for span_start, _, size in spans:
        if used + size > width and used:
            out.append((start, span_start))
            start, used = span_start, 0
        used += size
    out.append((start, len(text)))
    return out


_Spec = tuple[Styled | None, Prefix, int, int, int, int, int, int]
"""How to build a line when it is first shown: ``(body, prefix, body start, body end,
plain start, plain end, code padding or -1 for text, code width)``; with no body the
prefix is the whole line."""


class LineView(Sequence[Line]):
    """The first ``count`` lines of a layout, each built the first time it is read.

    Re-wrapping only finds line breaks; the segments of a line are made when the line is
    shown (a reader shows a screenful), which keeps a 1 MB re-wrap cheap.
    """

    __slots__ = ("_count", "_layout")

    def __init__(self, layout: Layout, count: int) -> None:
        """A view of ``layout``'s first ``count`` lines (they never change once laid out)."""
        self._layout = layout
        self._count = count

    def __len__(self) -> int:
        """How many lines."""
        return self._count

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | Sequence[Line]:
        """One line, or a list of lines for a slice."""
        if isinstance(index, slice):
            return [self._layout.line(i) for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("line index out of range")
        return self._layout.line(index)


class Layout:
    """The lines of a growing list of leaves at one width, extended as leaves arrive."""

    def __init__(
        self,
        width: int,
        rule: Style,
        border: Style,
        *,
        pictures: PictureShapes | None = None,
        picture_rows: int = 0,
        note: Style | None = None,
    ) -> None:
        """Lay out at ``width`` cells (at least :data:`MIN_WIDTH`); ``pictures`` gives the
        shapes of pictures to draw above their placeholders, at most ``picture_rows`` tall."""
        self.width = max(width, MIN_WIDTH)
        self.rule = rule
        self.border = border
        self.pictures = pictures
        self.picture_rows = picture_rows
        self.note = note or Style.null()
        self.specs: list[_Spec] = []
        self.leaf_count = 0
        self.piece_starts: list[int] = []
        self.piece_ends: list[int] = []
        self.piece_lines: list[int] = []
        self.piece_x: list[int] = []
        self._made: dict[int, Line] = {}

    def __len__(self) -> int:
        """How many lines are laid out."""
        return len(self.specs)

    def view(self) -> LineView:
        """The lines laid out so far."""
        return LineView(self, len(self.specs))

    def line(self, index: int) -> Line:
        """Line ``index``, built on first use."""
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = _build(self.specs[index])
        return made

    def start(self, index: int) -> int:
        """The plain-text offset line ``index`` starts at."""
        return self.specs[index][4]

    def extend(self, leaves: Sequence[Leaf]) -> None:
        """Lay out the leaves not yet laid out."""
        for leaf in leaves[self.leaf_count :]:
            self._leaf(leaf)
        self.leaf_count = len(leaves)

    def _piece(self, start: int, end: int, x: int, line: int) -> None:
        self.piece_starts.append(start)
        self.piece_ends.append(end)
        self.piece_x.append(x)
        self.piece_lines.append(line)

    def _fixed(self, segments: Prefix, pieces: list[Piece], fallback: int) -> None:
        """A line whose segments are known now (blank, rule, table)."""
        if pieces:
            start, end = min(p[0] for p in pieces), max(p[1] for p in pieces)
        else:
            start = end = fallback
        self.specs.append((None, segments, 0, 0, start, end, -1, 0))

    def _leaf(self, leaf: Leaf) -> None:
        width = self.width
        room = max(width - leaf.prefix_width, min(width, max(2, width // 2)))
        first = leaf.first
        rest = leaf.rest
        if leaf.prefix_width > width - room:
            first = _fit_prefix(first, width - room)
            rest = _fit_prefix(rest, width - room)
        indent = sum(cell_len(segment.text) for segment in first)
        for _ in range(leaf.gap):
            self._fixed(_fit_prefix(leaf.gap_prefix, width), [], leaf.offset)
        if leaf.kind == "text":
            if leaf.images and self.pictures is not None:
                self._pictures(leaf, self.pictures, _fit_prefix(leaf.gap_prefix, width), room)
            self._text(leaf, first, rest, room, indent)
        elif leaf.kind == "code":
            self._code(leaf, first, rest, room, indent)
        elif leaf.kind == "rule":
            self._fixed((*first, Segment(RULE_CHAR * room, self.rule)), [], leaf.offset)
        else:
            self._table(leaf, first, rest, room, indent)

    def _table(self, leaf: Leaf, first: Prefix, rest: Prefix, room: int, indent: int) -> None:
        # Table lines interleave their cells' text: add the pieces sorted by offset.
        pieces: list[tuple[int, int, int, int]] = []
        for index, (segments, shown) in enumerate(layout_table(leaf, room, self.border)):
            line = len(self.specs)
            shifted = [(a, b, x + indent) for a, b, x in shown]
            pieces.extend((a, b, x, line) for a, b, x in shifted)
            self._fixed((*(first if index == 0 else rest), *segments), shifted, leaf.offset)
        for piece in sorted(pieces):
            self._piece(*piece)

    def _pictures(self, leaf: Leaf, shapes: PictureShapes, prefix: Prefix, room: int) -> None:
        """The picture lines above an image's placeholder (its caption): no plain text."""
        indent = sum(cell_len(segment.text) for segment in prefix)
        room = max(1, room - max(0, indent - (self.width - room)))
        for number in leaf.images:
            shape = shapes(number)
            if shape is None:
                continue
            if isinstance(shape, str):
                note = Segment(set_cell_size(shape, room).rstrip(), self.note)
                self._fixed((*prefix, note), [], leaf.offset)
                continue
            columns, rows = fit(shape, room, max(1, self.picture_rows))
            x = (room - columns) // 2
            blank = (*prefix, Segment(" " * (x + columns)))
            for row in range(rows):
                picture = PictureRow(number, row, columns, rows, indent + x)
                self._made[len(self.specs)] = Line(blank, leaf.offset, leaf.offset, picture)
                self._fixed(blank, [], leaf.offset)

    def _text(self, leaf: Leaf, first: Prefix, rest: Prefix, room: int, indent: int) -> None:
        body = leaf.body
        base = leaf.offset
        specs = self.specs
        prefix = first
        for start, end in wrap(body.text, room, glue=body.glue):
            if end > start:
                self._piece(base + start, base + end, indent, len(specs))
            specs.append((body, prefix, start, end, base + start, base + end, -1, 0))
            prefix = rest

    def _code(self, leaf: Leaf, first: Prefix, rest: Prefix, room: int, indent: int) -> None:
        body = leaf.body
        pad = CODE_PAD if room >= 20 else 0
        inner = room - 2 * pad
        position = 0
        prefix = first
        for text in body.text.split("\n"):
            for start, end in _fold(text, inner):
                plain = leaf.offset + position
                if end > start:
                    self._piece(plain + start, plain + end, indent + pad, len(self.specs))
                self.specs.append(
                    (
                        body,
                        prefix,
                        position + start,
                        position + end,
                        plain + start,
                        plain + end,
                        pad,
                        inner,
                    )
                )
                prefix = rest
            position += len(text) + 1

    def pieces_of(self, index: int) -> list[tuple[int, int, int]]:
        """``(plain start, plain end, first cell)`` of each stretch of text line ``index`` shows."""
        spec = self.specs[index]
        lines, starts = self.piece_lines, self.piece_starts
        found: list[tuple[int, int, int]] = []
        at = bisect_right(starts, spec[4]) - 1
        at = max(at, 0)
        while at < len(starts) and starts[at] < spec[5]:
            if lines[at] == index:
                found.append((starts[at], self.piece_ends[at], self.piece_x[at]))
            at += 1
        return found

    def line_for_offset(self, offset: int) -> int:
        """The line showing ``offset`` (or the nearest line before it, for a dropped space)."""
        index = bisect_right(self.piece_starts, offset) - 1
        return self.piece_lines[index] if index >= 0 else 0

    def highlight(self, text: str, start: int, end: int) -> dict[int, tuple[int, int]]:
        """Cells showing ``text[start:end]``, per line: ``{line: (first cell, end cell)}``."""
        found: dict[int, tuple[int, int]] = {}
        index = bisect_right(self.piece_ends, start)
        starts, ends = self.piece_starts, self.piece_ends
        while index < len(starts) and starts[index] < end:
            piece_start, piece_end = starts[index], ends[index]
            low, high = max(start, piece_start), min(end, piece_end)
            if low < high:
                low, high = _whole_graphemes(text, low, high, piece_start, piece_end)
                x = self.piece_x[index] + cell_len(text[piece_start:low])
                right = x + cell_len(text[low:high])
                line = self.piece_lines[index]
                known = found.get(line)
                found[line] = (min(known[0], x), max(known[1], right)) if known else (x, right)
            index += 1
        return found


def _joined(text: str, index: int) -> bool:
    """Whether ``text[index]`` belongs to the grapheme before it (a mark, a joined emoji)."""
    return get_character_cell_size(text[index]) == 0 or text[index - 1] == "\u200d"


def _whole_graphemes(text: str, low: int, high: int, first: int, last: int) -> tuple[int, int]:
    """``[low, high)`` widened to whole graphemes within ``[first, last)``: half a grapheme
    cannot be highlighted, and a lone combining mark would otherwise cover no cell."""
    while low > first and _joined(text, low):
        low -= 1
    while high < last and _joined(text, high):
        high += 1
    return low, high


def _build(spec: _Spec) -> Line:
    """The line a spec describes."""
    body, prefix, start, end, plain_start, plain_end, pad, inner = spec
    if body is None:
        return Line(prefix, plain_start, plain_end)
    segments = list(prefix)
    if pad < 0:
        segments.extend(body.segments(start, end))
        return Line(tuple(segments), plain_start, plain_end)
    background = body.base
    if pad:
        segments.append(Segment(" " * pad, background))
    segments.extend(body.segments(start, end))
    used = cell_len(body.text[start:end])
    segments.append(Segment(" " * (inner - used + pad), background))
    return Line(tuple(segments), plain_start, plain_end)
