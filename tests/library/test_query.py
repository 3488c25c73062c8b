"""The query language parser."""

from __future__ import annotations

import pytest

from broadsheet.errors import QueryError
from broadsheet.library.query import AllOf, AnyOf, Field, Not, Term, parse_query


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
        ("-cat:x", "besides exclusions"),
        ("-sort:date", "not supported"),
        ("is:new", "is: must be one of"),
        ("(户籍 窗口", r"missing closing \)"),
        ("()", "needs something"),
        ("OR", "empty"),
        ("after:2022 before:2021", "earlier"),
        ("after:0001", "too far"),
    ],
)
def test_invalid_queries_have_clear_messages(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_or_binds_looser_than_the_space() -> None:
    query = parse_query("户籍 窗口 OR 民警")
    assert query.root == AllOf((AnyOf((AllOf((Term("户籍"), Term("窗口"))), Term("民警"))),))
    assert query.terms == (Term("户籍"), Term("窗口"), Term("民警"))


def test_parentheses_group_and_negate() -> None:
    query = parse_query("(户籍 OR 窗口) -(广告 OR tag:spam) f(x)")
    assert query.root.nodes == (
        AnyOf((Term("户籍"), Term("窗口"))),
        Not(AnyOf((Term("广告"), Field("tag", "spam")))),
        Term("f(x)"),
    )
    assert query.terms == (Term("户籍"), Term("窗口"), Term("f(x)"))


def test_or_is_a_word_in_lower_case_or_quotes_and_a_dangling_or_is_dropped() -> None:
    assert parse_query("black or white").terms == (
        Term("black"),
        Term("or"),
        Term("white"),
    )
    assert parse_query('"OR"').terms == (Term("OR", phrase=True),)
    assert parse_query("户籍 OR").root == AllOf((Term("户籍"),))


@pytest.mark.parametrize("text", ["sort:title", "sort:date", "is:unread", "is:bookmarked"])
def test_sort_or_is_alone_is_a_query(text: str) -> None:
    query = parse_query(text)
    assert not query.terms
    assert query.effective_sort == ("title" if text == "sort:title" else "date")


def test_is_marks_are_collected_and_negated_fields_allowed() -> None:
    query = parse_query("户籍 is:unread -is:bookmarked -cat:广告")
    assert query.marks == {"unread", "bookmarked"}
    assert Not(Field("cat", "广告")) in query.root.nodes
