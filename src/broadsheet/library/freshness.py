"""What changed in a library folder, found at the cost of what changed.

A folder's modification time changes when an entry in it is added, removed or renamed
(git's untracked cache relies on the same), so :func:`plan_update` stats only the
folders the catalog knows, lists and stats the files of those whose time changed, walks
folders it has not seen, and drops the ones that are gone. Files edited in place do not
change their folder's time: the caller names them in ``touched`` (the reader's watcher
sees them) or runs the full walk. In a folder whose time changed, a file listed with the
inode the catalog holds for it is not stat'ed either (a file replaced under its name, as
editors and git write, has a new inode).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterable
from typing import Final

from broadsheet.library.changeset import (
    Changes,
    StatRow,
    compare,
    row_of,
    rows_in,
    stored_folders,
)
from broadsheet.library.scan import (
    EXTENSIONS,
    REACHED_TWICE,
    FileInfo,
    Folder,
    folder_digest,
    folder_path,
    left_out,
    list_folder,
    walk_folders,
)
from broadsheet.library.splitcheck import Relisted, relist_beside, relist_cheaply

RACY_NS: Final = 2_000_000_000
"""A folder changed this recently may change again within the same clock tick, unseen
(file systems keep coarse times): its time is stored as :data:`UNSURE`."""
UNSURE: Final = -1
"""The stored time of a folder that is listed again at the next check, whatever its time."""


def stored_folder(folder: Folder, now_ns: int) -> Folder:
    """The folder as stored: a time too close to ``now_ns`` is :data:`UNSURE`."""
    if folder.mtime_ns >= now_ns - RACY_NS:
        return folder._replace(mtime_ns=UNSURE)
    return folder


def _relative(root: str, path: str | os.PathLike[str]) -> str | None:
    """``path`` (absolute or relative to the root) inside the library, or None."""
    full = os.path.normpath(os.path.join(root, os.fspath(path)))
    relpath = os.path.relpath(full, root)
    if relpath == ".":
        return ""
    if relpath.startswith(".." + os.sep) or relpath == "..":
        return None
    return relpath.replace(os.sep, "/")


class _Planner:
    """One :func:`plan_update`: the folders seen so far and what they changed."""

    def __init__(self, db: sqlite3.Connection, root: str, folders: dict[str, Folder]) -> None:
        self.db = db
        self.root = root
        self.folders = folders
        self.changes = Changes()
        self.visited = {(folder.device, folder.inode) for folder in folders.values()}
        self.listed: set[str] = set()
        self.cheap: set[str] = set()
        """Folders listed without a stat of the files they held (edits in place unseen)."""
        self.touched: set[str] = set()
        self.queued: set[str] | None = None
        self.now_ns = time.time_ns()

    def report(self, relpath: str, reason: str) -> None:
        self.changes.problems[relpath] = reason

    def add_folder(
        self, folder: Folder, files: list[FileInfo], rows: dict[str, StatRow] | None = None
    ) -> None:
        """A folder listed whole: stored, and its files compared with the catalog's
        (``rows``, when the caller read them already)."""
        self.listed.add(folder.prefix)
        self.changes.cleared.append(folder.prefix)
        stored = stored_folder(folder, self.now_ns)._replace(digest=folder_digest(files))
        self.changes.folders.append(stored)
        compare(self.changes, files, rows_in(self.db, folder.prefix) if rows is None else rows)

    def relist(self, prefix: str, *, thorough: bool = False) -> None:
        """List a changed folder again; walk its sub-folders that are new.

        ``thorough``: stat every file (a folder named by the caller), edits in place too.
        """
        if prefix in self.listed:
            return
        old = self.folders.get(prefix)
        if old is not None:
            self.visited.discard((old.device, old.inode))
        path = folder_path(self.root, prefix)
        if thorough:
            rows = rows_in(self.db, prefix)
            listed = list_folder(path, prefix, self.visited, self.report)
            if listed is None:
                self.drop(prefix)
                return
            folder, files, subfolders = listed
            self.add_folder(folder, files, rows)
        else:
            relisted = relist_cheaply(self.db, self.root, prefix, self.visited, self.report)
            if relisted is None:
                self.drop(prefix)
                return
            subfolders = self._take(prefix, relisted)
        for _, subprefix in subfolders:
            if subprefix not in self.folders and subprefix not in self.listed:
                self.walk_new(subprefix)

    def _take(self, prefix: str, relisted: Relisted) -> list[tuple[str, str]]:
        """A folder listed again by :func:`~.splitcheck.relist_cheaply`: its changes
        join the plan; its sub-folders are returned."""
        folder, todo, known, gone, subfolders = relisted
        self.listed.add(prefix)
        self.changes.cleared.append(prefix)
        # Its digest would need every file's time: the next full walk reads its rows.
        self.changes.folders.append(stored_folder(folder, self.now_ns)._replace(digest=""))
        self.changes.todo.extend(todo)
        self.changes.known.update(known)
        self.changes.gone.extend(gone)
        self.cheap.add(prefix)
        return subfolders

    def take_all(self, prefixes: list[str], relisted: list[Relisted | None]) -> None:
        """Folders listed again elsewhere (:func:`~.splitcheck.relist_beside`), each
        taken as :meth:`relist` would have: in order, one reached twice skipped."""
        for prefix, result in zip(prefixes, relisted, strict=True):
            if prefix in self.listed:
                continue
            old = self.folders[prefix]
            self.visited.discard((old.device, old.inode))
            if result is None:
                self.drop(prefix)
                continue
            key = (result[0].device, result[0].inode)
            if key in self.visited:
                self.report(prefix[:-1], REACHED_TWICE)
                self.drop(prefix)
                continue
            self.visited.add(key)
            for _, subprefix in self._take(prefix, result):
                if subprefix not in self.folders and subprefix not in self.listed:
                    self.walk_new(subprefix)

    def walk_new(self, prefix: str) -> None:
        """Walk a folder the catalog did not know, with everything under it."""
        for folder, files in walk_folders(
            self.root, self.report, start=prefix, visited=self.visited
        ):
            self.add_folder(folder, files)

    def drop(self, prefix: str) -> None:
        """A folder that is gone: its files leave the catalog."""
        if prefix in self.listed:
            return
        self.listed.add(prefix)
        self.changes.cleared.append(prefix)
        if prefix in self.folders:
            self.changes.folders_gone.append(prefix)
        self.changes.gone.extend(row[0] for row in rows_in(self.db, prefix).values())

    def touch(self, path: str | os.PathLike[str]) -> None:
        """Look at one file or folder again, whatever its folder's time says."""
        relpath = _relative(self.root, path)
        if relpath is None or left_out(self.root, relpath):
            return
        full = folder_path(self.root, relpath)
        try:
            status = os.stat(full)
        except OSError:
            status = None
        if status is not None and stat.S_ISDIR(status.st_mode):
            prefix = f"{relpath}/" if relpath else ""
            if prefix in self.folders:
                self.relist(prefix, thorough=True)
            elif prefix not in self.listed:
                self.walk_new(prefix)
            return
        folder = relpath[: relpath.rfind("/") + 1]
        if folder in self.cheap:
            self._look_again(relpath, full, status)
            return
        if folder in self.listed:
            return  # its folder was listed whole
        if status is None and f"{relpath}/" in self.folders:
            self.drop(f"{relpath}/")
            return
        if relpath in self.touched:
            return
        self.touched.add(relpath)
        dot = relpath.rfind(".")
        if dot <= relpath.rfind("/") + 1 or relpath[dot + 1 :].lower() not in EXTENSIONS:
            return
        row = row_of(self.db, relpath)
        rows = {relpath: row} if row is not None else {}
        if folder in self.folders:
            self.changes.stale.append(folder)  # its digest no longer matches its files
        if status is not None and stat.S_ISREG(status.st_mode) and folder in self.folders:
            # No inode: a listing's (d_ino) is what is stored, and stat's may differ (overlayfs).
            info = FileInfo(relpath, full, status.st_mtime_ns, status.st_size)
            compare(self.changes, [info], rows)
        elif row is not None:
            self.changes.gone.append(row[0])

    def _look_again(self, relpath: str, full: str, status: os.stat_result | None) -> None:
        """A file of a folder listed cheaply: its listing saw additions and removals,
        and took the catalog's time and size for a file it already knew: stat it."""
        if status is None or not stat.S_ISREG(status.st_mode) or relpath in self.touched:
            return
        self.touched.add(relpath)
        if self.queued is None:  # the listings are done when the touched paths come
            self.queued = {info.relpath for info in self.changes.todo}
        if relpath in self.queued:
            return  # new or replaced: already to be parsed
        row = row_of(self.db, relpath)
        if row is not None:
            compare(
                self.changes,
                [FileInfo(relpath, full, status.st_mtime_ns, status.st_size)],
                {relpath: row},
            )


def plan_update(
    db: sqlite3.Connection, root: str, touched: Iterable[str | os.PathLike[str]] = ()
) -> Changes | None:
    """What changed since the catalog was written, or None when only a full walk can tell."""
    folders = stored_folders(db)
    if "" not in folders:
        return None
    planner = _Planner(db, root, folders)
    changed: list[str] = []
    for prefix, (_, mtime_ns, device, inode, _) in folders.items():
        try:
            status = os.stat(folder_path(root, prefix))
        except OSError:
            status = None
        if status is None or not stat.S_ISDIR(status.st_mode):
            planner.drop(prefix)
            planner.visited.discard((device, inode))
        elif (status.st_mtime_ns, status.st_dev, status.st_ino) != (mtime_ns, device, inode):
            changed.append(prefix)
    ordered = sorted(changed)
    relisted = relist_beside(db, root, ordered, planner.report)
    if relisted is None:
        for prefix in ordered:
            planner.relist(prefix)
    else:
        planner.take_all(ordered, relisted)
    for path in touched:
        planner.touch(path)
    return planner.changes
