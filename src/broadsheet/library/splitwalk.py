"""The full walk of a big library on worker processes: subtrees listed and stat'ed at once.

A full walk costs a ``stat`` per file, most of it in the kernel (3-5 µs on a VM), and
some Python per file: at a million files, seconds on one core. Threads do not help (the
calls are too short to gain from releasing the interpreter lock: 800,000 files took
3.2-3.7 s on one thread, 4.1 s on two, 5.1 s on four); processes do.

The parent lists the top of the tree, level by level, until there are enough subtrees
to share out (or the tree ends). Each worker walks whole subtrees without following
links to folders: those are sent back and walked last by the parent, as the serial walk
does, so that a folder reachable both ways keeps its real path. A worker sends back each
folder with its digest (:func:`~.scan.folder_digest`); when that digest is not one of
those the catalog holds for the subtree, the worker compares the folder with the
catalog itself (reading it on its own connection) and sends what changed: a few dozen
bytes a folder cross between processes, not a tuple per file.

The folders and files found are those of :func:`~.scan.walk_folders`, in another order.
Where they could differ (one real folder reached twice, through a bind mount), None
is returned and the caller walks serially.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from broadsheet.library import catalog
from broadsheet.library.changeset import Changes, StatRow, compare, rows_in
from broadsheet.library.scan import (
    ErrorCallback,
    FileInfo,
    Folder,
    folder_digest,
    list_folder,
)
from broadsheet.library.workers import map_in_workers

PARALLEL_MIN_FILES: Final = 200_000
"""Files in the catalog from which the full walk runs on workers. Below, starting them
(about 0.1 s each, at once) costs about as much as they save."""
SUBTREES_PER_WORKER: Final = 8
"""Subtrees looked for per worker, so that one big subtree does not leave the others idle."""
MAX_TOP_FOLDERS: Final = 256
"""Folders the parent lists at most while looking for subtrees."""

Queue = list[tuple[str, str]]
"""Folders to walk, as ``(path, prefix)``."""
Compared = tuple[list[FileInfo], dict[str, StatRow], list[int]]
"""What a worker found changed in a folder: :attr:`.Changes.todo`, ``known``, ``gone``."""
Found = tuple[Folder, list[FileInfo] | Compared | None]
"""A folder (with its digest) and its article files; or, from a worker, what changed in
it (its digest is new: the worker compared it with the catalog), or None (its digest is
one the catalog holds for its subtree: the caller compares it with the folder's own)."""
Subtree = tuple[str, str, str, frozenset[str]]
"""A subtree to walk: the catalog's path, the subtree's path and prefix, and the
digests stored for folders in it."""
Walked = tuple[list[Found], Queue, dict[str, str]]
"""A subtree walked: its folders, the links to folders met in it, and the problems."""


def walk_subtree(task: Subtree) -> Walked:
    """In a worker: every real folder of one subtree (links to folders are not entered).

    A folder whose digest is new is compared with the catalog here, on a connection of
    the worker's own, so that only what changed crosses back: 100 files edited over 80
    folders of a million articles would otherwise send the parent every file of them.
    """
    catalog_path, path, prefix, digests = task
    problems: dict[str, str] = {}
    folders: Queue = [(path, prefix)]
    linked: Queue = []
    visited: set[tuple[int, int]] = set()
    found: list[Found] = []
    db: sqlite3.Connection | None = None
    try:
        while folders:
            folder_path, folder_prefix = folders.pop()
            listed = list_folder(
                folder_path, folder_prefix, visited, problems.__setitem__, (folders, linked)
            )
            if listed is None:
                continue
            folder, files, _ = listed
            digest = folder_digest(files)
            if digest in digests:
                found.append((folder._replace(digest=digest), None))
                continue
            if db is None:
                db = catalog.connect(Path(catalog_path))
            changes = Changes()
            compare(changes, files, rows_in(db, folder_prefix))
            found.append(
                (folder._replace(digest=digest), (changes.todo, changes.known, changes.gone))
            )
    finally:
        if db is not None:
            db.close()
    return found, linked, problems


def _subtree_digests(subtrees: Iterable[str], stored: Mapping[str, Folder]) -> dict[str, set[str]]:
    """The stored digests of the folders in each subtree (by the subtree's prefix)."""
    digests: dict[str, set[str]] = {prefix: set() for prefix in subtrees}
    for prefix, folder in stored.items():
        end = prefix.find("/")
        while end != -1:
            bucket = digests.get(prefix[: end + 1])
            if bucket is not None:
                bucket.add(folder.digest)
                break
            end = prefix.find("/", end + 1)
    return digests


def _drain(
    folders: Queue,
    linked: Queue,
    visited: set[tuple[int, int]],
    report: ErrorCallback,
    found: list[Found],
) -> None:
    """Walk ``folders``, then ``linked`` (sorted, as :func:`~.scan.walk_folders` does)."""
    while folders or linked:
        if not folders:
            linked.sort(reverse=True)
            folders.append(linked.pop())
        path, prefix = folders.pop()
        listed = list_folder(path, prefix, visited, report, (folders, linked))
        if listed is not None:
            folder, files, _ = listed
            found.append((folder._replace(digest=folder_digest(files)), files))


def walk_in_workers(
    db: sqlite3.Connection,
    root: str,
    stored: Mapping[str, Folder],
    report: ErrorCallback,
    workers: int,
) -> list[Found] | None:
    """Every folder of the library at ``root`` (see the module doc), or None when the
    serial walk must be used; ``stored`` is the catalog's folders by prefix."""
    visited: set[tuple[int, int]] = set()
    found: list[Found] = []
    linked: Queue = []
    level: Queue = [(root, "")]
    listed_here = 0
    while (
        level
        and len(level) < workers * SUBTREES_PER_WORKER
        and listed_here + len(level) <= MAX_TOP_FOLDERS
    ):
        below: Queue = []
        for path, prefix in level:
            listed = list_folder(path, prefix, visited, report, (below, linked))
            if listed is not None:
                folder, files, _ = listed
                found.append((folder._replace(digest=folder_digest(files)), files))
        listed_here += len(level)
        level = below
    if level:
        digests = _subtree_digests((prefix for _, prefix in level), stored)
        catalog_path = catalog.file_of(db)
        tasks = [(catalog_path, path, prefix, frozenset(digests[prefix])) for path, prefix in level]
        for walked, links, problems in map_in_workers(walk_subtree, tasks, workers):
            found.extend(walked)
            linked.extend(links)
            for relpath, reason in problems.items():
                report(relpath, reason)
        # Each folder was entered once in its own process: one reached twice (a bind
        # mount) must be reported as the serial walk does, so that walk is used.
        keys = [(folder.device, folder.inode) for folder, _ in found]
        visited.update(keys)
        if len(visited) != len(keys):
            return None
    _drain([], linked, visited, report, found)
    return found
