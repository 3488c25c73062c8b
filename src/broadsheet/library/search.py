"""Running a query: full-text hits, ordered as asked, with snippets and match spans.

Relevance order puts articles whose title holds every term first, then the rest; within
each group by score, then newest first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Final

from broadsheet.library.article import CategoryPath
from broadsheet.library.fulltext import FullText, FullTextHits
from broadsheet.library.matching import find_spans, snippet
from broadsheet.library.query import Query, parse_query
from broadsheet.library.results import Entry, Hit, SearchResults

MarkedKeys = Callable[[frozenset[str]], Mapping[str, Sequence[int]]]
"""Given the ``is:`` values of a query, the keys of the articles marked ``read`` and
``bookmarked`` (the marks those values need)."""
_ORDER_FIELDS: Final = {"date": ("date", False), "title": ("title_sort", True)}


@dataclass(frozen=True, slots=True)
class _Ranked:
    hits: FullTextHits
    index: int
    in_title: bool

    @property
    def key(self) -> int:
        return self.hits.keys[self.index]

    @property
    def score(self) -> float:
        return self.hits.scores[self.index]


def title_boost_counts(query: Query) -> bool:
    """Whether boosting words found in titles can change the order of ``query``'s results.

    Articles with every word in their title come first (a search of titles alone); the
    boost then only ranks the others, those with some of the words in their title and
    some elsewhere: with one word, there are none.
    """
    return query.effective_sort == "relevance" and len(query.terms) > 1


def _ranked(
    fulltext: FullText, query: Query, limit: int, marked: Mapping[str, Sequence[int]]
) -> tuple[list[_Ranked], int]:
    """Candidates in result order (before the date tie-break), and the number of matches."""
    searcher = fulltext.searcher()
    build = partial(fulltext.build, query, marked=marked, searcher=searcher)
    sort = query.effective_sort
    if sort != "relevance":
        field, ascending = _ORDER_FIELDS[sort]
        hits = fulltext.search(
            build(title_boost=False), limit, order_by=field, ascending=ascending, searcher=searcher
        )
        return [_Ranked(hits, index, False) for index in range(len(hits.keys))], hits.total
    in_title = fulltext.search(build(title_only=True), limit, searcher=searcher)
    everywhere = fulltext.search(
        build(title_boost=title_boost_counts(query)),
        limit + len(in_title.keys),
        searcher=searcher,
    )
    title_keys = set(in_title.keys)
    order = [_Ranked(in_title, index, True) for index in range(len(in_title.keys))]
    order += [
        _Ranked(everywhere, index, False)
        for index, key in enumerate(everywhere.keys)
        if key not in title_keys
    ]
    return order[:limit], everywhere.total


def run_search(
    entries_for_keys: Callable[[Sequence[int]], dict[int, Entry]],
    fulltext: FullText,
    text: str,
    *,
    limit: int,
    within: CategoryPath | None = None,
    marked: MarkedKeys | None = None,
) -> SearchResults:
    """Parse and run ``text`` (``QueryError`` when it cannot be understood).

    ``within`` keeps only that category and its descendants (an exact path).
    ``entries_for_keys`` reads the catalog (the caller's lock is held only for that);
    ``marked`` gives the keys of the articles with the reading marks a query's ``is:``
    asks about (called only then).
    """
    query = parse_query(text)
    if within:
        query = replace(query, within=tuple(within))
    keys = marked(query.marks) if query.marks and marked is not None else {}
    order, total = _ranked(fulltext, query, limit, keys)
    entries = entries_for_keys([item.key for item in order])
    order = [item for item in order if item.key in entries]
    if query.effective_sort == "relevance":

        def relevance(item: _Ranked) -> tuple[bool, float, float]:
            date = entries[item.key].date
            return (not item.in_title, -round(item.score, 4), -date.timestamp() if date else 0.0)

        order.sort(key=relevance)
    terms = tuple(term.text for term in query.terms)
    results = []
    for item in order:
        entry = entries[item.key]
        line, spans = snippet(item.hits.text(item.index), terms)
        results.append(Hit(entry, item.score, line, spans, tuple(find_spans(entry.title, terms))))
    return SearchResults(text, tuple(results), total, terms)
