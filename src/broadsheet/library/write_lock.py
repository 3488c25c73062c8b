"""The one writer of an index: a lock file between processes, a lock between threads.

One process at a time scans, creates or rebuilds an index, and in it one thread. The
lock is ``filelock``'s (flock on POSIX, LockFileEx on Windows); its file stays, so two
processes never lock two different files of the same name. While it is held, the
holder's pid is in a file beside it, for readers to show (``the index is being rebuilt
by another process (pid N)``).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

from filelock import FileLock, Timeout

from broadsheet import paths
from broadsheet.errors import IndexBusyError, IndexUnwritableError
from broadsheet.library.catalog import BUSY_TIMEOUT
from broadsheet.library.fulltext import BUSY_MESSAGE

LOCK_FILE: Final = "write.lock"
"""Held (flock) by the one process that scans, creates or rebuilds the index."""
OWNER_FILE: Final = "write.owner"
"""The pid of the process holding the write lock, while it holds it (for readers to show)."""


class WriteLock:
    """The write lock of the index in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.thread = threading.Lock()
        """Held by the thread of this process that writes, or closes, the index."""
        self._file_lock = FileLock(
            directory / LOCK_FILE,
            timeout=BUSY_TIMEOUT,
            mode=paths.PRIVATE_FILE,
            preserve_lock_file=True,
        )

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold both locks, with this pid in the owner file; :class:`IndexBusyError`
        when another process holds the lock for longer than the catalog's busy time-out."""
        with self.thread:
            try:
                self._acquire(None)
            except Timeout:
                raise IndexBusyError(BUSY_MESSAGE) from None
            except PermissionError as error:
                raise IndexUnwritableError(
                    f"the index folder {self.directory} cannot be written ({error.strerror})"
                ) from None
            owner = self.directory / OWNER_FILE
            try:
                with suppress(OSError):  # only ever shown to others: never worth failing for
                    paths.write_private(owner, str(os.getpid()))
                yield
            finally:
                owner.unlink(missing_ok=True)
                # SQLite and tantivy made their files with the umask's mode.
                paths.make_private(self.directory)
                self._file_lock.release()

    def other_writer(self) -> int | None:
        """The pid of another process writing the index right now (0 when it is not
        known), or None when no other process does."""
        if not self.thread.acquire(blocking=False):
            return None  # a thread of this process writes it
        try:
            try:
                self._acquire(0)
            except PermissionError:
                return None  # a folder no one here can write: no writer to wait for
            except Timeout:
                try:
                    return int((self.directory / OWNER_FILE).read_text().strip() or 0)
                except (OSError, ValueError):
                    return 0
            self._file_lock.release()
            return None
        finally:
            self.thread.release()

    def _acquire(self, timeout: float | None) -> None:
        """Take the file lock; something other than a file in its place (a folder, left
        by a mistake or a tool) is damage to the cache, removed once, then taken again."""
        try:
            self._file_lock.acquire(timeout=timeout)
        except (IsADirectoryError, NotADirectoryError):
            path = self.directory / LOCK_FILE
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            self._file_lock.acquire(timeout=timeout)
