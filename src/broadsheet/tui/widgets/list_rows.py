"""The lines of one article-list row, in terminal cells: title, columns, snippet.

Pure functions of the data, the width and the styles, so the list can cache what
they return. Everything is measured with :mod:`rich.cells`: a Chinese title is cut
with an ellipsis at the right cell and the columns after it stay aligned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from broadsheet.library.article import category_label
from broadsheet.library.dates import local_format
from broadsheet.library.results import Entry, Hit
from broadsheet.tui.cells import around_first_span, fit, fit_text, highlighted, one_line

DATE_WIDTH: Final = 10
AUTHOR_WIDTH: Final = 12
CATEGORY_WIDTH: Final = 16
MARKER_WIDTH: Final = 2
GAP: Final = 2
DATE_FROM: Final = 40
"""Narrowest list that shows the date column; narrower lists show only titles."""
CATEGORY_FROM: Final = 56
AUTHOR_FROM: Final = 70


@dataclass(frozen=True, slots=True)
class RowStyles:
    """The styles a row is drawn with (from the list's component classes)."""

    mark: Style
    meta: Style
    date: Style
    match: Style
    snippet: Style


def title_line(
    entry: Entry,
    hit: Hit | None,
    width: int,
    mark: str,
    *,
    styles: RowStyles,
    console: Console,
    categories: bool = True,
) -> list[Segment]:
    """``● title…  category  author  date``, exactly ``width`` cells (columns as room allows).

    ``categories`` False: the library has none, so the author takes the category's room.
    """
    columns: list[tuple[str, int, Style]] = []
    if width >= DATE_FROM:
        date = local_format(entry.date) if entry.date is not None else ""
        columns.append((date, DATE_WIDTH, styles.date))
    if width >= (AUTHOR_FROM if categories else CATEGORY_FROM):
        columns.insert(0, (one_line(entry.author), AUTHOR_WIDTH, styles.meta))
    if categories and width >= CATEGORY_FROM:
        columns.insert(0, (one_line(category_label(entry.category)), CATEGORY_WIDTH, styles.meta))
    title_width = width - MARKER_WIDTH - sum(w + GAP for _, w, _ in columns)
    segments = [Segment(mark + " ", styles.mark)]
    if hit is not None:
        title = fit_text(highlighted(entry.title, hit.title_spans, styles.match), title_width)
        segments.extend(title.render(console))
    else:
        segments.append(Segment(fit(one_line(entry.title), title_width)))
    gap = Segment(" " * GAP)
    for value, column_width, style in columns:
        segments.append(gap)
        segments.append(Segment(fit(value, column_width), style))
    return segments


def snippet_line(hit: Hit, width: int, styles: RowStyles, console: Console) -> list[Segment]:
    """The hit's snippet under its title, its first match moved into view, matches styled."""
    text, spans = around_first_span(hit.snippet, hit.snippet_spans, width - MARKER_WIDTH)
    snippet = highlighted(text, spans, styles.match)
    snippet.stylize_before(styles.snippet)
    segments = [Segment(" " * MARKER_WIDTH)]
    segments.extend(fit_text(snippet, width - MARKER_WIDTH).render(console))
    return segments
