"""The metadata half of the index: one SQLite file with a row per scanned file.

Rows hold what the list, the filters and ``doctor`` need, so that listing 100,000
articles never touches the articles folder. ``key`` (the rowid) ties a row to its
document in the full-text index. This module owns the tables and writes them;
:mod:`~broadsheet.library.catalog_reads` reads them.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from broadsheet import paths
from broadsheet.library.article import Article, category_label

WRITER_CACHE_KB: Final = 65_536
"""The page cache of a connection that writes (SQLite's default, 2 MB, made a scan of
100,000 files several times slower)."""
LOAD_CACHE_KB: Final = 8_192
"""The page cache while a first index loads its rows (see :func:`small_cache`)."""

_TABLES: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    key INTEGER PRIMARY KEY AUTOINCREMENT,
    relpath TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    id TEXT,
    title TEXT,
    title_sort TEXT,
    date_ts REAL,
    date_offset INTEGER,
    author TEXT,
    category TEXT,
    categories TEXT,
    tags TEXT,
    summary TEXT,
    body_kind TEXT,
    words INTEGER,
    chars INTEGER,
    front_matter TEXT,
    fm_format TEXT,
    notes TEXT,
    problem TEXT,
    inode INTEGER
);
CREATE INDEX IF NOT EXISTS files_by_date
    ON files (date_ts IS NULL, date_ts DESC, title_sort) WHERE problem IS NULL;
CREATE INDEX IF NOT EXISTS files_by_title ON files (title_sort, date_ts DESC) WHERE problem IS NULL;
CREATE INDEX IF NOT EXISTS files_stat4 ON files (relpath, mtime_ns, size, inode);
CREATE INDEX IF NOT EXISTS files_id ON files (id);
CREATE TABLE IF NOT EXISTS article_category (
    key INTEGER NOT NULL, path TEXT NOT NULL, date_ts REAL, title_sort TEXT);
CREATE INDEX IF NOT EXISTS article_category_order
    ON article_category (path, date_ts IS NULL, date_ts DESC, title_sort, key);
CREATE INDEX IF NOT EXISTS article_category_key ON article_category (key);
CREATE TABLE IF NOT EXISTS article_tag (
    key INTEGER NOT NULL, tag TEXT NOT NULL, folded TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS article_tag_folded ON article_tag (folded, key);
CREATE INDEX IF NOT EXISTS article_tag_key ON article_tag (key);
CREATE TABLE IF NOT EXISTS walk_problem (relpath TEXT PRIMARY KEY, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS folders (
    prefix TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, device INTEGER, inode INTEGER,
    digest TEXT);
CREATE INDEX IF NOT EXISTS files_folder_stat
    ON files (rtrim(relpath, replace(relpath, '/', '')), relpath, mtime_ns, size, inode);
"""
FOLDER_OF: Final = "rtrim(relpath, replace(relpath, '/', ''))"
"""SQL for the folder prefix of ``relpath`` (``a/b/`` of ``a/b/c.md``), as indexed."""
BUSY_TIMEOUT: Final = 10.0
"""Seconds to wait for another process's write lock before giving up (never wiping)."""
UNIT: Final = "\x1f"
RECORD: Final = "\x1e"
"""Separators inside list columns: control characters never survive into article text."""


def stored_path(relpath: str) -> str | bytes:
    """How a relative path is stored: text, or bytes when the name is not valid UTF-8."""
    try:
        relpath.encode("utf-8")
    except UnicodeEncodeError:
        return relpath.encode("utf-8", "surrogateescape")
    return relpath


def loaded_path(value: str | bytes) -> str:
    """The relative path stored by :func:`stored_path`, with its surrogate escapes back."""
    return value if isinstance(value, str) else value.decode("utf-8", "surrogateescape")


def connect(path: Path, *, writer: bool = False) -> sqlite3.Connection:
    """Open the catalog file (tables are made by :func:`create_tables`).

    Raises ``sqlite3.DatabaseError``.
    """
    if writer:
        paths.create_private(path)  # its journal files get its mode
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if writer:
            db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KB}")
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def file_of(db: sqlite3.Connection) -> str:
    """The path of the catalog file ``db`` is connected to."""
    return str(db.execute("PRAGMA database_list").fetchone()[2])


def create_tables(db: sqlite3.Connection) -> None:
    """Make the tables and indexes of an empty catalog."""
    db.executescript(_TABLES)


_SECONDARY_INDEXES: Final = (
    "files_by_date",
    "files_by_title",
    "files_stat4",
    "files_id",
    "article_category_order",
    "article_category_key",
    "article_tag_folded",
    "article_tag_key",
    "files_folder_stat",
)
_RETIRED_INDEXES: Final = ("files_stat", "files_folder")
"""Indexes of earlier versions that the ones above replace: dropped, not rebuilt from
the folder (the stat columns were added so a folder's rows are read from the index
alone: the rows of 80 folders, 41,000 files, in 22 ms instead of 68)."""


def drop_indexes(db: sqlite3.Connection) -> None:
    """Drop the secondary indexes before a bulk load (:func:`create_indexes` puts them back).

    Building an index once over sorted rows is several times faster than keeping it
    up to date through 100,000 inserts.
    """
    for name in _SECONDARY_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")


