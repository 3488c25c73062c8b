"""Reusable render benchmarks (``benchmarks/run.py`` calls these).

The exact calls measured::

    document = Document.from_article(article, body)   # sanitize, chunk, first chunk
    document.lines(80)[:50]                            # first screen
    document.convert_all(); document.lines(80)         # everything
    document.lines(60)                                 # re-wrap: no re-parse
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from broadsheet.library.article import Article
from broadsheet.render.document import Document

LARGE_SIZE: Final = 1_000_000
"""Bytes of UTF-8 HTML in the large test document."""
FIRST_SCREEN_ROWS: Final = 50

_CHINESE: Final = (
    "刘彩霞始终坚持以人民为中心的发展思想，不断践行人民公安为人民的初心使命。",
    "面临新岗位，她凭借一颗强烈的事业心、一股雷厉风行的工作作风和一种勇于开拓进取的精神。",
    "“微笑多一点、声音细一点、做事勤一点、效率高一点”的理念，坚守岗位（忠诚履职）。",
    "2017年以来，受理户籍业务60000余次，其中办理居民身份证31210张、户口簿1246本。",
)
_ENGLISH: Final = (
    "The quick brown fox jumps over the lazy dog while the compiler checks every borrow. ",
    "Rust 1.88 stabilizes let chains, naked functions and boolean configuration literals. ",
    "See https://example.com/a/rather/long/path/to/some/resource?with=query&and=more for details. ",
)


def make_large_html(size: int = LARGE_SIZE, seed: int = 0) -> str:
    """A mixed Chinese/English HTML body of about ``size`` UTF-8 bytes: paragraphs,
    headings, lists, tables, links, images and code, inside one outer ``<div>``."""
    pick = random.Random(seed)
    parts: list[str] = ["<div>"]
    total = 0
    section = 0
    while total < size:
        section += 1
        paragraph = "".join(pick.choice(_CHINESE) for _ in range(pick.randint(2, 6)))
        english = "".join(pick.choice(_ENGLISH) for _ in range(pick.randint(1, 4)))
        block = (
            f"<h2>第{section}节 Section {section}</h2>"
            f"<p>{paragraph}<a href='https://example.com/{section}'>链接{section}</a>"
            f"<b>{english}</b><i>斜体</i>{paragraph}</p>"
            f"<p>{english}<code>let x = {section};</code>{english}</p>"
            f"<ul><li>{pick.choice(_CHINESE)}</li><li>{pick.choice(_ENGLISH)}"
            f"<ol><li>嵌套 {section}</li></ol></li></ul>"
            f"<table><tr><th>名称</th><th>Value</th><th>说明</th></tr>"
            f"<tr><td>项目{section}</td><td>{section * 7}</td><td>{pick.choice(_CHINESE)}</td></tr>"
            f"</table>"
            f"<pre><code class='language-python'>def f(x):\n    return x * {section}\n</code></pre>"
            f"<blockquote><p>{pick.choice(_CHINESE)}</p></blockquote>"
            f"<p><img src='https://img.example.com/{section}.png' alt='图{section}'></p>"
        )
        parts.append(block)
        total += len(block.encode("utf-8"))
    parts.append("</div>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Timing:
    """One measurement in milliseconds (best of ``runs``)."""

    name: str
    milliseconds: float


def _best(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def measure_article(body: str, article: Article | None = None, width: int = 80) -> float:
    """Milliseconds for from_article + convert_all + lines(width), best of 5."""

    def render() -> None:
        """The measured work."""
        document = Document.from_article(article, body)
        document.convert_all()
        document.lines(width)

    return _best(5, render)


def measure_large(body: str | None = None, runs: int = 3) -> list[Timing]:
    """First screen, all lines, and re-wrap for a large HTML body (default: 1 MB built)."""
    html = make_large_html() if body is None else body

    def first_screen() -> None:
        """Open and show a screenful."""
        document = Document.from_article(None, html)
        document.lines(80)[:FIRST_SCREEN_ROWS]

    def everything() -> None:
        """Open, convert all, lay out all."""
        document = Document.from_article(None, html)
        document.convert_all()
        document.lines(80)

    converted = Document.from_article(None, html)
    converted.convert_all()
    converted.lines(80)
    widths = iter(range(61, 61 + runs))

    def rewrap() -> None:
        """Lay out again at a width not seen before."""
        converted.lines(next(widths))

    return [
        Timing("first screen (from_article + lines(80)[:50])", _best(runs, first_screen)),
        Timing("all lines (from_article + convert_all + lines(80))", _best(runs, everything)),
        Timing("re-wrap converted document at a new width", _best(runs, rewrap)),
    ]
