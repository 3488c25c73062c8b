"""Every key of the reader, once: one row per binding id.

The widgets' and screens' ``BINDINGS``, the help screen's sections, the palette's key
hints, ``broadsheet --help`` and the README's keys section are all made from
:data:`KEYS`. A new key is one new row here (with the ``section`` of the class that
handles its action); the ``[keys]`` table of the configuration remaps a row by its id
(``find = "f,ctrl+f"``), and the app applies it with ``App.set_keymap``.

This module imports no Textual at import time, so that ``broadsheet --help`` stays
quick; :func:`bindings` builds Textual ``Binding`` objects when a class asks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from textual.binding import Binding

SECTIONS: Final = (
    ("app", "Everywhere"),
    ("main", "Main screen"),
    ("list", "Article list"),
    ("reader", "Reader"),
    ("categories", "Categories"),
    ("search", "Search box"),
    ("find", "Find box"),
    ("picker", "Lists of links, headings, bookmarks"),
    ("prompt", "Prompts (pipe, save)"),
    ("help", "This help"),
)
"""Section id -> its heading, in the order the help screen and the README list them."""


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: its id, default keys, action, and how the docs show it."""

    id: str
    keys: str
    """The default keys, comma-separated Textual key names (``"f,ctrl+f"``)."""
    action: str
    description: str
    section: str
    """Which class binds it (a key of :data:`SECTIONS`)."""
    show: bool = False
    """Shown in the Footer."""
    priority: bool = False
    tooltip: str = ""
    brief: str = ""
    """A word or two for the short list of keys in ``broadsheet --help`` (empty: left out)."""
    twin: bool = False
    """The row before again, for another action (same id and keys; listed once)."""
    doc: str = ""
    """The README's words for it; rows with the same words share a line (empty: only
    ``?`` in the reader lists it)."""


# README lines that several rows share.
_MOVE: Final = "move in the list, the tree, or scroll the reader"
_EDGES: Final = "first / last"
_PAGE: Final = "page the list or the tree"
_OPEN: Final = "open the article (or, in the tree, filter the list by the category)"
_FOLD: Final = "in the tree: fold or unfold a category, go to its parent"
_PANES: Final = "next / previous pane"
_READ_PAGE: Final = "page the reader"
_STEP: Final = "previous / next article of the list, without leaving the reader"
_FIND: Final = "find in the article: every match highlighted, a counter"
_UNREAD: Final = "next / previous unread article, on into the next category with unread articles"
_MARK_ALL: Final = "mark every article of the list read; undo that"
_BOOKMARKS: Final = "bookmark / list bookmarks"
_SEARCH: Final = (
    "search the library (as you type, within the chosen category; enter opens the article"
    " at the first match; the best 200 hits are listed, the breadcrumb gives the total)"
)
_MATCHES: Final = "after find: the next / previous match"
_ZOOM_TIP: Final = "The reader on the whole screen"
_ZOOM: Final = "the reader on the whole screen, and back (`esc` also brings the panes back)"
_HIDE: Final = (
    "hide the category pane, or show it again (a library without categories starts without it)"
)
_HISTORY: Final = "back / forward through the articles opened"
_EDIT: Final = (
    "open the article's file in `$VISUAL` or `$EDITOR`; back in the same place, the file read again"
)
_WEB: Final = (
    "open the article's own web page (front matter `link`, `url`, `permalink` or `source`;"
    " http/https only)"
)
_COPY: Final = (
    "copy the article's web address (or its path) / its path; in the links list (`o`),"
    " `y` copies that link"
)
_PIPE: Final = "pipe the article's plain text to a command you type (`wc -m`, `less`, `pbcopy`...)"
_SAVE: Final = (
    "save a copy as text, or as Markdown when the name ends in `.md` (never inside the articles"
    " folder)"
)
_LINK: Final = "open link number N (http, https and mailto only)"


def _links() -> Iterator[Key]:
    for n in range(1, 10):
        yield Key(
            f"reader.link_{n}", str(n), f"open_link({n})", f"Open link {n}", "reader", doc=_LINK
        )


