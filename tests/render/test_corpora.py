"""Every article of the real corpora renders at width 80, faithfully."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Final

import pytest
from render_helpers import CORPORA, is_subsequence, load, render_all
from rich.cells import cell_len

WIDTH: Final = 80
CORPUS_NAMES: Final = ("hexo-zh", "toml-en")
PARTS: Final = 2
"""Each corpus is checked in this many parts (every file in one), which the test workers share."""
GFM_EXCESS_CELLS: Final = frozenset({"this-development-cycle-in-cargo-1.79/index.md"})
"""A table row with more cells than its header: GFM (and markdown-it) ignore the excess."""

_DROPPED_RE: Final = re.compile(
    r"<(script|style|iframe|noscript|template|object|form)\b.*?</\1\s*>", re.S | re.I
)
_LINK_TARGET_RE: Final = re.compile(r"\]\(\s*(?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_FENCE_RE: Final = re.compile(r"(?m)^([ \t>]*)(`{3,}|~{3,}).*$")
_DEFINITION_RE: Final = re.compile(r"(?m)^[ \t>]*\[[^\]]+\]:[ \t]*(?:\n[ \t>]*)?\S+.*$")
_TAG_RE: Final = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_ORDERED_RE: Final = re.compile(r"(?m)^[ \t>]*\d{1,9}[.)](?=[ \t]|$)")
_CODE_RE: Final = re.compile(r"(?ms)^ {0,3}(`{3,})[^\n`]*\n(.*?)^ {0,3}\1[ \t]*$")


def source_characters(body: str) -> list[str]:
    """Letters and digits a reader must see: markup, link targets, reference labels,
    fence info strings, Hexo tag arguments, comments and dropped elements removed."""
    text = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    text = _DROPPED_RE.sub(" ", text)
    text = re.sub(r"\{%.*?%\}", " ", text)
    text = _LINK_TARGET_RE.sub("] ", text)
    text = re.sub(r"\]\[[^\]]*\]", "] ", text)
    text = _FENCE_RE.sub(r"\1\2", text)
    text = _DEFINITION_RE.sub(" ", text)
    text = _TAG_RE.sub(" ", text)
    text = _ORDERED_RE.sub(" ", text)  # list numbers are drawn as markers, not text
    return [char for char in html.unescape(text) if char.isalnum()]


def corpus_files(name: str) -> list[Path]:
    return sorted((CORPORA / name).rglob("*.md"))


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_every_article_renders_faithfully(name: str, part: int) -> None:
    files = corpus_files(name)
    assert len(files) > 100
    problems: list[str] = []
    for path in files[part::PARTS]:
        article, body = load(path, str(path.relative_to(CORPORA)))
        document = render_all(article, body)
        lines = document.lines(WIDTH)
        wide = [line.text for line in lines if cell_len(line.text) > WIDTH]
        if wide:
            problems.append(f"{path}: too wide: {wide[0]!r}")
        text = document.plain_text
        comments = [m.span() for m in re.finditer(r"(?m)^<!--.*?-->", body, flags=re.S)]
        for match in _CODE_RE.finditer(body):
            if any(start <= match.start() < end for start, end in comments):
                continue  # commented out: not shown
            for code_line in match.group(2).split("\n"):
                expected = code_line.expandtabs(4).strip()
                if expected and expected not in text:
                    problems.append(f"{path}: code line lost: {code_line!r}")
                    break
        relative = "/".join(path.parts[-2:])
        shown = [char for char in text if char.isalnum()]
        if relative not in GFM_EXCESS_CELLS and not is_subsequence(source_characters(body), shown):
            problems.append(f"{path}: text lost")
    assert problems == []
