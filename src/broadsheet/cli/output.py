"""Printing for the library commands: JSON documents, highlighted text, progress.

Rich is imported only when a progress bar is actually drawn, so that a quick
``broadsheet search`` does not pay for it.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Final, TextIO

from broadsheet.library.article import Article, category_label
from broadsheet.library.dates import local_format
from broadsheet.library.results import CategoryNode, Entry, Hit, Marks, ProgressCallback, Span
from broadsheet.library.text import display_safe

BOLD: Final = "\x1b[1m"
DIM: Final = "\x1b[2m"
RESET: Final = "\x1b[0m"
PROGRESS_DELAY: Final = 0.3
"""Seconds a scan must run before a progress bar appears (quick scans stay silent)."""


def iso(date: datetime | None) -> str | None:
    """ISO 8601 with the offset, or None."""
    return date.isoformat() if date is not None else None


def short_date(date: datetime | None) -> str:
    """The date as the lists show it."""
    return local_format(date) if date is not None else "----------"


def _marks_json(article_id: str, marks: Marks | None) -> dict[str, bool | None]:
    """``read`` and ``bookmarked``: null when the reading state could not be read."""
    marks = marks or Marks()
    if not marks.known:
        return {"read": None, "bookmarked": None}
    return {"read": article_id in marks.read, "bookmarked": article_id in marks.bookmarked}


def article_json(article: Article, marks: Marks | None = None) -> dict[str, Any]:
    """The documented JSON form of an article (``marks``: its reading state)."""
    return {
        "id": article.id,
        "title": article.title,
        "date": iso(article.date),
        "author": article.author,
        "categories": [category_label(path) for path in article.categories],
        "tags": list(article.tags),
        "path": display_safe(article.relpath),
        "summary": article.summary,
        "body_kind": article.body_kind,
        "words": article.words,
        **_marks_json(article.id, marks),
    }


def hit_json(hit: Hit, marks: Marks | None = None) -> dict[str, Any]:
    """The documented JSON form of a search hit (``marks``: its reading state)."""
    entry: Entry = hit.entry
    return {
        "id": entry.id,
        "title": entry.title,
        "date": iso(entry.date),
        "author": entry.author,
        "category": category_label(entry.category),
        "path": display_safe(entry.relpath),
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "snippet_spans": [list(span) for span in hit.snippet_spans],
        "title_spans": [list(span) for span in hit.title_spans],
        **_marks_json(entry.id, marks),
    }


def category_json(node: CategoryNode) -> dict[str, Any]:
    """The documented JSON form of a category tree node."""
    return {
        "name": node.name,
        "path": category_label(node.path),
        "count": node.count,
        "children": [category_json(child) for child in node.children],
    }


_INVISIBLE_RE: Final = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def print_json(document: object, stream: TextIO | None = None) -> None:
    """One JSON document, UTF-8 as is, ending with a newline (default: on the current stdout).

    JSON escapes C0 controls itself; C1 controls and bidi overrides, which a terminal
    would act on if the document is printed there, are written as ``\\uXXXX`` too, and
    so are lone surrogates (valid JSON, though not encodable as UTF-8).
    """
    stream = stream or sys.stdout  # looked up now: tests and pagers replace sys.stdout
    text = json.dumps(document, ensure_ascii=False, indent=2)
    stream.write(_INVISIBLE_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", text))
    stream.write("\n")


def highlight(text: str, spans: Sequence[Span], color: bool) -> str:
    """``text`` with the spans in bold (plain when ``color`` is off)."""
    if not color or not spans:
        return text
    parts, position = [], 0
    for start, end in spans:
        parts.append(text[position:start])
        parts.append(f"{BOLD}{text[start:end]}{RESET}")
        position = end
    parts.append(text[position:])
    return "".join(parts)


@contextmanager
def progress_bar(enabled: bool, label: str = "Indexing") -> Iterator[ProgressCallback | None]:
    """A progress callback that draws a bar on stderr once a scan runs for a moment."""
    if not enabled:
        yield None
        return
    started = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - started < PROGRESS_DELAY and done < total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            bar = Progress(
                f"[bold]{label}[/]",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
