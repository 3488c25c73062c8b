"""The query language parser."""

from __future__ import annotations

import pytest

from broadsheet.errors import QueryError
from broadsheet.library.query import Term, parse_query


def test_words_phrases_and_exclusions() -> None:
    query = parse_query('户籍 "小窗口" -广告 -"a phrase" python')
    assert query.terms == (Term("户籍"), Term("小窗口", phrase=True), Term("python"))
    assert query.excluded == (Term("广告"), Term("a phrase", phrase=True))
    assert query.effective_sort == "relevance"


def test_fields() -> None:
    query = parse_query(
        'cat:新媒体/趣头条 tag:Python author:"张 三" after:2021-01 before:2022 sort:title'
    )
    assert query.categories == ("新媒体/趣头条",)
    assert query.tags == ("Python",)
    assert query.authors == ("张 三",)
    assert query.after is not None and (query.after.year, query.after.month) == (2021, 1)
    assert query.before is not None and query.before.year == 2022
    assert query.sort == "title"


def test_filters_only_sort_by_date() -> None:
    assert parse_query("cat:趣头条").effective_sort == "date"


def test_chinese_quotes_and_unknown_prefix_is_text() -> None:
    query = parse_query("“户籍窗口” http://example.com")
    assert query.terms == (Term("户籍窗口", phrase=True), Term("http://example.com"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"unclosed', "missing closing"),
        ("after:yesterday", "after: expects a date"),
        ("after:2021-02-30", "not a real date"),
        ("sort:size", "sort: must be one of"),
        ("", "empty"),
        ("   ", "empty"),
        ("-only", "besides exclusions"),
        ("-cat:x", "not supported"),
        ("after:2022 before:2021", "earlier"),
        ("after:0001", "too far"),
    ],
)
def test_invalid_queries_have_clear_messages(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)
