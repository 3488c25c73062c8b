"""Pictures for ``broadsheet show`` on a terminal: half blocks printed in the text.

Only local pictures (nothing is fetched for ``show``), only when the output is a
terminal and styled (``--plain`` and a pipe get the placeholders alone), and only half
blocks: a printed page scrolls away in the terminal's own history, where a kitty
placement or a sixel would outlive the program that owns it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from rich.segment import Segment

from broadsheet.library.article import Article
from broadsheet.render.document import Document
from broadsheet.render.layout import Line
from broadsheet.render.pictures import Pictures

BACKGROUND: Final = (0, 0, 0)
"""What a transparent picture is drawn over (the terminal's own background is unknown)."""


def _drawn(lines: Sequence[Line], pictures: Pictures) -> tuple[list[Line], bool]:
    """``lines`` with their picture rows drawn, and whether every picture could be."""
    out: list[Line] = []
    ok = True
    for line in lines:
        row = line.picture
        if row is None:
            out.append(line)
            continue
        if not pictures.render(row.number, row.columns, row.rows, BACKGROUND):
            ok = False
        made = pictures.rows(row.number, row.columns, row.rows, BACKGROUND)
        if made is None or row.row >= len(made):
            out.append(dataclasses.replace(line, picture=None))
            continue
        before = next(iter(Segment.divide(line.segments, [row.x])))
        segments = (*before, *made[row.row])
        out.append(dataclasses.replace(line, segments=segments, picture=None))
    return out, ok


def document_with_pictures(
    article: Article | None,
    body: str,
    *,
    root: Path | None,
    max_width: int,
    max_rows: int,
) -> tuple[Document, Pictures]:
    """The article's document with its local pictures found (their headers read)."""
    path = article.path if article is not None else None
    pictures = Pictures(article=path, root=root, remote="never")
    document = Document.from_article(article, body, max_width=max_width, pictures=pictures)
    document.convert_all()
    document.set_picture_rows(max_rows)
    pictures.probe(document.links)
    document.pictures_changed()
    return document, pictures


def printed_lines(document: Document, pictures: Pictures, width: int) -> list[Line]:
    """The lines ``show`` prints at ``width``, the pictures drawn in half blocks (a
    picture that turns out damaged is laid out again as its note)."""
    lines, ok = _drawn(document.lines(width), pictures)
    if not ok:
        document.pictures_changed()
        lines, _ = _drawn(document.lines(width), pictures)
    return lines
