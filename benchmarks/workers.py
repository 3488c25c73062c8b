"""Measurements that run inside one fresh Python process each (started by ``run.py``).

Usage::

    python benchmarks/workers.py GROUP --library DIR [--reference REL] [--changed FILE]

``GROUP`` is one of :data:`GROUPS`. The process prints one JSON object per line, one per
figure: ``{"key": ..., "seconds": ... | "error": ..., "note": ...}``. A failing figure
reports its exception and the others still run. The environment (``BROADSHEET_*_DIR``)
is set up by the caller, so the cache folder decides whether an index is cold or warm.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from warm import read_into_page_cache, warm_note

RENDER_WIDTH: Final = 80
FIRST_SCREEN_LINES: Final = 50


def emit(key: str, **fields: Any) -> None:
    """Print one figure's result as a JSON line (flushed: the caller may time us out)."""
    print(json.dumps({"key": key, **fields}, ensure_ascii=False), flush=True)


def describe_error(error: BaseException) -> str:
    """``Type: message``, or just the type when the message is empty."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextmanager
def figure(*keys: str) -> Iterator[None]:
    """Report an exception raised in the block as the error of every key in ``keys``."""
    try:
        yield
    except Exception as error:
        for key in keys:
            emit(key, error=describe_error(error))


def p95(samples: list[float]) -> float:
    """95th percentile by the nearest-rank method (the 19th of 20 samples)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of ``action`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def warmth(report: Any) -> str:
    """A note when a refresh that should have found a warm index had to index instead."""
    if report.rebuilt_reason:
        return f"; index was rebuilt first: {report.rebuilt_reason}"
    if report.added or report.updated:
        return f"; index was not warm: {report.added + report.updated:,} files indexed first"
    return ""


def _open_library(root: Path) -> Any:
    from broadsheet.library.library import Library

    return Library(root)


def cold_index(args: argparse.Namespace) -> None:
    """Index every article into an empty cache folder."""
    with figure("cold_index"):
        library = _open_library(args.library)
        try:
            started = time.perf_counter()
            report = library.refresh(progress=None, rebuild=False)
            seconds = time.perf_counter() - started
        finally:
            library.close()
        emit("cold_index", seconds=seconds, note=f"{report.indexed:,} indexed")


def rescan(args: argparse.Namespace) -> None:
    """Rescan with nothing changed, then after rewriting the files listed in ``--changed``."""
    keys = ("rescan_unchanged", "rescan_changed")
    with figure(*keys):
        changed = [Path(line) for line in args.changed.read_text().splitlines() if line]
        library = _open_library(args.library)
        try:
            warm = warmth(library.refresh())  # a half-built index is completed: not timed
            started = time.perf_counter()
            report = library.refresh()
            note = f"{report.updated} updated{warm}"
            emit(keys[0], seconds=time.perf_counter() - started, note=note)
            with figure(keys[1]):
                originals = {path: path.read_bytes() for path in changed}
                try:
                    for number, (path, content) in enumerate(originals.items()):
                        # New content and a new modification time, as an editor leaves it.
                        extra = f"\n<p>Edited {number}: 修订 {time.time_ns()}</p>\n".encode()
                        path.write_bytes(content + extra)
                    started = time.perf_counter()
                    report = library.refresh()
                    seconds = time.perf_counter() - started
                finally:
                    # The library goes back to what the generator wrote, and the index
                    # follows, so that the next process finds it warm and matching.
                    for path, content in originals.items():
                        path.write_bytes(content)
                library.refresh()
                note = f"{report.updated} of {len(changed)} updated"
                emit(keys[1], seconds=seconds, note=note)
        finally:
            library.close()


def search(args: argparse.Namespace) -> None:
    """p95 of in-process searches, one class of queries at a time, on a warm index."""
    from broadsheet import paths
    from queries import QUERY_SETS

    keys = tuple(f"search:{name}" for name in QUERY_SETS)
    with figure(*keys):
        library = _open_library(args.library)
        try:
            warm = warmth(library.refresh())  # the index is warm: this only checks it

            def one_pass() -> dict[str, tuple[list[float], list[int]]]:
                found = {}
                for name, queries in QUERY_SETS.items():
                    samples, totals = [], []
                    for query in queries:
                        started = time.perf_counter()
                        results = library.search(query, limit=20)
                        samples.append(time.perf_counter() - started)
                        totals.append(results.total)
                    found[name] = (samples, totals)
                return found

            library.search("预热 warm-up", limit=20)
            first = one_pass()
            read, seconds = read_into_page_cache(paths.index_dir(args.library))
            for name, (samples, totals) in one_pass().items():
                hits = dict(zip(QUERY_SETS[name], totals, strict=True))
                note = (
                    f"{len(samples)} queries{warm}; {warm_note(read, seconds)}; before that, "
                    f"p95 {p95(first[name][0]) * 1000:.1f} ms"
                )
                emit(f"search:{name}", seconds=p95(samples), hits=hits, note=note)
        finally:
            library.close()


def _parsed(path: Path, root: Path) -> Any:
    from broadsheet.library.parse import parse_file

    parsed = parse_file(path, root)
    if not hasattr(parsed, "article"):  # an Unreadable: the figure would measure nothing
        raise RuntimeError(f"{path.name} is unreadable: {getattr(parsed, 'reason', parsed)}")
    return parsed


def render_reference(args: argparse.Namespace) -> None:
    """The reference article converted and wrapped at 80 columns (median of 5, warmed)."""
    with figure("render_reference"):
        from broadsheet.render.document import Document

        parsed = _parsed(args.library / args.reference, args.library)

        produced: list[int] = []

        def render() -> None:
            document = Document.from_article(parsed.article, parsed.body)
            document.convert_all()
            produced.append(len(document.lines(RENDER_WIDTH)))

        render()  # first use compiles regexes and loads lazy modules: not what we measure
        samples = [timed(render) for _ in range(5)]
        emit("render_reference", seconds=statistics.median(samples), note=f"{produced[0]} lines")


def render_big(args: argparse.Namespace) -> None:
    """The largest article: first screen, all lines, and re-wrapping at new widths."""
    keys = ("render_big_all", "render_big_first", "render_big_rewrap")
    with figure(*keys):
        from broadsheet.render.document import Document

        reference = _parsed(args.library / args.reference, args.library)
        big = _parsed(args.library / args.big, args.library)
        warm = Document.from_article(reference.article, reference.body)
        warm.convert_all()
        warm.lines(RENDER_WIDTH)
        size = f"{len(big.body.encode()) / 1024:,.0f} KB body"

        with figure("render_big_first"):

            def first_screen() -> None:
                document = Document.from_article(big.article, big.body)
                document.convert_next()
                document.lines(RENDER_WIDTH)[:FIRST_SCREEN_LINES]

            samples = [timed(first_screen) for _ in range(3)]
            emit("render_big_first", seconds=statistics.median(samples), note=size)

        with figure("render_big_all", "render_big_rewrap"):
            documents: list[Any] = []

            produced: list[int] = []

            def all_lines() -> None:
                document = Document.from_article(big.article, big.body)
                document.convert_all()
                produced.append(len(document.lines(RENDER_WIDTH)))
                documents.append(document)

            samples = [timed(all_lines) for _ in range(3)]
            note = f"{size}, {produced[0]:,} lines"
            emit("render_big_all", seconds=statistics.median(samples), note=note)
            with figure("render_big_rewrap"):
                # Each width is new to its document, so nothing can come from a cache.
                rewraps = [
                    timed(lambda d=document, w=width: d.lines(w))
                    for document, width in zip(documents, (100, 101, 102), strict=True)
                ]
                emit("render_big_rewrap", seconds=statistics.median(rewraps), note="80 → 100")


GROUPS: Final[dict[str, Callable[[argparse.Namespace], None]]] = {
    "cold-index": cold_index,
    "rescan": rescan,
    "search": search,
    "render-reference": render_reference,
    "render-big": render_big,
}


def main() -> int:
    """Run one group of measurements."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("group", choices=sorted(GROUPS))
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--reference", default="", help="the reference article, relative")
    parser.add_argument("--big", default="", help="the largest article, relative")
    parser.add_argument("--changed", type=Path, help="a file listing the files to rewrite")
    args = parser.parse_args()
    GROUPS[args.group](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
