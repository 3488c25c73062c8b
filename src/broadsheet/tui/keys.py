"""Every key binding of the app, by where it works, for the help screen and the keymap.

Each binding has an id; the ``[keys]`` table of the configuration maps ids to keys
(``find = "f,ctrl+f"``) and the app applies it with ``App.set_keymap``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from textual.binding import Binding, BindingType


def _bindings(items: Iterable[BindingType]) -> list[Binding]:
    return [item for item in items if isinstance(item, Binding)]


def binding_sections(app_bindings: Sequence[BindingType]) -> list[tuple[str, list[Binding]]]:
    """``(where, bindings)`` for every part of the app that has keys."""
    from broadsheet.tui.screens.main import MainScreen
    from broadsheet.tui.screens.picker import PickerScreen
    from broadsheet.tui.widgets.article_list import ArticleList
    from broadsheet.tui.widgets.category_tree import CategoryTree
    from broadsheet.tui.widgets.find_bar import FindBar
    from broadsheet.tui.widgets.reader_view import ReaderView
    from broadsheet.tui.widgets.search_bar import SearchBar

    return [
        ("Everywhere", _bindings(app_bindings)),
        ("Main screen", _bindings(MainScreen.BINDINGS)),
        ("Article list", _bindings(ArticleList.BINDINGS)),
        ("Reader", _bindings(ReaderView.BINDINGS)),
        ("Categories", _bindings(CategoryTree.BINDINGS)),
        ("Search box", _bindings(SearchBar.BINDINGS)),
        ("Find box", _bindings(FindBar.BINDINGS)),
        ("Lists of links, headings, bookmarks", _bindings(PickerScreen.BINDINGS)),
    ]


def binding_ids(app_bindings: Sequence[BindingType]) -> set[str]:
    """Every binding id the app knows."""
    return {
        binding.id
        for _, bindings in binding_sections(app_bindings)
        for binding in bindings
        if binding.id
    }


def unknown_binding_ids(
    keymap: Mapping[str, str], app_bindings: Sequence[BindingType]
) -> list[str]:
    """The ids in ``keymap`` that no binding has (probably typos)."""
    known = binding_ids(app_bindings)
    return sorted(name for name in keymap if name not in known)