@contextlib.contextmanager
def small_cache(db: sqlite3.Connection) -> Iterator[None]:
    """A bulk load into tables without indexes (:func:`drop_indexes`) appends pages it
    does not read again: a page cache of :data:`LOAD_CACHE_KB` is enough for it, and
    leaves the first index's memory to the full-text writer."""
    db.execute(f"PRAGMA cache_size=-{LOAD_CACHE_KB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KB}")


def create_indexes(db: sqlite3.Connection) -> None:
    """(Re)create every table and index that is missing."""
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    for name in _RETIRED_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")


def write_mark(db: sqlite3.Connection) -> tuple[int, int]:
    """A value that changes whenever the catalog is written: by another connection
    (SQLite's data version) or by this one (its count of changed rows)."""
    return int(db.execute("PRAGMA data_version").fetchone()[0]), db.total_changes


def get_meta(db: sqlite3.Connection, key: str) -> str | None:
    """A value of the meta table."""
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    """Set a value of the meta table."""
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def is_empty(db: sqlite3.Connection) -> bool:
    """Whether the catalog holds no file at all (a first scan)."""
    return db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None


def known_files(db: sqlite3.Connection) -> dict[str, tuple[int, int, int, int]]:
    """relpath -> (key, mtime_ns, size, inode) of every file in the catalog."""
    return {
        loaded_path(row[0]): (row[1], row[2], row[3], row[4] or 0)
        for row in db.execute("SELECT relpath, key, mtime_ns, size, inode FROM files")
    }


def _article_values(article: Article) -> tuple[Any, ...]:
    date = article.date
    offset = date.utcoffset() if date is not None else None
    return (
        article.id,
        article.title,
        article.title.casefold(),
        date.timestamp() if date is not None else None,
        int(offset.total_seconds()) if offset is not None else None,
        article.author,
        UNIT.join(article.categories[0]) if article.categories else "",
        RECORD.join(UNIT.join(path) for path in article.categories),
        UNIT.join(article.tags),
        article.summary,
        article.body_kind,
        article.words,
        article.chars,
        article.front_matter,
        article.front_matter_format,
        UNIT.join(article.notes),
    )


ARTICLE_COLUMNS: Final = (
    "id, title, title_sort, date_ts, date_offset, author, category, categories, tags, "
    "summary, body_kind, words, chars, front_matter, fm_format, notes"
)


FileRow = tuple[int, str, int, int, Article | None, str | None, int]
"""(key, relpath, mtime_ns, size, article or None, the problem when there is no article,
inode or 0)."""


def next_key(db: sqlite3.Connection) -> int:
    """The first key never used (keys are not reused, so stale full-text hits never match)."""
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name='files'").fetchone()
    highest = db.execute("SELECT MAX(key) FROM files").fetchone()[0]
    return max(int(row[0]) if row else 0, int(highest or 0)) + 1


def write_files(db: sqlite3.Connection, rows: Sequence[FileRow], replaced: Sequence[int]) -> None:
    """Insert or replace the rows of scanned files, with their categories and tags.

    ``replaced`` are the keys among them that were in the catalog before.
    """
    if replaced:
        keys = [(key,) for key in replaced]
        db.executemany("DELETE FROM article_category WHERE key=?", keys)
        db.executemany("DELETE FROM article_tag WHERE key=?", keys)
    db.executemany(
        f"INSERT OR REPLACE INTO files (key, relpath, mtime_ns, size, {ARTICLE_COLUMNS}, "
        f"problem, inode) VALUES (?, ?, ?, ?, {', '.join('?' * 16)}, ?, ?)",
        [
            (
                key,
                stored_path(relpath),
                mtime_ns,
                size,
                *(_article_values(article) if article else (None,) * 16),
                problem,
                inode or None,
            )
            for key, relpath, mtime_ns, size, article, problem, inode in rows
        ],
    )
    # Each row carries the article's sort keys, so listing a category is one index scan.
    db.executemany(
        "INSERT INTO article_category VALUES (?, ?, ?, ?)",
        [
            (
                key,
                path,
                article.date.timestamp() if article.date else None,
                article.title.casefold(),
            )
            for key, _, _, _, article, _, _ in rows
            if article is not None
            for path in {
                category_label(category[:depth])
                for category in article.categories
                for depth in range(1, len(category) + 1)
            }
        ],
    )
    db.executemany(
        "INSERT INTO article_tag VALUES (?, ?, ?)",
        [
            (key, tag, tag.casefold())
            for key, _, _, _, article, _, _ in rows
            if article is not None
            for tag in article.tags
        ],
    )


def delete_files(db: sqlite3.Connection, keys: Iterable[int]) -> None:
    """Remove the rows of files that are gone."""
    rows = [(key,) for key in keys]
    db.executemany("DELETE FROM files WHERE key=?", rows)
    db.executemany("DELETE FROM article_category WHERE key=?", rows)
    db.executemany("DELETE FROM article_tag WHERE key=?", rows)
