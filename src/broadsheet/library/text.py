"""Text hygiene shared by every layer: control sequences out, CJK recognised.

Everything that came from an article passes through :func:`clean_control` before it
is stored in the index or shown: it removes terminal escape sequences (CSI, OSC, DCS,
SOS/PM/APC, their 8-bit forms), C0 controls except tab and newline, DEL, C1 controls
and bidi overrides, so that nothing in a file can change the terminal, and it makes
the text valid Unicode (a front matter escape such as ``"\\ud800"`` gives a lone
surrogate, which no encoder, index or terminal accepts).
"""

from __future__ import annotations

import re
from typing import Final

# A string-type sequence (OSC, DCS, SOS, PM, APC) runs to its terminator (ST or BEL).
# An unterminated one loses only its introducer, so one stray byte cannot swallow the rest.
_STRING_BODY: Final = r"[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
_CONTROL_RE: Final = re.compile(
    r"\x1b[\]PX^_]"
    + _STRING_BODY  # 7-bit OSC, DCS, SOS, PM, APC
    + r"|[\x9d\x90\x98\x9e\x9f]"
    + _STRING_BODY  # their 8-bit forms
    + r"|\x1b\[[0-?]*[ -/]*[@-~]"  # 7-bit CSI
    + r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    + r"|\x1b[ -/]*[0-~]"  # other escape sequences (nF, Fp, Fe, Fs)
    + r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"  # lone controls, bidi
)
_NEEDS_CLEANING: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")

CJK_RANGES: Final = (
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3005-\u3007\u3021-\u3029\u3038-\u303c"  # ideographic iteration marks, Hangzhou numerals
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3100-\u312f\u31a0-\u31bf"  # Bopomofo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK unified ideographs (+ extension A)
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B to G
)
"""Characters written without spaces between words (each one is a searchable unit)."""
CJK_CHAR_RE: Final = re.compile(f"[{CJK_RANGES}]")


def clean_control(text: str) -> str:
    """Remove terminal escape sequences and dangerous control characters from ``text``.

    Tab and newline survive; a carriage return does not (callers normalise CRLF first).
    Surrogates are made valid by :func:`valid_text`.
    """
    if not _NEEDS_CLEANING.search(text):
        return text
    return _CONTROL_RE.sub("", valid_text(text))


def valid_text(text: str) -> str:
    """``text`` as valid Unicode: a surrogate pair becomes its character, a lone one U+FFFD.

    YAML and TOML escapes (``"\\ud83d\\ude00"``) and the recovery readers give such
    strings; encoding them to UTF-8 (for the index, SQLite, a terminal) raises.
    """
    if _SURROGATE_RE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def display_safe(text: str) -> str:
    """``text`` with undecodable file-name bytes (surrogate escapes) shown as U+FFFD.

    Such strings cannot be stored, indexed or printed; paths keep their escapes where
    the file must be found again, everything shown goes through this.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def display_path(text: str) -> str:
    """A file name to print on one line: undecodable bytes as U+FFFD, controls and bidi
    removed, and a newline or tab in the name shown as ``\\n`` or ``\\t`` (a line of output
    per file must stay one line)."""
    shown = clean_control(display_safe(text))
    if "\n" in shown or "\t" in shown:
        shown = shown.replace("\n", "\\n").replace("\t", "\\t")
    return shown


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph, kana or Hangul syllable."""
    return CJK_CHAR_RE.match(char) is not None


WIDE_RANGES: Final = (
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3001-\u303f"  # CJK symbols and punctuation (not U+3000, the ideographic space)
    "\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"  # kana, Bopomofo
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\ufe10-\ufe1f\ufe30-\ufe4f"  # vertical and compatibility forms
    "\uff01-\uff60\uffe0-\uffe6"  # fullwidth forms
    "\uff61-\uff9f"  # halfwidth katakana and punctuation
    "\U00020000-\U0003134f"
)
"""Scripts written without spaces, whose line breaks CSS removes (not Hangul: it uses spaces)."""
# Starts with the newline so that re can skip to candidates instead of testing every char.
_CJK_BREAK_RE: Final = re.compile(f"\\n(?<=[{WIDE_RANGES}]\\n)\\s*(?=[{WIDE_RANGES}])")


