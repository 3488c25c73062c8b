"""The search query language, parsed into a value the search engine can run.

Syntax (terms are ANDed)::

    户籍 窗口            words; Chinese matches as a substring (户籍 finds 户籍窗口)
    "小窗口"             a phrase, matched exactly
    -广告  -"a phrase"    exclude
    cat:新媒体/趣头条     that category and its descendants
    cat:趣头条            a category with that name at any depth (and its descendants)
    tag:python  author:张三
    after:2021-01-01  before:2022  (YYYY, YYYY-MM or YYYY-MM-DD, local time)
    sort:date | sort:relevance | sort:title

Field values may be quoted: ``cat:"Reading Notes"``. A word with an unknown prefix
(``http://x``) is searched as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from broadsheet.errors import QueryError

Sort = Literal["relevance", "date", "title"]

_FIELDS: Final = {
    "cat": "cat",
    "category": "cat",
    "tag": "tag",
    "author": "author",
    "after": "after",
    "before": "before",
    "sort": "sort",
}
_SORTS: Final = ("relevance", "date", "title")
_QUOTES: Final = {'"': '"', "“": "”", "「": "」"}
_DATE_RE: Final = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase to look for; ``phrase`` terms match exactly, words also by prefix."""

    text: str
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query."""

    text: str
    terms: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()
    categories: tuple[str, ...] = ()
    """Category filters as typed (``a/b`` is a path, ``b`` a name at any depth); ANDed."""
    within: tuple[str, ...] | None = None
    """A category path given apart from the text (the reader's category filter): exact."""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    after: datetime | None = None
    before: datetime | None = None
    sort: Sort | None = None
    """None: relevance when there are terms, else date."""

    @property
    def has_text(self) -> bool:
        """Whether the query has words to rank by."""
        return bool(self.terms)

    @property
    def effective_sort(self) -> Sort:
        """The order results come in."""
        return self.sort or ("relevance" if self.terms else "date")


def _parse_date(field: str, value: str) -> datetime:
    """The start of the day, month or year ``value`` names, in local time.

    ``after:2021`` keeps articles from 2021-01-01 on; ``before:2021`` those before it.
    """
    match = _DATE_RE.match(value)
    if not match:
        raise QueryError(f"{field}: expects a date like 2021-01-01, 2021-01 or 2021, not {value!r}")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        start = datetime(year, month, day)
    except ValueError as error:
        raise QueryError(f"{field}:{value} is not a real date ({error})") from None
    try:
        local = start.astimezone()
        local.timestamp()
    except (ValueError, OverflowError, OSError):
        raise QueryError(f"{field}: {value} is too far in the past or future") from None
    return local


def _tokens(text: str) -> list[tuple[bool, str | None, str, bool]]:
    """Split into (negated, field, value, quoted) tuples, honouring quotes."""
    tokens: list[tuple[bool, str | None, str, bool]] = []
    position, length = 0, len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        negated = (
            text[position] == "-" and position + 1 < length and not text[position + 1].isspace()
        )
        if negated:
            position += 1
        field: str | None = None
        match = re.match(r"([A-Za-z]+):(?=\S)", text[position:])
        if match and match[1].lower() in _FIELDS:
            field = _FIELDS[match[1].lower()]
            position += match.end()
        if position < length and text[position] in _QUOTES:
            closing = _QUOTES[text[position]]
            end = text.find(closing, position + 1)
            if end < 0:
                raise QueryError(f"missing closing {closing} in the query")
            tokens.append((negated, field, text[position + 1 : end], True))
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace():
            end += 1
        tokens.append((negated, field, text[position:end], False))
        position = end
    return tokens


def parse_query(text: str) -> Query:
    """Parse ``text``; raises ``QueryError`` with a message for the user when it is invalid."""
    terms: list[Term] = []
    excluded: list[Term] = []
    categories: list[str] = []
    tags: list[str] = []
    authors: list[str] = []
    after: datetime | None = None
    before: datetime | None = None
    sort: Sort | None = None
    for negated, field, raw, quoted in _tokens(text):
        value = raw.strip()
        if not value:
            if field:
                raise QueryError(f"{field}: needs a value")
            continue
        if field is None:
            (excluded if negated else terms).append(Term(value, phrase=quoted))
            continue
        if negated:
            raise QueryError(f"-{field}: is not supported; only words and phrases can be excluded")
        if field == "cat":
            categories.append(value.strip("/"))
        elif field == "tag":
            tags.append(value)
        elif field == "author":
            authors.append(value)
        elif field == "after":
            after = _parse_date("after", value)
        elif field == "before":
            before = _parse_date("before", value)
        elif field == "sort":
            if value.lower() not in _SORTS:
                raise QueryError(f"sort: must be one of {', '.join(_SORTS)}, not {value!r}")
            sort = value.lower()  # type: ignore[assignment]
    query = Query(
        text=text,
        terms=tuple(terms),
        excluded=tuple(excluded),
        categories=tuple(categories),
        tags=tuple(tags),
        authors=tuple(authors),
        after=after,
        before=before,
        sort=sort,
    )
    if not (query.terms or query.categories or query.tags or query.authors or after or before):
        if excluded:
            raise QueryError("a query needs something to look for besides exclusions")
        raise QueryError("the query is empty")
    if after and before and after >= before:
        raise QueryError("after: must be earlier than before:")
    return query
