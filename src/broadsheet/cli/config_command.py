"""``broadsheet config``: where the configuration lives and what it says."""

from __future__ import annotations

import argparse
from typing import Any

from broadsheet import paths
from broadsheet.cli import EXIT_OK
from broadsheet.cli.common import add_library_option, resolve_library
from broadsheet.cli.output import print_json
from broadsheet.config import Config, load_config
from broadsheet.errors import BroadsheetError


def register(subparsers: Any) -> None:
    """Add the ``config`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "config",
        help="Show the configuration file's path and settings.",
        description="Show where broadsheet keeps its configuration, data and cache, "
        "and the settings in effect.",
    )
    parser.add_argument(
        "--path", action="store_true", help="print only the configuration file's path"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON document")
    add_library_option(parser)
    parser.set_defaults(handler=run_config)


def _library_in_effect(args: argparse.Namespace, config: Config) -> str | None:
    """The folder the other commands would read with these options (None: none found)."""
    try:
        return str(resolve_library(args.library, config))
    except BroadsheetError:
        return None


def run_config(args: argparse.Namespace) -> int:
    """``broadsheet config``."""
    if args.path:
        print(paths.config_file())
        return EXIT_OK
    config = load_config()
    document = {
        "config_file": str(paths.config_file()),
        "config_file_exists": paths.config_file().exists(),
        "state_file": str(paths.state_file()),
        "cache_dir": str(paths.cache_dir()),
        "log_file": str(paths.log_file()),
        "library": str(config.library) if config.library else None,
        "library_in_effect": _library_in_effect(args, config),
        "theme": config.theme,
        "reading_width": config.reading_width,
        "images": config.images,
        "remote_images": config.remote_images,
        "keys": config.keys,
    }
    if args.json:
        print_json(document)
    else:
        for key, value in document.items():
            print(f"{key:<19} {_shown(value)}")
    return EXIT_OK


def _shown(value: object) -> str:
    """A setting as a person reads it."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{key} = {keys}" for key, keys in value.items()) or "(none remapped)"
    return str(value)
