"""The line breaker: widths in cells, CJK rules, Latin words, folding."""

from __future__ import annotations

import pytest
from rich.cells import cell_len, get_character_cell_size

from broadsheet.render.wrap import CJK_WIDE, CLOSING, NARROW, OPENING, wrap


def lines(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap(text, width)]


def test_cjk_breaks_between_characters_and_fills_the_width() -> None:
    text = "刘彩霞始终坚持以人民为中心的发展思想不断践行人民公安为人民的初心使命"
    out = lines(text, 20)
    assert out[0] == "刘彩霞始终坚持以人民"
    assert all(cell_len(line) == 20 for line in out[:-1])
    assert "".join(out) == text


def test_closing_punctuation_pushes_the_previous_character_down() -> None:
    # At 20 cells the comma would start line 2; the character before it goes down with it.
    text = "一二三四五六七八九十，一二三"
    assert lines(text, 20) == ["一二三四五六七八九", "十，一二三"]


def test_opening_punctuation_never_ends_a_line() -> None:
    text = "一二三四五六七八九「十一」"
    out = lines(text, 20)
    assert out == ["一二三四五六七八九", "「十一」"]


@pytest.mark.parametrize(
    "mark", ["。", "、", "」", "）", "…", "”", "ー", "々", "ッ", ",", ")", "!"]
)
def test_no_line_starts_with_a_non_starter(mark: str) -> None:
    text = ("汉字" * 9 + mark) * 6
    for width in range(4, 40):
        for line in lines(text, width)[1:]:
            assert line[0] not in CLOSING, (width, line)


@pytest.mark.parametrize("mark", ["「", "（", "“", "《", "(", "["])
def test_no_line_ends_with_an_opener(mark: str) -> None:
    text = ("汉字" * 9 + mark + "引") * 6
    for width in range(4, 40):
        for line in lines(text, width):
            assert line[-1] not in OPENING, (width, line)


def test_latin_words_are_not_split() -> None:
    text = "The quick brown fox jumps over the lazy dog and keeps running far away"
    for width in range(12, 40):
        out = lines(text, width)
        assert " ".join(out) == text
        assert all(cell_len(line) <= width for line in out)


def test_latin_word_between_cjk_stays_whole() -> None:
    out = lines("我们使用Python语言编写程序", 10)
    assert "Python" in "".join(out)
    assert any("Python" in line for line in out)


def test_words_longer_than_the_line_fold() -> None:
    word = "a" * 95
    out = lines(word, 30)
    assert out == ["a" * 30, "a" * 30, "a" * 30, "a" * 5]


def test_long_urls_fold_after_a_slash_when_they_can() -> None:
    url = "https://example.com/" + "/".join(["abcdefgh"] * 12)
    out = lines(f"see {url} now", 30)
    assert "".join(out).replace(" ", "") == f"see {url} now".replace(" ", "")
    assert all(cell_len(line) <= 30 for line in out)
    assert sum(line.endswith("/") for line in out) >= 2


def test_wide_characters_are_never_split_and_combining_marks_stay() -> None:
    text = "e\u0301" * 40 + "中\u0301文" * 10 + "👍🏽" * 10
    for width in range(2, 25):
        out = wrap(text, width)
        assert "".join(text[a:b] for a, b in out) == text
        for start, end in out:
            assert cell_len(text[start:end]) <= width
            assert start == 0 or text[start] not in "\u0301\u200d"


def test_hard_breaks_and_offsets() -> None:
    text = "first line\nsecond"
    assert wrap(text, 40) == [(0, 10), (11, 17)]


def test_spaces_at_a_break_belong_to_no_line() -> None:
    text = "aaaa bbbb cccc"
    assert wrap(text, 9) == [(0, 9), (10, 14)]


def test_glue_keeps_a_link_number_with_its_text() -> None:
    text = "一二三四五六七八九[1]"
    glued = wrap(text, 18, glue=frozenset({9}))
    assert [text[a:b] for a, b in glued] == ["一二三四五六七八", "九[1]"]
    assert [text[a:b] for a, b in wrap(text, 18)] == ["一二三四五六七八九", "[1]"]


def test_width_must_fit_one_wide_character() -> None:
    with pytest.raises(ValueError):
        wrap("x", 1)


@pytest.mark.parametrize(("ranges", "size"), [(CJK_WIDE, 2), (NARROW, 1)])
def test_character_classes_match_rich_cell_widths(ranges: str, size: int) -> None:
    assert len(ranges) % 3 == 0
    for index in range(0, len(ranges), 3):
        first, dash, last = ranges[index : index + 3]
        assert dash == "-"
        for code in range(ord(first), ord(last) + 1):
            assert get_character_cell_size(chr(code)) == size, hex(code)


def test_a_megabyte_wraps_within_the_width() -> None:
    # How fast is benchmarks/run.py's business (render figures); this is what it wraps.
    paragraph = "刘彩霞始终坚持以人民为中心，2013年7月参加公安工作。The quick brown fox jumps. " * 6
    parts = [paragraph] * (1_000_000 // len(paragraph))
    wrapped = [lines(part, 80) for part in parts]
    assert all(cell_len(line) <= 80 for part in wrapped for line in part)
    assert "".join(wrapped[0]).replace(" ", "") == paragraph.replace(" ", "")


def test_narrow_table_columns_keep_their_short_text_whole() -> None:
    """Short columns get what they need; the long one shares what is left."""
    from broadsheet.render.table import share_room

    assert share_room([4, 4, 30], [2, 2, 2], 20) == [4, 4, 12]
    assert share_room([4, 40, 30], [2, 2, 2], 30) == [4, 13, 13]
    assert share_room([3, 5], [2, 2], 20) == [3, 5]
    widths = share_room([10, 10, 10], [2, 2, 2], 12)
    assert sum(widths) <= 12 and min(widths) >= 2
