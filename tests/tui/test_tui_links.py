"""Links to other articles open in the reader; back and forward; hand-offs to other tools."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tests.tui.helpers import (
    WIDE,
    AppFactory,
    Browser,
    main_screen,
    screen_text,
    settle,
    wait_until,
)
from textual.pilot import Pilot

from broadsheet.tui.screens.prompt import PromptScreen

FIRST = """---
title: First post
date: 2020-01-02
permalink: https://blog.example.com/first-post/
---
Read [the second one](second-post.md) next, or {% post_link second-post %}.
"""
SECOND = """---
title: 第二篇文章
date: 2020-01-01
---
第二篇的正文。
"""


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    root.mkdir()
    (root / "first-post.md").write_text(FIRST, encoding="utf-8")
    (root / "second-post.md").write_text(SECOND, encoding="utf-8")
    return root


async def _open_first(pilot: Pilot[int]) -> None:
    await settle(pilot)
    screen = main_screen(pilot)
    await wait_until(pilot, lambda: screen.article_list.row_count == 2)  # the scan is in
    screen.article_list.cursor = 0
    await pilot.press("enter")
    await settle(pilot)
    assert screen.reader.article is not None and screen.reader.article.title == "First post"


async def test_a_link_to_another_article_opens_it_and_back_returns(
    make: AppFactory, blog: Path, browser: Browser
) -> None:
    app = make(root=blog)
    async with app.run_test(size=WIDE) as pilot:
        await _open_first(pilot)
        screen = main_screen(pilot)
        assert "第二篇文章" in screen_text(pilot)  # the post_link shows the target's title
        await pilot.press("1")
        await settle(pilot)
        assert screen.reader.article is not None and screen.reader.article.title == "第二篇文章"
        assert browser.opened == []
        await pilot.press("H")
        await settle(pilot)
        assert screen.reader.article.title == "First post"
        await pilot.press("L")
        await settle(pilot)
        assert screen.reader.article.title == "第二篇文章"
        await pilot.press("H")
        await pilot.press("2")  # the post_link
        await settle(pilot)
        assert screen.reader.article.title == "第二篇文章"


async def test_web_page_and_copies(make: AppFactory, blog: Path, browser: Browser) -> None:
    app = make(root=blog)
    async with app.run_test(size=WIDE) as pilot:
        await _open_first(pilot)
        await pilot.press("W")
        await settle(pilot)
        assert browser.opened == ["https://blog.example.com/first-post/"]
        await pilot.press("y")
        assert app.clipboard == "https://blog.example.com/first-post/"
        await pilot.press("Y")
        assert app.clipboard == str(blog.resolve() / "first-post.md")


async def test_the_editor_edits_the_file_and_the_reader_reads_it_again(
    make: AppFactory, blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "\\nAn edited line.\\n" >> "$1"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("VISUAL", str(editor))
    app = make(root=blog)
    async with app.run_test(size=WIDE) as pilot:
        await _open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "An edited line." in screen_text(pilot)
        assert main_screen(pilot).reader.article_id is not None


async def test_save_a_copy_outside_the_library_only(
    make: AppFactory, blog: Path, tmp_path: Path
) -> None:
    app = make(root=blog)
    async with app.run_test(size=WIDE) as pilot:
        await _open_first(pilot)
        for answer in (str(tmp_path / "copy.md"), str(blog / "inside.txt")):
            await pilot.press("S")
            await settle(pilot)
            assert isinstance(app.screen, PromptScreen)
            app.screen.query_one("Input").value = answer  # type: ignore[attr-defined]
            await pilot.press("enter")
            await settle(pilot)
        saved = (tmp_path / "copy.md").read_text(encoding="utf-8")
        assert saved.startswith("# First post\n")
        assert not (blog / "inside.txt").exists()


async def test_pipe_the_text_to_a_command(make: AppFactory, blog: Path, tmp_path: Path) -> None:
    out = tmp_path / "piped.txt"
    app = make(root=blog)
    async with app.run_test(size=WIDE) as pilot:
        await _open_first(pilot)
        await pilot.press("vertical_line")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("Input").value = f"cat > {out}"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert "Read the second one" in out.read_text(encoding="utf-8")
        assert app.state.get("last_pipe") == f"cat > {out}"
    assert os.environ.get("BROADSHEET_DATA_DIR")


async def test_the_links_list_filters_as_you_type_and_copies(make: AppFactory, blog: Path) -> None:
    from textual.widgets import OptionList

    from broadsheet.tui.screens.picker import PickerScreen

    app = make(root=blog)
    async with app.run_test(size=WIDE) as pilot:
        await _open_first(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2
        await pilot.press("y")  # the highlighted link's address
        assert app.clipboard == "second-post.md"
        await pilot.press("p", "o", "s", "t", ":")  # only the post_link's post: URL
        await settle(pilot)
        assert options.option_count == 1
        await pilot.press("escape")  # clears the filter first
        assert options.option_count == 2 and isinstance(app.screen, PickerScreen)
        await pilot.press("slash", "n", "o", "p", "e")
        assert options.option_count == 0
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, PickerScreen)
