"""``broadsheet [DIR] [--library DIR]``: open the reader on a library folder."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from broadsheet.cli import DEBUG_HELP
from broadsheet.cli.common import add_library_option, resolve_library
from broadsheet.config import load_config
from broadsheet.errors import BroadsheetError
from broadsheet.tui.keymap import brief_help

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1

KEYS_HELP: Final = brief_help()
"""The short list of keys at the end of ``broadsheet --help`` (from the keys table)."""


def build_root_parser(parent: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """The parser of ``broadsheet [DIR]`` (its help lists the keys)."""
    parser = argparse.ArgumentParser(
        prog="broadsheet",
        usage="broadsheet [DIR | --library DIR]\n       broadsheet COMMAND [options]",
        description=parent.description if parent is not None else None,
        epilog=KEYS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="the folder of articles to read (same as --library DIR)",
    )
    add_library_option(parser)
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    return parser


def run_root(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int:
    """Parse ``broadsheet [DIR] [--library DIR]``, run the reader, return its exit code."""
    root_parser = build_root_parser(parser)
    args = root_parser.parse_args(list(argv))
    directory: Path | None = args.directory
    library: Path | None = args.library
    if directory is not None and library is not None and directory != library:
        root_parser.error("give the folder either as DIR or as --library DIR, not both")
    try:
        config = load_config()
        folder = resolve_library(directory or library, config)
        # Textual loads only when the reader really starts: scripted commands stay fast.
        from broadsheet.tui.app import make_app

        app = make_app(folder, config=config, ask_terminal=True)
    except BroadsheetError as error:
        print(f"broadsheet: {error}", file=sys.stderr)
        return EXIT_ERROR
    result = app.run()
    if isinstance(result, int):
        return result
    return app.return_code if app.return_code is not None else EXIT_OK
