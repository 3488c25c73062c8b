"""The reader on the whole screen (z) and the category pane hidden (C, or no categories)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import NARROW, WIDE, AppFactory, main_screen, screen_text, settle

from broadsheet.tui.widgets.category_tree import CategoryTree


async def test_z_gives_the_reader_the_whole_screen_and_back(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert not screen.check_action("zoom", (1,))  # nothing to read yet
        await pilot.press("enter")
        await settle(pilot)
        narrow_text = screen.reader.text_width
        await pilot.press("z")
        await settle(pilot)
        assert screen.zoomed
        assert not screen.list_pane.display or screen.list_pane.region.width == 0
        assert screen.reader.text_width > narrow_text
        assert "z Zoom" in screen_text(pilot)  # z is in the Footer
        await pilot.press("z")
        await settle(pilot)
        assert not screen.zoomed
        assert screen.list_pane.region.width > 0


async def test_escape_from_the_zoomed_reader_brings_the_panes_back(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert screen.zoomed and screen.pane == "reader"
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.zoomed and screen.pane == "list"


async def test_shift_c_hides_the_categories_and_c_brings_them_back(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        tree = screen.query_one(CategoryTree)
        width = screen.list_pane.region.width
        await pilot.press("C")
        await settle(pilot)
        assert screen.categories_hidden and tree.region.width == 0
        assert screen.list_pane.region.width > width
        await pilot.press("tab", "tab")
        assert screen.pane == "list"  # tab skips the hidden pane
        await pilot.press("c")
        await settle(pilot)
        assert not screen.categories_hidden and app.focused is tree


async def test_a_library_without_categories_has_no_tree(make: AppFactory, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    for n in range(3):
        (root / f"post{n}.md").write_text(f"+++\ntitle = 'Post {n}'\n+++\nText {n}.\n")
    app = make(root=root)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.categories_hidden
        assert screen.list_pane.region.x == 0


async def test_rows_without_categories_show_the_author_instead(
    make: AppFactory, tmp_path: Path
) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    for n in range(3):
        text = (
            f"+++\ntitle = 'Post {n}'\nauthor = 'Writer{n}'\ndate = 2020-01-0{n + 1}\n+++\nText.\n"
        )
        (root / f"post{n}.md").write_text(text)
    app = make(root=root)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "Writer0" in screen_text(pilot)  # the list is 60 cells wide: title, author, date
