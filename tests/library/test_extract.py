"""Plain text for the index: what a reader sees is what they can search for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.library.extract import (
    body_kind,
    first_heading,
    html_to_text,
    markdown_to_text,
    summarize,
    summary_source,
)
from broadsheet.library.text import CJK_CHAR_RE, count_cjk, count_words, join_cjk_lines

# HTML


def test_invisible_elements_are_dropped_with_their_content() -> None:
    html = (
        "<p>Shown</p><script>var secret = 1;</script><STYLE>p {}</STYLE><noscript>ns</noscript>"
        "<template>t</template><iframe src=x>if</iframe><object>ob</object><embed src=y>"
        "<form><input value=f>form text</form><svg><text>svg</text></svg><p>Also shown</p>"
    )
    assert html_to_text(html) == "Shown\nAlso shown"


def test_comments_are_dropped() -> None:
    assert html_to_text("<p>a<!-- hidden --> b</p><!--more--><p>c</p>") == "a b\nc"


def test_block_tags_and_br_become_newlines_inline_tags_nothing() -> None:
    html = "<div><h2>Head</h2><p>one <b>bold</b><span>joined</span><br>two<br/>three</p></div>"
    assert html_to_text(html) == "Head\none boldjoined\ntwo\nthree"


def test_entities_are_decoded_once() -> None:
    assert (
        html_to_text("<p>a &amp; b &lt;b&gt; &#20013;&nbsp;x &amp;lt;</p>") == "a & b <b> 中 x &lt;"
    )


def test_cjk_segment_break_is_removed() -> None:
    assert html_to_text("<p>关注公众号\n复制链接</p>") == "关注公众号复制链接"
    assert html_to_text("<p>户籍\n    窗口</p>") == "户籍窗口"


def test_break_between_latin_words_is_a_space() -> None:
    assert html_to_text("<p>hello\nworld</p>") == "hello world"


def test_blocks_are_not_joined_even_between_cjk() -> None:
    assert html_to_text("<p>第一段</p>\n<p>第二段</p>") == "第一段\n第二段"
    assert html_to_text("<table><tr><td>张三</td><td>李四</td></tr></table>") == "张三\n李四"


def test_runs_of_spaces_collapse() -> None:
    assert html_to_text("<p>a   \t b\u3000\u3000c\xa0\xa0d</p>") == "a b c d"
    assert html_to_text("<p>e\u2003f\u2028g\u202fh</p>") == "e f g h"


def test_attribute_with_angle_bracket_and_unclosed_quote() -> None:
    assert html_to_text('<a title="x>y">link</a>') == "link"
    assert "rest" in html_to_text('<a title="never closed>text and rest')


# Markdown


def test_emphasis_markers_are_dropped() -> None:
    assert markdown_to_text("**bold** *it* __strong__ _em_ ~~gone~~ snake_case") == (
        "bold it strong em gone snake_case"
    )
    assert markdown_to_text("中文**重点**文字") == "中文重点文字"


def test_headings_lists_quotes_and_rules() -> None:
    text = "# Title #\n\nPara\n\n- one\n* two\n1. three\n- [x] done\n> quoted\n\n---\nend"
    assert markdown_to_text(text) == "Title\nPara\none\ntwo\nthree\ndone\nquoted\nend"


def test_links_keep_text_images_keep_alt() -> None:
    text = "See [the docs](https://x.org/a_(b) 'T') and ![a cat](cat.png) [ref][1][^n]."
    assert markdown_to_text(text) == "See the docs and a cat ref."


def test_brackets_that_are_no_link_stay_text() -> None:
    """Only a link's or image's brackets are syntax: ``[1]``, ``[sic]``, an escaped
    ``\\[`` and text that looks like console markup are kept as written (they lost their
    brackets: ``[red]x[/red]`` became ``redx/red`` in snippets)."""
    text = "A [1] b [red]x[/red] \\[sic] [![badge](b.svg)](https://ci) c [d](e) f"
    assert markdown_to_text(text) == "A [1] b [red]x[/red] [sic] badge c d f"


def test_reference_definitions_disappear() -> None:
    assert markdown_to_text('Text [a][r].\n\n[r]: https://example.com "T"\n') == "Text a."


def test_footnote_definitions_keep_their_text() -> None:
    assert markdown_to_text("A.[^1]\n\n[^1]: The note.") == "A.\nThe note."


def test_tables_lose_their_pipes_and_rules() -> None:
    assert markdown_to_text("| 名称 | 说明 |\n|:---|---:|\n| 甲 | 乙 |") == "名称 说明\n甲 乙"


def test_html_inside_markdown() -> None:
    text = (
        '<div align="center"><img src="x.png"></div>\n\nText <kbd>Ctrl</kbd>.<script>x()</script>'
    )
    assert markdown_to_text(text) == "Text Ctrl."


def test_code_is_kept_verbatim() -> None:
    text = (
        "Run `Vec<T>` and `a_b*c`.\n\n```rust\nlet x = **y**; // <b>\n# not a heading\n```\nafter"
    )
    assert (
        markdown_to_text(text)
        == "Run Vec<T> and a_b*c.\nlet x = **y**; // <b> # not a heading\nafter"
    )


def test_double_backtick_code_span() -> None:
    assert markdown_to_text("``a ` b`` done") == "a ` b done"


def test_unclosed_fence_runs_to_the_end() -> None:
    assert markdown_to_text("intro\n```\ncode *kept*") == "intro\ncode *kept*"


def test_backticks_in_info_string_are_not_a_fence() -> None:
    assert markdown_to_text("```python``` is inline") == "python is inline"


def test_hexo_post_link_keeps_title_or_slug() -> None:
    assert markdown_to_text("见 {% post_link http-ddos %} 一文") == "见 http-ddos 一文"
    assert markdown_to_text("见 {% post_link http-ddos 抵御攻击 %} 一文") == "见 抵御攻击 一文"
    assert markdown_to_text('{% post_link "a b" "标题 二" true %}') == "标题 二"


def test_hexo_block_tags_keep_content_other_tags_vanish() -> None:
    text = "{% codeblock lang:js %}\nvar a = 1;\n{% endcodeblock %}\n{% asset_img x.png %}end"
    assert markdown_to_text(text) == "var a = 1;\nend"
    assert markdown_to_text("{% note info %}\n注意事项\n{% endnote %}") == "注意事项"


def test_more_mark_disappears() -> None:
    assert markdown_to_text("摘要\n<!--more-->\n正文") == "摘要\n正文"
    assert markdown_to_text("摘要<!--more-->正文") == "摘要正文"
    assert markdown_to_text("Intro\n\n<!-- more -->\n\nRest") == "Intro\nRest"


def test_cjk_soft_break_removed_but_paragraphs_kept() -> None:
    assert markdown_to_text("负责户籍\n窗口工作\n\n下一段") == "负责户籍窗口工作\n下一段"


def test_backslash_escapes() -> None:
    assert markdown_to_text(r"1\. not a list \# nor \<tag\>") == "1. not a list # nor <tag>"


def test_backslash_before_backtick_is_not_code() -> None:
    assert markdown_to_text(r"\`not code\` *x*") == "`not code` x"


# Kinds, headings, summaries


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("<div>\n<p>段落</p><p>另一段</p></div>", "html"),
        ("  \n<p>one</p>\n<p>two</p>", "html"),
        ("<!-- x -->\n<section>text\nmore\n</section>", "html"),
        ("# Title\n\n<div>raw block</div>\n\ntext", "markdown"),
        ("Intro [link](x).\n<p>a</p>\n<p>b</p>", "markdown"),
        ("```html\n<p>a</p>\n<p>b</p>\n```", "markdown"),
        ("plain text\nmore\nand more\nlines\n<br>", "markdown"),
        ("no tags at all", "markdown"),
    ],
)
def test_body_kind(body: str, kind: str) -> None:
    assert body_kind(body) == kind


def test_first_heading_markdown_and_html() -> None:
    assert first_heading("text\n\n## The *first* one\n# second", "markdown") == "The first one"
    assert first_heading("```\n# comment\n```\n# Real", "markdown") == "Real"
    assert first_heading("<p>x</p><h3 class=a>HTML &amp; <b>heading</b></h3>", "html") == (
        "HTML & heading"
    )
    assert first_heading("<h2>Inside markdown</h2>\n\n# Later", "markdown") == "Inside markdown"
    assert first_heading("no heading", "markdown") is None


def test_a_whole_html_page_is_titled_by_its_head_title() -> None:
    """A saved web page (``page.html``) was titled ``page``: its ``<title>`` was ignored.
    An SVG's ``<title>`` in a body is no page title."""
    page = (
        "<!DOCTYPE html>\n<html lang=zh><head><meta charset=utf-8>"
        "<title> 页面 &amp; Page\n title </title></head><body><h1>Site</h1><p>x</p></body>"
    )
    assert first_heading(page, "html") == "页面 & Page title"
    assert first_heading("<p><svg><title>icon</title></svg></p><h2>Real</h2>", "html") == "Real"
    assert first_heading("<html><head><title></title></head><h1>H</h1>", "html") == "H"


def test_summary_source_is_text_before_more() -> None:
    assert summary_source("intro\n<!--more-->\nrest") == "intro\n"
    assert summary_source("no mark") is None


def test_summary_is_one_line_and_cut_with_ellipsis() -> None:
    assert summarize("short\ntext  here") == "short text here"
    long = "户籍窗口" * 100
    cut = summarize(long)
    assert len(cut) == 200 and cut.endswith("…") and cut.startswith("户籍窗口")


def test_summary_cut_keeps_latin_words_whole() -> None:
    text = ("word " * 39) + "internationalisation continues here"
    cut = summarize(text)
    assert cut.endswith("word…")
    assert len(cut) <= 200


def test_summary_cut_does_not_split_combining_marks() -> None:
    # The 200th character carries a mark: cutting before it would orphan the mark.
    text = "中" * 199 + "\u0301" + "文" * 10
    assert summarize(text) == "中" * 198 + "…"
    emoji = "中" * 198 + "👍\U0001f3fd" + "文" * 10
    assert summarize(emoji) == "中" * 198 + "…"


# Counting


def test_words_latin_plus_one_per_cjk_character() -> None:
    assert count_words("Hello world 你好") == 4
    assert count_words("用Python写代码") == 5
    assert count_words("don’t stop, café naïve") == 4
    assert count_words("") == 0
    assert count_words("°C and ×2") == 3


@settings(deadline=None)
@given(st.text(max_size=200))
def test_cjk_count_matches_the_shared_pattern(text: str) -> None:
    assert count_cjk(text) == len(CJK_CHAR_RE.findall(text))


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("中文字 \n\t abc，。"), max_size=60))
def test_join_cjk_lines_only_removes_whitespace(text: str) -> None:
    joined = join_cjk_lines(text)
    assert "".join(joined.split()) == "".join(text.split())


@settings(deadline=None)
@given(st.text(max_size=400))
def test_extractors_never_raise_or_leak_markers(text: str) -> None:
    for out in (markdown_to_text(text), html_to_text(text)):
        assert "\x00" not in out and "\x01" not in out and "\x02" not in out


def test_entities_cannot_smuggle_control_characters() -> None:
    from broadsheet.library.extract import html_to_text, markdown_to_text

    for text in (
        html_to_text("<p>a&#12;b&#x1b;[2Jc&#x202e;d&#7;</p>"),
        markdown_to_text("a&#12;b&#x1b;[2Jc&#x202e;d&#7;"),
    ):
        assert not any(ord(char) < 32 and char not in "\n\t" for char in text)
        assert "\u202e" not in text and "\x1b" not in text
