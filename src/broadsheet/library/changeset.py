"""What one scan changes, and the small writes that go with it besides the files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from broadsheet.library import catalog
from broadsheet.library.scan import FileInfo, Folder, file_key

StatRow = tuple[int, int, int, int]
"""(key, mtime_ns, size, inode) of a file in the catalog (inode 0: not known)."""


@dataclass(slots=True)
class Changes:
    """What a scan found to write: the files to parse, the rows to drop, the folders."""

    todo: list[FileInfo] = field(default_factory=list)
    """New or changed article files, to parse."""
    known: dict[str, StatRow] = field(default_factory=dict)
    """Catalog rows of the files in :attr:`todo` that were indexed before."""
    gone: list[int] = field(default_factory=list)
    """Keys of catalog rows whose files are gone."""
    folders: list[Folder] = field(default_factory=list)
    """Folder rows to write (times already made :data:`UNSURE` where recent)."""
    folders_gone: list[str] = field(default_factory=list)
    """Prefixes of folders that are gone."""
    problems: dict[str, str] = field(default_factory=dict)
    """Walk problems found in the folders listed."""
    cleared: list[str] = field(default_factory=list)
    """Prefixes whose walk problems :attr:`problems` replaces (listed or gone folders)."""
    stale: list[str] = field(default_factory=list)
    """Folders whose digest no longer describes them (a file in one was looked at alone)."""
    full: bool = False
    """From a walk of everything: its folders and problems replace all those stored."""
    rewrite: bool = False
    """(Full walks) the folders or problems differ from those stored."""

    def __bool__(self) -> bool:
        if self.todo or self.gone or self.folders_gone or self.stale:
            return True
        return self.rewrite if self.full else bool(self.folders)


def _folder_rows(db: sqlite3.Connection, prefix: str, columns: str) -> sqlite3.Cursor:
    """``columns`` of the catalog's files directly in a folder."""
    stored = catalog.stored_path(prefix)
    # A plain parameter uses the folder index; CAST (needed only for a folder name that
    # is not UTF-8, stored as bytes) would make SQLite read every row.
    match = "?" if isinstance(stored, str) else "CAST(? AS TEXT)"
    return db.execute(f"SELECT {columns} FROM files WHERE {catalog.FOLDER_OF} = {match}", (stored,))


def rows_in(db: sqlite3.Connection, prefix: str) -> dict[str, StatRow]:
    """relpath -> (key, mtime_ns, size, inode) of the catalog's files directly in a folder."""
    return {
        catalog.loaded_path(relpath): (key, mtime_ns, size, inode or 0)
        for relpath, key, mtime_ns, size, inode in _folder_rows(
            db, prefix, "relpath, key, mtime_ns, size, inode"
        )
    }


def keys_in(db: sqlite3.Connection, prefix: str) -> set[str]:
    """:func:`~.scan.file_key` of the catalog's files directly in a folder (inode 0:
    not known, so no listed file matches it).

    SQLite joins them into one string and ``set`` splits it, at C speed: the cheap
    check of a folder of 200,000 files reads them all (a row at a time costs twice
    as much).
    """
    stored = catalog.stored_path(prefix)
    keys: set[str] = set()
    if isinstance(stored, str):
        (joined,) = db.execute(
            "SELECT group_concat(substr(relpath, ?) || '/' || ifnull(inode, 0), char(0)) "
            f"FROM files WHERE {catalog.FOLDER_OF} = ? AND typeof(relpath) = 'text'",
            (len(prefix) + 1, stored),
        ).fetchone()
        if joined:
            keys.update(joined.split("\0"))
        odd = db.execute(  # names that are not UTF-8, stored as bytes (seldom any)
            f"SELECT relpath, ifnull(inode, 0) FROM files "
            f"WHERE {catalog.FOLDER_OF} = ? AND typeof(relpath) != 'text'",
            (stored,),
        )
    else:
        odd = _folder_rows(db, prefix, "relpath, ifnull(inode, 0)")
    start = len(prefix)
    keys.update(file_key(catalog.loaded_path(relpath)[start:], inode) for relpath, inode in odd)
    return keys


def row_of(db: sqlite3.Connection, relpath: str) -> StatRow | None:
    """(key, mtime_ns, size, inode) of one file in the catalog."""
    row = db.execute(
        "SELECT key, mtime_ns, size, inode FROM files WHERE relpath=?",
        (catalog.stored_path(relpath),),
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3] or 0)


def compare(changes: Changes, files: Iterable[FileInfo], rows: dict[str, StatRow]) -> None:
    """Add what differs between the files of a folder and the catalog's rows for it."""
    present = set()
    for info in files:
        present.add(info.relpath)
        row = rows.get(info.relpath)
        if (
            row is None
            or row[1:3] != (info.mtime_ns, info.size)
            or (row[3] != info.inode and row[3] and info.inode)  # replaced (0: not known)
        ):
            changes.todo.append(info)
            if row is not None:
                changes.known[info.relpath] = row
    changes.gone.extend(row[0] for relpath, row in rows.items() if relpath not in present)


