"""Finding terms in text for snippets and highlights."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.library.matching import find_spans, snippet


def test_chinese_substrings_of_any_length() -> None:
    text = "负责户籍窗口工作"
    assert find_spans(text, ["户籍"]) == [(2, 4)]
    assert find_spans(text, ["窗"]) == [(4, 5)]
    assert find_spans(text, ["户籍窗口"]) == [(2, 6)]


def test_line_break_between_chinese_characters_still_matches() -> None:
    assert find_spans("户\n籍", ["户籍"]) == [(0, 3)]


def test_punctuation_between_characters_does_not_match() -> None:
    assert find_spans("深度、学习", ["深度学习"]) == []


def test_english_is_case_insensitive_and_prefix() -> None:
    assert find_spans("Learning PYTHON today", ["python"]) == [(9, 15)]
    assert find_spans("pythonic code", ["pyth"]) == [(0, 8)]
    assert find_spans("cpython", ["python"]) == []


def test_mixed_term_next_to_chinese() -> None:
    assert find_spans("学习Python教程", ["python教程"]) == [(2, 10)]


def test_snippet_centres_on_the_best_window() -> None:
    text = "开头。" * 100 + "这里有户籍窗口和民警。" + "结尾。" * 100
    line, spans = snippet(text, ["户籍", "民警"])
    assert line.startswith("…") and line.endswith("…")
    assert "户籍窗口和民警" in line
    assert [line[s:e] for s, e in spans] == ["户籍", "民警"]


def test_snippet_without_match_is_the_start() -> None:
    line, spans = snippet("line one\nline two", ["absent"])
    assert line == "line one line two"
    assert spans == ()


@given(st.text(), st.lists(st.text(min_size=1), max_size=3))
def test_spans_always_lie_inside_the_text(text: str, terms: list[str]) -> None:
    for start, end in find_spans(text, terms):
        assert 0 <= start < end <= len(text)
    line, spans = snippet(text, terms)
    assert "\n" not in line
    for start, end in spans:
        assert 0 <= start < end <= len(line)
