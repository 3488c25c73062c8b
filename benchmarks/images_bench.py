"""Pictures in the reader, headless: an article of 20 large local photos.

Usage (``run.py`` calls it; it also runs alone)::

    python benchmarks/images_bench.py images [--photos N] [--size WxH] [--protocol P]

It writes its own small library (one article, ``N`` JPEG photos of ``W`` x ``H`` pixels,
default 20 of 4000x3000) into a temporary folder, opens the article at 120x36 with
``images = "blocks"`` (or, with ``--protocol kitty|sixel``, ``images = "auto"`` as if the
terminal spoke it: the escape sequences are encoded and handed to the headless driver,
which drops them, so the terminal's own drawing time is not in the figures) and
measures, with ``tui_bench``'s frame timing:

- ``images_open``: Enter in the list to the first frame of the article (text and
  placeholders; the pictures decode after it, off the UI thread);
- ``images_first``: Enter to the first frame with the first picture drawn;
- ``images_scroll``: p95 of keypress (PgDn) to repaint while paging through all of
  them ten times a second, pictures decoding (in a worker) as they come near;
- ``images_rss``: the process's RSS after paging through every picture, less its RSS
  with the article open before any picture was decoded.

Output: one JSON line per figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

import tui_bench
from tui_bench import describe_error, emit, p95, timed_key, wait_until

SIZE: Final = (120, 36)
PAGES_MAX: Final = 400
PAUSE: Final = 0.1
"""Seconds between two PgDn presses."""


def rss() -> int:
    """The resident set size of this process now, in bytes (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def write_library(root: Path, photos: int, size: tuple[int, int], protocol: str = "blocks") -> Path:
    """One article with ``photos`` JPEGs (a gradient with noise, about a photo's bytes)."""
    from PIL import Image

    pictures = root / "lib" / "photos"
    pictures.mkdir(parents=True)
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 40).convert("RGB")
    for number in range(photos):
        photo = Image.blend(base, noise, 0.1 + number / (photos * 4))
        photo.save(pictures / f"photo-{number:02d}.jpg", "JPEG", quality=85)
    parts = ["---\ntitle: Twenty photos\ndate: 2024-01-01\n---\n"]
    for number in range(photos):
        parts.append(f"Paragraph {number}: the walk went on past the river and the hills.\n")
        parts.append(f"![photo {number}](photos/photo-{number:02d}.jpg)\n")
    (root / "lib" / "photos.md").write_text("\n".join(parts), encoding="utf-8")
    (root / "config").mkdir()
    setting = "blocks" if protocol == "blocks" else "auto"
    (root / "config" / "config.toml").write_text(f'images = "{setting}"\n', encoding="utf-8")
    return root / "lib"


def reader(app: Any) -> Any:
    """The reader widget."""
    return app.screen.query_one("ReaderView")


def pictures_drawn(app: Any) -> bool:
    """Whether a picture row on screen has its pixels (not the blank it starts as)."""
    view = reader(app)
    top = int(view.scroll_offset.y)
    for y in range(view.scrollable_content_region.height):
        if top + y < len(view._lines) and view._lines[top + y].picture is not None:
            drawn = "".join(segment.text for segment in view.render_line(y))
            return "▀" in drawn or "\U0010eeee" in drawn
    return False


async def measure(args: argparse.Namespace, library: Path) -> None:
    """Open the article, then page to its end."""
    from broadsheet.tui.app import BroadsheetApp
    from broadsheet.tui.graphics_probe import Graphics

    app = BroadsheetApp(library_root=library, graphics=Graphics(args.protocol))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: len(tui_bench.list_entries(app)) > 0, 60)
        await app.workers.wait_for_complete()
        tui_bench.article_list(app).focus()
        await pilot.pause()
        started = time.perf_counter()
        opened = await timed_key(
            pilot, app, "enter", lambda: tui_bench.reader_ready(app, "photos.md")
        )
        emit("images_open", seconds=opened)
        await wait_until(pilot, lambda: pictures_drawn(app), 30)
        emit("images_first", seconds=time.perf_counter() - started)
        before = rss()
        view = reader(app)
        view.focus()
        await pilot.pause()
        samples: list[float] = []
        while view.scroll_y < view.max_scroll_y and len(samples) < PAGES_MAX:
            target = view.scroll_y
            moved = lambda target=target: view.scroll_y > target  # noqa: E731
            samples.append(await timed_key(pilot, app, "pagedown", moved))
            # A reader paging ten times a second: the pictures that came near decode in
            # the worker meanwhile, so a keypress may meet a decode in progress.
            await asyncio.sleep(PAUSE)
        await app.workers.wait_for_complete()
        emit("images_scroll", seconds=p95(samples), note=f"p95 of {len(samples)} pages")
        emit("images_rss", bytes=max(0, rss() - before), note=f"{args.photos} photos")


def main() -> int:
    """Write the library, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("group", choices=["images"])
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--protocol", choices=["blocks", "kitty", "sixel"], default="blocks")
    args, _ = parser.parse_known_args()  # run.py adds --library/--reference: not needed
    width, height = (int(part) for part in args.size.split("x"))
    args.photos = max(1, args.photos)
    with tempfile.TemporaryDirectory(prefix="broadsheet-images-") as temporary:
        root = Path(temporary)
        library = write_library(root, args.photos, (width, height), args.protocol)
        for name, folder in (("CONFIG", "config"), ("DATA", "data"), ("CACHE", "cache")):
            os.environ[f"BROADSHEET_{name}_DIR"] = str(root / folder)
        try:
            asyncio.run(measure(args, library))
        except Exception as error:
            for key in ("images_open", "images_first", "images_scroll", "images_rss"):
                emit(key, error=describe_error(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