def join_cjk_lines(text: str) -> str:
    """Apply CSS Text's segment-break rule: drop line breaks between two CJK characters.

    A newline (with any whitespace after it) that sits between two wide characters
    (ideographs, kana, CJK punctuation) is removed, so ``公众号\\n复制`` becomes
    ``公众号复制``, as a browser shows it. Hangul is excluded because Korean separates
    words with spaces. Spaces before the newline keep it (in Markdown they make a hard
    line break, which is not joined).
    """
    if "\n" not in text or text.isascii():
        return text
    return _CJK_BREAK_RE.sub("", text)


def _word_table() -> bytes:
    """Map UTF-8 bytes to classes: ``a`` letter, ``b`` continuation, ``C`` CJK lead, else space."""
    table = bytearray(b" " * 256)
    for byte in b"0123456789_'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        table[byte] = ord("a")
    table[0x80:0xC0] = b"b" * 0x40
    # Lead bytes of two-byte characters from U+00C0 on: Latin, Greek, Cyrillic letters...
    # (U+0080-00BF, lead 0xC2, is punctuation and symbols: a separator.)
    table[0xC3:0xE0] = b"a" * (0xE0 - 0xC3)
    table[0xE4:0xEA] = b"C" * 6  # leads of U+4000-9FFF, counted as CJK
    return bytes(table)


_WORD_TABLE: Final = _word_table()
# Lead bytes E4-E9 are U+4000-9FFF: ideographs, but for the hexagrams U+4DC0-4DFF
# (E4 B7). The rest of CJK_RANGES is counted with one literal-led pattern per lead byte,
# since re only skips fast to a literal.
_CJK_RARE: Final = tuple(
    (lead, re.compile(pattern))
    for lead, pattern in (
        (b"\xe2", rb"\xe2(?:[\xba-\xbe][\x80-\xbf]|\xbf[\x80-\x9f])"),
        (
            b"\xe3",
            rb"\xe3(?:\x80[\x85-\x87\xa1-\xa9\xb8-\xbc]|[\x81-\x83\x90-\xbf]|\x84[\x80-\xaf]"
            rb"|\x86[\xa0-\xbf]|\x87[\xb0-\xbf])",
        ),
        (b"\xea", rb"\xea[\xb0-\xbf]"),
        (b"\xed", rb"\xed(?:[\x80-\x9d]|\x9e[\x80-\xaf])"),
        (b"\xef", rb"\xef[\xa4-\xab]"),
        (b"\xf0", rb"\xf0(?:[\xa0-\xaf]|\xb0[\x80-\xbf]|\xb1[\x80-\x8c]|\xb1\x8d[\x80-\x8f])"),
    )
)


def _count_cjk_bytes(data: bytes, classes: bytes) -> int:
    """CJK characters in UTF-8 ``data``; ``classes`` is ``data`` put through the word table."""
    count = (
        classes.count(b"C") - data.count(b"\xe4\xb7") + data.count(b"\xeb") + data.count(b"\xec")
    )
    for lead, pattern in _CJK_RARE:
        if lead in data:
            count += pattern.subn(b"", data)[1]
    return count


def count_cjk(text: str) -> int:
    """How many characters of ``text`` match :data:`CJK_CHAR_RE` (counted fast on UTF-8)."""
    if text.isascii():
        return 0
    data = text.encode("utf-8", "surrogatepass")
    return _count_cjk_bytes(data, data.translate(_WORD_TABLE))


def count_words(text: str) -> int:
    """Words as a reader counts them: one per CJK character plus one per other word.

    Other words are runs of ASCII letters, digits, ``_`` and apostrophes, and of letters
    from two-byte UTF-8 alphabets (accented Latin, Greek, Cyrillic, Hebrew, Arabic...).
    It runs on the UTF-8 bytes because a regex over characters is ten times slower.
    """
    ascii_only = text.isascii()
    if not ascii_only:
        text = text.replace("\u2019", "'")
    data = text.encode("utf-8", "surrogatepass")
    classes = data.translate(_WORD_TABLE)
    # A word starts at a letter after a separator (" a"), after a two-byte symbol (" ba")
    # or after a character of three or four bytes ("bba").
    starts = (
        classes.count(b" a")
        + classes.count(b" ba")
        + classes.count(b"bba")
        + classes.startswith(b"a")
    )
    return starts if ascii_only else starts + _count_cjk_bytes(data, classes)


