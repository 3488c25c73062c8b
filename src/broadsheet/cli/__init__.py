"""The command line: ``broadsheet [DIR]`` opens the reader; subcommands script the library.

Each subcommand lives in its own module with ``register(subparsers)``, which adds its
parser and sets ``handler`` to a function ``(args) -> exit code``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sqlite3
import sys
from collections.abc import Sequence
from typing import Final

from broadsheet.errors import BroadsheetError, QueryError

log = logging.getLogger(__name__)

EXIT_OK: Final = 0
EXIT_NOTHING: Final = 1
"""Nothing found, or problems reported."""
EXIT_USAGE: Final = 2

DEBUG_HELP: Final = (
    "write debug records to the log file too (also BROADSHEET_DEBUG=1; "
    "`broadsheet config` shows the file); before or after the command"
)

SUBCOMMANDS: Final = (
    "index",
    "list",
    "search",
    "categories",
    "doctor",
    "show",
    "config",
    "completion",
)


class _VersionAction(argparse.Action):
    """``--version``, reading the package metadata only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        import broadsheet

        print(f"broadsheet {broadsheet.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command (each registered by its own module)."""
    from broadsheet.cli import completion, config_command, library_commands, show
    from broadsheet.cli.app_command import KEYS_HELP

    parser = argparse.ArgumentParser(
        prog="broadsheet",
        epilog=KEYS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="broadsheet [DIR | --library DIR]\n       broadsheet COMMAND [options]",
        description="A terminal reader for a folder of articles.\n\n"
        "With no command, opens the reader on DIR (default: ./articles, else the\n"
        "configured library, else $BROADSHEET_LIBRARY). `broadsheet COMMAND --help`\n"
        "explains each command.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", prog="broadsheet")
    library_commands.register(subparsers)
    show.register(subparsers)
    config_command.register(subparsers)
    completion.register(subparsers)
    return parser


def _library_first(argv: list[str]) -> list[str]:
    """``argv`` with a leading ``--library DIR`` moved after the subcommand.

    ``broadsheet --library DIR search X`` then means ``broadsheet search X --library DIR``.
    """
    leading: list[str] = []
    rest = argv
    while rest:
        if rest[0] in ("--library", "-L") and len(rest) >= 2:
            leading, rest = [*leading, *rest[:2]], rest[2:]
        elif rest[0].startswith("--library="):
            leading, rest = [*leading, rest[0]], rest[1:]
        else:
            break
    if leading and rest and rest[0] in SUBCOMMANDS:
        return [rest[0], *leading, *rest[1:]]
    return argv


def _without_debug(argv: list[str]) -> tuple[list[str], bool]:
    """``argv`` without its ``--debug`` options (anywhere before a ``--``), and whether
    there was one: the flag works before and after the command alike."""
    end = argv.index("--") if "--" in argv else len(argv)
    kept = [arg for arg in argv[:end] if arg != "--debug"]
    return [*kept, *argv[end:]], len(kept) < end


def main(argv: Sequence[str] | None = None) -> int:
    """Run broadsheet with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    _forgiving_output()
    from broadsheet.logs import setup_logging

    args_list, debug = _without_debug(list(sys.argv[1:] if argv is None else argv))
    setup_logging(debug)
    args_list = _library_first(args_list)
    parser = build_parser()
    if not args_list or args_list[0] not in (*SUBCOMMANDS, "-h", "--help", "--version"):
        # No subcommand: the positional DIR belongs to the reader.
        from broadsheet.cli import app_command

        return app_command.run_root(parser, args_list)
    if args_list[0] == "search":
        from broadsheet.cli.search_command import protect_exclusions

        args_list = [args_list[0], *protect_exclusions(args_list[1:])]
    args = parser.parse_args(args_list)
    try:
        code: int = args.handler(args)
    except QueryError as error:
        print(f"broadsheet: invalid query: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BroadsheetError as error:
        print(f"broadsheet: {error}", file=sys.stderr)
        return EXIT_NOTHING
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``| head``): not an error worth a traceback.
        _silence_stdout()
        return EXIT_OK
    except (OSError, sqlite3.Error) as error:
        log.warning("%s failed", args.command, exc_info=True)
        print(f"broadsheet: {error}", file=sys.stderr)
        return EXIT_NOTHING
    return code


def _forgiving_output() -> None:
    """Make stdout and stderr write any ``str``: the last line of defence for text.

    Text from articles is made valid when it is read, so this should never act; if
    something still holds a lone surrogate, or the terminal's encoding lacks a
    character, it is printed as ``?`` rather than ending the command in a traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="replace")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
