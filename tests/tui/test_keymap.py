"""The one table of keys (tui/keymap.py): the bindings, the README, ``--help`` and the
palette's hints are made from it."""

from __future__ import annotations

from tests.conftest import REPO_ROOT
from tests.tui.helpers import WIDE, AppFactory, settle

from broadsheet.config import Config
from broadsheet.tui import keymap
from broadsheet.tui.app import BroadsheetApp
from broadsheet.tui.screens.help import HelpScreen
from broadsheet.tui.screens.main import MainScreen
from broadsheet.tui.screens.picker import PickerScreen
from broadsheet.tui.screens.prompt import PromptScreen
from broadsheet.tui.widgets.article_list import ArticleList
from broadsheet.tui.widgets.category_tree import CategoryTree
from broadsheet.tui.widgets.find_bar import FindBar
from broadsheet.tui.widgets.reader_view import ReaderView
from broadsheet.tui.widgets.search_bar import SearchBar

BOUND = {
    "app": BroadsheetApp,
    "main": MainScreen,
    "list": ArticleList,
    "reader": ReaderView,
    "categories": CategoryTree,
    "search": SearchBar,
    "find": FindBar,
    "picker": PickerScreen,
    "prompt": PromptScreen,
    "help": HelpScreen,
}


def test_ids_are_unique_and_sections_known() -> None:
    ids = [key.id for key in keymap.KEYS if not key.twin]
    assert len(ids) == len(set(ids))
    sections = {section for section, _ in keymap.SECTIONS}
    assert {key.section for key in keymap.KEYS} <= sections
    assert set(BOUND) == sections


def test_every_class_binds_exactly_its_rows() -> None:
    for section, cls in BOUND.items():
        bound = [(b.id, b.key, b.action) for b in cls.BINDINGS]  # type: ignore[union-attr]
        rows = [(k.id, k.keys, k.action) for k in keymap.in_section(section, twins=True)]
        assert bound == rows, section


def test_the_readme_keys_section_is_made_from_the_table() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- keys:")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- /keys -->")
    assert readme[start:end] == keymap.readme_section(), (
        "README's keys table is out of step: paste broadsheet.tui.keymap.readme_section()"
    )


def test_help_text_lists_the_brief_keys() -> None:
    from broadsheet.cli.app_command import KEYS_HELP

    assert keymap.brief_help() == KEYS_HELP
    for key in keymap.KEYS:
        if key.brief:
            assert key.brief in KEYS_HELP


def test_hints_follow_a_remap() -> None:
    assert keymap.hint("search") == "/"
    assert keymap.hint("search", {"search": "s,slash"}) == "s"
    assert keymap.unknown_ids({"search": "s", "nope": "x"}) == ["nope"]


async def test_palette_hints_follow_the_keys_table(make: AppFactory) -> None:
    from broadsheet.tui.commands import screen_commands

    app = make(Config(keys={"search": "s", "quit": "ctrl+q"}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        helps = {c.title: c.help for c in screen_commands(app, app.screen)}
        assert helps["Search the library"].endswith("(s)")
        assert helps["Quit"].endswith("(ctrl+q)")
        assert helps["Keys"].endswith("(?)")


def test_the_help_screens_query_summary_names_every_operator_of_the_readme() -> None:
    """The summary at the end of ``?`` left out ``OR``, parentheses and ``is:``."""
    import re

    from broadsheet.tui.screens.help import QUERY_HELP

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Query language", 1)[1].split("\n\n", 3)[2]
    queries = " ".join(line.split("|")[1] for line in table.splitlines() if "|" in line)
    operators = set(re.findall(r"\b([a-z]+:)", queries)) | set(re.findall(r"\bOR\b", queries))
    assert {"OR", "cat:", "is:", "sort:"} <= operators
    for operator in operators:
        assert operator in QUERY_HELP, operator
    assert "(a OR b)" in QUERY_HELP
