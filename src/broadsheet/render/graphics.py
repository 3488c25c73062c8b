"""Terminal graphics encoders: kitty's graphics protocol and sixel, from RGB pixels.

Only these functions write escape sequences for pictures, and they write them from
pixels Pillow decoded and resized (an article's bytes never reach the terminal): kitty
gets zlib-compressed raw RGB in base64, sixel gets palette indices as sixel characters.

Why kitty through Unicode placeholders: the picture is sent once (``a=T`` with
``U=1``, a virtual placement) and then drawn as ordinary text cells (``U+10EEEE``
with a row and a column diacritic, the image id as the foreground colour), so it
scrolls, is cut by other widgets and is re-drawn exactly like the text around it;
Textual's compositor never sees an escape sequence. kitty and Ghostty implement
placeholders; WezTerm and Konsole answer kitty's query but place virtual placements at
the cursor, so the probe sends them sixel. Sixel cannot be text: each cell row of a
picture is its own small sixel, drawn at that row after the frame (see
``tui/widgets/picture_layer.py``).

This module is Pillow-free except :func:`sixel_rows` (quantisation); textual-image
(LGPL-3.0, Python >= 3.12, a widget per picture) was read, not used.
"""

from __future__ import annotations

import base64
import itertools
import random
import re
import zlib
from typing import Final, Literal

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

Protocol = Literal["kitty", "sixel", "blocks"]
"""How the reader draws pictures: kitty's graphics protocol, sixel, or half blocks."""
PROTOCOLS: Final[tuple[Protocol, ...]] = ("kitty", "sixel", "blocks")

ESC: Final = "\x1b"
APC_KITTY: Final = "\x1b_G"
ST: Final = "\x1b\\"
CHUNK: Final = 4096
"""Base64 bytes per kitty message (the protocol's limit)."""
PLACEHOLDER: Final = "\U0010eeee"

_DIACRITIC_RANGES: Final = (
    (0x0305, 0x0305), (0x030D, 0x030E), (0x0310, 0x0310), (0x0312, 0x0312),
    (0x033D, 0x033F), (0x0346, 0x0346), (0x034A, 0x034C), (0x0350, 0x0352),
    (0x0357, 0x0357), (0x035B, 0x035B), (0x0363, 0x036F), (0x0483, 0x0487),
    (0x0592, 0x0595), (0x0597, 0x0599), (0x059C, 0x05A1), (0x05A8, 0x05A9),
    (0x05AB, 0x05AC), (0x05AF, 0x05AF), (0x05C4, 0x05C4), (0x0610, 0x0617),
    (0x0657, 0x065B), (0x065D, 0x065E), (0x06D6, 0x06DC), (0x06DF, 0x06E2),
    (0x06E4, 0x06E4), (0x06E7, 0x06E8), (0x06EB, 0x06EC), (0x0730, 0x0730),
    (0x0732, 0x0733), (0x0735, 0x0736), (0x073A, 0x073A), (0x073D, 0x073D),
    (0x073F, 0x0741), (0x0743, 0x0743), (0x0745, 0x0745), (0x0747, 0x0747),
    (0x0749, 0x074A), (0x07EB, 0x07F1), (0x07F3, 0x07F3), (0x0816, 0x0819),
    (0x081B, 0x0823), (0x0825, 0x0827), (0x0829, 0x082D), (0x0951, 0x0951),
    (0x0953, 0x0954), (0x0F82, 0x0F83), (0x0F86, 0x0F87), (0x135D, 0x135F),
    (0x17DD, 0x17DD), (0x193A, 0x193A), (0x1A17, 0x1A17), (0x1A75, 0x1A7C),
    (0x1B6B, 0x1B6B), (0x1B6D, 0x1B73), (0x1CD0, 0x1CD2), (0x1CDA, 0x1CDB),
    (0x1CE0, 0x1CE0), (0x1DC0, 0x1DC1), (0x1DC3, 0x1DC9), (0x1DCB, 0x1DCC),
    (0x1DD1, 0x1DE6), (0x1DFE, 0x1DFE), (0x20D0, 0x20D1), (0x20D4, 0x20D7),
    (0x20DB, 0x20DC), (0x20E1, 0x20E1), (0x20E7, 0x20E7), (0x20E9, 0x20E9),
    (0x20F0, 0x20F0), (0x2CEF, 0x2CF1), (0x2DE0, 0x2DFF), (0xA66F, 0xA66F),
    (0xA67C, 0xA67D), (0xA6F0, 0xA6F1), (0xA8E0, 0xA8F1), (0xAAB0, 0xAAB0),
    (0xAAB2, 0xAAB3), (0xAAB7, 0xAAB8), (0xAABE, 0xAABF), (0xAAC1, 0xAAC1),
    (0xFE20, 0xFE26), (0x10A0F, 0x10A0F), (0x10A38, 0x10A38), (0x1D185, 0x1D189),
    (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244),
)  # fmt: skip
DIACRITICS: Final = tuple(
    chr(code) for low, high in _DIACRITIC_RANGES for code in range(low, high + 1)
)
"""kitty's row/column diacritics (rowcolumn-diacritics.txt of its protocol): the n-th
one says row (or column) n of a placement."""
MAX_CELLS: Final = len(DIACRITICS)
"""The most rows or columns a placeholder picture can have (297)."""

_ids = itertools.count(random.randint(1, 1 << 22))


