"""Reading state: read marks, reading positions, bookmarks, the last article and filter.

It lives in the user's data folder (not the cache), in SQLite with WAL, so deleting the
index loses nothing. Entries are keyed by the library's real path and the article id,
which depends only on the file's path inside the library: they survive rescans and
edits of the file. A state file that SQLite cannot read is moved aside (never emptied)
and reported through :attr:`ReadingState.recovered`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from broadsheet import paths
from broadsheet.library.results import Marks

SCHEMA_VERSION: Final = 1
BUSY_TIMEOUT: Final = 5.0
"""Seconds to wait for another broadsheet that is writing the state file."""

log = logging.getLogger(__name__)
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS read (library TEXT, id TEXT, at REAL, PRIMARY KEY (library, id));
CREATE TABLE IF NOT EXISTS position (
    library TEXT, id TEXT, offset INTEGER, at REAL, PRIMARY KEY (library, id));
CREATE TABLE IF NOT EXISTS bookmark (library TEXT, id TEXT, at REAL, PRIMARY KEY (library, id));
CREATE TABLE IF NOT EXISTS session (
    library TEXT, key TEXT, value TEXT, PRIMARY KEY (library, key));
"""


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked article and when it was bookmarked (seconds since the epoch)."""

    id: str
    created: float


class ReadingState:
    """Per-library reading state, safe to use from several threads."""

    def __init__(self, library_root: Path, path: Path | None = None) -> None:
        """Open (or create) the state file; a corrupt one is moved aside first."""
        self._library = os.path.realpath(library_root)
        self.path = path or paths.state_file()
        self.recovered: str | None = None
        """A message when a corrupt state file was moved aside while opening."""
        self.unusable: str | None = None
        """Why the state file cannot be used right now (locked, read-only), when it
        cannot: this session's state is then kept in memory only."""
        self.on_write_failed: Callable[[str], None] | None = None
        """Called once, with a message for the user, the first time a change is lost."""
        self._write_failed = False
        self._lock = threading.Lock()
        paths.private_dir(self.path.parent)
        try:
            self._db = self._connect()
        except sqlite3.OperationalError as error:
            # Locked, read-only or unreachable: not corrupt. Nothing is moved; this
            # session keeps its state in memory and says so.
            self.unusable = f"the reading state file {self.path} cannot be used right now ({error})"
            self.recovered = (
                f"{self.unusable}; what you read in this session will not be remembered"
            )
            self._db = self._connect(":memory:")
        except sqlite3.DatabaseError as error:
            # Unique even for two in one second: a second move must not overwrite the first.
            stamp = time.strftime("%Y%m%d-%H%M%S")
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}")
            number = 1
            while any(Path(f"{aside}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
                number += 1
                aside = self.path.with_name(
                    f"{self.path.name}.corrupt-{stamp}-{os.getpid()}-{number}"
                )
            for suffix in ("", "-wal", "-shm"):
                source = Path(f"{self.path}{suffix}")
                if source.exists():
                    os.replace(source, Path(f"{aside}{suffix}"))
            self.recovered = (
                f"the reading state file could not be read ({error}); "
                f"it was moved to {aside} and a new one was started"
            )
            self._db = self._connect()

    def _connect(self, where: Path | str | None = None) -> sqlite3.Connection:
        if where is None:
            paths.create_private(self.path)  # its journal files get its mode
            paths.make_private(self.path.parent, self.path.name)  # older ones, moved-aside ones
        db = sqlite3.connect(
            where or self.path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT
        )
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"written by a newer broadsheet (schema {version})")
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _write(self, sql: str, *params: object) -> None:
        with self._lock:
            try:
                self._db.execute(sql, (self._library, *params))
            except sqlite3.OperationalError:
                # Another process held the file past the timeout: this one change is
                # lost, the reader goes on (the next change is written as usual).
                log.warning("the reading state could not be saved", exc_info=True)
                if not self._write_failed and self.on_write_failed is not None:
                    self.on_write_failed(
                        f"The reading state file {self.path} is busy (another program holds "
                        "it): some read marks or positions of this session are not saved."
                    )
                self._write_failed = True

    def _rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with self._lock:
            return self._db.execute(sql, (self._library, *params)).fetchall()

    def read_ids(self) -> set[str]:
        """Ids of every article marked read."""
        return {str(row[0]) for row in self._rows("SELECT id FROM read WHERE library=?")}

    def is_read(self, article_id: str) -> bool:
        """Whether the article is marked read."""
        return bool(self._rows("SELECT 1 FROM read WHERE library=? AND id=?", article_id))

    def set_read(self, article_id: str, read: bool = True) -> None:
        """Mark the article read or unread."""
        if read:
            self._write("INSERT OR REPLACE INTO read VALUES (?, ?, ?)", article_id, time.time())
        else:
            self._write("DELETE FROM read WHERE library=? AND id=?", article_id)

    def set_read_many(self, article_ids: Iterable[str], read: bool = True) -> None:
        """Mark many articles read or unread in one transaction (marking a whole view)."""
        now = time.time()
        if read:
            marked = [(self._library, article_id, now) for article_id in article_ids]
            self._write_many([("INSERT OR REPLACE INTO read VALUES (?, ?, ?)", marked)])
        else:
            unmarked = [(self._library, article_id) for article_id in article_ids]
            self._write_many([("DELETE FROM read WHERE library=? AND id=?", unmarked)])

    def carry(self, moves: Iterable[tuple[str, str]]) -> None:
        """Articles renamed or moved ((old id, new id)) keep their read mark, position
        and bookmark, and stay the last article read (an article's id is a hash of its
        path)."""
        rows = [(new, self._library, old) for old, new in moves]
        self._write_many(
            [
                *(
                    (f"UPDATE OR REPLACE {table} SET id=? WHERE library=? AND id=?", rows)
                    for table in ("read", "position", "bookmark")
                ),
                (
                    "UPDATE session SET value=? WHERE library=? AND key='last_article' AND value=?",
                    rows,
                ),
            ]
        )

    def _write_many(self, batches: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> None:
        """Run each (statement, rows) with every row, all in one transaction."""
        with self._lock:
            try:
                self._db.execute("BEGIN")
                for sql, rows in batches:
                    self._db.executemany(sql, rows)
                self._db.execute("COMMIT")
            except sqlite3.OperationalError:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                log.warning("the reading state could not be saved", exc_info=True)

    def position(self, article_id: str) -> int | None:
        """The remembered reading position (an offset in the document's plain text)."""
        rows = self._rows("SELECT offset FROM position WHERE library=? AND id=?", article_id)
        return int(str(rows[0][0])) if rows else None

    def set_position(self, article_id: str, offset: int) -> None:
        """Remember where the reader is in the article."""
        self._write(
            "INSERT OR REPLACE INTO position VALUES (?, ?, ?, ?)", article_id, offset, time.time()
        )

    def bookmarks(self) -> list[Bookmark]:
        """Bookmarked articles, most recent first."""
        rows = self._rows("SELECT id, at FROM bookmark WHERE library=? ORDER BY at DESC")
        return [Bookmark(str(row[0]), float(str(row[1]))) for row in rows]

    def is_bookmarked(self, article_id: str) -> bool:
        """Whether the article is bookmarked."""
        return bool(self._rows("SELECT 1 FROM bookmark WHERE library=? AND id=?", article_id))

    def toggle_bookmark(self, article_id: str) -> bool:
        """Add or remove the bookmark; returns True when the article is now bookmarked."""
        if self.is_bookmarked(article_id):
            self._write("DELETE FROM bookmark WHERE library=? AND id=?", article_id)
            return False
        self._write("INSERT INTO bookmark VALUES (?, ?, ?)", article_id, time.time())
        return True

    def get(self, key: str) -> str | None:
        """A remembered session value (``last_article``, ``last_filter``, ...)."""
        rows = self._rows("SELECT value FROM session WHERE library=? AND key=?", key)
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def put(self, key: str, value: str | None) -> None:
        """Remember a session value (None forgets it)."""
        if value is None:
            self._write("DELETE FROM session WHERE library=? AND key=?", key)
        else:
            self._write("INSERT OR REPLACE INTO session VALUES (?, ?, ?)", key, value)

    def close(self) -> None:
        """Close the state file."""
        with self._lock:
            self._db.close()

    def marks(self) -> Marks:
        """Every id read and bookmarked (two queries), to filter or label many at once."""
        read = self._rows("SELECT id FROM read WHERE library=?")
        bookmarked = self._rows("SELECT id FROM bookmark WHERE library=?")
        return Marks(
            frozenset(str(row[0]) for row in read), frozenset(str(row[0]) for row in bookmarked)
        )
