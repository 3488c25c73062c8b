"""Cutting a long body into chunks that convert independently, for lazy conversion.

HTML is cut after a top-level block (``</p>``, ``</div>``, a heading, ``<hr>`` ...), never
inside a table, list, ``pre``, blockquote or link. ``<div>`` and ``<section>`` do not count as
containers, so one outer ``<div>`` wrapping everything does not prevent cutting (html2text
does not mind an unbalanced ``div``). Markdown is cut at a blank line outside fences and
HTML blocks, before a line that starts a new block at the left margin. Chunks are cut
lazily, as conversion asks for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from broadsheet.render.hexo import closes_fence

CHUNK_BYTES: Final = 24_000
"""UTF-8 bytes per chunk (html2text and markdown-it take ~30 ms for one)."""
FIRST_CHUNK_BYTES: Final = 8_000
"""The first chunk is smaller: it is all the first screen waits for."""
CHUNK_SIZE: Final = CHUNK_BYTES
"""Characters per chunk for ASCII text; :func:`chunk_sizes` adapts it to the text."""
FIRST_CHUNK_SIZE: Final = FIRST_CHUNK_BYTES
SAMPLE: Final = 16_384


def chunk_sizes(text: str) -> tuple[int, int]:
    """Characters per chunk and for the first chunk, so that chunks hold about
    :data:`CHUNK_BYTES` of UTF-8 whatever the script (a CJK character is three bytes)."""
    sample = text[:SAMPLE]
    ratio = len(sample.encode("utf-8", "surrogatepass")) / len(sample) if sample else 1.0
    return int(CHUNK_BYTES / ratio), int(FIRST_CHUNK_BYTES / ratio)


_ATOMIC: Final = (
    "table|ul|ol|dl|pre|blockquote|a|figure|details|menu|textarea|svg|math|code|q|button"
)
_HTML_TAG_RE: Final = re.compile(
    r"<(/?)(" + _ATOMIC + r"|p|div|section|article|h[1-6]|hr|br|li|header|footer|main)\b[^>]*>",
    re.IGNORECASE,
)
_ATOMIC_SET: Final = frozenset(_ATOMIC.split("|"))
_CUT_AFTER_CLOSE: Final = frozenset(
    {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer"}
    | {"main", "table", "ul", "ol", "dl", "pre", "blockquote", "figure", "details", "menu"}
)
_CUT_AFTER_OPEN: Final = frozenset({"hr", "br"})


def iter_html_chunks(
    markup: str, size: int = CHUNK_SIZE, first: int = FIRST_CHUNK_SIZE
) -> Iterator[str]:
    """Cut sanitized HTML lazily into pieces of about ``size`` characters (the first one
    about ``first``, so the first screen is ready sooner) at block boundaries."""
    if len(markup) <= size * 1.5:
        yield markup
        return
    start = 0
    depth = 0
    target = first
    for match in _HTML_TAG_RE.finditer(markup):
        closing, name = bool(match.group(1)), match.group(2).lower()
        if name in _ATOMIC_SET:
            if not closing:
                depth += 1
                continue
            depth = max(0, depth - 1)
        if depth:
            continue
        if closing:
            if name not in _CUT_AFTER_CLOSE:
                continue
            wanted = target
        elif name in _CUT_AFTER_OPEN:
            # A <br> may sit inside a paragraph: cut there only when no block ends in time.
            wanted = target if name == "hr" else 2 * target
        else:
            continue
        if match.end() - start >= wanted and len(markup) - match.end() > size // 2:
            yield markup[start : match.end()]
            start = match.end()
            target = size
    yield markup[start:]


def split_html(markup: str, size: int = CHUNK_SIZE) -> list[str]:
    """All the chunks of :func:`iter_html_chunks`, each about ``size`` characters."""
    return list(iter_html_chunks(markup, size, size))


_MD_FENCE_RE: Final = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_RAW_OPEN_RE: Final = re.compile(r"^ {0,3}<(script|pre|style|textarea)\b", re.IGNORECASE)
_MD_BLOCK_START_RE: Final = re.compile(r"^(?![ \t]|[-+*] |\d{1,9}[.)] |>|\||$)")


def iter_markdown_chunks(
    markdown: str, size: int = CHUNK_SIZE, first: int = FIRST_CHUNK_SIZE
) -> Iterator[str]:
    """Cut Markdown lazily into pieces of about ``size`` characters (the first about
    ``first``) at blank lines outside fences and raw HTML blocks."""
    if len(markdown) <= size * 1.5:
        yield markdown
        return
    lines = markdown.split("\n")
    current: list[str] = []
    length = 0
    target = first
    fence = ""
    raw_end = ""
    for index, line in enumerate(lines):
        if (
            length >= target
            and not fence
            and not raw_end
            and not line.strip()
            and index + 1 < len(lines)
            and _MD_BLOCK_START_RE.match(lines[index + 1])
        ):
            chunk = "\n".join(current)
            if chunk.strip():
                yield chunk
            current, length, target = [], 0, size
        current.append(line)
        length += len(line) + 1
        if raw_end:
            if raw_end in line.lower():
                raw_end = ""
            continue
        fence_match = _MD_FENCE_RE.match(line)
        if fence:
            if closes_fence(fence_match, fence, line):
                fence = ""
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        raw = _MD_RAW_OPEN_RE.match(line)
        if raw is not None and f"</{raw.group(1).lower()}>" not in line.lower():
            raw_end = f"</{raw.group(1).lower()}>"
        elif line.lstrip().startswith("<!--") and "-->" not in line:
            raw_end = "-->"
    chunk = "\n".join(current)
    if chunk.strip():
        yield chunk


def split_markdown(markdown: str, size: int = CHUNK_SIZE) -> list[str]:
    """All the chunks of :func:`iter_markdown_chunks`, each about ``size`` characters."""
    return list(iter_markdown_chunks(markdown, size, size)) or [markdown]
