"""Line breaking for mixed Chinese, Japanese, Korean and Latin text, measured in terminal cells.

The rules are the basics of W3C's *Requirements for Chinese Text Layout* (clreq) and JIS X 4051:

- a line may break at a space, between two CJK characters, and between CJK and other text;
- a line never starts with closing punctuation (or another JIS "non-starter") and never ends
  with opening punctuation: when a break would do that, the break moves earlier ("push-out":
  the previous character goes down with the punctuation). A line never overflows;
- Latin words and numbers stay whole unless longer than a line; then, like long URLs, they
  fold, preferring a break after ``/ ? & = - _ . #``, never inside a grapheme.

:func:`wrap` returns offsets, not strings, so callers keep their styles and can map each line
back to the text it shows. Text is scanned in runs (a run of CJK characters, a phrase of
one-cell characters and single spaces) so that the work is per line, not per character.
"""

from __future__ import annotations

import re
from typing import Final

from rich.cells import cell_len, get_character_cell_size, split_graphemes

CJK_WIDE: Final = (
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u2ff0-\u3029\u3030-\u303e"
    "\u3041-\u3096\u309b-\u30ff\u3105-\u312f\u3131-\u3163\u3165-\u318e"
    "\u3190-\u31e5\u31ef-\u321e\u3220-\u3247\u3250-\ua48c\ua490-\ua4c6"
    "\ua960-\ua97c\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe52"
    "\ufe54-\ufe66\ufe68-\ufe6b\uff01-\uff60\uffe0-\uffe6"
    "\U00020000-\U0002fffd\U00030000-\U0003fffd"
)
"""Characters exactly two cells wide (as Rich measures them) between which a line may break:
CJK ideographs, kana, Hangul syllables, CJK and full-width punctuation."""

NARROW: Final = (
    "!-~\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e"
    "\u20a0-\u20c0\u2100-\u214f\u2190-\u22ff\u2500-\u25fc"
)
"""Characters known to be exactly one cell wide (Latin, Greek, Cyrillic, common symbols)."""

CLOSING: Final = frozenset(
    "，。、；：？！）」』】》〉〕］｝〗〙〛〞〟”’…‥｠»›"  # CJK and typographic closing marks
    ",.;:?!)]}%"  # their half-width forms
    "．｡､"  # other full stops and commas
    "ー・々〻ゝゞヽヾ〜～"  # JIS X 4051 non-starters: prolonged sound, middle dot, iteration
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"  # small kana
    "\u00a0\u202f"  # no-break spaces bind to both sides
)
"""Characters a line must not start with."""

OPENING: Final = frozenset("（「『【《〈〔［｛〖〘〚〝“‘｟«‹([{\u200d\u00a0\u202f")
"""Characters a line must not end with (a zero-width joiner and no-break spaces also bind
what follows)."""

_FOLD_AFTER: Final = frozenset("/?&=-_.#,;:")
_FOLD_LOOKBACK: Final = 0.4
"""How far back (fraction of a line) a folded word may break early, after ``/`` and the like."""

_TOKEN_RE: Final = re.compile(
    f"( +)|([{CJK_WIDE}]+)|([{NARROW}]+(?: [{NARROW}]+)*)|([^ {CJK_WIDE}{NARROW}]+)"
)
_SPACE: Final = 1
_WIDE: Final = 2
_PHRASE: Final = 3

Span = tuple[int, int]
"""``(start, end)`` offsets of the text one line shows."""


def may_start_line(char: str) -> bool:
    """Whether a line may begin with ``char`` (no closing punctuation, no combining mark)."""
    return char not in CLOSING and get_character_cell_size(char) != 0


def break_allowed(before: str, after: str) -> bool:
    """Whether the punctuation rules allow a line break between these two characters."""
    return before not in OPENING and may_start_line(after)


