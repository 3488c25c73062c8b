"""Pictures in the reader: drawn at their place, decoded off the UI thread, toggled by a key."""

from __future__ import annotations

from pathlib import Path

from tests.render.picture_files import GREEN, RED, two_tone_png
from tests.tui.helpers import WIDE, AppFactory, open_first_article, settle, wait_until

from broadsheet.config import Config
from broadsheet.tui.widgets.reader_view import ReaderView

PICTURE_ARTICLE = """---
title: A post with a picture
date: 2024-05-01
---
The text before the picture.

![two colours](pics/two.png)

The text after the picture, with a word to find: zebra.
"""


def picture_library(root: Path) -> Path:
    """A library of one article with a local red-over-green picture."""
    two_tone_png(root / "posts" / "pics" / "two.png", (320, 160))
    (root / "posts" / "post.md").write_text(PICTURE_ARTICLE, encoding="utf-8")
    return root


def picture_lines(reader: ReaderView) -> list[int]:
    """The screen rows of the reader that a picture covers."""
    top = int(reader.scroll_offset.y)
    return [
        y
        for y in range(reader.scrollable_content_region.height)
        if top + y < len(reader._lines) and reader._lines[top + y].picture is not None
    ]


def picture_colours(
    reader: ReaderView, y: int
) -> set[tuple[tuple[int, int, int], tuple[int, int, int]]]:
    """The (top, bottom) colours of the half blocks drawn on screen row ``y``."""
    found = set()
    for segment in reader.render_line(y):
        style = segment.style
        if "▀" in segment.text and style and style.color and style.bgcolor:
            found.add((style.color.get_truecolor(), style.bgcolor.get_truecolor()))
    return found


async def test_a_local_picture_is_drawn_in_half_blocks(make: AppFactory, tmp_path: Path) -> None:
    app = make(Config(images="blocks"), picture_library(tmp_path / "lib"))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        await wait_until(pilot, lambda: bool(picture_lines(reader)), 10)
        rows = picture_lines(reader)
        assert len(rows) == 10
        await wait_until(pilot, lambda: bool(picture_colours(reader, rows[0])))
        assert picture_colours(reader, rows[0]) == {(RED, RED)}
        assert picture_colours(reader, rows[-1]) == {(GREEN, GREEN)}
        lines = [reader._lines[int(reader.scroll_offset.y) + y].text for y in range(rows[-1] + 4)]
        assert lines[rows[-1] + 1].startswith("▣ Image 1: two colours")
        assert lines[rows[-1] + 3].startswith("The text after the picture")
        # Find maps to the text after the picture.
        assert reader.find(["zebra"]) == 1
        line = reader.finder.current_line
        assert line is not None and "zebra" in reader._lines[line].text


async def test_the_key_hides_and_shows_pictures_for_the_session(
    make: AppFactory, tmp_path: Path
) -> None:
    app = make(Config(), picture_library(tmp_path / "lib"))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        await wait_until(pilot, lambda: bool(picture_lines(reader)), 10)
        reader.focus()
        await pilot.press("i")
        assert not picture_lines(reader)
        assert reader.pictures_on is False
        await pilot.press("i")
        await wait_until(pilot, lambda: bool(picture_lines(reader)), 10)


async def test_images_off_shows_placeholders_only(make: AppFactory, tmp_path: Path) -> None:
    app = make(Config(images="off"), picture_library(tmp_path / "lib"))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        await settle(pilot)
        assert not picture_lines(reader)
        assert any(line.text.startswith("▣ Image 1") for line in reader._lines)


async def test_resizing_rescales_the_picture(make: AppFactory, tmp_path: Path) -> None:
    app = make(Config(images="blocks"), picture_library(tmp_path / "lib"))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        await wait_until(pilot, lambda: bool(picture_lines(reader)), 10)
        await pilot.resize_terminal(WIDE[0], 12)
        await settle(pilot)
        rows = [line.picture for line in reader._lines if line.picture is not None]
        assert rows and len(rows) <= reader.scrollable_content_region.height


async def test_pictures_off_then_on_reads_them(make: AppFactory, tmp_path: Path) -> None:
    app = make(Config(images="off"), picture_library(tmp_path / "lib"))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        reader.focus()
        await pilot.press("i")
        await wait_until(pilot, lambda: bool(picture_lines(reader)), 10)
