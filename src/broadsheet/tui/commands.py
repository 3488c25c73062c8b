"""The command palette (ctrl+p): articles by title, categories, and the app's actions.

The providers are the main screen's (``MainScreen.COMMANDS``): Textual makes them with
the screen under the palette, which gives them what :class:`PaletteHost` names.

Hits are :class:`Content` built from plain text: titles and category names come from
articles and must never be parsed as markup (Textual parses a ``str`` hit and the
``help`` line as markup, so help strings hold only our own words).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence, Set
from functools import partial
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

from textual.actions import parse as parse_action
from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from broadsheet.errors import BroadsheetError
from broadsheet.library.article import CategoryPath, category_label
from broadsheet.library.library import Library
from broadsheet.library.results import CategoryNode
from broadsheet.tui.cells import one_line
from broadsheet.tui.keymap import KEYS, hint

if TYPE_CHECKING:
    from broadsheet.tui.app import BroadsheetApp

ARTICLE_HITS: Final = 20


@runtime_checkable
class PaletteHost(Protocol):
    """What the palette's providers need of the screen under it."""

    library: Library
    """Searched for articles, read for categories."""

    def open_article(self, article_id: str) -> None:
        """Open an article in the reader."""

    def choose_category(self, path: CategoryPath) -> None:
        """Filter the list to a category."""


def _host(provider: Provider) -> PaletteHost | None:
    """The screen under the palette, when it is one the providers can serve."""
    screen = provider.screen
    return screen if isinstance(screen, PaletteHost) else None


class ArticleProvider(Provider):
    """Finds articles with the library's search; choosing one opens it."""

    async def search(self, query: str) -> Hits:
        """Articles matching ``query`` (the query language works here too)."""
        screen = _host(self)
        if screen is None or not query.strip():
            return
        library = screen.library
        try:
            results = await asyncio.to_thread(library.search, query, limit=ARTICLE_HITS)
        except BroadsheetError:
            return  # a half-typed query: the list search shows the message
        style = self.match_style
        for rank, hit in enumerate(results.hits):
            title = one_line(hit.entry.title)
            display = Content(title)
            if style is not None and title == hit.entry.title:
                for start, end in hit.title_spans:
                    display = display.stylize(style, start, end)
            where = one_line(category_label(hit.entry.category) or "no category")
            # The category goes into the Content, never into ``help``, which Textual
            # parses as markup (escaping misses ``[ @click=...]``).
            display = Content.assemble(display, Content.styled(f" · {where}", "dim"))
            yield Hit(
                1.0 - rank / (ARTICLE_HITS * 2),
                display,
                partial(screen.open_article, hit.entry.id),
                text=title,
                help="Open article",
            )


class CategoryProvider(Provider):
    """Finds categories by name; choosing one filters the list to it."""

    def __init__(self, screen: Screen[object], match_style: object = None) -> None:
        """A provider over the category tree (read when the palette opens)."""
        super().__init__(screen, match_style)  # type: ignore[arg-type]
        self._categories: list[tuple[CategoryPath, int]] = []

    async def startup(self) -> None:
        """Read the tree once per palette."""
        screen = _host(self)
        if screen is None:
            return
        try:
            roots = await asyncio.to_thread(screen.library.categories)
        except BroadsheetError:
            return
        pending: list[CategoryNode] = list(roots)
        while pending:
            node = pending.pop(0)
            self._categories.append((node.path, node.count))
            pending.extend(node.children)

    async def search(self, query: str) -> Hits:
        """Categories whose path matches ``query`` (fuzzy)."""
        screen = _host(self)
        if screen is None:
            return
        matcher = self.matcher(query)
        for path, count in self._categories:
            label = one_line(category_label(path))
            score = matcher.match(label)
            if score <= 0:
                continue
            yield Hit(
                score,
                _fuzzy_content(matcher.fuzzy_search.match(query, label)[1], label, self),
                partial(screen.choose_category, path),
                text=label,
                help=f"Show this category · {count:,} articles",
            )

    async def discover(self) -> Hits:
        """The top-level categories, when nothing is typed."""
        screen = _host(self)
        if screen is None:
            return
        for path, count in self._categories:
            if len(path) == 1:
                label = one_line(category_label(path))
                yield DiscoveryHit(
                    Content(label),
                    partial(screen.choose_category, path),
                    text=label,
                    help=f"Show this category · {count:,} articles",
                )


def _fuzzy_content(offsets: Sequence[int], label: str, provider: Provider) -> Content:
    """``label`` as plain Content with the fuzzy-matched characters styled."""
    content = Content(label)
    style = provider.match_style
    if style is None:
        return content
    for offset in offsets:
        if 0 <= offset < len(label) and not label[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


def screen_commands(app: BroadsheetApp, screen: Screen[object]) -> list[SystemCommand]:
    """The app's actions as palette commands (only those that can run now)."""
    if screen is not app.main_screen:
        return []
    keymap = app.config.keys

    def keyed(text: str, binding_id: str) -> str:
        """``text`` with the key in force for ``binding_id`` (after a ``[keys]`` remap)."""
        return f"{text} ({hint(binding_id, keymap)})"

    actions = [
        ("Search the library", "Search titles and text", "search"),
        ("Categories", "Go to the category tree", "categories"),
        ("Find in article", "Find words in the open article", "find"),
        ("Table of contents", "Jump to a heading of the article", "contents"),
        ("Links", "List the article's links to open one", "links"),
    ]
    commands = [
        SystemCommand(title, keyed(help_text, action), partial(screen.run_action, action))
        for title, help_text, action in actions
        if screen.check_action(action, ()) is True
    ]
    commands.append(
        SystemCommand(
            "Bookmarks", keyed("List the bookmarked articles", "bookmarks"), app.action_bookmarks
        )
    )
    if app.check_action("flip", ()):
        commands.append(
            SystemCommand(
                "Toggle read",
                keyed("Mark the article read or unread", "read.toggle"),
                partial(app.action_flip, "read"),
            )
        )
        commands.append(
            SystemCommand(
                "Toggle bookmark",
                keyed("Add or remove the article's bookmark", "bookmark.toggle"),
                partial(app.action_flip, "bookmark"),
            )
        )
    commands += _keyed_actions(screen, keyed, {action for _, _, action in actions})
    commands.append(
        SystemCommand("Keys", keyed("Every key and its binding id", "help"), app.action_help)
    )
    commands.append(SystemCommand("Quit", keyed("Quit broadsheet", "quit"), app.action_quit))
    return commands


PALETTE_LEFT_OUT: Final = frozenset({"pane.next", "pane.previous", "back"})
"""Main-screen keys that make no sense from the palette (moving between panes)."""


def _keyed_actions(
    screen: Screen[Any], keyed: Callable[[str, str], str], listed: Set[str]
) -> list[SystemCommand]:
    """The main screen's other keys (rescan, next unread, sort, hand-offs...) as commands,
    each where it can run now, named as ``?`` names it."""
    found = []
    for key in KEYS:
        if key.section != "main" or key.twin or key.id in PALETTE_LEFT_OUT:
            continue
        _, name, parameters = parse_action(key.action)
        if name in listed or screen.check_action(name, parameters) is not True:
            continue
        what = key.doc[:1].upper() + key.doc[1:] if key.doc else key.description
        found.append(
            SystemCommand(
                key.description, keyed(what, key.id), partial(screen.run_action, key.action)
            )
        )
    return found
