"""Acceptance: an article written to attack the terminal renders as inert, literal text."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

import pytest
from render_helpers import FIXTURES, load
from rich.cells import cell_len

from broadsheet.cli.show import render
from broadsheet.library.article import Article

HOSTILE: Final = FIXTURES / "hostile.md"
ESC, BEL = "\x1b", "\x07"
SGR_RE: Final = re.compile(r"\x1b\[[0-9;]*m")
BAD_BYTES_RE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LITERALS: Final = ("[bold red]x[/]", "[@click=app.quit]y[/]", "[/bold]")


def raw_parts() -> tuple[Article, str]:
    """The article as the library parses it, but with the raw (uncleaned) body and hostile
    metadata put back: the renderer must not rely on anyone having cleaned them."""
    article, _ = load(HOSTILE)
    raw = HOSTILE.read_text(encoding="utf-8")
    body = raw.split("\n---\n", 1)[1]
    title = (
        f"{ESC}]52;c;SGVsbG8={BEL}[bold red]x[/] [@click=app.quit]y[/] [/bold] "
        f"{ESC}]0;pwned{BEL}\x9b31m\u202eevil\x00"
    )
    hostile = replace(
        article,
        title=title,
        author=f"[@click=app.quit]Mallory[/] {ESC}[31mred{ESC}[0m",
        categories=(("[bold]新媒体[/]", f"{ESC}]8;;https://evil.example{ESC}\\趣头条"),),
        tags=("[/bold]", f"{ESC}[2Jtag\u202e"),
        front_matter='headimg: "javascript:alert(1)"\nthumbnail: "https://p.example/1.png"',
        front_matter_format="yaml",
    )
    return hostile, body


@pytest.fixture(params=["library", "raw"])
def parts(request: pytest.FixtureRequest) -> tuple[Article, str]:
    return load(HOSTILE) if request.param == "library" else raw_parts()


@pytest.mark.parametrize("width", [30, 80])
def test_plain_output_is_inert_and_literal(parts: tuple[Article, str], width: int) -> None:
    article, body = parts
    output = render(article, body, width=width, max_width=width, styled=False)
    assert not BAD_BYTES_RE.search(output.replace("\n", ""))
    for literal in LITERALS:
        assert literal in output
    lines = output.split("\n")
    assert max(cell_len(line) for line in lines) <= width
    for gone in ("alert(", "onload", "onerror", "onclick", "iframe text", "steal("):
        assert gone not in output
    assert "javascript:" not in output
    # The 3,000-character paragraph and the 300-character URL are all there, folded.
    source = HOSTILE.read_text(encoding="utf-8")
    paragraph = next(line for line in source.split("\n") if len(line) == 3000)
    url = re.search(r"<(https://example\.com/[^>]+)>", source)
    assert url is not None and len(url.group(1)) == 300
    flat = "".join(line.strip() for line in lines)
    assert paragraph in flat
    assert url.group(1) in flat
    assert re.search(r"Paragraph with handlers ▣ 图片 \d: an image", output.replace("\n", " "))


def test_title_metadata_shown_literally(parts: tuple[Article, str]) -> None:
    article, body = parts
    first = render(article, body, width=200, max_width=200, styled=False).split("\n")[0]
    assert first.startswith("[bold red]x[/] [@click=app.quit]y[/] [/bold]")


def test_styled_output_has_only_sgr_sequences(parts: tuple[Article, str]) -> None:
    article, body = parts
    output = render(article, body, width=60, max_width=60, styled=True)
    assert SGR_RE.search(output)  # it is styled
    rest = SGR_RE.sub("", output)
    assert ESC not in rest and BEL not in rest
    assert not BAD_BYTES_RE.search(rest.replace("\n", ""))
    for literal in LITERALS:
        assert literal in rest


ENTITY_HTML: Final = (
    "<p>esc &#27;[31mred&#27;[0m bell &#7; rlo &#8238;abc&#8236; c1 &#x9b;31m del &#127;</p>\n"
    "<pre><code>code &#27;]0;title&#7; x</code></pre>\n"
    "<table><tr><td>cell &#27;[2J</td></tr></table>\n"
    '<a href="http://x.example/&#27;[2J">link &#27;[5m</a>\n'
    '<img src="http://x.example/a.png" alt="alt &#27;[2J &#8238;">\n'
    "<h2>head &#27;[2J</h2>\n"
)
ENTITY_MARKDOWN: Final = (
    "# head &#27;[2J &#8238;\n\ntext &#27;[31m red &#8238; rlo &#7; bell "
    "[lnk &#8238;](http://x.example/&#8238;)\n\n| a &#8238; | b |\n|---|---|\n| c &#x202e; | d |\n"
)


@pytest.mark.parametrize("body", [ENTITY_HTML, ENTITY_MARKDOWN], ids=["html", "markdown"])
@pytest.mark.parametrize("styled", [False, True])
def test_entities_cannot_smuggle_controls(body: str, styled: bool) -> None:
    """``&#27;`` and ``&#8238;`` are decoded on the way: the decoded controls are removed."""
    source = f"---\ntitle: entities\n---\n{body}".encode()
    from broadsheet.library.parse import parse_bytes

    parsed = parse_bytes(source, "entities.md", None)
    output = render(parsed.article, parsed.body, width=60, max_width=60, styled=styled)
    rest = SGR_RE.sub("", output)
    assert ESC not in rest and BEL not in rest
    assert not BAD_BYTES_RE.search(rest.replace("\n", ""))
    assert "red" in rest and "head" in rest


