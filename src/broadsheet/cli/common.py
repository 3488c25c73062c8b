"""What the subcommands share: choosing the library, output conventions."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from broadsheet import paths
from broadsheet.config import Config, load_config
from broadsheet.errors import LibraryNotFoundError
from broadsheet.library.text import clean_control

if TYPE_CHECKING:
    from broadsheet.library.library import Library
    from broadsheet.library.results import Marks

DEFAULT_FOLDER = "articles"


def add_library_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--library DIR`` to a subcommand."""
    parser.add_argument(
        "--library",
        "-L",
        metavar="DIR",
        type=folder_argument,
        help="the folder of articles (default: ./articles, else the configured library, "
        "else $BROADSHEET_LIBRARY)",
    )


def add_refresh_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--refresh``: walk the whole folder first (sees files edited in place)."""
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="walk the whole library first, so files edited in place are read again "
        "(added, removed and renamed files are always seen)",
    )


def resolve_library(explicit: Path | None, config: Config | None = None) -> Path:
    """The library folder: explicit, else ./articles, else config, else $BROADSHEET_LIBRARY."""
    if explicit is not None:
        candidates = [("--library", explicit)]
    else:
        config = config or load_config()
        candidates = []
        if Path(DEFAULT_FOLDER).is_dir():
            candidates.append(("./articles", Path(DEFAULT_FOLDER)))
        if config.library is not None:
            candidates.append((f"library in {config.path}", config.library))
        if os.environ.get("BROADSHEET_LIBRARY"):
            candidates.append(("$BROADSHEET_LIBRARY", Path(os.environ["BROADSHEET_LIBRARY"])))
    if not candidates:
        raise LibraryNotFoundError(
            "no library folder: pass --library DIR, run from a folder that has ./articles, "
            'set library = "DIR" in the configuration file (broadsheet config --path), '
            "or set $BROADSHEET_LIBRARY"
        )
    source, folder = candidates[0]
    folder = paths.expand_home(folder)
    if not folder.is_dir():
        raise LibraryNotFoundError(
            f"the library folder {folder} (from {source}) does not exist or is not a folder; "
            "pass --library DIR to choose another"
        )
    return folder.resolve()


def use_color(stream: TextIO | None = None) -> bool:
    """Styled output only on a terminal (``stream``, default: the current stdout) and never
    when ``NO_COLOR`` is set."""
    stream = stream if stream is not None else sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


COUNT_CAP: Final = 2**31 - 1
"""The largest count or width a command uses: any bigger number means "all of it", and
SQLite and the search index take no integer past 64 bits."""


def count(value: str) -> int:
    """An ``argparse`` type: an integer, bigger ones clamped to :data:`COUNT_CAP`."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    return min(number, COUNT_CAP)


def folder_argument(value: str) -> Path:
    """An ``argparse`` type for ``--library``: a path, never the empty string."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the library folder must not be empty")
    return Path(value)


def reading_marks(library: Library, wanted: bool, *, filtering: bool = False) -> Marks | None:
    """The reader's marks when ``wanted`` (read once per command), saying on stderr why
    they may be missing (unless the command is ``filtering`` by them: unknown marks
    then fail it, with the same reason)."""
    if not wanted:
        return None
    marks = library.reading_marks()
    if marks.note and (marks.known or not filtering):
        print(f"broadsheet: {clean_control(marks.note)}", file=sys.stderr)
    return marks


def say_nothing_found(message: str) -> None:
    """Say why nothing was printed, on stderr, when a person is watching (a terminal).

    A script reads the exit code (1) and an empty stdout; a person would otherwise see
    the prompt come back with no word.
    """
    if sys.stdout.isatty() or sys.stderr.isatty():
        print(f"broadsheet: {clean_control(message)}", file=sys.stderr)