def new_image_id() -> int:
    """A kitty image id for this process: 24 bits (the foreground colour carries it),
    from a random start so that two programs in one window rarely meet."""
    return next(_ids) % ((1 << 24) - 1) + 1


def _kitty(keys: str, payload: str = "") -> str:
    return f"{APC_KITTY}{keys};{payload}{ST}" if payload else f"{APC_KITTY}{keys}{ST}"


def kitty_transmit(image_id: int, rgb: bytes, size: tuple[int, int], cells: tuple[int, int]) -> str:
    """Send RGB pixels of ``size`` (width, height) as image ``image_id`` with a virtual
    placement of ``cells`` (columns, rows) (drawn where its placeholders are), in
    chunks of at most :data:`CHUNK` base64 bytes, answers suppressed."""
    (width, height), (columns, rows) = size, cells
    data = base64.standard_b64encode(zlib.compress(rgb, 6)).decode("ascii")
    chunks = [data[start : start + CHUNK] for start in range(0, len(data), CHUNK)] or [""]
    first = (
        f"a=T,U=1,q=2,f=24,o=z,s={width},v={height},i={image_id},c={columns},r={rows},"
        f"m={int(len(chunks) > 1)}"
    )
    out = [_kitty(first, chunks[0])]
    for index, chunk in enumerate(chunks[1:], start=2):
        out.append(_kitty(f"q=2,m={int(index < len(chunks))}", chunk))
    return "".join(out)


def kitty_delete(image_id: int) -> str:
    """Free image ``image_id`` (its data and placements) in the terminal."""
    return _kitty(f"a=d,d=I,i={image_id},q=2")


def kitty_rows(image_id: int, columns: int, rows: int) -> tuple[tuple[Segment, ...], ...]:
    """The placeholder cells of a ``columns`` x ``rows`` placement of ``image_id``, one
    segment per row, coloured with the id (24 bits, so no third diacritic)."""
    colour = Color.from_rgb((image_id >> 16) & 255, (image_id >> 8) & 255, image_id & 255)
    style = Style(color=colour)
    return tuple(
        (
            Segment(
                "".join(
                    PLACEHOLDER + DIACRITICS[row] + DIACRITICS[column] for column in range(columns)
                ),
                style,
            ),
        )
        for row in range(rows)
    )


SIXEL_COLOURS: Final = 256
_TO_SIXEL: Final = bytes(range(63, 127)) + bytes(192)
_ONE_OF: Final = tuple(bytes(int(value == colour) for value in range(256)) for colour in range(256))
_RUN: Final = re.compile(rb"(.)\1{3,}")


def _run_length(line: bytes) -> bytes:
    return _RUN.sub(lambda run: b"!%d%s" % (len(run.group(0)), run.group(1)), line)


def sixel_band(indices: list[bytes], width: int) -> bytes:
    """One sixel band (up to six pixel rows of palette ``indices``, ``width`` each):
    per colour present, its sixels after ``#n``, colours joined by ``$``, then ``-``."""
    present = sorted(set(b"".join(indices)))
    parts = []
    for colour in present:
        table = _ONE_OF[colour]
        bits = 0
        for shift, line in enumerate(indices):
            # Each byte is 0 or 1, so a shift of at most 5 stays inside its own byte.
            bits |= int.from_bytes(line.translate(table), "big") << shift
        sixels = bits.to_bytes(width, "big").translate(_TO_SIXEL).rstrip(b"?")
        parts.append(b"#%d%s" % (colour, _run_length(sixels)))
    return b"$".join(parts) + b"-"


def sixel_image(indices: bytes, width: int, height: int, palette: list[int]) -> str:
    """A sixel picture of ``width`` x ``height`` palette ``indices`` (row-major), the
    colours of ``palette`` (RGB triplets, 0-255) that it uses defined first; pixels
    below the last row are left as they are (P2=1), so it covers exactly its cells."""
    head = b'\x1bP0;1;0q"1;1;%d;%d' % (width, height)
    colours = sorted(set(indices))
    definitions = b"".join(
        b"#%d;2;%d;%d;%d"
        % (
            colour,
            *(round(palette[3 * colour + k] * 100 / 255) for k in range(3)),
        )
        for colour in colours
    )
    bands = b"".join(
        sixel_band(
            [indices[y * width : (y + 1) * width] for y in range(top, min(top + 6, height))],
            width,
        )
        for top in range(0, height, 6)
    )
    return (head + definitions + bands + b"\x1b\\").decode("ascii")


def sixel_rows(
    rgb: bytes, width: int, height: int, cell_height: int, colours: int = SIXEL_COLOURS
) -> tuple[str, ...]:
    """``width`` x ``height`` RGB pixels as one sixel per cell row (``cell_height``
    pixels each, one shared palette of at most ``colours``), so that a row can be drawn
    alone when the others are off screen or covered."""
    from PIL import Image

    picture = Image.frombytes("RGB", (width, height), rgb)
    count = max(2, min(colours, SIXEL_COLOURS))
    quantized = picture.quantize(count, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = quantized.getpalette() or []
    palette += [0] * (3 * 256 - len(palette))
    indices = quantized.tobytes()
    return tuple(
        sixel_image(
            indices[top * width : min(height, top + cell_height) * width],
            width,
            min(cell_height, height - top),
            palette,
        )
        for top in range(0, height, cell_height)
    )
