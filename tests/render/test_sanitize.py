"""Sanitizing: no active content, no escapes, no forged markers."""

from __future__ import annotations

import pytest

from broadsheet.render.fromhtml import html_to_markdown
from broadsheet.render.sanitize import (
    MARK,
    clean_body,
    clean_field,
    drop_active_content,
    safe_url,
)


@pytest.mark.parametrize(
    "element", ["script", "style", "noscript", "template", "iframe", "object", "form"]
)
def test_dropped_elements_lose_their_content(element: str) -> None:
    html = f"<p>before</p><{element} class='x'>SECRET <b>text</b></{element}><p>after</p>"
    out = drop_active_content(html)
    assert "SECRET" not in out
    assert "before" in out and "after" in out


def test_comments_and_embeds_go() -> None:
    html = "<p>a<!-- hidden --></p><!--more--><embed src='x.swf'><p>b</p><!-->c"
    assert drop_active_content(html) == "<p>a</p><p>b</p>c"


def test_script_text_that_looks_like_a_closing_tag_of_another_element() -> None:
    html = "<script>document.write('</p><b>x</b>')</script><p>kept</p>"
    assert drop_active_content(html) == "<p>kept</p>"


def test_unclosed_script_hides_the_rest_like_a_browser() -> None:
    assert drop_active_content("<p>a</p><script>var x = 1;<p>b</p>") == "<p>a</p>"


def test_unclosed_form_keeps_its_text() -> None:
    assert "text" in drop_active_content("<form action='x'><p>text</p>")


def test_nested_objects() -> None:
    html = "<object><object>in</object>still in</object>out"
    assert drop_active_content(html) == "out"


def test_event_handlers_and_script_urls_never_survive_conversion() -> None:
    html = (
        '<p onclick="steal()" onload=alert(1)>text <a href="javascript:alert(1)" '
        "onmouseover='x()'>js</a> <a href=\" JaVaScRiPt:alert(2)\">js2</a>"
        ' <img src="x.png" onerror="alert(3)" alt="pic"></p>'
    )
    out = html_to_markdown(drop_active_content(html))
    for needle in ("onclick", "onload", "onerror", "onmouseover", "alert", "javascript"):
        assert needle not in out.lower()
    assert "text" in out and "js2" in out and "pic" in out


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1&amp;c=2", "https://example.com/a?b=1&c=2"),
        ("javascript:alert(1)", ""),
        (" vbscript:x", ""),
        ("data:text/html,<script>", ""),
        ("data:image/png;base64,AAAA", "data:image/png;base64,"),
        ("relative/path.png", "relative/path.png"),
        ("mailto:a@example.com", "mailto:a@example.com"),
    ],
)
def test_safe_url(url: str, expected: str) -> None:
    assert safe_url(url) == expected


def test_clean_body_removes_escapes_controls_bidi_and_markers() -> None:
    body = f"a\x1b]52;c;SGVsbG8=\x07b\x1b[2Jc\x9b31md\u202ee\x00f\r\ng{MARK}h"
    assert clean_body(body) == "abcdef\ngh"


def test_clean_field_is_one_line_and_keeps_markup_literal() -> None:
    assert clean_field("[bold red]x[/]\n\x1b[31m y \t") == "[bold red]x[/] y"
    assert clean_field(None) == ""
    assert clean_field(42) == "42"
