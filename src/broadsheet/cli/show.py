"""``broadsheet show ARTICLE``: print one article, styled on a terminal, plain otherwise."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Final

from broadsheet import paths
from broadsheet.cli.common import add_library_option, add_refresh_option, count, use_color
from broadsheet.config import load_config
from broadsheet.library.article import Article
from broadsheet.library.text import display_path

# The renderer (and Rich) load only when `show` runs: every other command starts faster.

PIPE_WIDTH: Final = 80
"""The width when stdout is not a terminal and no ``--width`` is given."""


MAX_WIDTH: Final = 1000
"""Wider lines than any terminal has: a bigger ``--width`` means this."""


def _width(value: str) -> int:
    width = count(value)
    if width < 10:
        raise argparse.ArgumentTypeError("the width must be at least 10")
    return min(width, MAX_WIDTH)


def register(subparsers: Any) -> None:
    """Add the ``show`` subcommand."""
    parser = subparsers.add_parser(
        "show",
        help="Print one article (styled, plain or paged).",
        description="Print one article: styled on a terminal; plain text with --plain, "
        "when the output is not a terminal, or when NO_COLOR is set.",
    )
    parser.add_argument("article", metavar="ARTICLE", help="a path, an id, or words of the title")
    parser.add_argument(
        "--width",
        "-w",
        type=_width,
        metavar="N",
        help="line width in cells (default: the terminal's, at most the reading width; "
        f"{PIPE_WIDTH} when not a terminal)",
    )
    parser.add_argument("--plain", action="store_true", help="no colours or styles")
    parser.add_argument("--pager", action="store_true", help="page through $PAGER (default: less)")
    add_library_option(parser)
    add_refresh_option(parser)
    parser.set_defaults(handler=run)


def render(
    article: Article | None,
    body: str,
    *,
    width: int,
    max_width: int,
    styled: bool,
    pictures: tuple[Path | None, int] | None = None,
) -> str:
    """The text ``show`` prints for an article (everything converted). With
    ``pictures`` (the library root and the most rows a picture takes), styled output
    draws the local pictures in half blocks."""
    from broadsheet.render.document import Document
    from broadsheet.render.output import plain_text, styled_text

    if styled and pictures is not None:
        from broadsheet.render.printed_pictures import document_with_pictures, printed_lines

        root, rows = pictures
        drawn, found = document_with_pictures(
            article, body, root=root, max_width=max_width, max_rows=rows
        )
        return styled_text(printed_lines(drawn, found, width))
    document = Document.from_article(article, body, max_width=max_width)
    document.convert_all()
    lines = document.lines(width)
    return styled_text(lines) if styled else plain_text(lines)


def _outside_file(args: argparse.Namespace) -> tuple[Article | None, str] | None:
    """The article and body of a file given by path that is not in the library.

    ``broadsheet show ~/Downloads/post.md`` reads that one file; it is not indexed.
    """
    from broadsheet.cli.common import resolve_library
    from broadsheet.errors import ArticleNotFoundError, BroadsheetError
    from broadsheet.library.article import Unreadable
    from broadsheet.library.parse import parse_file

    path = paths.expand_home(args.article)
    if not path.is_file():
        return None
    try:
        root = resolve_library(args.library, load_config()).resolve()
    except BroadsheetError:
        root = None
    if root is not None and Path(os.path.realpath(path)).is_relative_to(root):
        return None  # in the library: found through the index
    parsed = parse_file(path, path.parent)
    if isinstance(parsed, Unreadable):
        raise ArticleNotFoundError(f"{display_path(str(path))} cannot be shown: {parsed.reason}")
    return parsed.article, parsed.body


def run(args: argparse.Namespace) -> int:
    """Find the article, render it and print it (or page it)."""
    from broadsheet.cli.opening import open_library

    config = load_config()
    outside = _outside_file(args)
    root: Path | None = None
    if outside is not None:
        article, body = outside
        root = article.path.parent if article is not None else None
    else:
        # A file named by its path is looked at again: an edit in place shows at once.
        named = paths.expand_home(args.article)
        touched = [os.path.abspath(named)] if named.is_file() else [args.article]
        library, _ = open_library(args, touched=touched)
        try:
            article = library.resolve(args.article)
            body = library.body(article.id)
            root = library.root
        finally:
            library.close()
    terminal = sys.stdout.isatty()
    styled = not args.plain and use_color(sys.stdout)
    if args.width is not None:
        width = max_width = args.width
    else:
        available = shutil.get_terminal_size().columns if terminal else PIPE_WIDTH
        max_width = config.reading_width
        width = min(available, max_width)
    # Pictures in half blocks only on a terminal (not piped, not paged, not --plain).
    pictures = None
    if terminal and styled and not args.pager and config.images != "off":
        pictures = (root, max(1, shutil.get_terminal_size().lines - 2))
    text = render(article, body, width=width, max_width=max_width, styled=styled, pictures=pictures)
    if args.pager:
        from broadsheet.render.output import page

        page(text, styled=styled)
        return 0
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0
