"""Sentences for the synthetic library: Zipf-weighted words in small grammars.

Sentences come from small slot grammars (subject, adverb, verb, noun phrase …) filled
with Zipf-weighted words from :mod:`vocab`, so word frequencies look like real text
while the sentences read roughly like news copy. Building a sentence costs a few
microseconds, too slow for hundreds of megabytes, so :class:`Pools` builds tens of
thousands of sentences once (from the seed) and articles draw whole sentences from
them with ``rng.choices``: document frequencies stay realistic, generation stays fast.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Final

from vocab import (
    EN_ADJECTIVES,
    EN_ADVERBS,
    EN_NOUNS,
    EN_PLACES,
    EN_SUBJECTS,
    EN_VERBS,
    TECH_TERMS,
    ZH_ADJECTIVES,
    ZH_ADVERBS,
    ZH_IDIOMS,
    ZH_MEASURES,
    ZH_NOUNS,
    ZH_PLACES,
    ZH_SUBJECTS,
    ZH_VERBS,
)

Filler = Callable[[random.Random], str]


class Zipf:
    """Draws from a list with weight 1/(rank+offset)^exponent (Zipf–Mandelbrot)."""

    __slots__ = ("cum", "items")

    def __init__(self, items: Sequence[str], exponent: float = 1.0, offset: float = 2.7) -> None:
        """Weight ``items`` by their position: the first is the most frequent."""
        self.items = list(items)
        self.cum = list(accumulate(1.0 / (r + offset) ** exponent for r in range(len(items))))

    def __call__(self, rng: random.Random) -> str:
        """One item (what ``rng.choices`` does for k=1, at a third of its cost)."""
        return self.items[bisect_right(self.cum, rng.random() * self.cum[-1])]


# Frequent words go straight into the shared sentence pools. Rare words would land in
# a few percent of all articles that way, because every article draws hundreds of
# words; real rare words are bursty instead (few articles, several times each). So a
# share of the slots holds a placeholder that each article fills from its own handful
# of topic words, drawn from the tail with steep Zipf weights (see :class:`Topics`).
ZH_NOUN_MARK: Final = "\x01"
ZH_IDIOM_MARK: Final = "\x02"
ZH_PLACE_MARK: Final = "\x03"
EN_NOUN_MARK: Final = "\x04"
_ZH_NOUN_HEAD: Final = 200
_ZH_IDIOM_HEAD: Final = 12
_ZH_PLACE_HEAD: Final = 16
_EN_NOUN_HEAD: Final = 150


class _HeadOrMark:
    """A frequent word by Zipf weight, or (with probability ``share``) a topic placeholder."""

    __slots__ = ("head", "mark", "share")

    def __init__(self, words: Sequence[str], size: int, mark: str, share: float) -> None:
        self.head = Zipf(words[:size])
        self.mark = mark
        self.share = share

    def __call__(self, rng: random.Random) -> str:
        return self.mark if rng.random() < self.share else self.head(rng)


_zh_noun = _HeadOrMark(ZH_NOUNS, _ZH_NOUN_HEAD, ZH_NOUN_MARK, 0.3)
_zh_verb = Zipf(ZH_VERBS)
_zh_adj = Zipf(ZH_ADJECTIVES)
_zh_adv = Zipf(ZH_ADVERBS)
_zh_subject = Zipf(ZH_SUBJECTS)
_zh_place = _HeadOrMark(ZH_PLACES, _ZH_PLACE_HEAD, ZH_PLACE_MARK, 0.5)
_zh_idiom = _HeadOrMark(ZH_IDIOMS, _ZH_IDIOM_HEAD, ZH_IDIOM_MARK, 0.6)
_zh_measure = Zipf(ZH_MEASURES)
_tech = Zipf(TECH_TERMS, exponent=0.8)
_en_noun = _HeadOrMark(EN_NOUNS, _EN_NOUN_HEAD, EN_NOUN_MARK, 0.3)
_en_verb = Zipf(EN_VERBS)
_en_adj = Zipf(EN_ADJECTIVES)
_en_adv = Zipf(EN_ADVERBS)
_en_subject = Zipf(EN_SUBJECTS)
_en_place = Zipf(EN_PLACES)

_TAIL_EXPONENT: Final = 1.8
_TAIL_OFFSET: Final = 10.0
_TOPIC_SOURCES: Final = (
    # (placeholder, tail words, how many topic words an article has: low, high)
    (ZH_NOUN_MARK, ZH_NOUNS[_ZH_NOUN_HEAD:], 2, 6),
    (ZH_IDIOM_MARK, ZH_IDIOMS[_ZH_IDIOM_HEAD:], 1, 2),
    (ZH_PLACE_MARK, ZH_PLACES[_ZH_PLACE_HEAD:], 1, 2),
    (EN_NOUN_MARK, EN_NOUNS[_EN_NOUN_HEAD:], 2, 6),
)
_TOPIC_ZIPF: Final = tuple(
    (mark, Zipf(words, _TAIL_EXPONENT, _TAIL_OFFSET), low, high)
    for mark, words, low, high in _TOPIC_SOURCES
)


class Topics:
    """The rare words one article is about: they replace the placeholders in its text."""

    __slots__ = ("words",)

    def __init__(self, rng: random.Random) -> None:
        """Draw a few tail words for each kind of placeholder."""
        self.words = [
            (mark, [zipf(rng) for _ in range(rng.randint(low, high))])
            for mark, zipf, low, high in _TOPIC_ZIPF
        ]

    def fill_text(self, rng: random.Random, text: str) -> str:
        """``text`` with every placeholder replaced by one of the topic words."""
        for mark, words in self.words:
            if mark in text:
                parts = text.split(mark)
                fill = rng.choices(words, k=len(parts) - 1)
                text = "".join(p + w for p, w in zip(parts, fill, strict=False)) + parts[-1]
        return text

    def fill_bytes(self, rng: random.Random, body: bytes) -> bytes:
        """``body`` (UTF-8) with every placeholder replaced by one of the topic words."""
        for mark, words in self.words:
            marker = mark.encode()
            if marker in body:
                parts = body.split(marker)
                encoded = [w.encode() for w in words]
                out: list[bytes] = [b""] * (2 * len(parts) - 1)
                out[::2] = parts
                out[1::2] = rng.choices(encoded, k=len(parts) - 1)
                body = b"".join(out)
        return body


def _zh_noun_phrase(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        phrase = _zh_noun(rng)
    elif roll < 0.70:
        phrase = _zh_adj(rng) + "的" + _zh_noun(rng)
    elif roll < 0.85:
        phrase = _zh_noun(rng) + _zh_noun(rng)
    elif roll < 0.93:
        phrase = _zh_noun(rng) + "的" + _zh_noun(rng)
    elif roll < 0.97:
        phrase = _zh_place(rng) + _zh_noun(rng)
    else:
        phrase = _zh_noun(rng) + "、" + _zh_noun(rng) + "和" + _zh_noun(rng)
    roll = rng.random()
    if roll < 0.04:
        return "“" + phrase + "”"
    if roll < 0.055:
        return "「" + phrase + "」"
    if roll < 0.06:
        return phrase + "（" + _gloss(rng) + "）"
    return phrase


def _gloss(rng: random.Random) -> str:
    """What Chinese writers put in parentheses: an English name, a year, a term."""
    roll = rng.random()
    if roll < 0.4:
        return _en_noun.head(rng)
    if roll < 0.7:
        return f"{rng.randint(1990, 2025)}年"
    if roll < 0.85:
        return rng.choice(("下同", "简称“平台”", "图", "暂定", "试行"))
    return _tech(rng)


def _zh_number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return str(rng.randint(2, 30))
    if roll < 0.7:
        return f"{rng.randint(1, 99) * 100}余"
    if roll < 0.85:
        return rng.choice(("两", "三", "几", "十几", "上百", "数千"))
    return str(rng.randint(1000, 99999))


def _zh_time(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"{rng.randint(2013, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    if roll < 0.5:
        return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    if roll < 0.6:
        return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日{rng.randint(0, 23)}时"
    return rng.choice(("今年以来", "近年来", "目前", "去年", "近日", "当天", "此前", "随后"))


_ZH_FILLERS: Final[dict[str, Filler]] = {
    "S": _zh_subject,
    "D": _zh_adv,
    "V": _zh_verb,
    "N": _zh_noun,
    "NP": _zh_noun_phrase,
    "A": _zh_adj,
    "I": _zh_idiom,
    "L": _zh_place,
    "T": _tech,
    "M": lambda rng: _zh_number(rng) + _zh_measure(rng),
    "Q": _zh_time,
}

_ZH_TEMPLATES: Final = (
    ("S", "D", "V", "NP"),
    ("L", "的", "NP", "D", "V", "了", "NP"),
    ("在", "NP", "中", "，", "S", "V", "NP"),
    ("NP", "D", "A"),
    ("S", "V", "了", "A", "的", "N"),
    ("NP", "是", "NP", "的", "N"),
    ("Q", "，", "L", "V", "NP"),
    ("S", "I", "地", "V", "NP"),
    ("NP", "和", "NP", "D", "V"),
    ("为了", "V", "NP", "，", "S", "D", "V", "NP"),
    ("通过", "V", "NP", "，", "S", "V", "NP"),
    ("S", "认为", "，", "NP", "D", "A"),
    ("M", "NP", "V", "了", "NP"),
    ("I", "，", "NP", "D", "V"),
    ("NP", "V", "NP", "，", "D", "V", "NP"),
    ("这", "是", "S", "V", "过", "的", "最", "A", "的", "N"),
    ("S", "对", "NP", "D", "V"),
    ("Q", "，", "S", "V", "M", "NP"),
)

_ZH_MIXED_TEMPLATES: Final = (
    ("在", "T", "中", "使用", "T"),
    ("S", "用", "T", "V", "NP"),
    ("T", "的", "N", "D", "A"),
    ("通过", "T", "V", "NP", "，", "D", "V", "NP"),
    ("T", "和", "T", "的", "N", "V", "了", "NP"),
    ("如何", "用", "T", "V", "NP"),
    ("S", "D", "V", "T", "，", "NP", "D", "A"),
    ("T", "V", "了", "NP"),
)

_EN_FILLERS: Final[dict[str, Filler]] = {
    "S": _en_subject,
    "V": _en_verb,
    "N": _en_noun,
    "A": _en_adj,
    "D": _en_adv,
    "P": _en_place,
    "T": _tech,
}

_EN_TEMPLATES: Final = (
    ("S", "V", "the", "A", "N", "in", "the", "N"),
    ("the", "A", "N", "V", "a", "N"),
    ("in", "P", ",", "S", "V", "the", "N", "of", "the", "N"),
    ("S", "D", "V", "that", "the", "N", "was", "A"),
    ("when", "the", "N", "V", ",", "S", "V", "the", "A", "N"),
    ("it", "was", "A", "to", "see", "the", "N"),
    ("the", "N", "and", "the", "N", "were", "D", "A"),
    ("S", "V", "a", "A", "N", "with", "the", "N"),
    ("every", "N", "is", "a", "A", "N", "for", "the", "N"),
    ("S", "D", "V", "the", "N", "of", "a", "A", "N"),
)

_EN_TECH_TEMPLATES: Final = (
    ("S", "V", "T", "in", "the", "N"),
    ("the", "T", "N", "was", "D", "A"),
    ("S", "V", "T", "and", "T", "for", "the", "A", "N"),
)

_CJK_PUNCT: Final = frozenset("，。！？、；：“”「」（）……")
_ZH_ENDINGS: Final = ("。",) * 88 + ("！",) * 5 + ("？",) * 4 + ("……",) * 3
_A_VOWEL: Final = re.compile(r"(^|\s)a ([aeiouAEIOU])")
_EN_JOINERS: Final = (", and ", ", but ", "; ", ", so ")


def _fill(rng: random.Random, template: Sequence[str], fillers: dict[str, Filler]) -> list[str]:
    return [fillers[slot](rng) if slot in fillers else slot for slot in template]


def _is_latin(char: str) -> bool:
    """Printable ASCII (the placeholders are control characters standing for CJK words)."""
    return " " <= char <= "~"


def _join_mixed(pieces: list[str], spaced: bool) -> str:
    """Join CJK and Latin pieces; ``spaced`` puts a space between Latin and CJK text."""
    if not spaced:
        return "".join(pieces)
    out = ""
    for piece in pieces:
        if (
            out
            and out[-1] not in _CJK_PUNCT
            and piece[0] not in _CJK_PUNCT
            and _is_latin(piece[0]) != _is_latin(out[-1])
        ):
            out += " "
        out += piece
    return out


def zh_clause(rng: random.Random, *, mixed: bool = False) -> str:
    """One Chinese clause without closing punctuation (mixed: with English terms)."""
    templates = _ZH_MIXED_TEMPLATES if mixed else _ZH_TEMPLATES
    pieces = _fill(rng, rng.choice(templates), _ZH_FILLERS)
    # Real writers differ: about 60% put spaces around Latin words in Chinese text.
    return _join_mixed(pieces, spaced=mixed and rng.random() < 0.6)


def zh_sentence(rng: random.Random, *, mixed: bool = False) -> str:
    """One Chinese sentence of one to three clauses."""
    count = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
    clauses = [zh_clause(rng, mixed=mixed and i == 0) for i in range(count)]
    return "，".join(clauses) + rng.choice(_ZH_ENDINGS)


def en_clause(rng: random.Random, *, tech: bool = False) -> str:
    """One English clause, lower case, without closing punctuation."""
    templates = _EN_TECH_TEMPLATES if tech else _EN_TEMPLATES
    text = " ".join(_fill(rng, rng.choice(templates), _EN_FILLERS)).replace(" ,", ",")
    return _A_VOWEL.sub(r"\1an \2", text)


def en_sentence(rng: random.Random, *, tech: bool = False) -> str:
    """One English sentence, capitalised, with a trailing space to join the next."""
    text = en_clause(rng, tech=tech)
    if rng.random() < 0.35:
        text += rng.choice(_EN_JOINERS) + en_clause(rng)
    end = rng.choices((". ", "? ", "! "), weights=(92, 4, 4))[0]
    return text[0].upper() + text[1:] + end


def title_case(text: str) -> str:
    """English headline capitalisation (small words stay lower case)."""
    small = {"a", "an", "the", "of", "in", "and", "for", "to", "with", "that", "was"}
    words = text.split()
    return " ".join(
        w if (i and w in small) or not w[0].islower() else w[0].upper() + w[1:]
        for i, w in enumerate(words)
    )


@dataclass(frozen=True)
class Language:
    """What one kind of article draws its text from."""

    sentences: list[bytes]
    """Encoded sentences for paragraphs (English ones end with a space)."""
    short: list[str]
    """Short phrases for headings, list items, table cells and link texts."""
    space: bytes = b""
    """What follows an inline element: a space in English, nothing in Chinese."""


class Pools:
    """Sentence pools for the three kinds of article, built once from the seed."""

    def __init__(self, seed: int, scale: int = 1) -> None:
        """Build the pools (about a second per ``scale``)."""
        rng = random.Random(seed ^ 0x5EED)
        zh = [zh_sentence(rng).encode() for _ in range(30_000 * scale)]
        zh_mixed = [zh_sentence(rng, mixed=True).encode() for _ in range(6_000 * scale)]
        en = [en_sentence(rng).encode() for _ in range(12_000 * scale)]
        en_tech = [en_sentence(rng, tech=True).encode() for _ in range(2_000 * scale)]
        zh_short = [zh_clause(rng) for _ in range(8_000)]
        zh_mixed_short = [zh_clause(rng, mixed=True) for _ in range(2_000)]
        en_short = [en_clause(rng) for _ in range(4_000)]
        # General articles mention a technical term now and then, technical ones often.
        self.zh = Language(zh + zh_mixed[: len(zh_mixed) // 20], zh_short)
        self.zh_tech = Language(zh + zh_mixed, zh_short + zh_mixed_short)
        self.en = Language(en + en_tech[: len(en_tech) // 6], en_short, b" ")
        self.en_tech = Language(en + en_tech * 2, en_short, b" ")
        # One paragraph of a mixed article may hold both languages.
        self.mixed = Language(
            zh[: len(zh) // 2] + zh_mixed + en, zh_short + zh_mixed_short + en_short
        )
        self.idioms = _zh_idiom


def tech_term(rng: random.Random) -> str:
    """A technical term (Python, Docker …), by popularity."""
    return _tech(rng)
