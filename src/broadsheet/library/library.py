"""The facade the CLI and the TUI use: one folder of articles and its index."""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
from array import array
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final, Literal, ParamSpec, TypeVar

from broadsheet import paths
from broadsheet.errors import (
    ArticleNotFoundError,
    BroadsheetError,
    LibraryNotFoundError,
    MarksUnknownError,
)
from broadsheet.library import catalog, catalog_reads
from broadsheet.library.article import Article, CategoryPath, Problem
from broadsheet.library.fulltext import FullTextError
from broadsheet.library.index import CATALOG_FILE, Index, identity
from broadsheet.library.integrity import damage_reason
from broadsheet.library.kept import CLOSED, KeptListings, RowReader, Version
from broadsheet.library.listing import Listing
from broadsheet.library.reference import path_problem, relpaths_named
from broadsheet.library.results import (
    CategoryNode,
    Entry,
    Marks,
    OtherWriter,
    ProgressCallback,
    ScanReport,
    SearchResults,
)
from broadsheet.library.search import run_search
from broadsheet.library.unread import ReadCounts, ViewOrder

SortOrder = Literal["date", "title"]
Answer = TypeVar("Answer")
Params = ParamSpec("Params")
_ID_RE: Final = re.compile(r"^[0-9a-f]{16}$")


def _healing(method: Callable[Params, Answer]) -> Callable[Params, Answer]:
    """A query that, when it finds the index damaged, rebuilds it and asks again."""

    @functools.wraps(method)
    def heal_and_retry(*args: Params.args, **kwargs: Params.kwargs) -> Answer:
        library = args[0]
        assert isinstance(library, Library)
        try:
            return method(*args, **kwargs)
        except BaseException as error:  # tantivy's panics are BaseExceptions
            if isinstance(error, KeyboardInterrupt | SystemExit) or not library._heal(error):
                raise
        return method(*args, **kwargs)

    return heal_and_retry


