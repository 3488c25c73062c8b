"""Document: plain text, exact highlight mapping, positions, lazy chunks, threads."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len

from broadsheet.library.article import Article
from broadsheet.render.bench import make_large_html
from broadsheet.render.chunks import split_html, split_markdown
from broadsheet.render.convert import Converter
from broadsheet.render.document import Document
from broadsheet.render.links import Link

BODY = """
<h2>第一章 开始</h2>
<p>刘彩霞，女，中共党员，2013年7月参加公安工作。自参加公安工作以来，刘彩霞始终坚持以人民为中心的发展思想，
不断践行人民公安为人民的初心使命。The quick brown fox jumps over the lazy dog.</p>
<ul><li>列表项目一，内容比较长，需要折行显示才能看完全部的文字内容</li>
<li>second item<ol><li>嵌套项目</li></ol></li></ul>
<blockquote><p>引用的文字也会折行，也能被找到，而且高亮的位置要准确无误。</p></blockquote>
<pre><code class="language-python">def find(needle):
    return "needle in code"</code></pre>
<table><tr><th>名称</th><th>说明</th></tr>
<tr><td>表格单元</td><td>单元格里的长文字需要在窄屏上折行显示needle</td></tr></table>
<p>See <a href="https://example.com/a">the link</a> and
<img src="https://example.com/i.png" alt="图">.</p>
"""


def article(**changes: object) -> Article:
    values: dict[str, object] = {
        "id": "x",
        "path": Path("/tmp/x.md"),
        "relpath": "x.md",
        "title": "标题 Title",
        "date": datetime(2021, 11, 24, 9, 10, tzinfo=UTC),
        "categories": (("新媒体", "趣头条", "分类"),),
        "tags": ("标签", "tag"),
        "author": "作者",
        "summary": "",
        "body_kind": "html",
        "words": 400,
        "chars": 500,
    }
    values.update(changes)
    return Article(**values)  # type: ignore[arg-type]


@pytest.fixture
def document() -> Document:
    doc = Document.from_article(article(), BODY)
    doc.convert_all()
    return doc


def cells_text(document: Document, line: int, width: int, left: int, right: int) -> str:
    """The characters drawn in cells [left, right) of a line."""
    out: list[str] = []
    position = 0
    for segment in document.lines(width)[line].segments:
        for char in segment.text:
            size = cell_len(char)
            if left <= position < right:
                out.append(char)
            position += size
    return "".join(out)


def test_header_and_plain_text(document: Document) -> None:
    text = document.plain_text
    assert text.startswith("标题 Title\n作者 · ")
    assert "新媒体 › 趣头条 › 分类" in text
    assert "#标签  #tag" in text
    assert "第一章 开始" in text and "needle in code" in text and "表格单元" in text
    assert [(h.level, h.text) for h in document.headings] == [(2, "第一章 开始"), (2, "链接")]


@pytest.mark.parametrize("width", [16, 24, 30, 40, 80])
@pytest.mark.parametrize(
    "needle",
    [
        "刘彩霞",
        "初心使命",
        "fox jumps over",
        "列表项目",
        "嵌套项目",
        "高亮的位置",
        "needle",
        "单元格里的长文字",
        "名称",
        "the link",
    ],
)
def test_highlight_marks_exactly_the_matched_text(
    document: Document, width: int, needle: str
) -> None:
    text = document.plain_text
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]
    assert spans
    marks = document.highlight(spans, width)
    drawn = [cells_text(document, line, width, left, right) for line, left, right in marks]
    # Every match is drawn, possibly across line breaks (a dropped space is not drawn).
    assert "".join(drawn).replace(" ", "") == (needle * len(spans)).replace(" ", "")
    for _, left, right in marks:
        assert 0 <= left < right <= width


def test_positions_round_trip(document: Document) -> None:
    for width in (20, 50, 100):
        lines = document.lines(width)
        for index, line in enumerate(lines):
            if line.end > line.start:
                assert document.line_for_offset(line.start, width) == index
                assert document.offset_for_line(index, width) == line.start
        offset = document.plain_text.index("高亮")
        line = document.line_for_offset(offset, width)
        assert "高亮" in lines[line].text


def test_reading_position_survives_a_width_change(document: Document) -> None:
    offset = document.offset_for_line(25, 24)
    line = document.line_for_offset(offset, 70)
    assert document.lines(70)[line].start <= offset < document.lines(70)[line].end


def test_lines_never_exceed_width_and_content_is_capped(document: Document) -> None:
    for width in (8, 13, 30, 77, 100, 160):
        limit = min(width, document.max_width) if width >= 8 else 8
        assert all(cell_len(line.text) <= limit for line in document.lines(width))
    assert document.content_width(160) == 100


def test_links_and_images(document: Document) -> None:
    links = document.links
    assert [(link.number, link.kind) for link in links] == [(1, "link"), (2, "image")]
    assert document.link(2) == links[1] and document.link(3) is None
    text = document.plain_text
    assert "the link[1]" in text and "▣ 图片 2: 图" in text
    assert text.rstrip().endswith("https://example.com/i.png  图")


@pytest.mark.parametrize(
    ("url", "openable"),
    [
        ("https://example.com", True),
        ("http://x.example/a b", False),
        ("mailto:a@example.com", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("relative.png", False),
        ("https://", False),
    ],
)
def test_only_web_and_mail_links_open(url: str, openable: bool) -> None:
    assert Link(1, url, "", "link").openable is openable


def test_extra_links_come_first_and_once() -> None:
    doc = Document.from_article(
        article(),
        "<p>x</p>",
        extra_links=[("headimg", "https://p.example/1"), ("thumbnail", "https://p.example/1")],
    )
    doc.convert_all()
    assert [(link.number, link.text, link.kind) for link in doc.links] == [(1, "headimg", "image")]
    assert "\n▣ Image 1: headimg\n" in doc.plain_text


def test_large_html_is_lazy_and_numbers_continue_across_chunks() -> None:
    html = make_large_html(300_000)
    assert len(split_html(html)) > 5  # one outer <div> does not prevent splitting
    doc = Document.from_article(None, html)
    assert not doc.complete
    first = len(doc.plain_text)
    doc.convert_all()
    assert doc.complete and len(doc.plain_text) > 5 * first
    numbers = [int(n) for n in re.findall(r"链接\d+\[(\d+)\]", doc.plain_text)]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert [link.number for link in doc.links] == list(range(1, len(doc.links) + 1))


def test_chunks_never_cut_inside_tables_lists_or_pre() -> None:
    html = make_large_html(200_000)
    for chunk in split_html(html, 2_000):
        for tag in ("table", "ul", "ol", "pre", "blockquote"):
            assert chunk.count(f"<{tag}") == chunk.count(f"</{tag}>"), tag


def test_markdown_chunks_respect_fences_and_share_references() -> None:
    fence = "```\n" + "\n\n".join(f"code line {n}" for n in range(500)) + "\n```\n"
    body = (
        "intro [ref][r]\n\n"
        + "paragraph text here.\n\n" * 2000
        + fence
        + "[r]: https://r.example\n"
    )
    chunks = split_markdown(body, 4_000)
    assert len(chunks) > 3
    assert all(chunk.count("```") % 2 == 0 for chunk in chunks)
    doc = Document.from_article(article(body_kind="markdown"), body)
    doc.convert_all()
    assert doc.plain_text.count("code line 499") == 1
    assert "intro ref[1]" in doc.plain_text
    assert doc.links[0].url == "https://r.example"


def test_rewrap_reuses_the_parsed_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document.from_article(None, make_large_html(100_000))
    doc.convert_all()
    before = [line.text for line in doc.lines(60)]

    def forbidden(*args: object) -> None:
        raise AssertionError("re-wrapping must not convert again")

    monkeypatch.setattr(Converter, "html", forbidden)
    monkeypatch.setattr(Converter, "markdown", forbidden)
    assert [line.text for line in doc.lines(45)]
    assert [line.text for line in doc.lines(60)] == before


def test_lines_while_converting_in_a_worker() -> None:
    html = make_large_html(400_000)
    reference = Document.from_article(None, html)
    reference.convert_all()
    expected = [line.text for line in reference.lines(50)]

    doc = Document.from_article(None, html)
    worker = threading.Thread(target=doc.convert_all)
    worker.start()
    seen = 0
    while worker.is_alive() or seen == 0:
        lines = doc.lines(50)
        assert len(lines) >= seen
        seen = len(lines)
        if lines:
            # What is laid out so far is exactly the start of the finished layout.
            for index in (0, len(lines) // 2, len(lines) - 1):
                assert lines[index].text == expected[index]
        doc.lines(40)
    worker.join()
    assert [line.text for line in doc.lines(50)] == expected


def test_empty_body_and_no_article() -> None:
    doc = Document.from_article(None, "")
    assert doc.complete and doc.plain_text == "" and list(doc.lines(80)) == []
    assert doc.line_for_offset(10, 80) == 0 and doc.offset_for_line(3, 80) == 0
    assert doc.highlight([(0, 5)], 80) == []


@pytest.mark.parametrize(
    "source",
    [
        '---\ntitle: "broken\nheadimg: "https://p.example/h.png"\nthumbnail: https://p.example/t.png\n---\n<p>x</p>\n',
        '+++\ntitle = "toml"\nthumbnail = "https://p.example/t.png"\n+++\n<p>x</p>\n',
    ],
    ids=["broken-yaml", "toml"],
)
def test_front_matter_images_are_links_by_default(source: str) -> None:
    """The reader and ``show`` both get the front matter's images without passing them."""
    from broadsheet.library.parse import parse_bytes

    parsed = parse_bytes(source.encode(), "img.md", None)
    doc = Document.from_article(parsed.article, parsed.body)
    doc.convert_all()
    urls = [link.url for link in doc.links if link.kind == "image"]
    assert "https://p.example/t.png" in urls
    if "broken" in source:
        assert urls[0] == "https://p.example/h.png"
