"""Picture files the tests make with Pillow (and by hand, for a header that lies)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image

RED = (220, 20, 20)
GREEN = (20, 200, 20)
BLUE = (20, 20, 220)


def png(path: Path, size: tuple[int, int] = (160, 80), colour: tuple[int, int, int] = RED) -> Path:
    """A one-colour PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "PNG")
    return path


def two_tone_png(path: Path, size: tuple[int, int] = (160, 80)) -> Path:
    """Red on the top half, green below: shows which pixel each half block takes."""
    image = Image.new("RGB", size, RED)
    image.paste(GREEN, (0, size[1] // 2, size[0], size[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
    return path


def jpeg(path: Path, size: tuple[int, int] = (1600, 1200)) -> Path:
    """A photo-sized JPEG (a gradient, so it compresses like a photo would not)."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80)
    return path


def animated_gif(path: Path) -> Path:
    """Two frames: blue first, then red."""
    frames = [Image.new("RGB", (40, 40), BLUE), Image.new("RGB", (40, 40), RED)]
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(path, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return path


def truncated_png(path: Path) -> Path:
    """A PNG cut off in the middle of its pixel data (its header is intact)."""
    noise = Image.effect_noise((300, 300), 100).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    noise.save(path, "PNG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A tiny file whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data + _chunk(b"IEND", b""))
    return path


def svg(path: Path) -> Path:
    """An SVG drawing (not decoded: a placeholder says so)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>')
    return path