class Library:
    """A folder of articles (never written to) and its index in the cache folder.

    Reads are safe from any thread while :meth:`refresh` runs in another: a query sees
    the index as it was before the refresh or after it, never half of it.
    """

    def __init__(
        self,
        root: Path,
        *,
        cache_dir: Path | None = None,
        on_rebuild: Callable[[ScanReport], None] | None = None,
    ) -> None:
        """Open the index of ``root`` (creating or rebuilding it when needed); no scan yet.

        Raises ``LibraryNotFoundError`` when ``root`` is not a folder. ``on_rebuild``
        gets the report of the rebuild (its ``rebuilt_reason`` says why) when a query
        finds the index damaged and it is rebuilt from the folder (the query is then
        answered from the new index); it may be called from any thread.
        """
        if not root.is_dir():
            raise LibraryNotFoundError(
                f"the library folder {root} does not exist or is not a folder"
            )
        self._root = Path(os.path.realpath(root))
        directory = (
            cache_dir / "indexes" / paths.library_key(self._root)
            if cache_dir is not None
            else paths.index_dir(self._root)
        )
        self._index = Index(self._root, directory)
        self._on_rebuild = on_rebuild
        self._read_lock = threading.Lock()
        self._reader, self._reader_version = self._connect_reader()
        self._rows = RowReader(self._connect_reader)
        """Pages of rows and ids' keys, read as a list is drawn."""
        self._keys = KeptListings(self._connect_reader, self._version)
        self._index.before_wipe = self._close_reader

    def _connect_reader(self) -> tuple[sqlite3.Connection, Version]:
        # Reads use their own connection so they never see a refresh half-way (WAL snapshots).
        version = self._version()
        return catalog.connect(self._index.directory / CATALOG_FILE), version

    def _version(self) -> Version:
        """Which catalog the reads must be connected to: a rebuild here changes the
        index's epoch, one by another process the file (its device and inode)."""
        return self._index.epoch, identity(self._index.directory / CATALOG_FILE)

    def _close_reader(self) -> None:
        """Close the read connection before the catalog file is replaced."""
        with self._read_lock:
            self._reader.close()
            self._reader_version = CLOSED  # reconnected when next used
        self._rows.close()
        self._keys.close()

    @property
    def _db(self) -> sqlite3.Connection:
        """The read connection (reopened when a rebuild, here or by another process,
        replaced the catalog file)."""
        if self._reader_version != self._version():
            self._reader.close()
            self._reader, self._reader_version = self._connect_reader()
        return self._reader

    @property
    def root(self) -> Path:
        """The library folder (its real path)."""
        return self._root

    @property
    def rebuilt_reason(self) -> str | None:
        """Why the index is being built afresh, when it is (shown to the user once)."""
        return self._index.rebuilt_reason

    def refresh(
        self, progress: ProgressCallback | None = None, *, rebuild: bool = False
    ) -> ScanReport:
        """Bring the index up to date by walking the whole folder (incremental unless
        ``rebuild``): unlike :meth:`update`, this also sees files edited in place."""
        return self._index.refresh(progress, rebuild=rebuild)

    def update(
        self,
        touched: Iterable[str | os.PathLike[str]] = (),
        progress: ProgressCallback | None = None,
    ) -> ScanReport:
        """The cheap freshness check: bring the index up to date at the cost of what changed.

        Compares the modification times of the folders the index knows (a file added,
        removed or renamed changes its folder's), lists only the folders that changed,
        and looks again at each path in ``touched`` (absolute or relative to the root, a
        file or a folder, which may no longer exist): a file edited in place does not
        change its folder, so only ``touched`` or :meth:`refresh` sees the edit. Costs
        what changed plus a ``stat`` per folder, never one per file. Falls back to
        :meth:`refresh` on an index that knows no folders yet.
        """
        return self._index.update(touched, progress)

    def check(
        self, progress: ProgressCallback | None = None, *, every_page: bool = True
    ) -> ScanReport | None:
        """Look at every page and file of the index (slow); rebuild it when it is damaged.

        Without ``every_page``, a catalog left as a process that checked it left it is
        not read again. Returns the report of the rebuild, or None when nothing was wrong.
        """
        try:
            reason = self._index.damage(every_page=every_page)
        except sqlite3.DatabaseError as error:
            reason = damage_reason(error)
            if reason is None:
                raise
        return None if reason is None else self._index.heal(reason, progress)

    def _heal(self, error: BaseException) -> bool:
        """Rebuild the index when ``error`` says it is damaged (False: not damage)."""
        reason = damage_reason(error)
        if isinstance(error, FullTextError):
            reason = f"the full-text index was damaged ({error})"
        if reason is None:
            return False
        report = self._index.heal(reason)
        self._keys.forget()
        if self._on_rebuild is not None:
            self._on_rebuild(report)
        return True

    def other_writer(self) -> OtherWriter | None:
        """Another process writing the index right now, or None (a scan here then waits)."""
        pid = self._index.other_writer()
        if pid is None:
            return None
        try:
            with self._read_lock:
                building = catalog.is_empty(self._db)
        except sqlite3.DatabaseError:
            building = True  # not even the tables yet
        return OtherWriter(pid, building)

    def last_report(self) -> ScanReport:
        """The counts of the index as the last completed scan left them (nothing scanned now)."""
        return self._index.last_report()

    @_healing
    def entries(
        self,
        *,
        category: CategoryPath | None = None,
        tag: str | None = None,
        sort: SortOrder = "date",
        limit: int | None = None,
    ) -> Sequence[Entry]:
        """Articles in the index, newest first (or by title), optionally filtered.

        ``category`` includes its descendants. Without a limit the result is a
        :class:`Listing`, which reads rows only as they are looked at: listing
        100,000 articles costs their keys, not 100,000 objects.
        """
        if limit is not None:
            with self._read_lock:
                return catalog_reads.entries(
                    self._db, category=category, tag=tag, sort=sort, limit=limit
                )
        return Listing(self._keys.keys(category, tag, sort), self._entries_for_keys, self._key_of)

    @_healing
    def view(
        self,
        *,
        category: CategoryPath | None = None,
        order: ViewOrder = "date",
        unread_only: bool = False,
        read_ids: Collection[str] = (),
        first: int | None = None,
    ) -> Listing:
        """The list the reader shows: a category by date, title or unread first.

        ``unread_only`` leaves out the articles in ``read_ids``; ``order="unread"`` puts
        the others first (each part newest first). Plain orders cost what
        :meth:`entries` costs; the others one look-up of the read ids. ``first``: a
        plain order may stop after that many (a :attr:`Listing.partial` listing), unless
        the whole one is at hand: its first screen then costs no more at a million
        articles than at a hundred, where reading every key takes half a second.
        """
        sort = "title" if order == "title" else "date"
        plain = not unread_only and order != "unread"
        if plain and first is not None and not self._keys.has(category, None, sort):
            with self._read_lock:
                keys = catalog_reads.listing_keys(
                    self._db, category=category, tag=None, sort=sort, limit=first
                )
            partial = len(keys) >= first
            return Listing(keys, self._entries_for_keys, self._key_of, partial=partial)
        keys = self._keys.keys(category, None, sort)
        if plain:
            return Listing(keys, self._entries_for_keys, self._key_of)
        with self._read_lock:
            read = catalog_reads.keys_of(self._db, read_ids)
        unread = array("q", (key for key in keys if key not in read))
        if not unread_only:
            unread.extend(key for key in keys if key in read)
        return Listing(unread, self._entries_for_keys, self._key_of)

    @_healing
    def next_unread(
        self, listing: Listing, start: int, step: int, read_ids: Collection[str]
    ) -> int | None:
        """The position of the next (``step`` 1) or previous (-1) unread article after ``start``.

        Only the keys are looked at (never the rows): one query of the read ids, then a
        pass over integers, so it costs the same at the top or the end of 100,000 rows.
        """
        with self._read_lock:
            read = catalog_reads.keys_of(self._db, read_ids)
        keys = listing.keys
        positions = range(start + 1, len(keys)) if step > 0 else range(start - 1, -1, -1)
        return next((index for index in positions if keys[index] not in read), None)

    def link_target(self, source: Article, url: str) -> str | None:
        """The id of the article of this library that a link of ``source`` points to, if any."""
        from broadsheet.library.links import link_target

        return link_target(source, url, by_path=self._id_by_path, by_slug=self.id_by_slug)

    @_healing
    def id_by_slug(self, slug: str) -> str | None:
        """The article whose file name (without suffix) or, failing that, title is ``slug``."""
        with self._read_lock:
            return catalog_reads.id_by_slug(self._db, slug)

    @_healing
    def _id_by_path(self, relpath: str) -> str | None:
        with self._read_lock:
            row = catalog_reads.article_row(self._db, "relpath", relpath)
        return catalog_reads.article_from_row(self._root, row).id if row is not None else None

    @_healing
    def ids(self, listing: Listing) -> list[str]:
        """The article ids of a listing, in its order (to mark them all read)."""
        with self._read_lock:
            return catalog_reads.ids_of_keys(self._db, listing.keys)

    @_healing
    def read_counts(self, read_ids: Collection[str]) -> ReadCounts:
        """How many of ``read_ids`` are in the library, and in each category (for unread counts)."""
        with self._read_lock:
            total, by_path = catalog_reads.counts_of_ids(self._db, read_ids)
        return ReadCounts(total, {tuple(path.split("/")): count for path, count in by_path.items()})

    @_healing
    def _entries_for_keys(self, keys: Sequence[int]) -> dict[int, Entry]:
        with self._rows.lock:
            return catalog_reads.entries_for_keys(self._rows.db(self._version()), keys)

    @_healing
    def _key_of(self, article_id: str) -> int | None:
        with self._rows.lock:
            return catalog_reads.key_of(self._rows.db(self._version()), article_id)

    @_healing
    def articles(
        self,
        *,
        category: CategoryPath | None = None,
        tag: str | None = None,
        sort: SortOrder = "date",
        limit: int | None = None,
        unread: bool = False,
        bookmarked: bool = False,
        marks: Marks | None = None,
    ) -> list[Article]:
        """Like :meth:`entries`, with every field of each article (for exports).

        ``unread`` and ``bookmarked`` keep only such articles, by ``marks`` (read from
        the reading state when not given).
        """
        ids: list[catalog_reads.IdFilter] = []
        if unread or bookmarked:
            marks = _known(marks or self.reading_marks(), "unread" if unread else "bookmarked")
            if unread:
                ids.append((marks.read, False))
            if bookmarked:
                ids.append((marks.bookmarked, True))
        with self._read_lock:
            return catalog_reads.articles(
                self._db, self._root, category=category, tag=tag, sort=sort, limit=limit, ids=ids
            )

    def reading_marks(self) -> Marks:
        """Which articles of this library are read and bookmarked, from the reading state.

        A state file that cannot be used right now (locked, unreadable) gives marks that
        are not ``known``, with why in ``Marks.note``; a corrupt one is moved aside and a
        new one started, as the reader does.
        """
        from broadsheet.library.state import ReadingState

        try:
            state = ReadingState(self._root)
        except OSError as error:
            return Marks(note=f"the reading state cannot be read ({error})", known=False)
        try:
            if state.unusable is not None:
                return Marks(note=state.unusable, known=False)
            marks = state.marks()
        finally:
            state.close()
        return replace(marks, note=state.recovered) if state.recovered else marks

    @_healing
    def _marked_keys(self, wanted: frozenset[str], marks: Marks | None) -> dict[str, list[int]]:
        """The keys of the articles with the marks that ``is:`` values need."""
        marks = _known(marks or self.reading_marks(), "/".join(sorted(wanted)))
        found: dict[str, list[int]] = {}
        with self._read_lock:
            if wanted & {"read", "unread"}:
                found["read"] = catalog_reads.keys_for_ids(self._db, marks.read)
            if "bookmarked" in wanted:
                found["bookmarked"] = catalog_reads.keys_for_ids(self._db, marks.bookmarked)
        return found

    @_healing
    def article(self, article_id: str) -> Article:
        """Full metadata of one article (``ArticleNotFoundError`` when unknown)."""
        with self._read_lock:
            row = catalog_reads.article_row(self._db, "id", article_id)
        if row is None:
            raise ArticleNotFoundError(f"no article with id {article_id} in {self._root}")
        return catalog_reads.article_from_row(self._root, row)

    def body(self, article_id: str) -> str:
        """Read the article's body from its file now (decoded, front matter removed)."""
        from broadsheet.library.article import ParsedArticle
        from broadsheet.library.parse import parse_file

        article = self.article(article_id)
        result = parse_file(article.path, self._root)
        if not isinstance(result, ParsedArticle):
            raise BroadsheetError(f"cannot read {article.relpath}: {result.reason}")
        return result.body

    @_healing
    def resolve(self, reference: str) -> Article:
        """An article from a path, an id, or a title query (the best match)."""
        candidates = (paths.expand_home(reference), self._root / reference)
        for relpath in relpaths_named(candidates, self._root):
            with self._read_lock:
                row = catalog_reads.article_row(self._db, "relpath", relpath)
            if row is not None:
                return catalog_reads.article_from_row(self._root, row)
        problem = path_problem(reference, candidates, self._root)
        if problem is not None and not problem[1]:
            raise ArticleNotFoundError(problem[0])  # a file named, never a title search
        if _ID_RE.match(reference):
            try:
                return self.article(reference)
            except ArticleNotFoundError:
                pass
        results = self.search(reference, limit=1)
        if not results.hits:
            if problem is not None:
                raise ArticleNotFoundError(problem[0])
            raise ArticleNotFoundError(
                f"no article matches {reference!r} (give a path, an id from "
                "`broadsheet list --json`, or words from its title)"
            )
        return self.article(results.hits[0].entry.id)

    @_healing
    def categories(self) -> tuple[CategoryNode, ...]:
        """The category tree (biggest first), with counts that include descendants."""
        with self._read_lock:
            return catalog_reads.category_tree(self._db)

    @_healing
    def tags(self) -> list[tuple[str, int]]:
        """Every tag with its number of articles, most used first."""
        with self._read_lock:
            return catalog_reads.tag_counts(self._db)

    @_healing
    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        within: CategoryPath | None = None,
        marks: Marks | None = None,
    ) -> SearchResults:
        """Run a query in the query language (``QueryError`` when it cannot be understood).

        ``within``: only that category (an exact path) and its descendants. ``marks``
        answers ``is:unread`` and the like (read from the reading state when not given).
        """
        # A long-lived reader searches often: the pages earlier searches mapped go first.
        self._index.fulltext.shed_pages()
        # Only the catalog reads hold the lock: the list can fetch its rows meanwhile.
        return run_search(
            self._entries_for_keys,
            self._index.fulltext,
            query,
            limit=limit,
            within=within,
            marked=lambda wanted: self._marked_keys(wanted, marks),
        )

    @_healing
    def problems(self) -> list[Problem]:
        """Files that needed a fallback or could not be read, from the last scan."""
        with self._read_lock:
            return catalog_reads.problems(self._db)

    def close(self) -> None:
        """Release the index files.

        Under the read lock: a query still running in another thread (the reader quits
        while its list reloads) must not have its connection closed under it, which can
        crash the interpreter; a later one gets an error instead.
        """
        with self._read_lock:
            self._reader.close()
        self._rows.close()
        self._keys.close()
        self._index.close()


def _known(marks: Marks, which: str) -> Marks:
    """``marks``, when they are known: a filter by unknown marks would answer wrongly
    (everything unread, nothing bookmarked), so it fails with why."""
    if not marks.known:
        raise MarksUnknownError(f"cannot tell which articles are {which}: {marks.note}")
    return marks