def recheck(db: sqlite3.Connection, changes: Changes) -> None:
    """Drop what another process wrote meanwhile (planned without the lock, now held)."""
    todo, changes.todo, changes.known = changes.todo, [], {}
    for info in todo:
        compare(
            changes,
            [info],
            {} if (row := row_of(db, info.relpath)) is None else {info.relpath: row},
        )
    gone = changes.gone
    changes.gone = [
        key for key in gone if db.execute("SELECT 1 FROM files WHERE key=?", (key,)).fetchone()
    ]


def stored_folders(db: sqlite3.Connection) -> dict[str, Folder]:
    """Every folder the catalog knows, by prefix ({} for an index made before folders)."""
    try:
        rows = db.execute("SELECT prefix, mtime_ns, device, inode, digest FROM folders")
        return {
            catalog.loaded_path(prefix): Folder(
                catalog.loaded_path(prefix), mtime, dev, ino, digest or ""
            )
            for prefix, mtime, dev, ino, digest in rows
        }
    except sqlite3.OperationalError:
        return {}  # no such table


@dataclass(slots=True)
class Written:
    """The keys and article ids one scan wrote (kept only while ids are listed)."""

    keys: list[int] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    count: int = 0
    """Files written (tracked or not)."""
    added: int = 0
    """New files indexed as articles."""
    updated: int = 0
    """Files the index knew, indexed again as articles."""
    skipped: int = 0
    """Files (new or known) that could not be indexed: doctor says why."""

    def tally(self, *, new: bool, indexed: bool) -> None:
        """Count one file written."""
        if not indexed:
            self.skipped += 1
        elif new:
            self.added += 1
        else:
            self.updated += 1


@dataclass(frozen=True, slots=True)
class KeyCounts:
    """Counts and article ids of some catalog rows, to move the stored counts by."""

    indexed: int
    problems: int
    ids: frozenset[str]

    @classmethod
    def of(cls, db: sqlite3.Connection, keys: list[int]) -> KeyCounts:
        """The counts of the rows with these keys, as they are now."""
        indexed = problems = 0
        ids: set[str] = set()
        for article_id, problem, notes in _rows_of_keys(db, "id, problem, notes", keys):
            if problem is None:
                indexed += 1
                ids.add(article_id)
            problems += problem is not None or bool(notes)
        return cls(indexed, problems, frozenset(ids))


def _rows_of_keys(db: sqlite3.Connection, columns: str, keys: list[int]) -> Iterator[Any]:
    """``columns`` of the catalog rows with these keys (queried 500 keys at a time)."""
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        yield from db.execute(f"SELECT {columns} FROM files WHERE key IN ({marks})", chunk)


def stats_of(db: sqlite3.Connection, keys: list[int]) -> dict[tuple[int, int, int], str]:
    """(inode, mtime_ns, size) -> article id of the catalog's articles with these keys
    (those whose inode is known)."""
    return {
        (inode, mtime_ns, size): article_id
        for inode, mtime_ns, size, article_id, problem in _rows_of_keys(
            db, "inode, mtime_ns, size, id, problem", keys
        )
        if inode and problem is None
    }


def walk_problem_count(db: sqlite3.Connection) -> int:
    """How many paths the walks could not read."""
    return int(db.execute("SELECT COUNT(*) FROM walk_problem").fetchone()[0])


def write_folders(db: sqlite3.Connection, changes: Changes, *, full: bool) -> None:
    """Store the folders a scan listed and the problems it met on the way.

    A full walk replaces them all; an update only those of the folders it listed.
    """
    if full:
        db.execute("DELETE FROM walk_problem")
        db.execute("DELETE FROM folders")
    else:
        for prefix in changes.cleared:
            stored = catalog.stored_path(prefix)
            db.execute(
                f"DELETE FROM walk_problem WHERE {catalog.FOLDER_OF} = CAST(? AS TEXT) "
                "OR relpath = ?",
                (stored, catalog.stored_path(prefix[:-1] or ".")),
            )
        db.executemany(
            "DELETE FROM folders WHERE prefix=?",
            [(catalog.stored_path(prefix),) for prefix in changes.folders_gone],
        )
        db.executemany(
            "UPDATE folders SET digest='' WHERE prefix=?",
            [(catalog.stored_path(prefix),) for prefix in changes.stale],
        )
    db.executemany(
        "INSERT OR REPLACE INTO walk_problem VALUES (?, ?)",
        [(catalog.stored_path(path), why) for path, why in changes.problems.items()],
    )
    db.executemany(
        "INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?, ?)",
        [(catalog.stored_path(f.prefix), *f[1:]) for f in changes.folders],
    )
