"""The full walk: every folder listed and every article file stat'ed, memory flat.

Each folder's listing is digested (names, times, sizes) and compared with the digest
stored for it; only a folder whose digest differs has its catalog rows read. Nothing is
held for the whole library but one row per folder, so a walk of a million files costs
the listings and the ``stat`` calls, not a list of a million entries.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator

from broadsheet.library import catalog
from broadsheet.library.changeset import Changes, compare, rows_in, stored_folders
from broadsheet.library.freshness import stored_folder
from broadsheet.library.scan import (
    ErrorCallback,
    FileInfo,
    Folder,
    folder_digest,
    folder_path,
    list_folder,
    walk_folders,
)
from broadsheet.library.splitwalk import PARALLEL_MIN_FILES, Found, walk_in_workers
from broadsheet.library.workers import worker_count


def _stored_problems(db: sqlite3.Connection) -> dict[str, str]:
    return {
        catalog.loaded_path(relpath): reason
        for relpath, reason in db.execute("SELECT relpath, reason FROM walk_problem")
    }


def _catalog_prefixes(db: sqlite3.Connection) -> set[str]:
    """Every folder that holds a file of the catalog (for an index without folder rows)."""
    return {
        catalog.loaded_path(prefix)
        for (prefix,) in db.execute(f"SELECT DISTINCT {catalog.FOLDER_OF} FROM files")
    }


def _folders(
    db: sqlite3.Connection, root: str, stored: dict[str, Folder], report: ErrorCallback
) -> Iterable[Found]:
    """Every folder of the walk, with its digest (and its files, see :data:`.Found`):
    on worker processes in a big library (:mod:`.splitwalk`), else here."""
    workers = worker_count()
    if workers > 1 and int(catalog.get_meta(db, "indexed") or 0) >= PARALLEL_MIN_FILES:
        found = walk_in_workers(db, root, stored, report, workers)
        if found is not None:
            return found
    return (
        (folder._replace(digest=folder_digest(files)), files)
        for folder, files in walk_folders(root, report)
    )


def plan_full(db: sqlite3.Connection, root: str) -> Changes:
    """What a walk of the whole folder finds changed since the catalog was written."""
    stored = stored_folders(db)
    changes = Changes(full=True)
    now_ns = time.time_ns()
    seen: set[str] = set()
    report = changes.problems.__setitem__
    for listed, found in _folders(db, root, stored, report):
        folder, prefix = listed, listed.prefix
        if isinstance(found, tuple):  # compared by a worker: its digest is new
            todo, known, gone = found
            changes.todo.extend(todo)
            changes.known.update(known)
            changes.gone.extend(gone)
        elif (old := stored.get(prefix)) is None or not old.digest or old.digest != folder.digest:
            files = found
            if files is None:
                # Its digest is another folder's of the subtree: read it again here.
                again = list_folder(folder_path(root, prefix), prefix, set(), report)
                files = [] if again is None else again[1]
                folder = folder._replace(digest=folder_digest(files))
            compare(changes, files, rows_in(db, prefix))
        changes.folders.append(stored_folder(folder, now_ns))
        seen.add(prefix)
    for prefix in (set(stored) or _catalog_prefixes(db)) - seen:
        changes.gone.extend(row[0] for row in rows_in(db, prefix).values())
    changes.rewrite = {
        folder.prefix: folder for folder in changes.folders
    } != stored or changes.problems != _stored_problems(db)
    return changes


def stream_full(root: str, changes: Changes) -> Iterator[FileInfo]:
    """Every article file, for a first scan: the folders and problems go to ``changes``."""
    now_ns = time.time_ns()
    for folder, files in walk_folders(root, changes.problems.__setitem__):
        changes.folders.append(stored_folder(folder, now_ns)._replace(digest=folder_digest(files)))
        yield from files


def count_articles(root: str) -> int:
    """How many article files a walk would find, from the listings alone (no ``stat``)."""
    return sum(len(files) for _, files in walk_folders(root, stat_files=False))
