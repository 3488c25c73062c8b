"""The article header (title, author, date, categories, tags, reading time) and body statistics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from broadsheet.library.article import Article
from broadsheet.library.dates import local_format
from broadsheet.library.text import CJK_CHAR_RE
from broadsheet.render.blocks import Inline
from broadsheet.render.sanitize import clean_field, safe_url

CJK_PER_MINUTE: Final = 400
WORDS_PER_MINUTE: Final = 230
SAMPLE_SIZE: Final = 16_384
"""Longer bodies are counted on a sample and scaled, so opening a 1 MB article stays cheap."""
CATEGORY_JOIN: Final = " › "
NBSP: Final = "\u00a0"
IMAGE_KEYS: Final = ("headimg", "thumbnail", "cover", "banner")
"""Front-matter keys whose value is an image URL for the article."""
_IMAGE_LINE_RE: Final = re.compile(
    r"^[ \t]*(" + "|".join(IMAGE_KEYS) + r")[ \t]*[:=][ \t]*(\S[^\n]*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_TAG_RE: Final = re.compile(r"<[^>]*>|&[a-zA-Z#0-9]+;")
_WORD_RE: Final = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")


@dataclass(frozen=True, slots=True)
class TextStats:
    """How much there is to read: CJK characters and other words."""

    cjk: int
    words: int

    @property
    def mostly_cjk(self) -> bool:
        """Whether CJK characters outnumber the other words."""
        return self.cjk > self.words

    @property
    def minutes(self) -> int:
        """Reading time, rounded up, at least one minute."""
        return max(
            1,
            -(
                -(self.cjk * WORDS_PER_MINUTE + self.words * CJK_PER_MINUTE)
                // (CJK_PER_MINUTE * WORDS_PER_MINUTE)
            ),
        )


def body_stats(body: str, article: Article | None = None) -> TextStats:
    """Count (or, for long bodies, estimate from a sample) the CJK characters and words.

    With an ``article`` its word count (words plus CJK characters) is split in the
    proportion the sample shows.
    """
    sample = _TAG_RE.sub(" ", body[:SAMPLE_SIZE])
    cjk = len(CJK_CHAR_RE.findall(sample))
    words = len(_WORD_RE.findall(sample))
    if article is not None and article.words > 0:
        share = cjk / (cjk + words) if cjk + words else 0.0
        return TextStats(round(article.words * share), round(article.words * (1 - share)))
    if len(body) > SAMPLE_SIZE:
        scale = len(body) / SAMPLE_SIZE
        return TextStats(round(cjk * scale), round(words * scale))
    return TextStats(cjk, words)


def format_date(value: datetime) -> str:
    """A date in local time, e.g. ``2021-11-24 17:10`` (a no-break space keeps it whole)."""
    return local_format(value, f"%Y-%m-%d{NBSP}%H:%M")


def reading_time(stats: TextStats) -> str:
    """``约 5 分钟`` for a mostly-CJK text, ``5 min read`` otherwise (never split)."""
    if stats.mostly_cjk:
        return f"约{NBSP}{stats.minutes}{NBSP}分钟"
    return f"{stats.minutes}{NBSP}min{NBSP}read"


def header_lines(article: Article, stats: TextStats) -> list[tuple[Inline, str]]:
    """The header's lines, each with its base style name (all text sanitized)."""
    lines: list[tuple[Inline, str]] = []
    title = clean_field(article.title)
    if title:
        lines.append((Inline(title), "title"))
    meta = [clean_field(article.author)]
    if article.date is not None:
        meta.append(format_date(article.date))
    meta.append(reading_time(stats))
    lines.append((Inline(" · ".join(part for part in meta if part)), "meta"))
    paths = [
        CATEGORY_JOIN.join(clean_field(part) for part in path if clean_field(part))
        for path in article.categories
    ]
    if any(paths):
        lines.append((Inline("  ·  ".join(path for path in paths if path)), "meta"))
    tags = [clean_field(tag) for tag in article.tags]
    if any(tags):
        lines.append((Inline("  ".join(f"#{tag}" for tag in tags if tag)), "meta"))
    return lines


def front_matter_links(article: Article) -> tuple[tuple[str, str], ...]:
    """``(key, url)`` for the image URLs in the front matter (``headimg``, ``thumbnail`` ...).

    Read from the raw front matter line by line (YAML ``key: value`` or TOML
    ``key = "value"``): the same whether the front matter parses or is broken, and never
    a second full parse of hostile YAML.
    """
    found: list[tuple[str, str]] = []
    for match in _IMAGE_LINE_RE.finditer(article.front_matter[:65536]):
        value = match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value and len(value) < 4096:
            found.append((match.group(1).lower(), clean_field(value)))
    return tuple(found)


def unique_links(links: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(label, url)`` pairs without empty, script or repeated URLs, first label kept."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for label, raw in links:
        url = clean_field(raw)
        if url and safe_url(url) and url not in seen:
            seen.add(url)
            out.append((clean_field(label), url))
    return out
