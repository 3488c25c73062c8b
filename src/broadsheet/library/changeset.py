"""What one scan changes, and the small writes that go with it besides the files."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from broadsheet.library import catalog
from broadsheet.library.scan import FileInfo, Folder

StatRow = tuple[int, int, int]
"""(key, mtime_ns, size) of a file in the catalog."""


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

    def __bool__(self) -> bool:
        return bool(self.todo or self.gone or self.folders or self.folders_gone)


@dataclass(slots=True)
class Written:
    """The keys and article ids one scan wrote (kept only while ids are listed)."""

    keys: list[int] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


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
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            for article_id, problem, notes in db.execute(
                f"SELECT id, problem, notes FROM files WHERE key IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                if problem is None:
                    indexed += 1
                    ids.add(article_id)
                problems += problem is not None or bool(notes)
        return cls(indexed, problems, frozenset(ids))


def walk_problem_count(db: sqlite3.Connection) -> int:
    """How many paths the walks could not read."""
    return int(db.execute("SELECT COUNT(*) FROM walk_problem").fetchone()[0])


def write_folders(db: sqlite3.Connection, changes: Changes, *, full: bool) -> None:
    """Store the folders a scan listed and the problems it met on the way.

    A full walk replaces them all; an update only those of the folders it listed.
    """
    if full:
        db.execute("DELETE FROM walk_problem")
        db.execute("DELETE FROM folder")
    else:
        for prefix in changes.cleared:
            stored = catalog.stored_path(prefix)
            db.execute(
                f"DELETE FROM walk_problem WHERE {catalog.FOLDER_OF} = CAST(? AS TEXT) "
                "OR relpath = ?",
                (stored, catalog.stored_path(prefix[:-1] or ".")),
            )
        db.executemany(
            "DELETE FROM folder WHERE prefix=?",
            [(catalog.stored_path(prefix),) for prefix in changes.folders_gone],
        )
    db.executemany(
        "INSERT OR REPLACE INTO walk_problem VALUES (?, ?)",
        [(catalog.stored_path(path), why) for path, why in changes.problems.items()],
    )
    db.executemany(
        "INSERT OR REPLACE INTO folder VALUES (?, ?, ?, ?)",
        [(catalog.stored_path(f.prefix), f.mtime_ns, f.device, f.inode) for f in changes.folders],
    )
