"""The cheap check's listings of many changed folders, shared with a worker process.

A folder whose time changed is listed again and its entries compared with the
catalog's (:func:`relist_cheaply`): about 2.6 µs a file it holds, most of it Python and
SQLite on one core. When the changed folders hold many files (a crawler run or a
``git pull`` over a big library: 100 files added over 80 folders of a million
articles is 1.35 s of it), a worker takes the folders at the end of the list while
this process lists those at the start, each on its own connection to the catalog.

The worker starts cold (about 0.1 s), so this process takes a larger share. Only
plain values cross: for each folder, what changed in it, not its files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Final

from broadsheet.library import catalog
from broadsheet.library.changeset import Changes, StatRow, compare, keys_in, row_of
from broadsheet.library.scan import ErrorCallback, FileInfo, Folder, folder_path, list_folder
from broadsheet.library.workers import beside, worker_count

PARALLEL_MIN_FILES: Final = 60_000
"""Files in the changed folders from which a worker shares the listing (about 0.15 s
of it: less, and starting the worker costs more than it saves)."""
HEAD_START_FILES: Final = 40_000
"""Files this process lists while the worker starts (about 0.1 s)."""

Relisted = tuple[Folder, list[FileInfo], dict[str, StatRow], list[int], list[tuple[str, str]]]
"""A folder listed again: the folder, its files to parse, the catalog rows of those it
knew, the keys of its files that are gone, and its sub-folders as ``(path, prefix)``."""
Share = tuple[str, str, tuple[str, ...]]
"""A worker's share: the catalog's path, the library's root, the folders' prefixes."""


def relist_cheaply(
    db: sqlite3.Connection,
    root: str,
    prefix: str,
    visited: set[tuple[int, int]],
    report: ErrorCallback,
) -> Relisted | None:
    """List a folder the catalog knows again; None when it cannot be read (or was
    visited already).

    The files it held before that are still the same files (same name, same inode)
    are not looked at: an added, removed or renamed file costs a listing, not a stat
    per file (a folder of 6,000 files: about 15 ms instead of 40).
    """
    unlisted: list[str] = []
    listed = list_folder(
        folder_path(root, prefix),
        prefix,
        visited,
        report,
        known=keys_in(db, prefix),
        unlisted=unlisted,
    )
    if listed is None:
        return None
    folder, files, subfolders = listed
    looked_at = [info.relpath for info in files]
    gone = [prefix + name for name in unlisted]
    rows = {
        relpath: row for relpath in (*looked_at, *gone) if (row := row_of(db, relpath)) is not None
    }
    changes = Changes()
    compare(changes, files, rows)
    return folder, changes.todo, changes.known, changes.gone, subfolders


def _relist_all(
    db: sqlite3.Connection, root: str, prefixes: Sequence[str], report: ErrorCallback
) -> list[Relisted | None]:
    """Each folder listed again; the caller checks that none was reached twice."""
    return [relist_cheaply(db, root, prefix, set(), report) for prefix in prefixes]


def relist_share(share: Share) -> tuple[list[Relisted | None], dict[str, str]]:
    """In a worker: its folders listed again, and the problems met."""
    catalog_path, root, prefixes = share
    problems: dict[str, str] = {}
    db = catalog.connect(Path(catalog_path))
    try:
        return _relist_all(db, root, prefixes, problems.__setitem__), problems
    finally:
        db.close()


def _counts(db: sqlite3.Connection, prefixes: Sequence[str]) -> list[int]:
    """The catalog's files in each folder (0.3 ms a folder of 6,500)."""
    counts = []
    for prefix in prefixes:
        stored = catalog.stored_path(prefix)
        match = "?" if isinstance(stored, str) else "CAST(? AS TEXT)"
        query = f"SELECT count(*) FROM files WHERE {catalog.FOLDER_OF} = {match}"
        counts.append(int(db.execute(query, (stored,)).fetchone()[0]))
    return counts


def relist_beside(
    db: sqlite3.Connection,
    root: str,
    prefixes: Sequence[str],
    report: Callable[[str, str], None],
) -> list[Relisted | None] | None:
    """:func:`relist_cheaply` of each prefix (in order), with a worker's help; None when
    the folders hold too few files to be worth it (the caller lists them itself).

    Each folder is listed with a ``visited`` set of its own: the caller checks for a
    folder reached twice, as :func:`relist_cheaply` would have.
    """
    if len(prefixes) < 2 or worker_count() < 2:
        return None
    counts = _counts(db, prefixes)
    total = sum(counts)
    if total < PARALLEL_MIN_FILES:
        return None
    mine = (total + HEAD_START_FILES) // 2
    split = next(
        (index + 1 for index, done in enumerate(accumulate(counts)) if done >= mine),
        len(prefixes),
    )
    split = min(split, len(prefixes) - 1)
    share: Share = (catalog.file_of(db), root, tuple(prefixes[split:]))
    problems: dict[str, str] = {}
    (theirs, their_problems), here = beside(
        relist_share, share, lambda: _relist_all(db, root, prefixes[:split], problems.__setitem__)
    )
    for relpath, reason in (*problems.items(), *their_problems.items()):
        report(relpath, reason)
    return [*here, *theirs]