KEYS: Final[tuple[Key, ...]] = (
    Key("quit", "q", "quit", "Quit", "app", show=True, brief="quit", doc="quit"),
    Key(
        "help",
        "question_mark",
        "help",
        "Keys",
        "app",
        show=True,
        brief="all keys",
        doc="every key, with its binding id",
    ),
    Key("theme", "T", "change_theme", "Theme", "app", doc="choose a theme (remembered)"),
    Key(
        "read.toggle",
        "m",
        "flip('read')",
        "Read/unread",
        "app",
        brief="read/unread",
        doc="mark read / unread (an article becomes read when opened)",
    ),
    Key(
        "bookmark.toggle",
        "B",
        "flip('bookmark')",
        "Bookmark",
        "app",
        brief="bookmark",
        doc=_BOOKMARKS,
    ),
    Key(
        "bookmarks",
        "apostrophe",
        "bookmarks",
        "Bookmarks",
        "app",
        brief="bookmarks",
        doc=_BOOKMARKS,
    ),
    Key(
        "palette",
        "ctrl+p",
        "command_palette",
        "Commands",
        "app",
        priority=True,
        brief="commands",
        doc="the command palette: articles, categories, themes and every action",
    ),
    Key("pane.next", "tab", "pane(1)", "Next pane", "main", brief="next pane", doc=_PANES),
    Key("pane.previous", "shift+tab", "pane(-1)", "Previous pane", "main", doc=_PANES),
    Key(
        "search",
        "slash",
        "search",
        "Search",
        "main",
        show=True,
        brief="search",
        doc=_SEARCH,
    ),
    Key(
        "categories",
        "c",
        "categories",
        "Categories",
        "main",
        brief="categories",
        doc=(
            "go to the categories (moving through the tree with `j`/`k` or the arrows "
            "filters the list as you go; `enter` moves on to the list)"
        ),
    ),
    Key("find", "f,ctrl+f", "find", "Find", "main", show=True, brief="find in article", doc=_FIND),
    Key(
        "article.previous",
        "left_square_bracket",
        "step(-1)",
        "Prev article",
        "main",
        brief="prev/next",
        doc=_STEP,
    ),
    Key(
        "article.next",
        "right_square_bracket",
        "step(1)",
        "Next article",
        "main",
        brief="prev/next",
        doc=_STEP,
    ),
    Key(
        "links",
        "o",
        "links",
        "Links",
        "main",
        show=True,
        brief="links",
        doc="the article's links, to choose one",
    ),
    Key(
        "contents",
        "t",
        "contents",
        "TOC",
        "main",
        show=True,
        tooltip="Table of contents",
        doc="table of contents: jump to a heading",
    ),
    Key(
        "back",
        "escape,backspace",
        "back",
        "Back",
        "main",
        show=True,
        brief="back",
        doc="step back: close find, clear the search, clear the filter, back a pane",
    ),
    Key(
        "unread.next",
        "u",
        "next_unread(1)",
        "Next unread",
        "main",
        brief="unread",
        doc=_UNREAD,
    ),
    Key("unread.previous", "U", "next_unread(-1)", "Previous unread", "main", doc=_UNREAD),
    Key(
        "unread.only",
        "v",
        "unread_only",
        "Unread only",
        "main",
        doc="show only unread articles, or every article again (remembered)",
    ),
    Key("unread.mark_all", "A", "mark_view_read", "Mark all read", "main", doc=_MARK_ALL),
    Key("unread.undo", "ctrl+z", "undo_marks", "Undo mark all read", "main", doc=_MARK_ALL),
    Key(
        "list.sort",
        "s",
        "cycle_order",
        "Sort",
        "main",
        doc="sort the list: newest first, by title, unread first (remembered)",
    ),
    # Twice, with one id: the Footer shows it on wide screens only (under 100 columns
    # "? Keys" would not fit), the key works everywhere and is remapped as one.
    Key(
        "reader.zoom",
        "z",
        "zoom(1)",
        "Zoom",
        "main",
        show=True,
        tooltip="The reader on the whole screen",
        doc=_ZOOM,
    ),
    Key("reader.zoom", "z", "zoom(0)", "Zoom (whole screen and back)", "main", twin=True),
    Key("categories.hide", "C", "toggle_categories", "Hide categories", "main", doc=_HIDE),
    Key("history.back", "H,alt+left", "history(-1)", "Back in history", "main", doc=_HISTORY),
    Key("history.forward", "L,alt+right", "history(1)", "Forward in history", "main", doc=_HISTORY),
    Key("handoff.edit", "e", "edit", "Edit in $EDITOR", "main", doc=_EDIT),
    Key("handoff.web", "W", "web_page", "Open its web page", "main", doc=_WEB),
    Key("handoff.copy", "y", "copy('url')", "Copy its address", "main", doc=_COPY),
    Key("handoff.copy_path", "Y", "copy('path')", "Copy its file path", "main", doc=_COPY),
    Key("handoff.pipe", "vertical_line", "pipe", "Pipe text to a command", "main", doc=_PIPE),
    Key("handoff.save", "S", "save", "Save a copy", "main", doc=_SAVE),
    Key(
        "rescan",
        "r,ctrl+r",
        "rescan",
        "Rescan the folder",
        "main",
        doc="rescan: walk the whole library folder now (the reader follows it anyway)",
    ),
    Key("list.down", "j,down", "cursor_down", "Down", "list", brief="move", doc=_MOVE),
    Key("list.up", "k,up", "cursor_up", "Up", "list", brief="move", doc=_MOVE),
    Key("list.first", "g,home", "first", "First", "list", doc=_EDGES),
    Key("list.last", "G,end", "last", "Last", "list", doc=_EDGES),
    Key("list.page_down", "pagedown,space", "page_down", "Page down", "list", doc=_PAGE),
    Key("list.page_up", "pageup", "page_up", "Page up", "list", doc=_PAGE),
    Key("list.open", "enter", "select", "Open", "list", show=True, brief="open", doc=_OPEN),
    Key("reader.down", "j,down", "scroll_lines(1)", "Down", "reader", doc=_MOVE),
    Key("reader.up", "k,up", "scroll_lines(-1)", "Up", "reader", doc=_MOVE),
    Key(
        "reader.page_down",
        "space,pagedown",
        "page(1)",
        "Page",
        "reader",
        show=True,
        brief="page",
        doc=_READ_PAGE,
    ),
    Key(
        "reader.page_up", "b,pageup", "page(-1)", "Page up", "reader", brief="page", doc=_READ_PAGE
    ),
    Key("reader.top", "g,home", "top", "Top", "reader", doc=_EDGES),
    Key("reader.bottom", "G,end", "bottom", "Bottom", "reader", doc=_EDGES),
    Key(
        "reader.find_next",
        "n",
        "find_step(1)",
        "Next match",
        "reader",
        show=True,
        brief="next/previous match",
        doc=_MATCHES,
    ),
    Key(
        "reader.find_previous",
        "N",
        "find_step(-1)",
        "Previous match",
        "reader",
        brief="next/previous match",
        doc=_MATCHES,
    ),
    Key(
        "reader.pictures",
        "i",
        "toggle_pictures",
        "Pictures",
        "reader",
        doc="show / hide pictures (for the rest of the session)",
    ),
    Key(
        "reader.load_pictures",
        "I",
        "load_pictures",
        "Load remote pictures",
        "reader",
        doc="load this article's remote pictures (its notes say so when it has some)",
    ),
    *_links(),
    Key("categories.down", "j,down", "cursor_down", "Down", "categories", doc=_MOVE),
    Key("categories.up", "k,up", "cursor_up", "Up", "categories", doc=_MOVE),
    Key("categories.first", "g,home", "scroll_home", "First", "categories", doc=_EDGES),
    Key("categories.last", "G,end", "scroll_end", "Last", "categories", doc=_EDGES),
    Key("categories.page_down", "pagedown", "page_down", "Page down", "categories", doc=_PAGE),
    Key("categories.page_up", "pageup", "page_up", "Page up", "categories", doc=_PAGE),
    Key(
        "categories.choose", "enter", "select_cursor", "Filter", "categories", show=True, doc=_OPEN
    ),
    Key(
        "categories.toggle",
        "space,right,l",
        "toggle_node",
        "Fold",
        "categories",
        show=True,
        doc=_FOLD,
    ),
    Key("categories.parent", "left,h", "cursor_parent", "Parent", "categories", doc=_FOLD),
    Key("search.close", "escape", "close", "Clear search", "search", show=True),
    Key("search.to_list", "down,tab", "to_list", "To results", "search"),
    Key("find.close", "escape", "close", "Close find", "find", show=True),
    Key("picker.close", "escape,q", "cancel", "Close", "picker", show=True),
    Key("picker.down", "j,down", "move(1)", "Down", "picker"),
    Key("picker.up", "k,up", "move(-1)", "Up", "picker"),
    Key("picker.filter", "slash", "filter", "Filter", "picker"),
    Key("picker.copy", "y", "copy", "Copy", "picker"),
    Key("picker.first", "g", "edge(0)", "First", "picker"),
    Key("picker.last", "G", "edge(1)", "Last", "picker"),
    Key("picker.page_down", "pagedown,space", "page(1)", "Page down", "picker"),
    Key("picker.page_up", "pageup,b", "page(-1)", "Page up", "picker"),
    Key("prompt.cancel", "escape", "cancel", "Cancel", "prompt", show=True),
    Key("help.close", "escape,q,question_mark", "dismiss", "Close", "help", show=True),
    Key("help.down", "j,down", "scroll(1)", "Down", "help"),
    Key("help.up", "k,up", "scroll(-1)", "Up", "help"),
    Key("help.page_down", "space,pagedown", "page(1)", "Page down", "help"),
    Key("help.page_up", "b,pageup", "page(-1)", "Page up", "help"),
    Key("help.top", "g,home", "edge(0)", "Top", "help"),
    Key("help.bottom", "G,end", "edge(1)", "Bottom", "help"),
)
"""Every binding of the reader (ids are unique; a test checks it)."""

