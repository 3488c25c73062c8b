"""The search query language, parsed into a value the search engine can run.

Syntax (terms side by side are ANDed)::

    户籍 窗口            words; Chinese matches as a substring (户籍 finds 户籍窗口)
    "小窗口"             a phrase, matched exactly
    户籍 OR 窗口         either (OR binds looser than the space: a b OR c is (a b) OR c)
    (户籍 OR 窗口) 民警   parentheses group
    -广告  -"a phrase"    exclude (also -cat:x, -tag:x, -(a OR b))
    cat:新媒体/趣头条     that category and its descendants
    cat:趣头条            a category with that name at any depth (and its descendants)
    tag:python  author:张三
    after:2021-01-01  before:2022  (YYYY, YYYY-MM or YYYY-MM-DD, local time)
    is:unread  is:read  is:bookmarked
    sort:date | sort:relevance | sort:title

Field values may be quoted: ``cat:"Reading Notes"``. A word with an unknown prefix
(``http://x``) is searched as text. A query of only ``sort:`` or ``is:`` lists every
article (in that order, or with that mark).
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
    "is": "is",
}
_SORTS: Final = ("relevance", "date", "title")
MARKS: Final = ("unread", "read", "bookmarked")
"""The values of ``is:``."""
_QUOTES: Final = {'"': '"', "“": "”", "「": "」"}
_DATE_RE: Final = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
OR_WORD: Final = "OR"


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase to look for; ``phrase`` terms match exactly, words also by prefix."""

    text: str
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    """A filter on metadata: ``cat``, ``tag``, ``author`` or ``is`` with its value."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Dates:
    """``after:`` (inclusive) or ``before:`` (exclusive) as a local datetime."""

    after: datetime | None = None
    before: datetime | None = None


@dataclass(frozen=True, slots=True)
class Not:
    """Articles that do not match ``node``."""

    node: Node


@dataclass(frozen=True, slots=True)
class AllOf:
    """Articles that match every node (nodes side by side)."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Articles that match at least one node (``OR``)."""

    nodes: tuple[Node, ...]


