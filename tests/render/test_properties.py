"""Property tests: random text and random HTML never raise, never overflow, keep the rules."""

from __future__ import annotations

import itertools
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_helpers import broken_rules
from rich.cells import cell_len, get_character_cell_size, split_graphemes

from broadsheet.render.document import Document
from broadsheet.render.wrap import CLOSING, OPENING, wrap

CJK = "汉字中文刘彩霞坚持以人民为心的发展思想かなカナ한국어"
CLOSERS = "，。、；：？！）」』】》〉”…,.;:?!)]ーッ々"
OPENERS = "（「『【《〈“([{"
EMOJI = ["👍", "👍🏽", "👨\u200d👩\u200d👧", "❤\ufe0f", "🎉"]
COMBINING = ["e\u0301", "a\u0308", "中\u0301", "n\u0303"]
LATIN = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789"

SOAK = os.environ.get("BROADSHEET_EXAMPLES")
SETTINGS = settings(
    # BROADSHEET_EXAMPLES=2000 for a longer soak, with fresh random examples each time;
    # the suite itself runs the same examples every time, so that CI is not a lottery.
    max_examples=int(SOAK or "150"),
    derandomize=not SOAK,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

any_text = st.lists(
    st.one_of(
        st.sampled_from(list(CJK + CLOSERS + OPENERS + LATIN + " \n-/")),
        st.sampled_from(EMOJI + COMBINING),
        st.text(max_size=3),
    ),
    max_size=120,
).map("".join)

latin_word = st.text(LATIN, min_size=1, max_size=8)
cjk_run = st.text(CJK, min_size=1, max_size=10)
unit = st.one_of(
    latin_word,
    cjk_run,
    st.sampled_from(EMOJI + COMBINING),
    st.builds(lambda w, c: w + c, st.one_of(latin_word, cjk_run), st.sampled_from(CLOSERS)),
    st.builds(lambda o, w: o + w, st.sampled_from(OPENERS), st.one_of(latin_word, cjk_run)),
    st.builds(
        lambda o, w, c: o + w + c,
        st.sampled_from(OPENERS),
        st.one_of(latin_word, cjk_run),
        st.sampled_from(CLOSERS),
    ),
)
well_formed = st.lists(
    st.tuples(unit, st.sampled_from(["", "", " "])), min_size=1, max_size=40
).map(lambda parts: "".join(word + space for word, space in parts).strip())
"""Text as people write it: punctuation attached to words, never in long runs of its own."""


def check_lines(text: str, width: int) -> list[tuple[int, int]]:
    spans = wrap(text, width)
    previous = 0
    for start, end in spans:
        assert previous <= start <= end
        assert cell_len(text[start:end]) <= width
        gap = text[previous:start]
        assert gap.strip(" ") in ("", "\n"), (text, spans)
        if 0 < start < end and "\n" not in gap:
            # A grapheme is never split: no line starts with a zero-width mark.
            assert get_character_cell_size(text[start]) != 0 or text[start - 1] == " "
        previous = end
    assert text[previous:].strip(" ") == ""
    return spans


@SETTINGS
@given(any_text, st.integers(min_value=2, max_value=60))
def test_any_text_never_raises_or_overflows(text: str, width: int) -> None:
    check_lines(text.replace("\t", " "), width)


@SETTINGS
@given(well_formed, st.integers(min_value=12, max_value=80))
def test_well_formed_text_keeps_the_line_rules(text: str, width: int) -> None:
    spans = check_lines(text, width)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert text[start] not in CLOSING, [text[a:b] for a, b in spans]
        assert text[end - 1] not in OPENING, [text[a:b] for a, b in spans]


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    inline = st.sampled_from(["b", "i", "em", "strong", "span", "code", "u", "del"])
    block = st.sampled_from(["p", "div", "blockquote", "h1", "h3", "li", "td", "th"])
    return st.one_of(
        st.builds(lambda t, c: f"<{t}>{c}</{t}>", inline, children),
        st.builds(lambda t, c: f"<{t}>{c}</{t}>", block, children),
        st.builds(
            lambda c: f"<a href='https://x.example/{len(c)}' onclick='x()'>{c}</a>", children
        ),
        st.builds(lambda c: f"<ul><li>{c}</li><li>{c}</li></ul>", children),
        st.builds(lambda c: f"<ol start='3'><li>{c}</li></ol>", children),
        st.builds(
            lambda c: f"<table><tr><th>{c}</th><td>{c}</td></tr><tr><td>{c}</td></tr></table>",
            children,
        ),
        st.builds(lambda c: f"{c}<br>{c}", children),
        st.builds(lambda c: f"<script>{c}</script>{c}", children),
        st.just("<img src='https://i.example/1.png' alt='说明'>"),
        st.just("<pre>code line one\n  indented line two</pre>"),
        st.just("<hr>"),
    )


html_strategy = st.recursive(
    well_formed.map(lambda text: text.replace("<", " ").replace("&", " ")),
    _element,
    max_leaves=12,
).map(lambda body: f"<div>{body}</div>")


@SETTINGS
@given(html_strategy, st.integers(min_value=8, max_value=120))
def test_random_html_never_raises_or_overflows(html: str, width: int) -> None:
    document = Document.from_article(None, html)
    document.convert_all()
    limit = document.content_width(width)
    for line in document.lines(width):
        assert cell_len(line.text) <= limit, line.text


@SETTINGS
@given(html_strategy, st.integers(min_value=40, max_value=120))
def test_random_html_keeps_the_line_rules(html: str, width: int) -> None:
    # From 40 cells up: narrower, a table column can be thinner than one word and its
    # punctuation, and then no break can keep both rules (the test above covers those).
    document = Document.from_article(None, html)
    document.convert_all()
    assert broken_rules(document, width) == []


@SETTINGS
@given(any_text, st.integers(min_value=8, max_value=120))
def test_random_text_as_a_markdown_body_never_raises(text: str, width: int) -> None:
    document = Document.from_article(None, text)
    document.convert_all()
    limit = document.content_width(width)
    assert all(cell_len(line.text) <= limit for line in document.lines(width))


@SETTINGS
@given(st.lists(well_formed, min_size=1, max_size=6), st.integers(12, 70), st.data())
def test_highlight_draws_exactly_the_searched_text(
    paragraphs: list[str], width: int, data: st.DataObject
) -> None:
    html = "".join(f"<p>{p.replace('<', ' ')}</p>" for p in paragraphs)
    document = Document.from_article(None, html)
    document.convert_all()
    text = document.plain_text
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    drawn: list[str] = []
    lines = document.lines(width)
    for line, left, right in document.highlight([(start, end)], width):
        position = 0
        for segment in lines[line].segments:
            graphemes, _ = split_graphemes(segment.text)
            for first, last, size in graphemes:
                if left <= position < right:
                    drawn.append(segment.text[first:last])
                position += size

    # A highlight covers whole graphemes: widen the span to the graphemes it touches.
    def joined(index: int) -> bool:
        char = text[index]
        return char != "\n" and (get_character_cell_size(char) == 0 or text[index - 1] == "\u200d")

    low, high = start, end
    while low > 0 and joined(low):
        low -= 1
    while high < len(text) and joined(high):
        high += 1
    expected = text[low:high]
    assert "".join(drawn).replace(" ", "") == "".join(expected.split())
