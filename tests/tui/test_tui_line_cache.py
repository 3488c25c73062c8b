"""The reader draws a line once per width, theme and find, and the page ahead before it shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.render.picture_files import GREEN, RED, two_tone_png
from tests.tui.helpers import WIDE, AppFactory, open_first_article, settle, wait_until
from tests.tui.test_tui_pictures import picture_colours, picture_lines

from broadsheet.config import Config
from broadsheet.tui.widgets.reader_view import ReaderView


def long_picture_library(root: Path, pictures: int = 3) -> Path:
    """One article: pictures between long runs of paragraphs, a word to find in each run."""
    parts = ["---\ntitle: Pictures and paragraphs\ndate: 2024-05-01\n---\n"]
    for number in range(pictures):
        two_tone_png(root / "posts" / "pics" / f"p{number}.png", (320, 160))
        parts += [f"Paragraph {number}.{line}: the walk went on, zebra." for line in range(30)]
        parts.append(f"![picture {number}](pics/p{number}.png)")
    (root / "posts" / "post.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return root


def _screen(reader: ReaderView) -> list[list[Any]]:
    return [list(reader.render_line(y)) for y in range(reader.scrollable_content_region.height)]


async def test_paging_shows_the_page_drawn_ahead(
    make: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make(Config(images="blocks"), long_picture_library(tmp_path / "lib"))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        reader.focus()
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        drawn: list[int] = []
        draw = reader._draw
        monkeypatch.setattr(
            reader, "_draw", lambda index, *rest: drawn.append(index) or draw(index, *rest)
        )
        step = reader.scrollable_content_region.height - 1
        reader.scroll_to(y=reader.scroll_y + step, animate=False, immediate=True)
        screen = _screen(reader)  # what the next frame asks for, before it is drawn
        assert drawn == []
        rows = picture_lines(reader)  # the page ahead holds a picture, drawn
        assert set().union(*(picture_colours(reader, y) for y in rows)) == {
            (RED, RED),
            (GREEN, GREEN),
        }
        await settle(pilot)
        assert _screen(reader) == screen


async def test_a_new_width_draws_every_line_again(make: AppFactory, tmp_path: Path) -> None:
    app = make(Config(images="blocks"), long_picture_library(tmp_path / "lib", pictures=1))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        reader.focus()
        await pilot.press("end")
        await wait_until(
            pilot,
            lambda: (
                bool(picture_lines(reader))
                and bool(picture_colours(reader, picture_lines(reader)[0]))
            ),
            10,
        )
        _screen(reader)
        await pilot.resize_terminal(WIDE[0] - 30, WIDE[1])
        await settle(pilot)
        await wait_until(pilot, lambda: bool(picture_lines(reader)), 10)
        width = reader.scrollable_content_region.width
        assert all(
            sum(segment.cell_length for segment in line) == width for line in _screen(reader)
        )
        rows = picture_lines(reader)
        await wait_until(pilot, lambda: bool(picture_colours(reader, rows[0])), 10)
        assert picture_colours(reader, rows[0]) == {(RED, RED)}


async def test_a_step_of_the_find_redraws_the_lines_it_changes(
    make: AppFactory, tmp_path: Path
) -> None:
    app = make(Config(images="off"), long_picture_library(tmp_path / "lib", pictures=1))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        await settle(pilot)
        plain = _screen(reader)
        assert reader.find(["zebra"]) > 2
        first = reader.finder.current_line
        assert first is not None
        found = _screen(reader)
        assert found != plain  # the lines drawn before the find show its highlights
        top = int(reader.scroll_offset.y)
        current = list(reader.render_line(first - top))
        reader.action_find_step(1)
        second = reader.finder.current_line
        assert second is not None and second != first
        top = int(reader.scroll_offset.y)
        assert list(reader.render_line(first - top)) != current  # no longer the current one
        reader.clear_find()
        assert _screen(reader) == plain


async def test_a_theme_change_redraws_in_its_colours(make: AppFactory, tmp_path: Path) -> None:
    app = make(Config(images="off"), long_picture_library(tmp_path / "lib", pictures=1))
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_article(pilot)
        await settle(pilot)
        before = _screen(reader)
        app.theme = "solarized-light"
        await settle(pilot)
        background = reader.rich_style.bgcolor
        after = _screen(reader)
        assert after != before
        assert all(segment.style.bgcolor == background for line in after for segment in line[:1])