Node = Term | Field | Dates | Not | AllOf | AnyOf
"""One part of a parsed query."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: a tree of nodes ANDed at the top, and the order asked for."""

    text: str
    root: AllOf = AllOf(())
    within: tuple[str, ...] | None = None
    """A category path given apart from the text (the reader's category filter): exact."""
    sort: Sort | None = None
    """None: relevance when there are terms, else date."""

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every word and phrase looked for (not excluded), for ranking and highlights."""
        return tuple(_positive_terms(self.root))

    @property
    def excluded(self) -> tuple[Term, ...]:
        """Words and phrases excluded at the top level (``-广告``)."""
        return tuple(
            node.node
            for node in self.root.nodes
            if isinstance(node, Not) and isinstance(node.node, Term)
        )

    def _top_fields(self, name: str) -> tuple[str, ...]:
        return tuple(
            node.value for node in self.root.nodes if isinstance(node, Field) and node.name == name
        )

    @property
    def categories(self) -> tuple[str, ...]:
        """Category filters of the top level as typed (``a/b`` a path, ``b`` a name)."""
        return self._top_fields("cat")

    @property
    def tags(self) -> tuple[str, ...]:
        """Tag filters of the top level."""
        return self._top_fields("tag")

    @property
    def authors(self) -> tuple[str, ...]:
        """Author filters of the top level."""
        return self._top_fields("author")

    @property
    def marks(self) -> frozenset[str]:
        """Every ``is:`` value anywhere in the query (what reading state it needs)."""
        return frozenset(_fields(self.root, "is"))

    @property
    def after(self) -> datetime | None:
        """The latest ``after:`` of the top level."""
        found = [n.after for n in self.root.nodes if isinstance(n, Dates) and n.after]
        return max(found) if found else None

    @property
    def before(self) -> datetime | None:
        """The earliest ``before:`` of the top level."""
        found = [n.before for n in self.root.nodes if isinstance(n, Dates) and n.before]
        return min(found) if found else None

    @property
    def has_text(self) -> bool:
        """Whether the query has words to rank by."""
        return bool(self.terms)

    @property
    def effective_sort(self) -> Sort:
        """The order results come in."""
        return self.sort or ("relevance" if self.terms else "date")


def _positive_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, AllOf | AnyOf):
        return [term for child in node.nodes for term in _positive_terms(child)]
    return []


def _fields(node: Node, name: str) -> list[str]:
    if isinstance(node, Field):
        return [node.value] if node.name == name else []
    if isinstance(node, Not):
        return _fields(node.node, name)
    if isinstance(node, AllOf | AnyOf):
        return [value for child in node.nodes for value in _fields(child, name)]
    return []


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


@dataclass(frozen=True, slots=True)
class _Token:
    """One piece of the query text: a word, phrase or field, ``(``, ``)`` or ``OR``."""

    kind: Literal["word", "open", "close", "or"]
    negated: bool = False
    field: str | None = None
    value: str = ""
    quoted: bool = False


def _tokens(text: str) -> list[_Token]:
    """Cut the query into tokens, honouring quotes and parentheses.

    ``(`` opens a group only at the start of a token and ``)`` closes one only while a
    group is open, so words like ``f(x)`` stay words.
    """
    tokens: list[_Token] = []
    position, length, depth = 0, len(text), 0
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char == ")" and depth:
            tokens.append(_Token("close"))
            depth -= 1
            position += 1
            continue
        negated = char == "-" and position + 1 < length and not text[position + 1].isspace()
        if negated:
            position += 1
        if position < length and text[position] == "(":
            tokens.append(_Token("open", negated))
            depth += 1
            position += 1
            continue
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
            tokens.append(_Token("word", negated, field, text[position + 1 : end], True))
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace() and not (text[end] == ")" and depth):
            end += 1
        value = text[position:end]
        if value == OR_WORD and not negated and field is None:
            tokens.append(_Token("or"))
        else:
            tokens.append(_Token("word", negated, field, value))
        position = end
    return tokens


class _Parser:
    """Recursive descent over the tokens: ``or := and (OR and)*``, ``and := unary+``."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.sort: Sort | None = None

    def _peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def parse_or(self) -> list[Node]:
        """The alternatives at this level (one when there is no ``OR``), each ANDed."""
        branches = [self.parse_and()]
        while (token := self._peek()) is not None and token.kind == "or":
            self.position += 1
            branches.append(self.parse_and())
        # An empty side (``户籍 OR``, typed half-way) is left out rather than refused.
        kept = [branch for branch in branches if branch]
        if len(kept) > 1:
            return [AnyOf(tuple(_joined(branch) for branch in kept))]
        return kept[0] if kept else []

    def parse_and(self) -> list[Node]:
        """Nodes side by side, up to an ``OR``, a ``)`` or the end."""
        nodes: list[Node] = []
        while (token := self._peek()) is not None and token.kind not in ("or", "close"):
            self.position += 1
            node = self._group(token) if token.kind == "open" else self._leaf(token)
            if node is not None:
                nodes.append(node)
        return nodes

    def _group(self, token: _Token) -> Node | None:
        inner = self.parse_or()
        closing = self._peek()
        if closing is None or closing.kind != "close":
            raise QueryError("missing closing ) in the query")
        self.position += 1
        if not inner:
            raise QueryError("() needs something to look for inside")
        node = _joined(inner)
        return Not(node) if token.negated else node

    def _leaf(self, token: _Token) -> Node | None:
        value = token.value.strip()
        field = token.field
        if not value:
            if field:
                raise QueryError(f"{field}: needs a value")
            return None
        node: Node
        if field is None:
            node = Term(value, phrase=token.quoted)
        elif field == "sort":
            if token.negated:
                raise QueryError("-sort: is not supported; sort: sets the order")
            if value.lower() not in _SORTS:
                raise QueryError(f"sort: must be one of {', '.join(_SORTS)}, not {value!r}")
            self.sort = value.lower()  # type: ignore[assignment]
            return None
        elif field == "is":
            mark = value.lower()
            if mark not in MARKS:
                raise QueryError(f"is: must be one of {', '.join(MARKS)}, not {value!r}")
            node = Field("is", mark)
        elif field in ("after", "before"):
            date = _parse_date(field, value)
            node = Dates(after=date) if field == "after" else Dates(before=date)
        else:
            node = Field(field, value.strip("/") if field == "cat" else value)
        return Not(node) if token.negated else node


def _joined(nodes: list[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else AllOf(tuple(nodes))


def parse_query(text: str) -> Query:
    """Parse ``text``; raises ``QueryError`` with a message for the user when it is invalid."""
    parser = _Parser(_tokens(text))
    nodes = parser.parse_or()
    if parser._peek() is not None:
        raise QueryError("a ) closes no (")  # unreachable: ) outside a group is a word
    query = Query(text=text, root=AllOf(tuple(nodes)), sort=parser.sort)
    if not nodes and parser.sort is None:
        raise QueryError("the query is empty")
    if nodes and all(isinstance(node, Not) for node in nodes) and not query.marks:
        first = text.split(maxsplit=1)[0]
        hint = (
            f' ({first} leaves out what matches {first[1:]}; quote it, "{first}", to look for it)'
            if re.fullmatch(r'-[^\s()":]+', first)
            else ""
        )
        raise QueryError(f"a query needs something to look for besides exclusions{hint}")
    if query.after and query.before and query.after >= query.before:
        raise QueryError("after: must be earlier than before:")
    return query
