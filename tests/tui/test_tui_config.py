"""Configuration in the app: theme, reading width, key remaps, the help screen."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from tests.conftest import REFERENCE_TITLE
from tests.tui.helpers import WIDE, AppFactory, main_screen, screen_text, settle

from broadsheet.config import Config, load_config
from broadsheet.tui.keymap import KEYS
from broadsheet.tui.screens.help import HelpScreen
from broadsheet.tui.widgets.find_bar import FindBar


async def test_theme_comes_from_the_config_and_changes_are_saved(make: AppFactory) -> None:
    app = make(Config(theme="nord"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
    assert load_config().theme == "gruvbox"


async def test_theme_key_opens_the_theme_picker(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        assert "CommandPalette" in type(app.screen).__name__


async def test_reader_follows_a_theme_change(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = main_screen(pilot).reader
        before = reader.document
        article_id = reader.article_id
        app.theme = "solarized-light"
        await settle(pilot)
        assert reader.article_id == article_id
        assert reader.document is not before


async def test_unknown_theme_is_reported(make: AppFactory) -> None:
    app = make(Config(theme="no-such-theme"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert any("no-such-theme" in str(n.message) for n in app._notifications)


async def test_reading_width_limits_the_text(make: AppFactory) -> None:
    app = make(Config(reading_width=40))
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        index = next(
            i for i, e in enumerate(screen.article_list.entries) if e.title == REFERENCE_TITLE
        )
        screen.article_list.cursor = index
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.reader
        for y in range(reader.scrollable_content_region.height):
            text = "".join(s.text for s in reader.render_line(y)).strip()
            assert cell_len(text) <= 40


async def test_keys_can_be_remapped_by_binding_id(make: AppFactory) -> None:
    app = make(Config(keys={"find": "x", "search": "s"}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        assert not screen.query_one(FindBar).is_open
        await pilot.press("x")
        assert screen.query_one(FindBar).is_open
        await pilot.press("escape", "escape")
        await pilot.press("s")
        assert app.focused is not None and app.focused.id == "search"


async def test_unknown_binding_ids_are_reported(make: AppFactory) -> None:
    app = make(Config(keys={"fnid": "x"}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert any("fnid" in str(n.message) for n in app._notifications)


async def test_help_lists_every_binding_id(make: AppFactory) -> None:
    app = make(Config(keys={"find": "x,ctrl+f"}))
    async with app.run_test(size=(140, 200)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        for key in KEYS:
            if key.section != "help":
                assert key.id in text, key.id
        find_row = next(line for line in text.splitlines() if "│ find " in line)
        assert "x, ^f" in find_row  # the remapped keys, shown as the footer shows them
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_binding_has_an_id(make: AppFactory) -> None:
    from textual.binding import Binding

    from broadsheet.tui.screens.main import MainScreen

    app = make()
    for cls in (type(app), MainScreen, HelpScreen):
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, binding


def test_saving_a_setting_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    """Changing the theme in the app edits one line: comments and tables stay."""
    import tomllib

    from broadsheet.config import save_setting

    path = tmp_path / "config.toml"
    original = '# mine\nlibrary = "~/notes"  # the folder\ntheme = "nord"\n\n[keys]\nfind = "f"\n'
    path.write_text(original, encoding="utf-8")
    save_setting("theme", "gruvbox", path)
    assert path.read_text(encoding="utf-8") == original.replace('"nord"', '"gruvbox"')
    path.write_text('[keys]\nfind = "f"\n', encoding="utf-8")
    save_setting("theme", "nord", path)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "theme": "nord",
        "keys": {"find": "f"},
    }
