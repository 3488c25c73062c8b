"""Shared helpers for the render tests: real data, article parsing and line checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from rich.cells import cell_len

from broadsheet.library.article import Article
from broadsheet.library.parse import parse_bytes
from broadsheet.render.document import Document
from broadsheet.render.wrap import CLOSING, OPENING

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
SHARED: Final = REPO_ROOT.parent / "shared"
REFERENCE: Final = SHARED / "seed" / "000_c4cd4a57b93743cd.txt"
CORPORA: Final = SHARED / "corpora"
FIXTURES: Final = REPO_ROOT / "tests" / "fixtures"
ESCAPE_RE: Final = re.compile(r"\x1b\[[0-9;:]*m")


def load(path: Path, relpath: str | None = None) -> tuple[Article, str]:
    """The article and body of a file, parsed by the library's own parser."""
    parsed = parse_bytes(path.read_bytes(), relpath or path.name, path)
    return parsed.article, parsed.body


def render_all(article: Article | None, body: str) -> Document:
    """A fully converted document."""
    document = Document.from_article(article, body)
    document.convert_all()
    return document


def line_texts(document: Document, width: int) -> list[str]:
    """The plain text of every line at ``width``."""
    return [line.text for line in document.lines(width)]


def too_wide(texts: Iterable[str], width: int) -> list[str]:
    """Lines wider than ``width`` cells."""
    return [text for text in texts if cell_len(text) > width]


def broken_rules(document: Document, width: int) -> list[str]:
    """Pieces of text that start a line with closing punctuation or end one with opening
    punctuation, where the line break is one the layout made (not a newline or a cell edge).
    """
    text = document.plain_text
    bad: list[str] = []
    for index in range(len(document.lines(width))):
        for start, end, _ in document.line_pieces(index, width):
            if start > 0 and text[start - 1] not in "\n\t" and text[start] in CLOSING:
                bad.append(f"starts: {text[max(0, start - 10) : end]!r}")
            if end < len(text) and text[end] not in "\n\t" and text[end - 1] in OPENING:
                bad.append(f"ends: {text[start : end + 10]!r}")
    return bad


def is_subsequence(needle: Sequence[str], haystack: Sequence[str]) -> bool:
    """Whether ``needle`` appears in ``haystack`` in order (gaps allowed)."""
    iterator = iter(haystack)
    return all(any(item == candidate for candidate in iterator) for item in needle)
