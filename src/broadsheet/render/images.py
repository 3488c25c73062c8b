"""Picture files to terminal cells: header checks, safe decoding and Unicode half blocks.

Why our own half blocks rather than textual-image, rich-pixels or term-image: the reader
is a Line-API widget that draws one line at a time, and a picture must be a run of those
lines. Half blocks are plain segments (``▀``, the top pixel as foreground and the bottom
one as background), so they scroll with the text, are cached as rows, and work in every
true-colour terminal (Textual downgrades the colours elsewhere). Measured on a 1600x1200
JPEG drawn 96x40 cells (best of 5, this machine): this module 7 ms (JPEG draft decoding
at 1/8 scale, one box resize, runs of equal cells merged); term-image 22 ms (and it pins
Pillow < 11 and wants to own a terminal); rich-pixels 56 ms (a Style per pixel);
textual-image's half-cell renderable 159 ms. Terminals that speak kitty's protocol or
sixel get those over the same decoded pixels (``render/graphics.py``); the half blocks
stay under them as what shows wherever those cannot be drawn.

Pillow is imported on first use, so the CLI and the reader start as fast as before.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PIXELS: Final = 50_000_000
"""Pictures with more pixels than this are not decoded (decompression bombs)."""
MAX_FILE_BYTES: Final = 30 * 1024 * 1024
"""Local files larger than this are not read."""
FORMATS: Final = frozenset({"PNG", "JPEG", "GIF", "BMP", "WEBP", "MPO", "TIFF", "ICO"})
"""What Pillow decodes that articles use (MPO is a phone camera's JPEG)."""
CELL_PIXELS: Final = 8
"""Pixels per cell column at a picture's natural size: small pictures stay small."""
HALF_BLOCK: Final = "▀"

Pixels = Path | bytes
"""A picture file on disk, or the bytes of a fetched one."""
Row = tuple[Segment, ...]


class PictureError(Exception):
    """A picture that cannot be shown; the message says why, for a reader."""


@dataclass(frozen=True, slots=True)
class PictureSize:
    """A picture's size in pixels, read from its header."""

    width: int
    height: int


def _open(pixels: Pixels) -> Image:
    from PIL import Image, UnidentifiedImageError

    # Our own cap is checked before decoding; Pillow's warning would only repeat it.
    Image.MAX_IMAGE_PIXELS = None
    try:
        if isinstance(pixels, Path):
            if pixels.stat().st_size > MAX_FILE_BYTES:
                raise PictureError("the file is too large")
            return Image.open(pixels)
        return Image.open(io.BytesIO(pixels))
    except UnidentifiedImageError:
        raise PictureError(_unknown_format(pixels)) from None
    except OSError as error:
        raise PictureError(f"cannot be read ({error.strerror or error})") from None


def _unknown_format(pixels: Pixels) -> str:
    head = pixels.read_bytes()[:256] if isinstance(pixels, Path) else pixels[:256]
    if b"<svg" in head or (b"<?xml" in head and isinstance(pixels, bytes)):
        return "SVG pictures are not shown"
    if isinstance(pixels, Path) and pixels.suffix.lower() == ".svg":
        return "SVG pictures are not shown"
    return "not a picture format broadsheet can decode"


def _check(image: Image) -> PictureSize:
    if image.format not in FORMATS:
        raise PictureError(f"{image.format or 'this'} pictures are not shown")
    width, height = image.size
    if width < 1 or height < 1:
        raise PictureError("the picture is empty")
    if width * height > MAX_PIXELS:
        raise PictureError(f"too large to decode ({width}x{height} pixels)")
    return PictureSize(width, height)


def probe(pixels: Pixels) -> PictureSize:
    """The picture's size from its header (nothing is decoded); ``PictureError`` if unusable."""
    with _open(pixels) as image:
        return _check(image)


def fit(size: PictureSize, room: int, max_rows: int) -> tuple[int, int]:
    """``(columns, rows)`` of cells for a picture: its natural size, at most ``room`` wide
    and ``max_rows`` tall, keeping its shape (a cell shows two square pixels, one above
    the other)."""
    columns = max(1, min(room, -(-size.width // CELL_PIXELS)))
    rows = max(1, round(columns * size.height / size.width / 2))
    if rows > max_rows:
        rows = max(1, max_rows)
        columns = max(1, min(columns, round(rows * 2 * size.width / size.height)))
    return columns, rows


def _has_alpha(image: Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def decode(
    pixels: Pixels, columns: int, rows: int, background: tuple[int, int, int]
) -> tuple[Row, ...]:
    """The picture as ``rows`` lines of ``columns`` half-block cells (first frame of an
    animation; transparency over ``background``). ``PictureError`` when it cannot be."""
    small = frame(pixels, (columns, rows * 2), background)
    return half_blocks(small.tobytes(), columns, rows)


def frame(pixels: Pixels, size: tuple[int, int], background: tuple[int, int, int]) -> Image:
    """The picture's first frame as RGB pixels of exactly ``size`` (transparency over
    ``background``). ``PictureError`` when it cannot be decoded."""
    from PIL import Image

    width, height = size
    try:
        with _open(pixels) as image:
            _check(image)
            # JPEG decodes at 1/2, 1/4 or 1/8 scale when asked: a 24-megapixel photo then
            # costs a fraction of its full-size memory and time.
            image.draft("RGB", (width, height))
            image.seek(0)
            first = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except PictureError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise PictureError(f"the file is damaged ({error})") from None
    except Image.DecompressionBombError as error:
        raise PictureError(str(error)) from None
    if first.mode == "RGBA" and first.getchannel("A").getextrema()[0] != 255:
        canvas = Image.new("RGBA", first.size, (*background, 255))
        canvas.alpha_composite(first)
        first = canvas
    shrink = width <= first.width and height <= first.height
    method = Image.Resampling.BOX if shrink else Image.Resampling.BICUBIC
    return first.convert("RGB").resize((width, height), method)


def half_blocks(data: bytes, columns: int, rows: int) -> tuple[Row, ...]:
    """Rows of ``▀`` cells from ``columns`` x ``2 * rows`` RGB pixels (row-major bytes);
    neighbouring cells of the same colours share one segment."""
    styles: dict[bytes, Style] = {}
    colours: dict[bytes, Color] = {}
    out: list[Row] = []
    line = columns * 3
    for row in range(rows):
        top = row * 2 * line
        bottom = top + line
        segments: list[Segment] = []
        run_key = b""
        run = 0
        for column in range(0, line, 3):
            key = (
                data[top + column : top + column + 3] + data[bottom + column : bottom + column + 3]
            )
            if key == run_key:
                run += 1
                continue
            if run:
                segments.append(Segment(HALF_BLOCK * run, styles[run_key]))
            run_key, run = key, 1
            if key not in styles:
                upper, lower = key[:3], key[3:]
                if upper not in colours:
                    colours[upper] = Color.from_rgb(upper[0], upper[1], upper[2])
                if lower not in colours:
                    colours[lower] = Color.from_rgb(lower[0], lower[1], lower[2])
                styles[key] = Style.from_color(colours[upper], colours[lower])
        if run:
            segments.append(Segment(HALF_BLOCK * run, styles[run_key]))
        out.append(tuple(segments))
    return tuple(out)