_BY_ID: Final = {key.id: key for key in KEYS}

_SHOWN: Final = {
    "slash": "/",
    "question_mark": "?",
    "apostrophe": "'",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "vertical_line": "|",
}


def in_section(section: str, *, twins: bool = False) -> tuple[Key, ...]:
    """The rows of one section, in table order (``twins``: with the repeated rows, as the
    class binds them)."""
    return tuple(key for key in KEYS if key.section == section and (twins or not key.twin))


def bindings(section: str) -> list[Binding]:
    """Textual bindings for one section (a class's ``BINDINGS``)."""
    from textual.binding import Binding

    return [
        Binding(
            key.keys,
            key.action,
            key.description,
            show=key.show,
            priority=key.priority,
            tooltip=key.tooltip,
            id=key.id,
        )
        for key in in_section(section, twins=True)
    ]


def keys_of(binding_id: str, keymap: Mapping[str, str] | None = None) -> str:
    """The keys in force for ``binding_id``: the ``[keys]`` remap, else the default."""
    remapped = (keymap or {}).get(binding_id)
    return remapped if remapped else _BY_ID[binding_id].keys


def shown(keys: str) -> str:
    """Comma-separated Textual key names as a person reads them (``slash`` -> ``/``)."""
    return "/".join(_SHOWN.get(name.strip(), name.strip()) for name in keys.split(","))


