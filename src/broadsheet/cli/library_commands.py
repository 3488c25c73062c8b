"""The library subcommands: index, list, search, categories, doctor.

Every command brings the index up to date before it answers: files added, removed or
renamed are always reflected (the cheap check of folder times, ``Library.update``);
``index`` and any command given ``--refresh`` walk the whole folder, which also sees files
edited in place. Exit codes: 0 ok, 1 nothing found or problems reported, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import closing
from typing import Any, Final

from broadsheet.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE
from broadsheet.cli.common import (
    add_library_option,
    add_refresh_option,
    count,
    resolve_library,
    use_color,
)
from broadsheet.cli.output import (
    DIM,
    RESET,
    article_json,
    category_json,
    highlight,
    hit_json,
    print_json,
    progress_bar,
    short_date,
)
from broadsheet.errors import IndexBusyError, QueryError
from broadsheet.library.article import category_label
from broadsheet.library.library import Library
from broadsheet.library.results import CategoryNode, Marks, ScanReport
from broadsheet.library.text import clean_control, display_path, display_safe


def open_library(
    args: argparse.Namespace,
    *,
    full: bool = False,
    rebuild: bool = False,
    touched: Sequence[str] = (),
    scan: bool = False,
    check: bool = False,
    every_page: bool = True,
) -> tuple[Library, ScanReport]:
    """Open the chosen library and bring its index up to date, with a bar on a terminal.

    The cheap check (:meth:`Library.update`, which also looks again at the ``touched``
    paths) unless ``full``, ``rebuild`` or the command's ``--refresh`` asks for the walk.
    ``scan``: the scan is what was asked for, so another process holding the index is an
    error (else the answer comes from the index as it was). ``check``: look at every
    page and file of the index first (without ``every_page``, not at a catalog left as a
    process that checked it left it). A rebuild of the index is told once, on stderr.
    """
    full = full or rebuild or bool(getattr(args, "refresh", False))
    told: list[str] = []

    def tell(reason: str | None) -> None:
        if reason and not told and not rebuild:
            told.append(reason)
            print(f"broadsheet: rebuilding the index: {reason}", file=sys.stderr)

    library = Library(
        resolve_library(args.library), on_rebuild=lambda report: tell(report.rebuilt_reason)
    )
    tell(library.rebuilt_reason)
    writer = None if scan else library.other_writer()
    if writer is not None and writer.building:
        # Nothing to wait 10 s for: the rebuild takes as long as the library is big.
        print(f"broadsheet: {writer.doing}; {AS_IT_IS}", file=sys.stderr)
        return library, library.last_report()
    try:
        with progress_bar(sys.stderr.isatty()) as progress:
            healed = None
            if check and not rebuild:
                healed = library.check(progress, every_page=every_page)
            if healed is not None:
                report = healed  # rebuilt from the folder: nothing left to scan
            elif full:
                report = library.refresh(progress, rebuild=rebuild)
            else:
                report = library.update(touched, progress=progress)
    except IndexBusyError as error:
        writer = library.other_writer()
        if scan:
            doing = f"{writer.doing} and did not finish in time" if writer else BUSY_SCAN_MESSAGE
            raise IndexBusyError(f"{doing}; {NOTHING_SCANNED}" if writer else doing) from error
        said = f"{writer.doing}; {AS_IT_WAS}" if writer else str(error)
        print(f"broadsheet: {said}", file=sys.stderr)
        report = library.last_report()
    tell(report.rebuilt_reason)
    return library, report


NOTHING_SCANNED: Final = "nothing was scanned: try again when it is done"
BUSY_SCAN_MESSAGE: Final = (
    "another broadsheet is updating this library's index and did not finish in time; "
    + NOTHING_SCANNED
)
AS_IT_WAS: Final = "the results are from the index as it was"
AS_IT_IS: Final = "the results are from the index as it is now: try again when it is done"


def _parser(
    subparsers: Any, name: str, help_text: str, *, json_help: str | None = None
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_text, description=help_text
    )
    add_library_option(parser)
    if name != "index":
        add_refresh_option(parser)
    if json_help:
        parser.add_argument("--json", action="store_true", help=json_help)
    return parser


def register(subparsers: Any) -> None:
    """Add index, list, search, categories and doctor."""
    parser = _parser(
        subparsers,
        "index",
        "Walk the whole library folder and bring its index up to date (edits included).",
        json_help="print the counts as JSON",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="throw the index away and rebuild it"
    )
    parser.set_defaults(handler=run_index)

    parser = _parser(
        subparsers, "list", "List articles, newest first.", json_help="print a JSON document"
    )
    parser.add_argument(
        "--category", metavar="PATH", help="only this category and its descendants (a/b/c)"
    )
    parser.add_argument("--tag", metavar="TAG", help="only articles with this tag")
    parser.add_argument(
        "--sort", choices=("date", "title"), default="date", help="order (default: date)"
    )
    parser.add_argument("--limit", type=count, metavar="N", help="at most N articles")
    parser.add_argument(
        "--unread", action="store_true", help="only articles not yet read (in the reader)"
    )
    parser.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    parser.set_defaults(handler=run_list)

    parser = _parser(
        subparsers,
        "search",
        "Search titles, bodies, authors, tags and categories.",
        json_help="print a JSON document",
    )
    parser.add_argument(
        "query",
        metavar="QUERY",
        nargs="+",
        help='words (all must match; quotes not needed), "a phrase", -word, A OR B, (groups), '
        "cat:a/b, tag:t, author:a, after:2021-01-01, before:2022, is:unread|read|bookmarked, "
        "sort:date|relevance|title",
    )
    parser.add_argument(
        "--limit", type=count, default=20, metavar="N", help="at most N hits (default 20)"
    )
    parser.set_defaults(handler=run_search)

    parser = _parser(
        subparsers,
        "categories",
        "Show the category tree with article counts.",
        json_help="print a JSON document",
    )
    parser.set_defaults(handler=run_categories)

    parser = _parser(
        subparsers,
        "doctor",
        "List every file with a problem, what was done and why.",
        json_help="print a JSON document",
    )
    parser.set_defaults(handler=run_doctor)


def run_index(args: argparse.Namespace) -> int:
    """``broadsheet index``."""
    library, report = open_library(
        args, full=True, rebuild=args.rebuild, scan=True, check=True, every_page=False
    )
    library.close()  # records the catalog as checked (the next index need not read it)
    if args.json:
        print_json(
            {
                "library": str(library.root),
                "indexed": report.indexed,
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "skipped": report.skipped,
                "problems": report.problems,
                "seconds": round(report.seconds, 3),
            }
        )
    else:
        print(
            f"{report.indexed} articles indexed in {library.root}: {report.added} added, "
            f"{report.updated} updated, {report.removed} removed, {report.skipped} skipped, "
            f"{report.problems} problems ({report.seconds:.1f} s)"
        )
        if report.problems:
            print("run `broadsheet doctor` to see the problems", file=sys.stderr)
    return EXIT_OK


def _category_path(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    parts = tuple(part.strip() for part in value.strip("/").split("/") if part.strip())
    return parts or None


def _reading_marks(library: Library, wanted: bool) -> Marks | None:
    """The reader's marks when ``wanted`` (read once per command), saying on stderr why
    they may be missing."""
    if not wanted:
        return None
    marks = library.reading_marks()
    if marks.note:
        print(f"broadsheet: {clean_control(marks.note)}", file=sys.stderr)
    return marks


def run_list(args: argparse.Namespace) -> int:
    """``broadsheet list``."""
    if args.limit is not None and args.limit < 0:
        print("broadsheet: --limit must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    library, _ = open_library(args)
    with closing(library):  # records the catalog as checked, if it wrote it
        marks = _reading_marks(library, args.json or args.unread or args.bookmarked)
        articles = library.articles(
            category=_category_path(args.category),
            tag=args.tag,
            sort=args.sort,
            limit=args.limit,
            unread=args.unread,
            bookmarked=args.bookmarked,
            marks=marks,
        )
        if args.json:
            print_json(
                {
                    "library": str(library.root),
                    "count": len(articles),
                    "articles": [article_json(article, marks) for article in articles],
                }
            )
        else:
            color = use_color()
            for article in articles:
                category = category_label(article.categories[0]) if article.categories else ""
                meta = f"{DIM}{category}{RESET}" if color and category else category
                print(f"{short_date(article.date)}  {article.title}  {meta}".rstrip())
            if not articles:
                say_nothing_found("no articles to list")
        return EXIT_OK if articles else EXIT_NOTHING


def run_search(args: argparse.Namespace) -> int:
    """``broadsheet search``."""
    if args.limit < 1:
        print("broadsheet: --limit must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    library, _ = open_library(args)
    with closing(library):  # records the catalog as checked, if it wrote it
        query = " ".join(word.strip() for word in args.query)
        marks = _reading_marks(library, args.json)
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


def say_nothing_found(message: str) -> None:
    """Say why nothing was printed, on stderr, when a person is watching (a terminal).

    A script reads the exit code (1) and an empty stdout; a person would otherwise see
    the prompt come back with no word.
    """
    if sys.stdout.isatty() or sys.stderr.isatty():
        print(f"broadsheet: {clean_control(message)}", file=sys.stderr)


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


def _print_tree(nodes: tuple[CategoryNode, ...], prefix: str = "", *, roots: bool = True) -> None:
    for number, node in enumerate(nodes):
        last = number == len(nodes) - 1
        branch = "" if roots else ("└─ " if last else "├─ ")
        print(f"{prefix}{branch}{node.name} ({node.count})")
        indent = "" if roots else ("   " if last else "│  ")
        _print_tree(node.children, prefix + indent, roots=False)


def run_categories(args: argparse.Namespace) -> int:
    """``broadsheet categories``."""
    library, _ = open_library(args)
    with closing(library):  # records the catalog as checked, if it wrote it
        tree = library.categories()
        if args.json:
            print_json(
                {"library": str(library.root), "categories": [category_json(node) for node in tree]}
            )
        else:
            _print_tree(tree)
        return EXIT_OK if tree else EXIT_NOTHING


def run_doctor(args: argparse.Namespace) -> int:
    """``broadsheet doctor``."""
    library, report = open_library(args, check=True)
    with closing(library):  # records the catalog as checked, if it wrote it
        problems = library.problems()
        if args.json:
            print_json(
                {
                    "library": str(library.root),
                    "indexed": report.indexed,
                    "count": len(problems),
                    "problems": [
                        {
                            "path": display_safe(problem.relpath),
                            "action": problem.action,
                            "reason": problem.reason,
                        }
                        for problem in problems
                    ],
                }
            )
        else:
            for problem in problems:
                reason = clean_control(problem.reason)
                print(f"{display_path(problem.relpath)}\n  {problem.action}: {reason}")
            files = report.indexed + sum(p.action == "skipped" for p in problems)
            print(
                f"{len(problems)} of {files} files had problems"
                if problems
                else f"no problems in {report.indexed} articles"
            )
        return EXIT_NOTHING if problems else EXIT_OK
