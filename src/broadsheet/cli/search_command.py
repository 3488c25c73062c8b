"""``broadsheet search``: the query from the command line, hits as text or JSON.

A query word may start with ``-`` (``-广告`` leaves it out): :func:`protect_exclusions`
keeps such words from argparse, which would take them for options.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from typing import Final

from broadsheet.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE
from broadsheet.cli.common import reading_marks, say_nothing_found, use_color
from broadsheet.cli.opening import open_library
from broadsheet.cli.output import DIM, RESET, highlight, hit_json, print_json, short_date
from broadsheet.errors import QueryError
from broadsheet.library.article import category_label
from broadsheet.library.text import display_path


def run_search(args: argparse.Namespace) -> int:
    """``broadsheet search``."""
    if args.limit < 1:
        print("broadsheet: --limit must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    library, _ = open_library(args)
    with closing(library):  # records the catalog as checked, if it wrote it
        query = " ".join(word.strip() for word in args.query)
        marks = reading_marks(library, args.json)
        try:
            results = library.search(query, limit=args.limit, marks=marks)
        except QueryError as error:
            print(f"broadsheet: invalid query: {error}", file=sys.stderr)
            return EXIT_USAGE
        if args.json:
            print_json(
                {
                    "library": str(library.root),
                    "query": results.query,
                    "total": results.total,
                    "hits": [hit_json(hit, marks) for hit in results.hits],
                }
            )
        else:
            color = use_color()
            for number, hit in enumerate(results.hits):
                if number:
                    print()
                entry = hit.entry
                print(highlight(entry.title, hit.title_spans, color))
                category = category_label(entry.category) or "-"
                meta = f"  {short_date(entry.date)} · {category} · {display_path(entry.relpath)}"
                print(f"{DIM}{meta}{RESET}" if color else meta)
                print(f"  {highlight(hit.snippet, hit.snippet_spans, color)}")
            if results.total > len(results.hits):
                print(
                    f"\n({len(results.hits)} of {results.total} shown; --limit N for more)",
                    file=sys.stderr,
                )
            if not results.hits:
                say_nothing_found(f"no articles match {query}")
        return EXIT_OK if results.hits else EXIT_NOTHING


SEARCH_VALUE_OPTIONS: Final = ("--library", "-L", "--limit")
"""The options of ``search`` that take a value (the value is never a query word)."""
SEARCH_SHORT_FLAGS: Final = ("-h",)


def protect_exclusions(argv: list[str]) -> list[str]:
    """``search``'s arguments with words like ``-广告`` kept from argparse's options.

    argparse takes every argument that starts with ``-`` for an option; a query word
    that does gets a leading space, which argparse leaves alone and the query parser
    ignores. Long options (``--json``) and the exact short ones stay options.
    """
    protected: list[str] = []
    after_value_option = False
    for position, word in enumerate(argv):
        if word == "--":
            return [*protected, *argv[position:]]
        is_word = (
            word.startswith("-")
            and not word.startswith("--")
            and len(word) > 1
            and word not in SEARCH_VALUE_OPTIONS
            and word not in SEARCH_SHORT_FLAGS
            and not after_value_option
        )
        protected.append(f" {word}" if is_word else word)
        after_value_option = word in SEARCH_VALUE_OPTIONS
    return protected
