"""The library subcommands: index, list, search (:mod:`.search_command`), categories,
doctor.

Every command brings the index up to date before it answers
(:func:`~broadsheet.cli.opening.open_library`). Exit codes: 0 ok, 1 nothing found or
problems reported, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from typing import Any

from broadsheet.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE
from broadsheet.cli.common import (
    add_library_option,
    add_refresh_option,
    count,
    reading_marks,
    say_nothing_found,
    use_color,
)
from broadsheet.cli.opening import open_library
from broadsheet.cli.output import (
    DIM,
    RESET,
    article_json,
    category_json,
    print_json,
    short_date,
)
from broadsheet.cli.search_command import run_search
from broadsheet.library.article import category_label
from broadsheet.library.results import CategoryNode
from broadsheet.library.text import clean_control, display_path, display_safe


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


def run_list(args: argparse.Namespace) -> int:
    """``broadsheet list``."""
    if args.limit is not None and args.limit < 0:
        print("broadsheet: --limit must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    library, _ = open_library(args)
    with closing(library):  # records the catalog as checked, if it wrote it
        filtering = args.unread or args.bookmarked
        marks = reading_marks(library, args.json or filtering, filtering=filtering)
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