def hint(binding_id: str, keymap: Mapping[str, str] | None = None) -> str:
    """The first key in force for ``binding_id``, for a hint like ``Search (/)``."""
    return shown(keys_of(binding_id, keymap).split(",")[0])


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """The ids in ``keymap`` that no row has (probably typos)."""
    return sorted(name for name in keymap if name not in _BY_ID)


def brief_help() -> str:
    """The short list of keys that ``broadsheet --help`` ends with."""
    briefs: dict[str, list[str]] = {}  # rows with the same words share a line: j/k move
    for key in KEYS:
        if key.brief:
            briefs.setdefault(key.brief, []).append(shown(key.keys.split(",")[0]))
    column = max(len("/".join(keys)) for keys in briefs.values()) + 1
    cells = [f"{'/'.join(keys):<{column}}{what}" for what, keys in briefs.items()]
    width = max(len(cell) for cell in cells) + 2
    lines = ["keys in the reader (? shows them all, with the ids the [keys] table remaps):"]
    for start in range(0, len(cells), 3):
        lines.append("  " + "".join(cell.ljust(width) for cell in cells[start : start + 3]))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def readme_section() -> str:
    """The README's table of keys (``tests/tui/test_keymap.py`` checks it is in step)."""
    lines: dict[str, list[str]] = {}  # README words -> the rows' keys
    # Moving about first, the app's own keys (quit) last.
    order = ("list", "categories", "reader", "main", "app", "search", "find", "picker")
    for key in (key for section in order for key in in_section(section)):
        if key.doc:
            shared = lines.setdefault(key.doc, [])
            seen = {name for keys in shared for name in keys.split(", ")}
            new = [f"`{shown(name)}`".replace("|", "\\|") for name in key.keys.split(",")]
            if any(name not in seen for name in new):
                shared.append(", ".join(name for name in new if name not in seen))
    rows = ["| keys | what they do |", "|---|---|"]
    for doc, keys in lines.items():
        digits = [k.strip("`") for k in keys]
        if len(keys) > 2 and all(d.isdigit() for d in digits):
            rows.append(f"| `{digits[0]}`–`{digits[-1]}` | {doc} |")
        else:
            rows.append(f"| {' / '.join(keys)} | {doc} |")
    return "\n".join(rows) + "\n"