@pytest.mark.parametrize(
    "body",
    [
        '<table><tr><td colspan="²">a</td><th rowspan="٣">b</th></tr></table>',
        "&#X3C;b&#X3E; &LT;i&GT; &AMP;",
        '<ol start="²"><li>x</li></ol>',
        '<ol start="99999999999999999999999"><li>x</li></ol>',
    ],
)
def test_odd_numbers_and_entities_do_not_raise(body: str) -> None:
    from broadsheet.library.parse import parse_bytes

    parsed = parse_bytes(f"---\ntitle: t\n---\n{body}".encode(), "odd.md", None)
    output = render(parsed.article, parsed.body, width=60, max_width=60, styled=False)
    assert output.strip()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p><em>Essays on Software Engineering</em>, Anniversary</p>", "Engineering, Anniversary"),
        ("<p><strong>全角和半角是不同的字符。</strong>搜索</p>", "全角和半角是不同的字符。搜索"),
        ("<p><em>n</em>&minus;1, 中<i>文</i>字</p>", "n−1, 中文字"),
        ("<p><b>bold <i>both</i></b> end</p>", "bold both end"),
        ("<p><code><b>x</b></code> *star* _u_</p>", "x *star* _u_"),
    ],
)
def test_emphasis_adds_no_spaces_and_always_closes(body: str, expected: str) -> None:
    """``<em>``/``<strong>`` show as styles, with exactly the source's spaces."""
    from broadsheet.library.parse import parse_bytes

    parsed = parse_bytes(f"---\ntitle: t\n---\n{body}".encode(), "em.md", None)
    output = render(parsed.article, parsed.body, width=80, max_width=80, styled=False)
    assert expected in output
    assert "*" not in output.replace("*star*", "")


def test_a_figure_caption_is_its_own_paragraph() -> None:
    from broadsheet.library.parse import parse_bytes

    body = (
        '<figure><img src="http://x.example/a.png" alt="现场图">'
        "<figcaption>他们认为</figcaption></figure>"
    )
    parsed = parse_bytes(f"---\ntitle: t\n---\n{body}".encode(), "fig.md", None)
    output = render(parsed.article, parsed.body, width=60, max_width=60, styled=False)
    assert "现场图\n\n他们认为" in output


def test_lists_that_open_lists_stay_lists() -> None:
    """``<ul><li><ol><li><ul>``: html2text writes ``*     3.        * item``; every level
    must stay a list (found by the property tests: the inner list was literal ``*`` text,
    and a comma could start a line)."""
    from broadsheet.render.document import Document

    html = (
        "<ul><li><ol start='3'><li><ul><li>00000000 00000000000000000000000 "
        "000000000000000000000000000，</li><li>ccc</li></ul></li></ol></li><li>x</li></ul>"
    )
    document = Document.from_article(None, html)
    document.convert_all()
    lines = [line.text.rstrip() for line in document.lines(40)]
    assert lines[0].startswith("• 3. ▪ 00000000")
    assert "*" not in "".join(lines)
    assert not any(line.strip().startswith("，") for line in lines)
    assert "     ▪ ccc" in lines and "• x" in lines