_UTF8_BOM: Final = b"\xef\xbb\xbf"
_C0_AND_DEL: Final = bytes(c for c in range(32) if c not in b"\t\n\r") + b"\x7f"
_C1_RE: Final = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI_RE: Final = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")
PLAUSIBLE_GB_SHARE: Final = 0.9
"""Share of non-ASCII characters that must be ordinary CJK text for GB18030 to be trusted."""
_GB_USUAL_RE: Final = re.compile(f"[{CJK_RANGES}\u3000-\u303f\uff00-\uffef\u2010-\u2027·×÷°]")


def _plausible_gb(text: str) -> bool:
    """True when text decoded as GB18030 reads like Chinese rather than noise."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return _GB_USUAL_RE.subn("", text)[1] >= PLAUSIBLE_GB_SHARE * non_ascii


def _needs_cleaning(raw: bytes) -> bool:
    """Whether UTF-8 ``raw`` holds anything :func:`clean_control` removes (a fast test)."""
    if len(raw.translate(None, _C0_AND_DEL)) != len(raw):
        return True
    if b"\xc2" in raw and _C1_RE.search(raw):
        return True
    return b"\xe2" in raw and _BIDI_RE.search(raw) is not None


BINARY_SAMPLE: Final = 8192
"""Bytes looked at to tell a binary file (as git and grep look at the first 8,000)."""
BINARY_SHARE: Final = 0.01
"""Share of the sample's bytes that may be NULs, or fail UTF-8 beside a NUL, in text."""
BINARY_FLOOR: Final = 16
"""...and how many of them a short text may hold all the same."""


def is_binary(raw: bytes) -> bool:
    """Whether a file's bytes are not text at all: NULs in its first bytes, many of
    them or beside bytes that are neither UTF-8 nor GB18030 (an image, a program,
    random data).

    A stray NUL is not enough: a crawler's article with one is still text (the NUL is
    removed as a control character). UTF-16, whose every other byte is a NUL, says so
    with its BOM.
    """
    sample = raw[:BINARY_SAMPLE]
    nuls = sample.count(0)
    if not nuls or sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    limit = max(BINARY_SHARE * len(sample), BINARY_FLOOR)
    if nuls > limit:
        return True
    marks = sample.count("\ufffd".encode())
    invalid = min(
        sample.decode(encoding, "replace").count("\ufffd") - marks
        for encoding in ("utf-8", "gb18030")
    )
    return invalid > limit


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """Clean text of a file's bytes with LF line endings, and notes on how it was decoded.

    UTF-8 (a BOM is dropped); UTF-16 when a BOM says so; GB18030 (which covers GBK and
    GB2312) when UTF-8 fails and GB18030 decodes cleanly into plausible text; else UTF-8
    with a replacement character for each invalid byte. Mojibake is not repaired. The
    result has passed :func:`clean_control`.
    """
    notes: list[str] = []
    if raw.startswith(_UTF8_BOM):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
        dirty = _needs_cleaning(raw)
    except UnicodeDecodeError:
        dirty = True
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = raw.decode("utf-16", "replace")
            notes.append("decoded as UTF-16")
        else:
            try:
                candidate: str | None = raw.decode("gb18030")
            except UnicodeDecodeError:
                candidate = None
            if candidate is not None and _plausible_gb(candidate):
                text = candidate
                notes.append("not valid UTF-8; decoded as GB18030")
            else:
                text = raw.decode("utf-8", "replace")
                bad = text.count("\ufffd") - raw.count("\ufffd".encode())
                notes.append(f"{bad} invalid byte{'s' if bad != 1 else ''} replaced")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (clean_control(text) if dirty else text), notes
