"""Writing what a scan found: the full-text index first, then the catalog.

Both halves are written in one transaction of each: the catalog's is committed last, so
a scan interrupted between the two commits left only documents whose keys the catalog
hands out again, and the next scan removes them first (:meth:`Scribe.write`). Files are
parsed as they are written (:func:`~.ingest.parse_batches`, on worker processes when
there are many), and a first scan streams the walk into the parsers: nothing is held for
the whole library.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from broadsheet.errors import ScanStoppedError
from broadsheet.library import catalog
from broadsheet.library.changeset import (
    Changes,
    KeyCounts,
    Written,
    stats_of,
    walk_problem_count,
    write_folders,
)
from broadsheet.library.fulltext import FullText
from broadsheet.library.fullwalk import count_articles, stream_full
from broadsheet.library.ingest import UNINDEXABLE, parse_batches, unindexable_reason
from broadsheet.library.results import ProgressCallback, ScanReport
from broadsheet.library.scan import FileInfo

PROGRESS_INTERVAL: Final = 0.1
IDS_LISTED: Final = 20_000
"""A scan that changes more files than this says which only as "everything" (a cold index)."""


def report_of(
    db: sqlite3.Connection, added: int, updated: int, removed: int, started: float
) -> ScanReport:
    """A scan's report, with the counts stored in the catalog."""
    return ScanReport(
        int(catalog.get_meta(db, "indexed") or 0),
        added,
        updated,
        removed,
        int(catalog.get_meta(db, "problems") or 0),
        time.perf_counter() - started,
    )


