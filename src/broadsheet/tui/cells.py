"""Fitting untrusted one-line text into a number of terminal cells.

Chinese characters take two cells; ``len()`` is the wrong measure. Everything here
counts cells with :mod:`rich.cells` so a row never overflows or misaligns.
"""

from __future__ import annotations

from typing import Final

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text

from broadsheet.library.text import clean_control

ELLIPSIS: Final = "…"
_CONTROLS: Final = {
    code: " "
    for code in (
        *range(0x00, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def one_line(text: str) -> str:
    """``text`` without control sequences, on one line (newlines and tabs become spaces)."""
    return " ".join(clean_control(text).split())


def fit(text: str, width: int) -> str:
    """``text`` cropped to ``width`` cells with an ellipsis, padded with spaces to exactly that."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    # Keep whole characters that fit before the ellipsis; a wide character that would
    # straddle the edge leaves a space after the ellipsis, never before it.
    kept = set_cell_size(text, width - 1).rstrip(" ")
    return set_cell_size(kept + ELLIPSIS, width)


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` cells, broken between words (a word wider
    than that is cropped by :func:`fit` when drawn)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if line and cell_len(joined) > width:
            lines.append(line)
            joined = word
        line = joined
    return [*lines, line] if line else lines


def fit_text(text: Text, width: int) -> Text:
    """A copy of ``text`` cropped to ``width`` cells with an ellipsis and padded to that width."""
    fitted = text.copy()
    fitted.truncate(width, overflow="ellipsis", pad=True)
    return fitted


def same_length_line(text: str) -> str:
    """``text`` with every control or bidi character replaced by a space.

    Unlike :func:`one_line` it keeps the length, so character spans into ``text``
    (search highlights) still point at the same characters.
    """
    return text.translate(_CONTROLS)


def highlighted(text: str, spans: tuple[tuple[int, int], ...], style: Style) -> Text:
    """``text`` on one line as a :class:`Text` (never markup) with ``spans`` styled."""
    result = Text(same_length_line(text), no_wrap=True, end="")
    for start, end in spans:
        if 0 <= start < end <= len(text):
            result.stylize(style, start, end)
    return result


def around_first_span(
    text: str, spans: tuple[tuple[int, int], ...], width: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Crop the start of ``text`` so its first span shows within ``width`` cells.

    A snippet's best match can sit past the right edge of a narrow list; this keeps
    about a third of the width of context before it, marked with an ellipsis.
    """
    if not spans or width <= 0:
        return text, spans
    first = min(start for start, _ in spans)
    context = max(width // 3, 4)
    if cell_len(text[:first]) <= context:
        return text, spans
    cut = first
    while cut > 0 and cell_len(text[cut - 1 : first]) < context:
        cut -= 1
    shift = cut - 1  # the ellipsis takes the place of one character
    moved = tuple((start - shift, end - shift) for start, end in spans if start >= cut)
    return ELLIPSIS + text[cut:], moved
