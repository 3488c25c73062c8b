"""HTML and Markdown to blocks: structure, links, images, tables, code."""

from __future__ import annotations

from broadsheet.render.blocks import (
    Block,
    CodeBlock,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
)
from broadsheet.render.convert import Converter
from broadsheet.render.inline import InlineContext
from broadsheet.render.links import LinkRegistry


def converter(label: str = "Image", hard_breaks: bool = False) -> Converter:
    return Converter(InlineContext(LinkRegistry(), label, hard_breaks))


def texts(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            out.append(block.inline.text)
    return out


def only(blocks: list[Block], kind: type) -> list[Block]:
    return [block for block in blocks if isinstance(block, kind)]


def test_html_structure() -> None:
    html = (
        "<h1>Title <em>x</em></h1><p>para <strong>bold</strong> <code>c</code></p>"
        "<blockquote><p>quoted</p></blockquote><hr><ol start='3'><li>three</li>"
        "<li>four<ul><li>nested</li></ul></li></ol>"
    )
    blocks = converter().html(html)
    heading = blocks[0]
    assert isinstance(heading, Heading) and heading.level == 1
    assert heading.inline == Inline("Title x", ((6, 7, "em"),))
    paragraph = blocks[1]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inline.text == "para bold c"
    assert (5, 9, "strong") in paragraph.inline.spans and (10, 11, "code") in paragraph.inline.spans
    assert isinstance(blocks[2], Quote)
    assert isinstance(blocks[3], Rule)
    listing = blocks[4]
    assert isinstance(listing, ListBlock) and listing.ordered and listing.start == 3
    assert isinstance(listing.items[1][1], ListBlock)


def test_escaped_markup_stays_literal_text() -> None:
    blocks = converter().html(
        "<p>&lt;b&gt;not bold&lt;/b&gt; <b>&lt;i&gt;</b> &amp;lt; 1 &#60; 2 *stars* [x](y) `t`</p>"
    )
    assert texts(blocks) == ["<b>not bold</b> <i> &lt; 1 < 2 *stars* [x](y) `t`"]


def test_cjk_newlines_vanish_and_no_space_around_emphasis() -> None:
    blocks = converter().html("<p>公众号\n复制<b>粗体</b>文字<i>斜体</i>中文</p>")
    assert texts(blocks) == ["公众号复制粗体文字斜体中文"]


def test_links_are_numbered_in_order_and_reused() -> None:
    context = InlineContext(LinkRegistry(), "Image")
    blocks = Converter(context).html(
        '<p><a href="https://a.example/">A</a> <a href="https://b.example/">B</a> '
        '<a href="https://a.example/">A again</a> <a href="#top">top</a></p>'
    )
    assert texts(blocks) == ["A[1] B[2] A again[1] top"]
    links = context.registry.snapshot()
    assert [(link.number, link.url, link.text) for link in links] == [
        (1, "https://a.example/", "A"),
        (2, "https://b.example/", "B"),
    ]


def test_images_become_numbered_placeholders() -> None:
    context = InlineContext(LinkRegistry(), "图片")
    blocks = Converter(context).html(
        '<p><img src="https://i.example/1.png" alt="说明"><img data-src="https://i.example/2.png"></p>'
    )
    assert texts(blocks) == ["▣ 图片 1: 说明▣ 图片 2"]
    assert [link.kind for link in context.registry.snapshot()] == ["image", "image"]


def test_table_cells_keep_line_breaks_paragraphs_and_pipes() -> None:
    html = (
        "<table><thead><tr><th>名称</th><th>值</th></tr></thead>"
        "<tr><td>a<br>b</td><td><p>p1</p><p>p2 | x</p></td></tr>"
        "<tr><td colspan='2'>wide</td></tr><tr><td>one</td></tr></table>"
    )
    (table,) = converter().html(html)
    assert isinstance(table, Table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [["名称", "值"], ["a\nb", "p1\np2 | x"], ["wide", ""], ["one"]]
    assert [row.header for row in table.rows] == [True, False, False, False]


def test_nested_table_flattens_into_its_cell() -> None:
    html = "<table><tr><td>out<table><tr><td>in1</td><td>in2</td></tr></table></td></tr></table>"
    (table,) = converter().html(html)
    assert isinstance(table, Table)
    assert table.rows[0].cells[0].text == "out\nin1 | in2"


def test_pre_keeps_language_and_text() -> None:
    html = '<pre class="language-python">def f():\n\treturn 1 &lt; 2\n\n\nx = "```"</pre>'
    (code,) = converter().html(html)
    assert code == CodeBlock('def f():\n    return 1 < 2\n\n\nx = "```"', "python")


def test_markdown_raw_html_blocks_take_the_html_path() -> None:
    markdown = (
        "Intro <b>bold</b> <i>it</i> <sup>2</sup> x<br>y <span>kept</span> "
        '<a href="https://x.example">a</a> <img src="i.png" alt="alt"> '
        "<script>alert(1)</script> end\n\n"
        "<table>\n<tr><td><b>cell</b></td></tr>\n</table>\n\n"
        "<script>\nalert(2)\n</script>\n\n<!-- comment -->\n"
    )
    blocks = converter().markdown(markdown)
    assert texts(blocks) == ["Intro bold it ^2 x\ny kept a[1] ▣ Image 2: alt  end"]
    tables = only(blocks, Table)
    assert len(tables) == 1
    assert isinstance(tables[0], Table) and tables[0].rows[0].cells[0].text == "cell"


def test_markdown_tables_with_alignment() -> None:
    (table,) = converter().markdown("| a | b |\n|--:|:-:|\n| 1 | 2 |\n")
    assert isinstance(table, Table)
    assert table.aligns == ("right", "center")
    assert [cell.text for cell in table.rows[1].cells] == ["1", "2"]


def test_markdown_soft_breaks() -> None:
    assert texts(converter().markdown("中文\n文字 and\nmore")) == ["中文文字 and more"]
    assert texts(converter(hard_breaks=True).markdown("第一行。\n第二行")) == ["第一行。\n第二行"]


def test_markdown_references_from_other_chunks() -> None:
    from broadsheet.render.references import reference_definitions

    references = reference_definitions('text\n\n[ref]: https://ref.example "T"\n')
    blocks = converter().markdown("see [the ref][ref] now", references)
    assert texts(blocks) == ["see the ref[1] now"]