@dataclass(frozen=True, slots=True)
class Scribe:
    """Writes one scan's changes to the open index files (the caller holds the lock)."""

    db: sqlite3.Connection
    fulltext: FullText
    root: Path
    closing: threading.Event
    """Set when the index is being closed: the scan stops at its next batch."""

    def commit(
        self, changes: Changes, progress: ProgressCallback | None, started: float
    ) -> ScanReport:
        """Write ``changes`` to both halves: the full-text index first, then the catalog."""
        db = self.db
        todo, known = changes.todo, changes.known
        listed_ids = len(todo) + len(changes.gone) <= IDS_LISTED
        replaced = [known[info.relpath][0] for info in todo if info.relpath in known]
        db.execute("BEGIN IMMEDIATE")
        try:
            catalog.create_indexes(db)  # an index made before the folder table lacks it
            before = KeyCounts.of(db, [*changes.gone, *replaced])
            gone_stats = stats_of(db, changes.gone) if listed_ids else {}
            walk_before = walk_problem_count(db)
            catalog.delete_files(db, changes.gone)
            for key in changes.gone:
                self.fulltext.delete(key)
            write_folders(db, changes, full=changes.full)
            with self.fulltext.paging_out() if not listed_ids else contextlib.nullcontext():
                written = self.write(todo, known, progress, len(todo))
                self._adjust_counts(before, KeyCounts.of(db, written.keys), walk_before)
                self.fulltext.commit()
            db.execute("COMMIT")
        except BaseException:
            self.roll_back()
            raise
        report = report_of(self.db, written.added, written.updated, len(changes.gone), started)
        report = replace(report, skipped=written.skipped)
        if not listed_ids:
            return replace(report, ids_complete=False)
        from broadsheet.library.parse import article_id  # (the parser is imported lazily)

        added_ids = frozenset(written.ids - before.ids)
        moves = (
            (old, new)
            for info in todo
            if info.relpath not in known
            and (old := gone_stats.get((info.inode, info.mtime_ns, info.size))) is not None
            and (new := article_id(info.relpath)) in added_ids
        )
        return replace(
            report,
            added_ids=added_ids,
            updated_ids=frozenset(written.ids & before.ids),
            removed_ids=before.ids - written.ids,
            moves=tuple(moves),
        )

    def commit_cold(self, progress: ProgressCallback | None, started: float) -> ScanReport:
        """A first scan: the walk streams into the parsers, nothing held for the library.

        The catalog's indexes are dropped for the load and built once at its end, several
        times faster than keeping them up to date through a million inserts.
        """
        db = self.db
        changes = Changes(full=True)
        root = str(self.root)
        total = count_articles(root)
        db.execute("BEGIN IMMEDIATE")
        try:
            catalog.create_indexes(db)
            catalog.drop_indexes(db)
            with self.fulltext.paging_out(), catalog.small_cache(db):
                stream = stream_full(root, changes)
                written = self.write(stream, {}, progress, total, track=False)
                self.fulltext.commit(merge=True)
            # The catalog's indexes are sorted after the writer has let go of its heap.
            write_folders(db, changes, full=True)
            catalog.create_indexes(db)
            self._count()
            db.execute("COMMIT")
        except BaseException:
            self.roll_back()
            raise
        report = report_of(self.db, written.added, 0, 0, started)
        return replace(report, skipped=written.skipped, ids_complete=False)

    def roll_back(self) -> None:
        self.fulltext.rollback()
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def _adjust_counts(self, before: KeyCounts, after: KeyCounts, walk_before: int) -> None:
        """Move the stored counts by what an update changed (counting all costs O(files))."""
        indexed = int(catalog.get_meta(self.db, "indexed") or 0)
        problems = int(catalog.get_meta(self.db, "problems") or 0)
        walk_after = walk_problem_count(self.db)
        indexed += after.indexed - before.indexed
        problems += after.problems - before.problems + walk_after - walk_before
        catalog.set_meta(self.db, "indexed", str(indexed))
        catalog.set_meta(self.db, "problems", str(problems))

    def write(
        self,
        todo: Iterable[FileInfo],
        known: dict[str, tuple[int, int, int, int]],
        progress: ProgressCallback | None,
        total: int,
        *,
        track: bool = True,
    ) -> Written:
        """Parse the files to do and write them to both halves, batch by batch.

        ``total`` is what the progress reports count to (a first scan's count may be a
        little off: it grows if more files turn up). ``track``: keep the keys and ids
        written (not for a first scan, where they would be the whole library).
        """
        fresh = catalog.next_key(self.db)
        # A scan interrupted between the two commits left documents under keys the
        # catalog will hand out again: they go before any key is reused.
        self.fulltext.delete_from(fresh)
        written = Written()
        done, last_report = 0, 0.0
        # The parsers keep the order of the files: their inodes wait here, in step.
        inodes: deque[int] = deque()

        def noting_inodes() -> Iterator[FileInfo]:
            for info in todo:
                inodes.append(info.inode)
                yield info

        for batch in parse_batches(noting_inodes(), str(self.root)):
            if self.closing.is_set():
                raise ScanStoppedError("the scan was stopped: the index is being closed")
            rows: list[catalog.FileRow] = []
            replaced: list[int] = []
            for relpath, mtime_ns, size, parsed, cut, pairs, text in batch:
                article, units = parsed, cut
                row = known.get(relpath)
                if row is None:
                    key, fresh = fresh, fresh + 1
                else:
                    key = row[0]
                    replaced.append(key)
                    self.fulltext.delete(key)
                if article is not None:
                    try:
                        self.fulltext.add(key, article, units, pairs, text)
                    except UNINDEXABLE as error:
                        # A bug must cost this one file (reported by doctor), not the scan.
                        article, units = None, unindexable_reason(error)
                    if track and article is not None:
                        written.ids.add(article.id)
                written.tally(new=row is None, indexed=article is not None)
                if track:
                    written.keys.append(key)
                inode = inodes.popleft()
                if not inode and row is not None:
                    # Stat'ed, not listed (an edit in place, seen by the watcher): the same
                    # file, so the same inode, which a rename later is recognised by.
                    inode = row[3]
                rows.append(
                    (key, relpath, mtime_ns, size, article, None if article else units, inode)
                )
            catalog.write_files(self.db, rows, replaced)
            done += len(batch)
            total = max(total, done)
            now = time.monotonic()
            if progress is not None and (done == total or now - last_report >= PROGRESS_INTERVAL):
                progress(done, total)
                last_report = now
        if progress is not None and done < total:
            progress(done, done)
        written.count = done
        return written

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
