"""Pictures through the terminal's protocol: with kitty or sixel forced (as the probe
would choose it), the reader writes that protocol's sequences to the driver, moves
them with the text, and falls back to half blocks where they would be drawn over."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.render.picture_files import GREEN, RED
from tests.render.test_graphics import decode_sixel, kitty_messages
from tests.tui.helpers import WIDE, AppFactory, main_screen, open_first_article, settle, wait_until
from tests.tui.test_tui_pictures import picture_colours, picture_library, picture_lines
from textual.pilot import Pilot

from broadsheet.config import Config
from broadsheet.render.graphics import DIACRITICS, PLACEHOLDER
from broadsheet.tui.app import BroadsheetApp, make_app
from broadsheet.tui.graphics_probe import Graphics
from broadsheet.tui.widgets.reader_view import ReaderView

SIXEL_AT = re.compile(r"\x1b\[(\d+);(\d+)H(\x1bP.*?\x1b\\)", re.DOTALL)


def forced(protocol: str, root: Path, config: Config | None = None) -> BroadsheetApp:
    """The app as the CLI builds it in a terminal that speaks ``protocol``."""
    graphics = Graphics(protocol, (10, 20), "forced by the test")  # type: ignore[arg-type]
    return make_app(root, config=config or Config(), graphics=graphics)


def capture(app: BroadsheetApp) -> list[str]:
    """What the app writes to its driver from now on (the headless driver drops it)."""
    written: list[str] = []
    driver = app._driver
    assert driver is not None
    driver.write = written.append  # type: ignore[method-assign]
    return written


def placeholders(reader: ReaderView, y: int) -> list[tuple[str, str]]:
    """The (row, column) diacritics of the kitty placeholders on screen row ``y``."""
    text = "".join(segment.text for segment in reader.render_line(y))
    return [(cell[0], cell[1]) for cell in text.split(PLACEHOLDER)[1:]]


def _decoded(reader: ReaderView, y: int) -> bool:
    row = reader._lines[int(reader.scroll_offset.y) + y].picture
    pictures = reader.document.pictures if reader.document is not None else None
    assert row is not None and pictures is not None
    return pictures.drawing(row.number, row.columns, row.rows, (18, 18, 18)) is not None


async def _picture_drawn(pilot: Pilot[int], reader: ReaderView) -> list[int]:
    """The screen rows of the picture, once it is decoded."""
    await wait_until(pilot, lambda: bool(picture_lines(reader)), 10)
    rows = picture_lines(reader)
    await wait_until(pilot, lambda: _decoded(reader, rows[0]), 10)
    await settle(pilot)
    return rows


@asynccontextmanager
async def reading(
    protocol: str, root: Path, config: Config | None = None, notifications: bool = False
) -> AsyncIterator[tuple[Pilot[int], ReaderView, list[int], list[str]]]:
    """The picture article open with ``protocol`` forced: the pilot, the reader, the
    picture's screen rows, and what the app writes to its driver."""
    app = forced(protocol, picture_library(root), config)
    async with app.run_test(size=WIDE, notifications=notifications) as pilot:
        written = capture(app)
        reader = await open_first_article(pilot)
        rows = await _picture_drawn(pilot, reader)
        yield pilot, reader, rows, written


