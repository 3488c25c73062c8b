"""How wide a table column wants to be: measured once per table, re-used at every width."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from rich.cells import cell_len

from broadsheet.render.wrap import CJK_WIDE

MIN_WORD_CAP: Final = 20
"""A column never needs more than this for its longest word: longer words fold."""
_WORD_RE: Final = re.compile(f"[^ \\n{CJK_WIDE}]+")
_WIDE_RE: Final = re.compile(f"[{CJK_WIDE}]")

ColumnWidths = tuple[tuple[int, int], ...]
"""Per column: ``(natural width, width of its longest word)``, in cells."""


def natural_width(text: str) -> int:
    """Cells of the longest hard line of ``text``."""
    return max((cell_len(line) for line in text.split("\n")), default=0)


def word_width(text: str) -> int:
    """Cells of the longest unbreakable word of ``text`` (capped at :data:`MIN_WORD_CAP`)."""
    longest = max((cell_len(word) for word in _WORD_RE.findall(text)), default=0)
    if _WIDE_RE.search(text):
        longest = max(longest, 2)
    return min(longest, MIN_WORD_CAP)


def column_widths(rows: Sequence[Sequence[str]]) -> ColumnWidths:
    """The natural and minimum width of every column of a table of cell texts."""
    columns = max((len(row) for row in rows), default=0)
    natural = [0] * columns
    minimum = [0] * columns
    for row in rows:
        for index, text in enumerate(row):
            natural[index] = max(natural[index], natural_width(text))
            minimum[index] = max(minimum[index], word_width(text))
    return tuple(zip(natural, minimum, strict=True))