class _Breaker:
    """The greedy line filler for one hard line of text (no newline inside)."""

    __slots__ = ("brk", "glue", "line_start", "line_width", "lines", "text", "width")

    def __init__(self, text: str, width: int, glue: frozenset[int]) -> None:
        self.text = text
        self.width = width
        self.glue = glue
        self.lines: list[Span] = []
        self.line_start = 0
        self.line_width = 0
        # The last place the current line may end: (content end, next line start,
        # line width up to the content end, line width up to the next line start).
        self.brk: tuple[int, int, int, int] | None = None

    def emit(self, end: int, next_start: int) -> None:
        """End the current line at ``end`` (trailing spaces dropped); the next starts at
        ``next_start``."""
        text = self.text
        while end > self.line_start and text[end - 1] == " ":
            end -= 1
        self.lines.append((self.line_start, end))
        self.line_start = next_start
        self.brk = None

    def take_break(self) -> bool:
        """End the current line at its last break opportunity, if it has one."""
        if self.brk is None:
            return False
        end, next_start, _, width_next = self.brk
        self.emit(end, next_start)
        self.line_width -= width_next
        return True

    def space_break_ok(self, space: int) -> bool:
        """Whether the single space at ``space`` may end a line (the space is dropped)."""
        text = self.text
        after = space + 1
        return (
            after < len(text)
            and text[space - 1] not in OPENING
            and after not in self.glue
            and may_start_line(text[after])
        )

    def fold(self, end: int) -> None:
        """Split the unbreakable text from the line start to ``end`` into full lines."""
        text = self.text
        width = self.width
        base = self.line_start
        spans, _ = split_graphemes(text[base:end])
        used = 0
        first = 0
        index = 0
        while index < len(spans):
            size = spans[index][2]
            if used + size <= width or index == first:
                used += size
                index += 1
                continue
            cut = self._fold_point(spans, first, index, base)
            line_end = base + spans[cut][0]
            self.lines.append((self.line_start, line_end))
            self.line_start = line_end
            first = cut
            used = sum(span[2] for span in spans[cut:index])
        self.line_width = used
        self.brk = None

    def _fold_point(
        self, spans: list[tuple[int, int, int]], first: int, limit: int, base: int
    ) -> int:
        """Where a folded line ends: after URL punctuation near the end if there is some,
        else at the last grapheme boundary the punctuation rules allow, else at ``limit``."""
        text = self.text
        lowest = max(first + 1, limit - int((limit - first) * _FOLD_LOOKBACK))
        for cut in range(limit, lowest - 1, -1):
            before = text[base + spans[cut - 1][0]]
            after = text[base + spans[cut][0]]
            if before in _FOLD_AFTER and after != " " and break_allowed(before, after):
                return cut
        for cut in range(limit, first, -1):
            after = text[base + spans[cut][0]]
            if after != " " and break_allowed(text[base + spans[cut - 1][0]], after):
                return cut
        return limit

    def place(self, end: int, size: int) -> None:
        """Put an unbreakable token ending at ``end`` on the line, breaking as needed."""
        if self.line_width + size <= self.width:
            self.line_width += size
            return
        if self.take_break() and self.line_width + size <= self.width:
            self.line_width += size
            return
        self.fold(end)

    def place_wide(self, start: int, end: int) -> None:
        """Put a run of two-cell CJK characters on the line, breaking inside it as needed."""
        text = self.text
        width = self.width
        position = start
        while True:
            fit = (width - self.line_width) // 2
            if fit >= end - position:
                self.line_width += 2 * (end - position)
                # The last opportunity inside the run, for whatever comes next.
                for candidate in range(end - 1, position, -1):
                    if text[candidate] not in CLOSING and text[candidate - 1] not in OPENING:
                        at = self.line_width - 2 * (end - candidate)
                        self.brk = (candidate, candidate, at, at)
                        break
                return
            cut = position + fit
            while cut > position and (text[cut] in CLOSING or text[cut - 1] in OPENING):
                cut -= 1
            if cut > position:
                self.emit(cut, cut)
                self.line_width = 0
                position = cut
            elif self.take_break():
                continue
            else:
                # Nothing on this line may end it: from the line start to the next legal
                # break is one unit longer than a line, so it folds like a long word.
                group_end = position + max(fit, 0) + 1
                while group_end < end and (
                    text[group_end] in CLOSING or text[group_end - 1] in OPENING
                ):
                    group_end += 1
                self.fold(group_end)
                position = group_end
                if position < end:
                    self.brk = (position, position, self.line_width, self.line_width)

    def place_phrase(self, start: int, end: int) -> None:
        """Put a phrase of one-cell characters and single spaces on the line."""
        text = self.text
        position = start
        while True:
            room = self.width - self.line_width
            if end - position <= room:
                self.line_width += end - position
                space = text.rfind(" ", position, end)
                while space > position and not self.space_break_ok(space):
                    space = text.rfind(" ", position, space)
                if space > position:
                    at = self.line_width - (end - space)
                    self.brk = (space, space + 1, at, at + 1)
                return
            space = text.rfind(" ", position, position + room + 1) if room >= 0 else -1
            while space > position and not self.space_break_ok(space):
                space = text.rfind(" ", position, space)
            if space > position:
                self.emit(space, space + 1)
                self.line_width = 0
                position = space + 1
                continue
            if self.take_break():
                continue
            # The word at the line end is too long for any line: fold it.
            word_end = text.find(" ", position + max(room, 0), end)
            while word_end != -1 and not self.space_break_ok(word_end):
                word_end = text.find(" ", word_end + 1, end)
            if word_end == -1:
                self.fold(end)
                return
            self.fold(word_end)
            self.brk = (word_end, word_end + 1, self.line_width, self.line_width + 1)
            self.line_width += 1
            position = word_end + 1

    def run(self) -> list[Span]:
        """Break the whole text; the line spans."""
        text = self.text
        content_end = 0
        previous_end = -1
        previous_kind = 0
        for match in _TOKEN_RE.finditer(text):
            kind = match.lastindex
            start, end = match.span()
            if kind == _SPACE:
                if self.line_start == start:
                    self.line_start = end
                    continue
                if (
                    end < len(text)
                    and text[start - 1] not in OPENING
                    and end not in self.glue
                    and may_start_line(text[end])
                ):
                    self.brk = (start, end, self.line_width, self.line_width + end - start)
                self.line_width += end - start
                continue
            if (
                previous_end == start
                and start != self.line_start
                and _WIDE in (kind, previous_kind)
                and start not in self.glue
                and break_allowed(text[start - 1], text[start])
            ):
                self.brk = (start, start, self.line_width, self.line_width)
            if kind == _WIDE:
                self.place_wide(start, end)
            elif kind == _PHRASE:
                self.place_phrase(start, end)
            else:
                self.place(end, cell_len(match.group()))
            content_end = end
            previous_end = end
            previous_kind = kind or 0
        self.lines.append((self.line_start, max(content_end, self.line_start)))
        return self.lines


def wrap(text: str, width: int, *, glue: frozenset[int] = frozenset()) -> list[Span]:
    """Break ``text`` into lines at most ``width`` cells wide; return ``(start, end)`` per line.

    Newlines are hard breaks; tabs must already be spaces. Spaces at a break are dropped
    (they belong to no line); every other character belongs to exactly one line. ``glue``
    holds offsets before which no line may start (a link number stays with its text).
    ``width`` must be at least 2, the width of one CJK character.
    """
    if width < 2:
        raise ValueError("wrap needs a width of at least 2 cells")
    if "\n" not in text:
        return _Breaker(text, width, glue).run()
    lines: list[Span] = []
    offset = 0
    for part in text.split("\n"):
        end = offset + len(part)
        local = frozenset(g - offset for g in glue if offset <= g <= end) if glue else glue
        lines.extend((a + offset, b + offset) for a, b in _Breaker(part, width, local).run())
        offset = end + 1
    return lines
