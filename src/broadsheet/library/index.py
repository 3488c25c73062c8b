"""Keeping the index of one library folder in step with the folder.

The index lives in the cache folder, one per library (keyed by its real path): a SQLite
catalog of metadata and a tantivy full-text index. A scan lists the folder and compares
each file's modification time and size with the catalog, so a rescan with nothing
changed costs only the directory listing and ``stat``. Changed files are parsed (in two
worker processes when there are many) and written to the full-text index first, then
to the catalog, so an interrupted scan is simply redone by the next one. A missing,
corrupt, old-schema or inconsistent index is deleted and rebuilt, with the reason kept
in :attr:`Index.rebuilt_reason`.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from broadsheet.errors import IndexBusyError, ScanStoppedError
from broadsheet.library import catalog
from broadsheet.library.article import Article
from broadsheet.library.fulltext import BUSY_MESSAGE, FullText, FullTextError
from broadsheet.library.results import ProgressCallback, ScanReport
from broadsheet.library.scan import FileInfo, walk
from broadsheet.library.workers import map_in_workers

SCHEMA_VERSION: Final = "7"
PARALLEL_MIN_FILES: Final = 300
"""Below this many files to parse, worker processes cost more than they save."""
BATCH_SIZE: Final = 64
BULK_MIN_FILES: Final = 5000
"""A first scan of at least this many files loads the catalog without its indexes."""
PROGRESS_INTERVAL: Final = 0.1
CATALOG_FILE: Final = "catalog.sqlite3"
FULLTEXT_DIR: Final = "fulltext"
GENERATION_FILE: Final = "GENERATION"
LOCK_FILE: Final = "write.lock"
"""Held (flock) by the one process that scans, creates or rebuilds the index."""
NEW: Final = "new"
"""What :meth:`Index._open` says when there is no index yet."""

BULK_BATCH: Final = 32
"""Batches this big are cut with the faster way that costs a table built once."""
ParseOutcome = tuple[str, int, int, Article | None, str, str]
"""(relpath, mtime_ns, size, article or None, its text cut into search units by
:func:`~broadsheet.library.tokens.spaced` or the reason it could not be read, and the
text's CJK runs from :func:`~broadsheet.library.tokens.cjk_runs`)."""


def _parse_one(task: tuple[str, str, str, int, int], bulk: bool = False) -> ParseOutcome:
    from broadsheet.library.article import ParsedArticle
    from broadsheet.library.parse import parse_file
    from broadsheet.library.tokens import cjk_runs, spaced

    path, root, relpath, mtime_ns, size = task
    result = parse_file(Path(path), Path(root))
    if isinstance(result, ParsedArticle):
        # Cutting the text here, in the worker, keeps it off the single writer thread.
        text = result.text
        units = spaced(text, bulk=bulk)
        return relpath, mtime_ns, size, result.article, units, cjk_runs(text)
    return relpath, mtime_ns, size, None, result.reason, ""


_NOT_CORRUPTION: Final = (
    sqlite3.OperationalError,
    sqlite3.ProgrammingError,
    sqlite3.InterfaceError,
    sqlite3.IntegrityError,
)
"""Database errors that say nothing about the file being damaged."""


_UNINDEXABLE: Final = (UnicodeError, ValueError, OverflowError, TypeError)
"""What adding one article's document can raise when something in it cannot be stored."""


def unindexable_reason(error: Exception) -> str:
    """The problem ``doctor`` reports for a file whose values could not be indexed."""
    return f"it could not be indexed ({type(error).__name__}: {error}); please report this"


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another process's lock."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _parse_batch(tasks: list[tuple[str, str, str, int, int]]) -> list[ParseOutcome]:
    bulk = len(tasks) >= BULK_BATCH
    return [_parse_one(task, bulk) for task in tasks]


@dataclass(frozen=True, slots=True)
class _Seen:
    """What one walk of the folder saw."""

    files: list[FileInfo]
    problems: dict[str, str]
    signature: str


def _signature(files: list[FileInfo], problems: dict[str, str]) -> str:
    """A digest of what a walk saw: equal digests mean nothing changed since the last scan.

    Comparing one digest is much cheaper than loading every row of the catalog, and a
    walk of an unchanged folder lists it in the same order; any difference (even of
    order) only costs the full comparison.
    """
    lines = [f"{relpath}\0{mtime_ns}\0{size}" for relpath, _, mtime_ns, size in files]
    lines.extend(f"!{relpath}\0{reason}" for relpath, reason in problems.items())
    text = "\n".join(lines).encode("utf-8", "surrogateescape")
    return f"{SCHEMA_VERSION}:{hashlib.blake2b(text, digest_size=16).hexdigest()}"


class Index:
    """The catalog and full-text index of one library folder."""

    def __init__(self, root: Path, directory: Path) -> None:
        """Open the index in ``directory``, rebuilding it from nothing when it is unusable."""
        self.root = root
        self.directory = directory
        self.rebuilt_reason: str | None = None
        """Why the index was started afresh when it was opened (None when it was fine)."""
        self._db: sqlite3.Connection | None = None
        self._fulltext: FullText | None = None
        self._write_lock = threading.Lock()
        self._closing = threading.Event()
        """Set by :meth:`close`: a scan running in another thread stops at its next batch."""
        self._file_lock = directory / LOCK_FILE
        self.epoch = 0
        """Incremented each time the index files are replaced (readers must reconnect)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        state = self._open()
        if state is not None:
            # Creating or replacing the index is a write: one process at a time, and the
            # state is checked again under the lock (another process may have fixed it).
            with self._locked():
                self._close_quietly()
                state = self._open()
                if state is not None:
                    if state != NEW:
                        self._wipe()
                    self._create()
                    self.rebuilt_reason = None if state == NEW else state

    # Opening ---------------------------------------------------------------------------------

    def _open(self) -> str | None:
        """Open both halves without writing; None when they are usable, :data:`NEW` when
        there is no index yet, else why it must be rebuilt."""
        catalog_path = self.directory / CATALOG_FILE
        self._db = None
        self._fulltext = None
        if not catalog_path.exists():
            return NEW
        try:
            self._db = catalog.connect(catalog_path, writer=True)
            version = catalog.get_meta(self._db, "schema_version")
            generation = catalog.get_meta(self._db, "generation")
            stored_root = catalog.get_meta(self._db, "root")
        except sqlite3.OperationalError as error:
            if _is_busy(error):  # locked is not corrupt: never throw a busy index away
                raise IndexBusyError(BUSY_MESSAGE) from None
            return f"the index was corrupt ({error})"
        except sqlite3.DatabaseError as error:
            return f"the index was corrupt ({error})"
        if version is None:
            return "the index was incomplete"
        if version != SCHEMA_VERSION:
            return f"the index was made by another version of broadsheet (schema {version})"
        if stored_root != str(self.root):
            return "the index belonged to another folder"
        try:
            on_disk = self._generation_file.read_text().strip()
            self._fulltext = FullText(self.directory / FULLTEXT_DIR)
        except (FullTextError, OSError) as error:
            return f"the full-text index was unreadable ({error})"
        if on_disk != generation:
            return "the two halves of the index did not match"
        return None

    def _create(self) -> None:
        """Start an empty index (the caller holds the lock and has wiped what was there)."""
        self._db = catalog.connect(self.directory / CATALOG_FILE, writer=True)
        catalog.create_tables(self._db)
        generation = uuid.uuid4().hex
        self._generation_file.parent.mkdir(parents=True, exist_ok=True)
        self._generation_file.write_text(generation)
        self._fulltext = FullText(self.directory / FULLTEXT_DIR)
        catalog.set_meta(self._db, "root", str(self.root))
        catalog.set_meta(self._db, "generation", generation)
        # Last: a catalog with a schema version is a complete, usable index.
        catalog.set_meta(self._db, "schema_version", SCHEMA_VERSION)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the index's write lock (this thread and process alone write or wipe it)."""
        with self._write_lock, self._file_lock.open("a") as handle:
            deadline = time.monotonic() + catalog.BUSY_TIMEOUT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexBusyError(BUSY_MESSAGE) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _close_quietly(self) -> None:
        if self._fulltext is not None:
            self._fulltext.rollback()
        if self._db is not None:
            self._db.close()

    @property
    def db(self) -> sqlite3.Connection:
        """The catalog connection of this index."""
        assert self._db is not None, "the index is not open"
        return self._db

    @property
    def fulltext(self) -> FullText:
        """The full-text half of this index."""
        assert self._fulltext is not None, "the index is not open"
        return self._fulltext

    @property
    def _generation_file(self) -> Path:
        return self.directory / FULLTEXT_DIR / GENERATION_FILE

    def _wipe(self) -> None:
        self._close_quietly()
        self.epoch += 1
        for name in (CATALOG_FILE, f"{CATALOG_FILE}-wal", f"{CATALOG_FILE}-shm"):
            (self.directory / name).unlink(missing_ok=True)
        shutil.rmtree(self.directory / FULLTEXT_DIR, ignore_errors=True)

    def close(self) -> None:
        """Release the catalog connection and any writer lock.

        A scan running in another thread (the reader quits during its start-up rescan)
        is stopped and rolled back first: closing the files under it would look like a
        corrupt index to it, and a corrupt index is rebuilt from nothing.
        """
        self._closing.set()
        with self._write_lock:
            self._close_quietly()

    # Scanning --------------------------------------------------------------------------------

    def refresh(
        self, progress: ProgressCallback | None = None, *, rebuild: bool = False
    ) -> ScanReport:
        """Bring the index up to date with the folder; see the module docstring."""
        started = time.perf_counter()
        walk_problems: dict[str, str] = {}
        files = list(walk(self.root, on_error=walk_problems.__setitem__))
        seen = _Seen(files, walk_problems, _signature(files, walk_problems))
        if not rebuild and self.rebuilt_reason is None and self._unchanged(seen):
            # The common case needs no lock: nothing to write.
            return self._report(0, 0, 0, started)
        with self._locked():
            reason = self.rebuilt_reason
            if rebuild:
                self._wipe()
                self._create()
                reason = "a rebuild was asked for"
            try:
                report = self._apply(seen, progress, started)
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                raise IndexBusyError(BUSY_MESSAGE) from None
            except (sqlite3.DatabaseError, FullTextError) as error:
                if isinstance(error, _NOT_CORRUPTION) or self._closing.is_set():
                    raise  # misuse or closing, not a damaged file: never wipe for it
                self._wipe()
                self._create()
                reason = f"the index was corrupt ({error})"
                report = self._apply(seen, progress, started)
            self.rebuilt_reason = None
            return ScanReport(
                report.indexed,
                report.added,
                report.updated,
                report.removed,
                report.problems,
                time.perf_counter() - started,
                reason,
            )

    def _unchanged(self, seen: _Seen) -> bool:
        """Whether the last scan saw the folder exactly as it is now."""
        try:
            return seen.signature == catalog.get_meta(self.db, "signature")
        except sqlite3.DatabaseError:
            return False  # the locked path finds out what is wrong

    def _apply(self, seen: _Seen, progress: ProgressCallback | None, started: float) -> ScanReport:
        """Write what changed since the last scan (the caller holds the write lock).

        The catalog is read again under the lock: another process may have indexed the
        same changes while this one waited for it.
        """
        if self._unchanged(seen):
            return self._report(0, 0, 0, started)
        by_path = {info.relpath: info for info in seen.files}
        known = catalog.known_files(self.db)
        todo = [
            info
            for relpath, info in by_path.items()
            if (row := known.get(relpath)) is None or row[1:] != (info.mtime_ns, info.size)
        ]
        gone = [known[relpath][0] for relpath in known.keys() - by_path.keys()]
        added = sum(1 for info in todo if info.relpath not in known)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            catalog.delete_files(self.db, gone)
            for key in gone:
                self.fulltext.delete(key)
            self.db.execute("DELETE FROM walk_problem")
            self.db.executemany(
                "INSERT INTO walk_problem VALUES (?, ?)",
                [(catalog.stored_path(path), why) for path, why in seen.problems.items()],
            )
            bulk = not known and len(todo) >= BULK_MIN_FILES
            if bulk:
                catalog.drop_indexes(self.db)
            self._write(todo, known, progress)
            if bulk:
                catalog.create_indexes(self.db)
            self._count()
            catalog.set_meta(self.db, "signature", seen.signature)
            self.fulltext.commit()
            self.db.execute("COMMIT")
        except BaseException:
            self.fulltext.rollback()
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        return self._report(added, len(todo) - added, len(gone), started)

    def _write(
        self,
        todo: list[FileInfo],
        known: dict[str, tuple[int, int, int]],
        progress: ProgressCallback | None,
    ) -> None:
        """Parse the files to do and write them to both halves, batch by batch."""
        fresh = catalog.next_key(self.db)
        # A scan interrupted between the two commits left documents under keys the
        # catalog will hand out again: they go before any key is reused.
        self.fulltext.delete_from(fresh)
        done, last_report = 0, 0.0
        for batch in self._parse(todo):
            if self._closing.is_set():
                raise ScanStoppedError("the scan was stopped: the index is being closed")
            rows: list[catalog.FileRow] = []
            replaced: list[int] = []
            for relpath, mtime_ns, size, parsed, text, runs in batch:
                article, units = parsed, text
                row = known.get(relpath)
                if row is None:
                    key, fresh = fresh, fresh + 1
                else:
                    key = row[0]
                    replaced.append(key)
                    self.fulltext.delete(key)
                if article is not None:
                    try:
                        self.fulltext.add(key, article, units, runs)
                    except _UNINDEXABLE as error:
                        # A bug must cost this one file (reported by doctor), not the scan.
                        article, units = None, unindexable_reason(error)
                rows.append((key, relpath, mtime_ns, size, article, None if article else units))
            catalog.write_files(self.db, rows, replaced)
            done += len(batch)
            now = time.monotonic()
            if progress is not None and (
                done == len(todo) or now - last_report >= PROGRESS_INTERVAL
            ):
                progress(done, len(todo))
                last_report = now

    def _parse(self, todo: list[FileInfo]) -> Iterator[list[ParseOutcome]]:
        """Batches of parsed files, in the order of ``todo``."""
        tasks = [
            (info.path, str(self.root), info.relpath, info.mtime_ns, info.size) for info in todo
        ]
        batches = [tasks[start : start + BATCH_SIZE] for start in range(0, len(tasks), BATCH_SIZE)]
        if len(tasks) < PARALLEL_MIN_FILES or (os.cpu_count() or 1) < 2:
            yield from map(_parse_batch, batches)
        else:
            yield from map_in_workers(_parse_batch, batches)

    def _count(self) -> None:
        """Store the counts a report gives, so a scan that finds nothing new need not count."""
        indexed, failed, noted = self.db.execute(
            "SELECT COUNT(*) FILTER (WHERE problem IS NULL), "
            "COUNT(*) FILTER (WHERE problem IS NOT NULL), "
            "COUNT(*) FILTER (WHERE notes IS NOT NULL AND notes != '') FROM files"
        ).fetchone()
        walk_failed = self.db.execute("SELECT COUNT(*) FROM walk_problem").fetchone()[0]
        catalog.set_meta(self.db, "indexed", str(indexed))
        catalog.set_meta(self.db, "problems", str(failed + noted + walk_failed))

    def last_report(self) -> ScanReport:
        """The counts stored by the last completed scan, with nothing added or removed."""
        return self._report(0, 0, 0, time.perf_counter())

    def _report(self, added: int, updated: int, removed: int, started: float) -> ScanReport:
        return ScanReport(
            int(catalog.get_meta(self.db, "indexed") or 0),
            added,
            updated,
            removed,
            int(catalog.get_meta(self.db, "problems") or 0),
            time.perf_counter() - started,
        )
