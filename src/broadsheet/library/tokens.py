"""How text is cut into search units, the same way for the index and for queries.

A unit is one CJK character, one punctuation mark or symbol, or a run of other word
characters (a Latin word, a number). Every CJK character being a unit of its own is what
gives Chinese substring search (``户籍`` finds ``户籍窗口``); punctuation holding a place
keeps phrases from matching across it (``深度学习`` does not match ``深度、学习``).

The index does not cut text with a regular expression inside tantivy (that costs four
times as much as the rest of indexing): :func:`spaced` splits the text around every unit
character in one C-speed pass and joins the pieces with :data:`SEPARATOR`, and tantivy's
whitespace tokenizer (which splits on ASCII whitespace only) does the rest. The separator
is a form feed, which :func:`~broadsheet.library.text.clean_control` removes from every
article, so :func:`unspaced` gives the text back exactly: the index stores the spaced text
once and snippets are cut from it.

Both cut the *folded* text (:mod:`broadsheet.library.fold`: Traditional to Simplified,
full-width to ASCII, ...), so a query in either script finds text in the other. Folding
keeps every character's kind of unit, so folding before or after cutting is the same.
"""

from __future__ import annotations

import re
from functools import cache
from operator import add
from typing import Final

from broadsheet.library.fold import fold, fold_table
from broadsheet.library.text import CJK_RANGES

SEPARATOR: Final = "\x0c"
_UNIT_SPLIT_RE: Final = re.compile(f"([{CJK_RANGES}]|[^\\w\\s])")
"""A character that is a unit on its own: CJK, or neither a word character nor a space."""
_WIDE_SPACE_RE: Final = re.compile(r"[^\S\x00-\x7f]")
"""Whitespace that tantivy would not split on (no-break space, ideographic space, ...)."""


_ASTRAL_RE: Final = re.compile("[\U00010000-\U0010ffff]")


@cache
def _unit_table() -> list[str | int]:
    """A :meth:`str.translate` table for the Basic Multilingual Plane: characters are
    folded, unit characters get separators, wide spaces become plain ones (built once,
    60 ms)."""
    table: list[str | int] = list(range(0x10000))
    folding = fold_table()
    for code, target in folding.items():
        if code < 0x10000:
            table[code] = target
    every = "".join(map(chr, range(0x10000)))
    for match in _WIDE_SPACE_RE.finditer(every):
        table[match.start()] = " "
    for match in _UNIT_SPLIT_RE.finditer(every):
        char = chr(folding.get(match.start(), match.start()))
        table[match.start()] = f"{SEPARATOR}{char}{SEPARATOR}"
    return table


def spaced(text: str, *, bulk: bool = False) -> str:
    """``text`` folded, with :data:`SEPARATOR` around every unit character (see the
    module doc).

    ``bulk``: the caller cuts many long texts (a scan), so a translation table, twice
    as fast per text, is worth building; separators may then double up, which changes
    neither the tokens nor :func:`unspaced`.
    """
    if not text.isascii():
        if bulk and not _ASTRAL_RE.search(text):
            return text.translate(_unit_table())
        text = _WIDE_SPACE_RE.sub(" ", fold(text))
    return SEPARATOR.join(filter(None, _UNIT_SPLIT_RE.split(text)))


_CJK_GAP_RE: Final = re.compile(f"(?<=[{CJK_RANGES}])\\s+(?=[{CJK_RANGES}])")
_CJK_RUN_RE: Final = re.compile(f"[{CJK_RANGES}]{{2,}}")


PAIR_GAP: Final = " ~~~~~~~~~~ ~~~~~~~~~~ "
"""Between the pairs of two runs: two tokens longer than any pair, which the index's
``pairs`` analyzer drops while keeping their positions, so no phrase of pairs runs on
from one run into the next, not even one that skips every other pair."""


@cache
def _pair_table() -> list[str | int]:
    """A :meth:`str.translate` table for the Basic Multilingual Plane: a CJK character
    ``c`` (folded) becomes ``c c``, a line break two runs of ``~`` (built once, 20 ms)."""
    table: list[str | int] = list(range(0x10000))
    folding = fold_table()
    every = "".join(map(chr, range(0x10000)))
    for match in re.finditer(f"[{CJK_RANGES}]", every):
        char = chr(folding.get(match.start(), match.start()))
        table[match.start()] = f"{char} {char}"
    table[ord("\n")] = PAIR_GAP.strip()
    return table


def cjk_pairs(text: str, *, bulk: bool = False) -> str:
    """The adjacent CJK pairs of ``text`` (folded), space-separated, in order, with a
    tokens longer than any pair between runs: what the index's ``pairs`` field holds.

    A two-character query is then one term, and a longer one a phrase of its pairs
    (``人工智能``: ``人工 工智 智能`` at consecutive positions), whose terms are far
    rarer than its characters (``Clauses._pairs_phrase`` says what that saves).
    tantivy's n-gram tokenizer gives every n-gram position 0, so the pairs are cut
    here, in one :meth:`str.translate`: ``ab`` and ``cd`` joined by a line break become
    ``a ab b~~~ ~~~c cd d``, whose first and last characters are cut off and whose
    middle tokens the index drops (0.03 ms an article; joining each run's pairs took
    0.12 ms).

    ``bulk``: the caller cuts many long texts (a scan), so the table (20 ms to build) is
    worth it; a few files (a command that indexes what was just added) join the pairs.
    """
    # Spaces between CJK characters do not end a run (the units ignore them too), so
    # these pairs are exactly the two-unit phrases of spaced(text).
    runs = _CJK_RUN_RE.findall(_CJK_GAP_RE.sub("", text)) if not text.isascii() else []
    if not runs:
        return ""
    joined = "\n".join(runs)
    if not bulk or _ASTRAL_RE.search(joined):
        folded = fold(joined).split("\n")
        return PAIR_GAP.join([" ".join(map(add, run, run[1:])) for run in folded])
    return joined.translate(_pair_table())[2:-2]


def unspaced(text: str) -> str:
    """:func:`spaced` ``(text)`` without its separators (folded; plain spaces)."""
    return text.replace(SEPARATOR, "")


def units(text: str) -> list[str]:
    """The search units of ``text``, folded and lower-cased (what the index holds)."""
    return spaced(text).lower().split()
