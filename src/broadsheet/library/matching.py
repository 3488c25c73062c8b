"""Finding query terms in text, the way the index matches them, for snippets and highlights.

A term is cut into the same units as the index cuts text: CJK characters, Latin
words, punctuation marks. Units may be separated by whitespace in the text (a line
break between two Chinese characters does not stop a match), two Latin words need at
least one space between them, and the last Latin word of a term also matches as a
prefix (``pyth`` highlights ``Python``). Matching ignores case and folding
(:mod:`broadsheet.library.fold`): ``户籍`` highlights ``戶籍`` and ``python``
``ＰＹＴＨＯＮ``, in the text as written (each character of a term matches any of its
spellings, so the text need not be folded).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Final

from broadsheet.library.fold import char_class, fold, spellings
from broadsheet.library.results import Span
from broadsheet.library.text import CJK_RANGES, WIDE_RANGES

_UNIT_RE: Final = re.compile(rf"[{CJK_RANGES}]|[^\W{CJK_RANGES}]+|[^\s\w]", re.UNICODE)
_LATIN_WORD: Final = f"[^\\W{CJK_RANGES}]"
_WIDE_CHAR_RE: Final = re.compile(f"[{WIDE_RANGES}\uac00-\ud7af]")
SNIPPET_CELLS: Final = 160
"""Snippet length in terminal cells: 160 Latin letters or 80 Chinese characters."""
SNIPPET_LEAD: Final = 30
"""Characters of context kept before the best match."""
WINDOW: Final = 120
MAX_MATCHES_PER_TERM: Final = 2000


def _is_word(unit: str) -> bool:
    return re.fullmatch(f"{_LATIN_WORD}+", unit) is not None


@lru_cache(maxsize=256)
def term_pattern(
    term: str, prefix: bool = True, *, whole_words: bool = True
) -> re.Pattern[str] | None:
    """The regular expression that finds ``term`` in text (None when it has no units).

    Spaces may come between CJK units (a line break in the source); ``whole_words``
    (search) anchors Latin words at their start, and at their end unless ``prefix``;
    without it (find in page) ``ing`` also matches inside ``reading``.
    """
    units = _UNIT_RE.findall(fold(term))
    if not units:
        return None
    parts: list[str] = []
    for index, unit in enumerate(units):
        if index:
            both_words = _is_word(units[index - 1]) and _is_word(unit)
            parts.append(r"\s+" if both_words else r"\s*")
        parts.append("".join(map(char_class, unit)))
    if whole_words and _is_word(units[0]):
        parts.insert(0, f"(?<!{_LATIN_WORD})")
    if whole_words and _is_word(units[-1]):
        parts.append(f"{_LATIN_WORD}*" if prefix else f"(?!{_LATIN_WORD})")
    return re.compile("".join(parts), re.IGNORECASE)


_FULL_WIDTH: Final = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
"""ASCII -> full-width forms (``a`` -> ``ａ``)."""


@lru_cache(maxsize=256)
def _first_forms(term: str) -> tuple[str, ...]:
    """How the first unit of ``term`` may be written in lower-cased text: every spelling
    of a character, or a word in ASCII and in full-width letters."""
    units = _UNIT_RE.findall(fold(term))
    if not units:
        return ()
    first = units[0].lower()
    if len(first) == 1:
        return tuple(spellings(first))
    return tuple(dict.fromkeys((first, first.translate(_FULL_WIDTH))))


def _positions(lowered: str, form: str, position: int) -> Iterator[int]:
    while position >= 0:
        yield position
        position = lowered.find(form, position + 1)


def _candidates(lowered: str, forms: tuple[str, ...]) -> Iterator[int]:
    """Where any of ``forms`` starts in ``lowered``, in order.

    Most texts hold one spelling only: merging is paid for only when two are there.
    """
    firsts = [(form, lowered.find(form)) for form in forms]
    present = [(form, first) for form, first in firsts if first >= 0]
    if len(present) == 1:
        return _positions(lowered, *present[0])
    return heapq.merge(*(_positions(lowered, form, first) for form, first in present))


def iter_matches(
    text: str, lowered: str | None, term: str, *, prefix: bool = True
) -> Iterator[Span]:
    """The matches of ``term`` in ``text``, in order.

    ``lowered`` is ``text.lower()`` (or None when lowering changes the length): a
    case-insensitive regular expression tried at every position of a long text is
    slow, so candidates are found with ``str.find`` and only checked with the pattern.
    """
    pattern = term_pattern(term, prefix)
    forms = _first_forms(term)
    if pattern is None or not forms:
        return
    if lowered is None:
        for found in pattern.finditer(text):
            if found.end() > found.start():
                yield found.span()
        return
    end = 0
    for position in _candidates(lowered, forms):
        if position < end:
            continue
        match = pattern.match(text, position)
        if match is not None and match.end() > position:
            yield match.span()
            end = match.end()


def lowered_copy(text: str) -> str | None:
    """``text.lower()`` when it keeps every character's position, else None."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def find_spans(text: str, terms: Sequence[str], *, prefix: bool = True) -> list[Span]:
    """Every match of any term in ``text``, sorted, overlaps merged."""
    spans: list[Span] = []
    lowered = lowered_copy(text)
    for term in terms:
        spans.extend(iter_matches(text, lowered, term, prefix=prefix))
    spans.sort()
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fit(text: str, cells: int) -> str:
    """The longest start of ``text`` that fits in ``cells`` terminal cells."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if _WIDE_CHAR_RE.match(char) else 1
        if used > cells:
            return text[:index]
    return text


def _best_start(text: str, terms: Sequence[str]) -> int | None:
    """Where the 120-character window with the most distinct terms starts (None: no match)."""
    found: list[tuple[int, int]] = []
    lowered = lowered_copy(text)
    for number, term in enumerate(terms):
        for count, (start, _) in enumerate(iter_matches(text, lowered, term)):
            if count == MAX_MATCHES_PER_TERM:
                break
            found.append((start, number))
    if not found:
        return None
    found.sort()
    best_start, best_score = found[0][0], 0
    counts: dict[int, int] = {}
    tail = 0
    for position, number in found:
        counts[number] = counts.get(number, 0) + 1
        while found[tail][0] <= position - WINDOW:
            old = found[tail][1]
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
            tail += 1
        if len(counts) > best_score:
            best_start, best_score = found[tail][0], len(counts)
    return best_start


def snippet(text: str, terms: Sequence[str]) -> tuple[str, tuple[Span, ...]]:
    """About 160 cells of ``text`` around its best match, on one line, with match spans.

    The best match is the window that holds the most distinct terms; without any match,
    the start of the text.
    """
    best = _best_start(text, terms)
    begin = 0 if best is None else max(0, best - SNIPPET_LEAD)
    # Start at a word boundary when the window cuts into a Latin word.
    while best is not None and 0 < begin < best and re.match(_LATIN_WORD, text[begin - 1]):
        begin += 1
    source = text[begin : begin + SNIPPET_CELLS * 2]
    collapsed = " ".join(source.split())
    window = _fit(collapsed, SNIPPET_CELLS)
    more = len(collapsed) > len(window) or begin + len(source) < len(text.rstrip())
    line = ("…" if begin > 0 else "") + window + ("…" if more else "")
    return line, tuple(find_spans(line, terms))
