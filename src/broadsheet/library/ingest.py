"""Parsing the files a scan found, in worker processes when there are many.

Each file becomes a :data:`ParseOutcome`: its article and its text already cut into
search units, so that the one thread that writes the index only writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Final

from broadsheet.library.article import Article
from broadsheet.library.scan import FileInfo
from broadsheet.library.workers import map_in_workers, worker_count

PARALLEL_MIN_FILES: Final = 300
"""Below this many files to parse, worker processes cost more than they save."""
BATCH_SIZE: Final = 64
BULK_BATCH: Final = 32
"""Batches this big are cut with the faster way that costs a table built once."""
Task = tuple[str, str, str, int, int]
"""(path, root, relpath, mtime_ns, size) of a file to parse."""
ParseOutcome = tuple[str, int, int, Article | None, str, str, str]
"""(relpath, mtime_ns, size, article or None, its text cut into search units by
:func:`~broadsheet.library.tokens.spaced` or the reason it could not be read, the
text's CJK pairs from :func:`~broadsheet.library.tokens.cjk_pairs`, and the text as
written, stored for snippets: the units are folded, ``戶`` indexed as ``户``)."""


def _parse_one(task: tuple[str, str, str, int, int], bulk: bool = False) -> ParseOutcome:
    from broadsheet.library.article import ParsedArticle
    from broadsheet.library.parse import parse_file
    from broadsheet.library.tokens import cjk_pairs, spaced

    path, root, relpath, mtime_ns, size = task
    result = parse_file(Path(path), Path(root))
    if isinstance(result, ParsedArticle):
        # Cutting the text here, in the worker, keeps it off the single writer thread.
        text = result.text
        units = spaced(text, bulk=bulk)
        return relpath, mtime_ns, size, result.article, units, cjk_pairs(text, bulk=bulk), text
    return relpath, mtime_ns, size, None, result.reason, "", ""


UNINDEXABLE: Final = (UnicodeError, ValueError, OverflowError, TypeError)
"""What adding one article's document can raise when something in it cannot be stored."""


def unindexable_reason(error: Exception) -> str:
    """The problem ``doctor`` reports for a file whose values could not be indexed."""
    return f"it could not be indexed ({type(error).__name__}: {error}); please report this"


def _batches(tasks: Iterable[Task]) -> Iterator[list[Task]]:
    """``tasks`` in lists of :data:`BATCH_SIZE` (the last one shorter)."""
    iterator = iter(tasks)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def _parse_batch(tasks: list[Task]) -> list[ParseOutcome]:
    from broadsheet.library.parse import prefetch

    bulk = len(tasks) >= BULK_BATCH
    prefetch((path, size) for path, _, _, _, size in tasks)
    return [_parse_one(task, bulk) for task in tasks]


def parse_batches(todo: Iterable[FileInfo], root: str) -> Iterator[list[ParseOutcome]]:
    """Batches of parsed files, in the order of ``todo`` (read as they are needed): on
    worker processes (:func:`~broadsheet.library.workers.worker_count`) when there are
    enough files to pay for starting them."""
    tasks = ((info.path, root, info.relpath, info.mtime_ns, info.size) for info in todo)
    first = list(islice(tasks, PARALLEL_MIN_FILES))
    if len(first) < PARALLEL_MIN_FILES:
        # A few files: the table of the bulk cut (60 ms to build) would cost more than
        # it saves (0.1 ms a file).
        yield from ([_parse_one(task) for task in batch] for batch in _batches(first))
    elif worker_count() < 2:
        yield from map(_parse_batch, _batches(chain(first, tasks)))
    else:
        yield from map_in_workers(_parse_batch, _batches(chain(first, tasks)))
