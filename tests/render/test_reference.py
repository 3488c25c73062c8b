"""Acceptance: the reference article at the widths people use, through ``show --plain``."""

from __future__ import annotations

import html
import re

import pytest
from render_helpers import REFERENCE, is_subsequence, load
from rich.cells import cell_len

from broadsheet.cli.show import render
from broadsheet.render.wrap import CLOSING, OPENING

WIDTHS = (30, 40, 60, 80, 120)


def body_characters(body: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return [char for char in text if char.isalnum()]


@pytest.fixture(scope="module")
def reference() -> tuple[object, str]:
    return load(REFERENCE)


@pytest.mark.parametrize("width", WIDTHS)
def test_reference_article_plain_output(width: int, reference: tuple[object, str]) -> None:
    article, body = reference
    output = render(article, body, width=width, max_width=width, styled=False)  # type: ignore[arg-type]
    lines = output.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    # No escape byte, no control character at all.
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", output)
    # Never wider than the width.
    assert max(cell_len(line) for line in lines) <= width
    # Every letter and digit of the body, in order.
    shown = [char for char in output if char.isalnum()]
    assert is_subsequence(body_characters(body), shown)
    # clreq: no line starts with closing or ends with opening punctuation (w3m: 8 and 2 at 40).
    starts = [line for line in lines if line.strip() and line.strip()[0] in CLOSING]
    ends = [line for line in lines if line.strip() and line.rstrip()[-1] in OPENING]
    assert starts == [] and ends == []


def test_reference_header(reference: tuple[object, str]) -> None:
    article, body = reference
    output = render(article, body, width=80, max_width=80, styled=False)  # type: ignore[arg-type]
    head = output.split("\n")[:5]
    assert head[0] == "坚守户籍_小窗口_ 诠释为民_大情怀_"
    assert re.fullmatch(r"趣头条 · 2021-11-2[45]\xa0\d\d:\d\d · 约\xa0\d+\xa0分钟", head[1])
    assert head[2] == "新媒体 › 趣头条 › 分类"
    assert head[3] == "▣ 图片 1: headimg"
    assert "https://picsum.photos/400/300?random=5803" in output.replace("\n", "").replace(" ", "")
