"""Keeping the index of one library folder in step with the folder.

The index lives in the cache folder, one per library (keyed by its real path): a SQLite
catalog of metadata and a tantivy full-text index. Two ways to bring it up to date:
:meth:`Index.update` compares folder modification times (:mod:`.freshness`: the cost of
what changed), :meth:`Index.refresh` walks every folder and stats every file
(:mod:`.fullwalk`: also sees edits in place). Changed files are parsed and written by
:mod:`.writing`: the full-text index first, then the catalog, so an interrupted scan is
simply redone by the next one. A missing, corrupt, old-schema or inconsistent index is
deleted and rebuilt, with the reason kept in :attr:`Index.rebuilt_reason`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Final

from broadsheet import paths
from broadsheet.errors import IndexBusyError, ScanStoppedError
from broadsheet.library import catalog
from broadsheet.library.changeset import (
    Changes,
    recheck,
)
from broadsheet.library.freshness import plan_update
from broadsheet.library.fulltext import BUSY_MESSAGE, FullText, FullTextError
from broadsheet.library.fullwalk import plan_full
from broadsheet.library.integrity import (
    IndexDamagedError,
    catalog_damage,
    catalog_unchanged,
    check_fulltext,
    damage_reason,
    forget_catalog_checked,
    record_catalog_checked,
)
from broadsheet.library.results import ProgressCallback, ScanReport
from broadsheet.library.write_lock import WriteLock
from broadsheet.library.writing import Scribe, report_of

SCHEMA_VERSION: Final = "11"
CATALOG_FILE: Final = "catalog.sqlite3"
FULLTEXT_DIR: Final = "fulltext"
GENERATION_FILE: Final = "GENERATION"
NEW: Final = "new"
"""What :meth:`Index._open` says when there is no index yet."""


def identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is (None when there is none): another process's rebuild replaces it."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another process's lock."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _lost_articles(db: sqlite3.Connection, fulltext: FullText) -> str | None:
    """Why the full-text index holds too few of the catalog's articles, or None.

    Its documents are committed before the catalog's rows, so it holds a few fewer only
    when a process stopped between the two commits of a removal (the next update removes
    the rest). Fewer than half means its files were lost: without ``meta.json`` tantivy
    opens an empty index, and every search would quietly find nothing.
    """
    indexed = int(catalog.get_meta(db, "indexed") or 0)
    held = fulltext.num_docs
    if held * 2 < indexed:
        return f"the full-text index had lost articles (it held {held:,} of {indexed:,})"
    return None


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
        self._opened: tuple[int, int] | None = None
        """The catalog file the connection is to (see :meth:`replaced`)."""
        self._lock = WriteLock(directory)
        self._verified = False
        """The catalog was checked (or made) by this process, or found as a process that
        had checked it left it: closing records its files, unless another connection
        wrote it meanwhile (:attr:`_sound_version`)."""
        self._checked = False
        """This process read every page of the catalog (or made it) and found it sound."""
        self._sound_version = -1
        """SQLite's ``data_version`` of the connection when the catalog was known sound:
        it changes when another connection (another process) commits, not for this one."""
        self._closing = threading.Event()
        """Set by :meth:`close`: a scan running in another thread stops at its next batch."""
        self.epoch = 0
        """Incremented each time the index files are replaced (readers must reconnect)."""
        self.before_wipe: Callable[[], None] | None = None
        """Called before the index files are deleted: other connections to the catalog
        must close first (SQLite, closing the last connection to a deleted file, would
        delete the new file's write-ahead log, which has the same name)."""
        paths.private_dir(self.directory)
        state = self._open()
        if state is not None:
            # Creating or replacing the index is a write: one process at a time, and the
            # state is checked again under the lock (another process may have fixed it).
            with self._locked():
                self._open_or_create()

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
            self._opened = identity(catalog_path)
            self._db = catalog.connect(catalog_path, writer=True)
            version = catalog.get_meta(self._db, "schema_version")
            generation = catalog.get_meta(self._db, "generation")
            stored_root = catalog.get_meta(self._db, "root")
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                return f"the index was corrupt ({error})"
            # Locked is not corrupt: never throw a busy index away. No broadsheet holding
            # the write lock means some other program holds the catalog.
            if self._lock.other_writer() is None:
                raise IndexBusyError(
                    f"the index file {catalog_path} is locked by another program ({error})"
                ) from None
            raise IndexBusyError(BUSY_MESSAGE) from None
        except sqlite3.DatabaseError as error:
            return f"the index was corrupt ({error})"
        if version is None:
            return "the index was incomplete"
        if version != SCHEMA_VERSION:
            return f"the index was made by another version of broadsheet (schema {version})"
        if stored_root != str(self.root):
            return "the index belonged to another folder"
        try:
            on_disk = self._generation_file.read_bytes().decode("ascii", "replace").strip()
            check_fulltext(self.directory / FULLTEXT_DIR)
            self._fulltext = FullText(self.directory / FULLTEXT_DIR)
        except IndexDamagedError as error:
            return str(error)
        except (FullTextError, OSError) as error:
            return f"the full-text index was unreadable ({error})"
        if on_disk != generation:
            return "the two halves of the index did not match"
        lost = _lost_articles(self._db, self._fulltext)
        if lost is not None:
            return lost
        # Its version first: a write by someone else after it is seen at close, one
        # before it changed the files' times.
        self._vouch(lambda: catalog_unchanged(catalog_path))
        return None

    def _vouch(self, sound: Callable[[], bool]) -> None:
        """Note whether the catalog is known sound now (see :attr:`_verified`)."""
        self._sound_version = catalog.write_mark(self.db)[0]
        self._verified = sound()

    def _create(self) -> None:
        """Start an empty index (the caller holds the lock and has wiped what was there)."""
        self._db = catalog.connect(self.directory / CATALOG_FILE, writer=True)
        self._opened = identity(self.directory / CATALOG_FILE)
        catalog.create_tables(self._db)
        generation = uuid.uuid4().hex
        paths.private_dir(self._generation_file.parent)
        paths.write_private(self._generation_file, generation)
        self._fulltext = FullText(self.directory / FULLTEXT_DIR)
        self._vouch(lambda: True)
        self._checked = True
        catalog.set_meta(self._db, "root", str(self.root))
        catalog.set_meta(self._db, "generation", generation)
        # Last: a catalog with a schema version is a complete, usable index.
        catalog.set_meta(self._db, "schema_version", SCHEMA_VERSION)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the index's write lock (this thread and process alone write or wipe it).

        Another process may have rebuilt the index meanwhile: its new files are opened.
        """
        with self._lock.held():
            if self._db is not None and not self._closing.is_set() and self.replaced():
                self._reopen()
            yield

    def replaced(self) -> bool:
        """Whether another process replaced the catalog file since it was opened here."""
        return identity(self.directory / CATALOG_FILE) != self._opened

    def _reopen(self) -> None:
        """Open the files another process made (the caller holds the lock)."""
        if self.before_wipe is not None:
            self.before_wipe()
        self.epoch += 1
        self._verified = self._checked = False  # not the files this process checked
        self._open_or_create()

    def _open_or_create(self) -> None:
        """Open the files, or start afresh when they are unusable (the caller holds the lock)."""
        self._close_quietly()
        state = self._open()
        if state is not None:
            if state != NEW:
                self._wipe()
            self._create()
            self.rebuilt_reason = None if state == NEW else state

    def other_writer(self) -> int | None:
        """The pid of another process writing the index right now (0 when it is not
        known), or None when no other process does."""
        return self._lock.other_writer()

    def _unwritten_by_others(self) -> bool:
        """Whether no other connection wrote the catalog since it was known sound."""
        try:
            return self._db is not None and catalog.write_mark(self._db)[0] == self._sound_version
        except sqlite3.Error:
            return False

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
        if self.before_wipe is not None:
            self.before_wipe()
        self._close_quietly()
        self.epoch += 1
        self._verified = self._checked = False
        forget_catalog_checked(self.directory / CATALOG_FILE)
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
        with self._lock.thread:
            # Its own writes keep a sound catalog sound (SQLite's transactions); another
            # process's may not have (a crash, a disk that failed it), so that one's
            # close vouches for them, or the next ``index`` checks every page. Without
            # writes of its own, the record (if any) still holds: left as it is, so a
            # stray write meanwhile is not vouched for.
            wrote = self._db is not None and self._db.total_changes > 0
            vouched = self._verified and (wrote or self._checked) and self._unwritten_by_others()
            self._verified = False  # once: a second close must not vouch for it
            self._close_quietly()
            if vouched:
                record_catalog_checked(self.directory / CATALOG_FILE)

    # Scanning --------------------------------------------------------------------------------

    def damage(self, *, every_page: bool = True) -> str | None:
        """Why the index files are damaged, checking every page and file (slow), or None.

        Without ``every_page``, a catalog whose files are as a process that checked them
        left them is not read again (see :mod:`.integrity`).
        """
        try:
            check_fulltext(self.directory / FULLTEXT_DIR)
        except IndexDamagedError as error:
            return str(error)
        if not every_page and self._verified and self._unwritten_by_others():
            return None
        if not every_page:
            self._vouch(lambda: catalog_unchanged(self.directory / CATALOG_FILE))
            if self._verified:
                return None
        reason = catalog_damage(self.db)
        self._vouch(lambda: reason is None)
        self._checked = reason is None
        return reason

    def heal(self, reason: str, progress: ProgressCallback | None = None) -> ScanReport:
        """Rebuild the damaged index from the folder; the report says ``reason``."""
        return replace(self.refresh(progress, rebuild=True), rebuilt_reason=reason)

    def refresh(
        self, progress: ProgressCallback | None = None, *, rebuild: bool = False
    ) -> ScanReport:
        """Bring the index up to date with the folder by walking all of it (see
        :mod:`~broadsheet.library.fullwalk`): catches every change, in-place edits too,
        at the cost of a ``stat`` per file."""
        started = time.perf_counter()
        planned: Changes | None = None
        version = (-1, -1)
        if not rebuild and self.replaced():
            return self._guarded(lambda: None, progress)  # reopened, then walked
        if not rebuild and self.rebuilt_reason is None:
            try:
                version = catalog.write_mark(self.db)
                if not catalog.is_empty(self.db):
                    planned = plan_full(self.db, str(self.root))
            except sqlite3.DatabaseError:
                planned = None  # the locked path finds out what is wrong
            if planned is not None and not planned:
                # The common case needs no lock: nothing to write.
                return self._report(0, 0, 0, started)
        return self._guarded(
            lambda: self._apply_full(planned, version, progress, started), progress, rebuild
        )

    def update(
        self,
        touched: Iterable[str | os.PathLike[str]] = (),
        progress: ProgressCallback | None = None,
    ) -> ScanReport:
        """Bring the index up to date at the cost of what changed (see :mod:`freshness`).

        Falls back to :meth:`refresh` when the index knows no folders yet.
        """
        started = time.perf_counter()
        touched = list(touched)
        if self.rebuilt_reason is not None or self.replaced():
            return self.refresh(progress)
        try:
            version = catalog.write_mark(self.db)
            changes = plan_update(self.db, str(self.root), touched)
        except sqlite3.DatabaseError:
            changes = None  # the full scan finds out what is wrong
        if changes is None:
            return self.refresh(progress)
        if not changes:
            return self._report(0, 0, 0, started)
        planned = changes
        return self._guarded(
            lambda: self._apply_update(touched, progress, started, planned, version), progress
        )

    def _guarded(
        self,
        apply: Callable[[], ScanReport | None],
        progress: ProgressCallback | None,
        rebuild: bool = False,
    ) -> ScanReport:
        """Run ``apply`` under the write lock; a corrupt index is rebuilt by a full scan.

        ``apply`` returns None when only a full scan can do (it then runs after the lock).
        """
        epoch = self.epoch
        with self._locked():
            if self._closing.is_set():  # closed while this waited: its connection is gone
                raise ScanStoppedError("the scan was stopped: the index is being closed")
            # What ``apply`` planned from files another process has since replaced is void.
            replaced = self.epoch != epoch
            reason = self.rebuilt_reason
            if rebuild:
                self._wipe()
                self._create()
                reason = "a rebuild was asked for"
            if not replaced and not rebuild and not self._unwritten_by_others():
                # Written by another process since: sound if it vouched for it at its
                # close (no one can write while this holds the lock).
                self._vouch(lambda: catalog_unchanged(self.directory / CATALOG_FILE))
            try:
                report = None if replaced and not rebuild else apply()
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                raise IndexBusyError(BUSY_MESSAGE) from None
            except (sqlite3.DatabaseError, FullTextError, ValueError) as error:
                damage = damage_reason(error)
                if isinstance(error, FullTextError):
                    damage = f"the full-text index was damaged ({error})"
                if damage is None or self._closing.is_set():
                    raise  # misuse or closing, not a damaged file: never wipe for it
                self._wipe()
                self._create()
                self.rebuilt_reason = damage
                report = None
            if report is not None:
                self.rebuilt_reason = None
                return replace(report, rebuilt_reason=reason)
        return self.refresh(progress)

    def _apply_full(
        self,
        planned: Changes | None,
        version: tuple[int, int],
        progress: ProgressCallback | None,
        started: float,
    ) -> ScanReport:
        """Write what a full walk found (the caller holds the write lock).

        What was planned without the lock is checked again when the catalog was
        written since (``version``, its :func:`~.catalog.write_mark` then): it may have
        indexed the same changes while this one waited for it.
        """
        if catalog.is_empty(self.db):
            return self._scribe.commit_cold(progress, started)
        if planned is None:
            planned = plan_full(self.db, str(self.root))
        elif catalog.write_mark(self.db) != version:
            recheck(self.db, planned)
        if not planned:
            return self._report(0, 0, 0, started)
        return self._scribe.commit(planned, progress, started)

    def _apply_update(
        self,
        touched: list[str | os.PathLike[str]],
        progress: ProgressCallback | None,
        started: float,
        planned: Changes,
        version: tuple[int, int],
    ) -> ScanReport | None:
        """Write what :func:`plan_update` found (``planned``, when the catalog was at
        :func:`~.catalog.write_mark` ``version``), planned again under the write lock
        only when the catalog was written since: planning twice doubled the cost of an
        update (100 files added to 80 folders of 100,000 articles: 1.0 → 0.5 s)."""
        if catalog.write_mark(self.db) == version:
            changes: Changes | None = planned
        else:
            changes = plan_update(self.db, str(self.root), touched)
        if changes is None:
            return None
        if not changes:
            return self._report(0, 0, 0, started)
        return self._scribe.commit(changes, progress, started)

    def last_report(self) -> ScanReport:
        """The counts stored by the last completed scan, with nothing added or removed."""
        return self._report(0, 0, 0, time.perf_counter())

    def _report(self, added: int, updated: int, removed: int, started: float) -> ScanReport:
        return report_of(self.db, added, updated, removed, started)

    @property
    def _scribe(self) -> Scribe:
        """What writes a scan's changes to the files open now."""
        return Scribe(self.db, self.fulltext, self.root, self._closing)
