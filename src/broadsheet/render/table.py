"""Tables laid out by terminal cells, with box-drawing borders; cells wrap instead of overflow.

Column widths start from each column's natural width; when the table is too wide, every
column keeps at least its longest word (capped) and the rest of the room is shared in
proportion to what each column lacks. Too narrow for that (a column thinner than an
ordinary word), a table is stacked: one cell under the other, rows separated by rules.
"""

from __future__ import annotations

from typing import Final

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from broadsheet.render.leaves import Leaf, Styled
from broadsheet.render.wrap import wrap

Piece = tuple[int, int, int]
"""``(plain start, plain end, cell x)``: a stretch of plain text shown on a line."""
RenderedLine = tuple[list[Segment], list[Piece]]

STACK_BELOW: Final = 8
"""A table whose columns cannot each hold a word of this many cells is stacked instead."""


def share_room(natural: list[int], minimum: list[int], room: int) -> list[int]:
    """Share ``room`` cells between columns (each gets at least 2 if its text needs it).

    Water-filling: narrow columns get all they need (``标点`` stays on one line), the
    room left is shared evenly among the wide ones; a column is then widened to its
    longest word where the room allows.
    """
    if sum(natural) <= room:
        return list(natural)
    count = len(natural)
    widths = [0] * count
    left, open_columns = room, count
    for index in sorted(range(count), key=natural.__getitem__):
        share = min(natural[index], left // open_columns)
        widths[index] = share
        left -= share
        open_columns -= 1
    floors = [max(min(n, m), min(n, 2), 1) for n, m in zip(natural, minimum, strict=True)]
    widths = [max(w, f) for w, f in zip(widths, floors, strict=True)]
    total = sum(widths)
    while total > room:
        widest = max(range(count), key=widths.__getitem__)
        if widths[widest] <= 2:
            break
        widths[widest] -= 1
        total -= 1
    extra = room - total
    for index in sorted(range(count), key=lambda i: natural[i] - widths[i], reverse=True):
        if extra <= 0:
            break
        grow = min(extra, natural[index] - widths[index])
        if grow > 0:
            widths[index] += grow
            extra -= grow
    return widths


def _border(corners: str, widths: list[int], style: Style) -> RenderedLine:
    """A border line from ``corners``: left, fill, join and right characters."""
    left, fill, join, right = corners[0], corners[1], corners[2], corners[3]
    text = left + join.join(fill * (width + 2) for width in widths) + right
    return [Segment(text, style)], []


def _cell_lines(cell: Styled | None, width: int) -> list[tuple[int, int]]:
    if cell is None or not cell.text:
        return []
    return wrap(cell.text, max(width, 2), glue=cell.glue)


def layout_table(leaf: Leaf, width: int, border: Style) -> list[RenderedLine]:
    """The lines of a table leaf at most ``width`` cells wide (``x`` from the table's left)."""
    columns = max((len(row) for row in leaf.rows), default=0)
    if columns == 0:
        return []
    room = width - (3 * columns + 1)
    if room < 2 * columns:
        return _stacked(leaf, width, border)
    grid: list[list[tuple[int, Styled] | None]] = [
        [*row, *([None] * (columns - len(row)))] for row in leaf.rows
    ]
    natural = [wanted for wanted, _ in leaf.columns]
    minimum = [least for _, least in leaf.columns]
    widths = share_room(natural, minimum, room)
    if any(width < min(least, STACK_BELOW) for width, least in zip(widths, minimum, strict=True)):
        return _stacked(leaf, width, border)  # columns would chop ordinary words apart
    aligns = leaf.aligns
    wrapped = [
        [_cell_lines(cell[1] if cell else None, widths[i]) for i, cell in enumerate(row)]
        for row in grid
    ]
    separate = any(len(lines) > 1 for row in wrapped for lines in row)
    out: list[RenderedLine] = [_border("┌─┬┐", widths, border)]
    for row_index, row in enumerate(grid):
        if row_index:
            header_done = leaf.header[row_index - 1] and not leaf.header[row_index]
            if header_done:
                out.append(_border("╞═╪╡", widths, border))
            elif separate:
                out.append(_border("├─┼┤", widths, border))
        height = max((len(lines) for lines in wrapped[row_index]), default=0)
        for line_index in range(max(height, 1)):
            segments = [Segment("│", border)]
            pieces: list[Piece] = []
            x = 1
            for column, cell in enumerate(row):
                lines = wrapped[row_index][column]
                segments.append(Segment(" "))
                used = 0
                pad_before = 0
                if cell is not None and line_index < len(lines):
                    start, end = lines[line_index]
                    styled = cell[1]
                    used = cell_len(styled.text[start:end])
                    align = aligns[column] if column < len(aligns) else "left"
                    if align == "right":
                        pad_before = widths[column] - used
                    elif align == "center":
                        pad_before = (widths[column] - used) // 2
                    if pad_before:
                        segments.append(Segment(" " * pad_before))
                    segments.extend(styled.segments(start, end))
                    base = leaf.offset + cell[0]
                    if end > start:
                        pieces.append((base + start, base + end, x + 1 + pad_before))
                segments.append(Segment(" " * (widths[column] - used - pad_before + 1)))
                segments.append(Segment("│", border))
                x += widths[column] + 3
            out.append((segments, pieces))
    out.append(_border("└─┴┘", widths, border))
    return out


def _stacked(leaf: Leaf, width: int, border: Style) -> list[RenderedLine]:
    """A table too narrow for its columns: each cell on its own lines, rows between rules."""
    inner = max(width - 2, 2)
    rule = max(width - 1, 0)
    out: list[RenderedLine] = [([Segment("┌" + "─" * rule, border)], [])] if width >= 3 else []
    for row_index, row in enumerate(leaf.rows):
        if row_index and width >= 3:
            out.append(([Segment("├" + "─" * rule, border)], []))
        for position, cell in row:
            for start, end in _cell_lines(cell, inner):
                segments = [Segment("│ ", border)] if width >= 3 else []
                segments.extend(cell.segments(start, end))
                base = leaf.offset + position
                pieces = [(base + start, base + end, 2 if width >= 3 else 0)] if end > start else []
                out.append((segments, pieces))
    if width >= 3:
        out.append(([Segment("└" + "─" * rule, border)], []))
    return out
