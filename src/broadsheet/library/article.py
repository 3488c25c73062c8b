"""The values the library hands out: articles, listing entries and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

BodyKind = Literal["html", "markdown"]
CategoryPath = tuple[str, ...]
"""One category path, root first: ``("新媒体", "趣头条", "分类")``."""

CATEGORY_SEPARATOR = "/"


def category_label(path: CategoryPath) -> str:
    """The path as users type it: ``新媒体/趣头条/分类``."""
    return CATEGORY_SEPARATOR.join(path)


@dataclass(frozen=True, slots=True)
class Article:
    """Everything known about one article file, without its body."""

    id: str
    """Stable across rescans and edits: derived from the path inside the library."""
    path: Path
    """Absolute path of the file."""
    relpath: str
    """POSIX path relative to the library root."""
    title: str
    date: datetime | None
    """Aware datetime; naive times in a file are taken as the machine's local time."""
    categories: tuple[CategoryPath, ...]
    tags: tuple[str, ...]
    author: str
    summary: str
    """About 200 characters of plain text from the start of the body."""
    body_kind: BodyKind
    words: int
    """Words for Latin text plus one per CJK character (how Chinese length is counted)."""
    chars: int
    """Characters of plain text, whitespace excluded."""
    front_matter: str = ""
    """The raw front matter, kept for display."""
    front_matter_format: Literal["yaml", "toml", "none"] = "none"
    mtime_ns: int = 0
    size: int = 0
    notes: tuple[str, ...] = field(default=())
    """What was recovered with a fallback while reading this file (empty when clean)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that needed a fallback or could not be read at all."""

    relpath: str
    action: Literal["read with fallback", "skipped"]
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """The result of parsing one readable file: the article and its texts."""

    article: Article
    body: str
    """The body as written (HTML or Markdown), after decoding."""
    text: str
    """Plain text of the body for the full-text index and snippets."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that could not be read at all."""

    relpath: str
    reason: str
