"""The tantivy query for a parsed query: words as phrases of units, filters, OR and NOT.

A word or phrase becomes a phrase of search units in the ``title`` and ``all`` fields
(a Chinese word is a term or a phrase of the ``pairs`` field); its last Latin word
also matches as a prefix. Side-by-side nodes are Must clauses and exclusions MustNot
clauses of the same boolean query; ``OR`` becomes Should clauses. ``is:`` uses the keys
of the marked articles, looked up by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import Any, Final

import tantivy

from broadsheet.library.article import CATEGORY_SEPARATOR, category_label
from broadsheet.library.fold import fold
from broadsheet.library.query import AllOf, Dates, Field, Node, Not, Query, Term
from broadsheet.library.text import CJK_CHAR_RE as _CJK_CHAR_RE
from broadsheet.library.text import CJK_RANGES

_WORD_RE: Final = re.compile(rf"^[^\W{CJK_RANGES}]{{2,}}$")
"""Tokens long enough to also match as a prefix (single letters would expand too far)."""
TEXT_FIELDS: Final = ("title", "all")
"""Where words are looked for: ``all`` holds the title, the metadata and the body (one
field is about twice as fast to query as three); ``title`` ranks title matches first."""
BODY_FIELDS: Final = ("all",)
"""Where a query finds its articles: :data:`TEXT_FIELDS` less the title (``all`` holds it)."""
TITLE_BOOST: Final = 3.0
RARER_PAIR: Final = 2
"""How many times rarer than every chosen pair another pair of a Chinese word must be to
join its phrase: one more term to read pays only when it drives the intersection down
(``人工智能``, its three pairs about as frequent: 50 -> 66 ms with the third)."""


class Clauses:
    """Builds tantivy queries for one index schema."""

    def __init__(
        self,
        schema: Any,
        tokens: Callable[[str], list[str]],
        marked: Mapping[str, Sequence[int]],
        pair_frequency: Callable[[str], int] | None = None,
    ) -> None:
        """``tokens`` cuts text as the index does; ``marked`` holds the keys of the
        articles marked ``read`` and ``bookmarked`` (needed only for ``is:``);
        ``pair_frequency`` says in how many articles a pair of the ``pairs`` field is."""
        self.schema = schema
        self.tokens = tokens
        self.marked = marked
        self.pair_frequency = pair_frequency

    def _field_term(self, field: str, term: Term) -> Any | None:
        tokens = self.tokens(term.text)
        if not tokens:
            return None
        query_type = tantivy.Query
        last = tokens[-1]
        prefix = not term.phrase and _WORD_RE.match(last) is not None
        if field == "all" and len(tokens) >= 2 and all(map(_CJK_CHAR_RE.fullmatch, tokens)):
            return self._pairs_phrase(tokens)
        if len(tokens) == 1:
            exact = query_type.term_query(self.schema, field, last)
            if not prefix:
                return exact
            by_prefix = query_type.regex_query(self.schema, field, re.escape(last) + ".*")
            return query_type.boolean_query(
                [
                    (tantivy.Occur.Should, query_type.boost_query(exact, 2.0)),
                    (tantivy.Occur.Should, by_prefix),
                ]
            )
        phrase: list[str | tuple[int, str]] = list(tokens)
        exact = query_type.phrase_query(self.schema, field, phrase)
        if prefix:
            # Every word of a regex phrase is a pattern: punctuation tokens must be escaped.
            words: list[str | tuple[int, str]] = [re.escape(token) for token in tokens[:-1]]
            words.append(re.escape(last) + ".*")
            by_prefix = query_type.regex_phrase_query(self.schema, field, words)
            exact = query_type.boolean_query(
                [
                    (tantivy.Occur.Should, query_type.boost_query(exact, 2.0)),
                    (tantivy.Occur.Should, by_prefix),
                ]
            )
        return self._with_pairs(exact, tokens) if field == "all" else exact

    def _pairs_phrase(self, tokens: Sequence[str]) -> Any:
        """A word of CJK characters only, in ``all``: the phrase of its pairs in ``pairs``
        (one term for two characters).

        Every text of ``all`` has its CJK pairs in ``pairs``, at consecutive positions
        within a run, so this finds exactly the articles the phrase of characters finds.
        But a pair is far rarer than its characters, and rarer still where it repeats in
        one article, so far fewer positions are read. 200,000 generated articles, warm:
        ``人工智能`` (in 43% of them) 33 -> 14 ms, ``Linux 服务器`` 16 -> 10 ms; the
        reader's search-as-you-type at a million, 178 -> 71 ms p95. It costs a bigger
        index (1.3 -> 1.6 GB at 200,000) and 4% more time to build it. Every other pair
        is enough: ``人工智能`` 13.6 -> 10.7 ms, ``乡村振兴`` 10.4 -> 8.4 ms (same counts);
        with the rarest pair too, where it is not one of those: tantivy intersects from the
        rarest term, and two frequent words side by side (``发展问题``: ``发展`` and ``问题``
        in 80% of a million articles, ``展问`` in 15%) are otherwise checked in every article
        that holds both: 205 -> 59 ms.
        """
        pairs = [first + second for first, second in pairwise(tokens)]
        if len(pairs) == 1:
            return tantivy.Query.term_query(self.schema, "pairs", pairs[0])
        # Every other pair covers every character (``人工智能``: ``人工`` at 0, ``智能`` at
        # 2), with the last one for an odd length: two posting lists to read, not three.
        # Runs are two positions apart (tokens.PAIR_GAP), so no such phrase spans two.
        chosen = {*range(0, len(pairs), 2), len(pairs) - 1}
        if len(pairs) > 2 and self.pair_frequency is not None:
            counts = list(map(self.pair_frequency, pairs))
            rarest = min(range(len(pairs)), key=counts.__getitem__)
            if counts[rarest] * RARER_PAIR <= min(counts[index] for index in chosen):
                chosen.add(rarest)
        return tantivy.Query.phrase_query(
            self.schema, "pairs", [(index, pairs[index]) for index in sorted(chosen)]
        )

    def _with_pairs(self, phrase: Any, tokens: Sequence[str]) -> Any:
        """``phrase`` (in ``all``, of a word that mixes CJK with other units) that must
        also hold the ``pairs`` of its adjacent CJK characters: the same articles, with
        the same scores (the pairs score nothing).

        Every text of ``all`` has its CJK pairs in ``pairs``, so this changes no answer;
        but tantivy then checks positions only in the articles that hold the rarest pair,
        not in every one that holds all the characters.
        """
        pairs = {
            first + second
            for first, second in pairwise(tokens)
            if _CJK_CHAR_RE.fullmatch(first) and _CJK_CHAR_RE.fullmatch(second)
        }
        if not pairs:
            return phrase
        query_type, must = tantivy.Query, tantivy.Occur.Must
        filters = [
            (
                must,
                query_type.const_score_query(
                    query_type.term_query(self.schema, "pairs", pair), 0.0
                ),
            )
            for pair in sorted(pairs)
        ]
        return query_type.boolean_query([(must, phrase), *filters])

    def _term(self, term: Term, fields: Sequence[str]) -> Any | None:
        clauses = []
        for field in fields:
            clause = self._field_term(field, term)
            if clause is None:
                continue
            if field == "title":
                clause = tantivy.Query.boost_query(clause, TITLE_BOOST)
            clauses.append((tantivy.Occur.Should, clause))
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def _marked(self, value: str) -> Any:
        """Articles with a reading mark (``read`` or ``bookmarked``), by key."""
        keys = list(self.marked.get(value, ()))
        if not keys:
            return tantivy.Query.empty_query()
        return tantivy.Query.term_set_query(self.schema, "key", keys)

    def _field(self, field: Field) -> Any | None:
        """The clause of one metadata filter (``is:`` uses the keys in ``marked``)."""
        query_type = tantivy.Query
        value = fold(field.value).lower()
        if field.name == "cat":
            name = "cat" if CATEGORY_SEPARATOR in value else "catname"
            return query_type.term_query(self.schema, name, value)
        if field.name == "tag":
            return query_type.term_query(self.schema, "tag", value)
        if field.name == "author":
            return self._term(Term(field.value, phrase=True), ("author",))
        if value == "unread":
            return self._conjunction([Not(Field("is", "read"))], BODY_FIELDS)
        return self._marked(value)

    def _dates(self, dates: Dates) -> Any:
        lower = int(dates.after.timestamp()) if dates.after else None
        upper = int(dates.before.timestamp()) if dates.before else None
        return tantivy.Query.range_query(
            self.schema,
            "date",
            tantivy.FieldType.Integer,
            lower,
            upper,
            include_upper=upper is None,
        )

    def _negative(self, node: Node) -> Any | None:
        """The clause of what a ``-`` leaves out: anywhere in the article, not only titles."""
        if isinstance(node, Term):
            return self._term(node, BODY_FIELDS)
        return self._node(node, BODY_FIELDS)

    def _conjunction(self, nodes: Sequence[Node], fields: Sequence[str]) -> Any | None:
        """Every node must match; exclusions become MustNot clauses of the same query."""
        occur = tantivy.Occur
        clauses: list[tuple[Any, Any]] = []
        for given in nodes:
            node = given
            if isinstance(node, Field) and node.name == "is" and node.value == "unread":
                node = Not(Field("is", "read"))
            if isinstance(node, Not):
                clause = self._negative(node.node)
                if clause is not None:
                    clauses.append((occur.MustNot, clause))
                continue
            clause = self._node(node, fields)
            if clause is not None:
                clauses.append((occur.Must, clause))
        if not clauses:
            return None
        if not any(kind == occur.Must for kind, _ in clauses):
            clauses.append((occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def _node(self, node: Node, fields: Sequence[str]) -> Any | None:
        """The clause of one node of the query tree (None when it holds nothing to look
        for, like a term made only of spaces)."""
        if isinstance(node, Term):
            return self._term(node, fields)
        if isinstance(node, Field):
            return self._field(node)
        if isinstance(node, Dates):
            return self._dates(node)
        if isinstance(node, Not | AllOf):
            return self._conjunction([node] if isinstance(node, Not) else node.nodes, fields)
        clauses = [self._node(child, fields) for child in node.nodes]
        kept = [(tantivy.Occur.Should, clause) for clause in clauses if clause is not None]
        return tantivy.Query.boolean_query(kept) if kept else None

    def tree(self, query: Query, fields: Sequence[str]) -> Any:
        """``query`` with each word looked for in ``fields`` (a match in any of them will
        do; a ``-`` word is left out wherever it is)."""
        query_type, must = tantivy.Query, tantivy.Occur.Must
        built = self._conjunction(query.root.nodes, fields)
        if built is None:
            built = query_type.all_query()
        if not query.within:
            return built
        path = fold(category_label(query.within)).lower()
        within = query_type.term_query(self.schema, "cat", path)
        return query_type.boolean_query([(must, built), (must, within)])

    def build(self, query: Query, *, title_only: bool = False, title_boost: bool = True) -> Any:
        """The tantivy query for ``query`` (``title_only``: every term must be in the title).

        Otherwise the words are looked for in ``all`` (which holds the title), and each
        word found in the title adds its boosted score there (``title_boost``): an optional
        clause beside the query, not a ``title`` alternative inside each word's. Scores and
        answers are the same; but tantivy checks an optional clause only in the articles
        the query found, while it reads an alternative in full, in every article whose
        title holds the word's characters: a million generated articles, warm,
        ``Linux 服务器`` 40 -> 16 ms, ``AI 发展`` 26 -> 20 ms.

        ``title_boost`` False leaves the title clauses out. The caller does that where
        scores do not count (a date order) or where articles with every word in their title
        are ranked first anyway and no other article can have one of them in its title (a
        query of one word; see :func:`~broadsheet.library.search.title_boost_counts`): a
        million articles, warm, ``发展`` (in 79% of them) 19.8 -> 5.2 ms.
        """
        if title_only:
            return self.tree(query, ("title",))
        built = self.tree(query, BODY_FIELDS)
        boosts = [
            (tantivy.Occur.Should, clause)
            for term in (query.terms if title_boost else ())
            if (clause := self._term(term, ("title",))) is not None
        ]
        if not boosts:
            return built
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, built), *boosts])