async def test_kitty_sends_the_picture_once_and_draws_placeholders(
    library_dir: Path, tmp_path: Path
) -> None:
    async with reading("kitty", tmp_path / "lib") as (pilot, reader, rows, written):
        await wait_until(pilot, lambda: bool(placeholders(reader, rows[0])), 10)
        [(keys, _payload)] = kitty_messages("".join(written))
        assert (keys["a"], keys["U"], keys["c"], keys["r"]) == ("T", "1", "40", "10")
        image_id = int(keys["i"])
        assert placeholders(reader, rows[0])[:2] == [
            (DIACRITICS[0], DIACRITICS[0]),
            (DIACRITICS[0], DIACRITICS[1]),
        ]
        assert len(placeholders(reader, rows[0])) == 40
        assert placeholders(reader, rows[-1])[0] == (DIACRITICS[9], DIACRITICS[0])
        assert not placeholders(reader, rows[-1] + 1), "the caption is text"
        colours = {
            segment.style.color.get_truecolor()
            for segment in reader.render_line(rows[0])
            if PLACEHOLDER in segment.text and segment.style and segment.style.color
        }
        assert colours == {((image_id >> 16) & 255, (image_id >> 8) & 255, image_id & 255)}
        # Scrolling moves the placeholders with the text and sends nothing again.
        await pilot.resize_terminal(WIDE[0], 18)
        await settle(pilot)
        top = int(reader.scroll_offset.y)
        reader.scroll_to_line(top + 2)
        await settle(pilot)
        assert int(reader.scroll_offset.y) == top + 2
        moved = picture_lines(reader)
        assert placeholders(reader, moved[0])[0] == (DIACRITICS[0], DIACRITICS[0])
        assert moved[0] == rows[0] - 2
        assert len(kitty_messages("".join(written))) == 1
    assert f"a=d,d=I,i={image_id}" in "".join(written), "freed when the reader closes"


async def test_kitty_pictures_are_half_blocks_under_the_help_screen(
    library_dir: Path, tmp_path: Path
) -> None:
    async with reading("kitty", tmp_path / "lib") as (pilot, reader, rows, _written):
        app = pilot.app
        await wait_until(pilot, lambda: bool(placeholders(reader, rows[0])), 10)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen is not main_screen(pilot), 10)
        # A modal tints what is under it, which would change the id the colour carries.
        assert not placeholders(reader, rows[0])
        assert picture_colours(reader, rows[0]) == {(RED, RED)}
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main_screen(pilot), 10)
        assert placeholders(reader, rows[0])


def sixels_at(written: list[str]) -> dict[tuple[int, int], str]:
    """The sixels written, by (screen x, screen y), the last at each place."""
    found: dict[tuple[int, int], str] = {}
    for chunk in written:
        assert chunk.startswith("\x1b7") and chunk.endswith("\x1b8"), "the cursor is kept"
        for match in SIXEL_AT.finditer(chunk):
            found[(int(match.group(2)) - 1, int(match.group(1)) - 1)] = match.group(3)
    return found


async def test_sixel_draws_each_picture_row_at_its_place_and_again_after_a_scroll(
    library_dir: Path, tmp_path: Path
) -> None:
    async with reading("sixel", tmp_path / "lib") as (pilot, reader, rows, written):
        await wait_until(pilot, lambda: len(sixels_at(written)) == 10, 10)
        region = reader.content_region
        drawn = sixels_at(written)
        xs = {x for x, _ in drawn}
        assert len(xs) == 1 and region.x < xs.pop() < region.right
        assert sorted(y for _, y in drawn) == [region.y + y for y in rows]
        by_row = [drawn[key] for key in sorted(drawn, key=lambda key: key[1])]
        for number, text in enumerate(by_row):
            width, height, palette, pixels = decode_sixel(text)
            assert (width, height) == (400, 20)
            # The most of the row (the edge between the colours is resampled).
            [(colour, _)] = Counter(p for line in pixels[:height] for p in line).most_common(1)
            assert all(p >= 0 for line in pixels[:height] for p in line), "every pixel set"
            expected = RED if number < 5 else GREEN
            assert palette[colour] == tuple(round(c * 100 / 255) for c in expected)
        # Under the sixels, the half blocks (what shows where a sixel cannot).
        assert picture_colours(reader, rows[0]) == {(RED, RED)}
        await pilot.resize_terminal(WIDE[0], 18)
        await settle(pilot)
        written.clear()
        top = int(reader.scroll_offset.y)
        reader.scroll_to_line(top + 2)
        await settle(pilot)
        assert int(reader.scroll_offset.y) == top + 2
        moved = picture_lines(reader)
        await wait_until(pilot, lambda: len(sixels_at(written)) == len(moved), 10)
        assert sorted(y for _, y in sixels_at(written)) == [region.y + y for y in moved]


