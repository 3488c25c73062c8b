"""Read connections of their own, and the keys of the last listings kept, for a Library.

A list drawn on the UI thread reads a page of rows (128 keys) or an id's key: it must
never wait for the main read connection, which a listing, the category tree or a search
may hold for as long as the library is big. And going back to a big category (or to
every article) should cost nothing instead of reading 100,000 keys again.
"""

from __future__ import annotations

import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

from broadsheet.library import catalog_reads
from broadsheet.library.article import CategoryPath

Version = tuple[int, tuple[int, int] | None]
"""The index's epoch and the catalog file's identity (see ``Library._version``)."""
CLOSED: Final[Version] = (-1, None)
LISTINGS_KEPT: Final = 8
"""Listings whose keys are kept (100,000 keys take 800 KB)."""
Connect = Callable[[], tuple[sqlite3.Connection, Version]]
"""Opens a read connection to the catalog, with the version it is of."""


class RowReader:
    """A read connection of its own, reopened when the catalog file was replaced."""

    def __init__(self, connect: Connect) -> None:
        self.lock = threading.Lock()
        """Held while the connection is used (and closed)."""
        self._connect = connect
        self._db, self._version = connect()

    def db(self, version: Version) -> sqlite3.Connection:
        """The connection (under :attr:`lock`), reopened when the catalog was replaced."""
        if self._version != version:
            self._db.close()
            self._db, self._version = self._connect()
        return self._db

    def close(self) -> None:
        """Close the connection (it is reopened when next used, if the library is)."""
        with self.lock:
            self._db.close()
            self._version = CLOSED


class KeptListings:
    """The keys of the last few listings, valid while the catalog has not changed.

    They are read on a connection of their own (half a second at a million articles):
    a first page, a search or the category tree on the main read connection never waits
    for the keys of a list the user has already left. Any commit, by this process or
    another, changes the catalog's ``data_version`` and empties the cache.
    """

    def __init__(self, connect: Connect, version: Callable[[], Version]) -> None:
        """``version`` says which catalog the reads must be connected to."""
        self._reader = RowReader(connect)
        self._version = version
        self._kept: OrderedDict[tuple[object, ...], array[int]] = OrderedDict()
        self._kept_for: tuple[Version, int] | None = None

    @property
    def lock(self) -> threading.Lock:
        """Held while keys are read (and while the connection is closed)."""
        return self._reader.lock

    def _now(self) -> tuple[Version, int]:
        """Which catalog the kept keys must be of (under the reader's lock)."""
        version = self._version()
        db = self._reader.db(version)
        return version, int(db.execute("PRAGMA data_version").fetchone()[0])

    def has(self, category: CategoryPath | None, tag: str | None, sort: str) -> bool:
        """Whether :meth:`keys` holds these keys, still valid (without waiting for keys
        being read: then it does not)."""
        if not self._reader.lock.acquire(blocking=False):
            return False
        try:
            return self._kept_for == self._now() and (category, tag, sort) in self._kept
        finally:
            self._reader.lock.release()

    def keys(self, category: CategoryPath | None, tag: str | None, sort: str) -> array[int]:
        """A listing's keys, kept or read now."""
        with self._reader.lock:
            now = self._now()
            db = self._reader.db(now[0])
            if now != self._kept_for:
                self._kept.clear()
                self._kept_for = now
            wanted = (category, tag, sort)
            keys = self._kept.get(wanted)
            if keys is None:
                keys = catalog_reads.listing_keys(db, category=category, tag=tag, sort=sort)
                self._kept[wanted] = keys
                while len(self._kept) > LISTINGS_KEPT:
                    self._kept.popitem(last=False)
            else:
                self._kept.move_to_end(wanted)
            return keys

    def forget(self) -> None:
        """Drop every kept listing (the index was rebuilt)."""
        with self._reader.lock:
            self._kept.clear()

    def close(self) -> None:
        """Close the connection (reopened when next used)."""
        self._reader.close()