async def test_no_sixel_is_drawn_while_another_screen_is_on_top(
    library_dir: Path, tmp_path: Path
) -> None:
    async with reading("sixel", tmp_path / "lib") as (pilot, reader, _rows, written):
        app = pilot.app
        await wait_until(pilot, lambda: len(sixels_at(written)) == 10, 10)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen is not main_screen(pilot), 10)
        written.clear()
        reader.refresh()
        await settle(pilot)
        await pilot.pause(0.6)  # past a recheck
        assert not sixels_at(written)
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(sixels_at(written)) == 10, 10)


async def test_images_blocks_writes_nothing_and_draws_half_blocks(
    library_dir: Path, tmp_path: Path
) -> None:
    for protocol in ("kitty", "sixel"):
        config = Config(images="blocks")
        async with reading(protocol, tmp_path / protocol, config) as (pilot, reader, rows, written):
            await settle(pilot)
            assert picture_colours(reader, rows[-1]) == {(GREEN, GREEN)}
            assert not placeholders(reader, rows[0])
            assert written == []


async def test_the_tests_default_is_half_blocks(make: AppFactory, tmp_path: Path) -> None:
    app = make(Config(), picture_library(tmp_path / "lib"))
    assert app.graphics.protocol == "blocks"


async def test_sixel_rows_are_drawn_again_once_a_resize_settles(tmp_path: Path) -> None:
    """Textual repaints the whole screen after a resize, partly from its cache: every
    row is drawn again once the resizing stops, drawn or not."""
    async with reading("sixel", tmp_path / "lib") as (pilot, reader, _rows, written):
        await wait_until(pilot, lambda: len(sixels_at(written)) == 10, 10)
        written.clear()
        await pilot.resize_terminal(WIDE[0] - 10, WIDE[1])
        await settle(pilot)
        await wait_until(pilot, lambda: _decoded(reader, picture_lines(reader)[0]), 10)
        rows = picture_lines(reader)
        screen_rows = [reader.content_region.y + y for y in rows]
        # Each row at its new place, none elsewhere (a row may be drawn twice, when a
        # repaint from the cache lands while the settled redraw is due: 1 run in 6).
        drawn = lambda: {y for _, y in sixels_at(written)}  # noqa: E731
        await wait_until(pilot, lambda: drawn() == set(screen_rows))
        await pilot.pause(0.4)
        written.clear()
        reader._sixels.redraw_soon()  # what a resize does
        await wait_until(pilot, lambda: drawn() == set(screen_rows))


def _toast_rows(pilot: Pilot[int]) -> set[int]:
    """The screen rows notifications cover."""
    return {
        y
        for toast in pilot.app.screen.query("Toast")
        for y in range(toast.region.y, toast.region.bottom)
        if toast.region.width
    }


async def test_no_sixel_is_drawn_over_a_notification_and_it_comes_back_after(
    tmp_path: Path,
) -> None:
    async with reading("sixel", tmp_path / "lib", notifications=True) as (
        pilot,
        reader,
        first,
        written,
    ):
        await wait_until(pilot, lambda: len(sixels_at(written)) == 10, 10)
        # A short screen: the toast at the bottom right covers the picture's lower rows.
        await pilot.resize_terminal(WIDE[0], first[-1] + 5)
        await wait_until(pilot, lambda: len(picture_lines(reader)) > 0, 10)
        screen_rows = {reader.content_region.y + y for y in picture_lines(reader)}
        reader.notify("A notice wide enough to cover a picture. " * 3, timeout=2)
        await wait_until(pilot, lambda: bool(_toast_rows(pilot)), 10)
        covered = _toast_rows(pilot)
        assert covered & screen_rows, "the toast lies over picture rows"
        written.clear()
        reader.refresh()
        await settle(pilot)
        await pilot.pause(0.6)  # past a recheck
        drawn = {y for _, y in sixels_at(written)}
        assert drawn and not drawn & covered
        # Once the toast goes, its rows are drawn again (the recheck finds them).
        written.clear()
        await wait_until(pilot, lambda: not _toast_rows(pilot), 10)
        await wait_until(
            pilot, lambda: covered & screen_rows <= {y for _, y in sixels_at(written)}, 10
        )
