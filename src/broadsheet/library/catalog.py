"""The metadata half of the index: one SQLite file with a row per scanned file.

Rows hold what the list, the filters and ``doctor`` need, so that listing 100,000
articles never touches the articles folder. ``key`` (the rowid) ties a row to its
document in the full-text index.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from broadsheet import paths
from broadsheet.library.article import Article, CategoryPath, Problem, category_label
from broadsheet.library.results import CategoryNode, Entry
from broadsheet.library.text import display_safe

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
ENTRY_COLUMNS: Final = "id, title, date_ts, date_offset, author, category, relpath"
BUSY_TIMEOUT: Final = 10.0
"""Seconds to wait for another process's write lock before giving up (never wiping)."""
_UNIT: Final = "\x1f"
_RECORD: Final = "\x1e"
"""Separators inside list columns: control characters never survive into article text."""
_ORDER: Final = {
    "date": "date_ts IS NULL, date_ts DESC, title_sort",
    "title": "title_sort, date_ts DESC",
}


@lru_cache(maxsize=256)
def _zone(offset: int) -> timezone:
    return UTC if offset == 0 else timezone(timedelta(seconds=offset))


def _date(timestamp: float | None, offset: int | None) -> datetime | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, _zone(offset or 0))


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


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An :class:`Entry` from a row selected with :data:`ENTRY_COLUMNS`."""
    category = tuple(row[5].split(_UNIT)) if row[5] else ()
    relpath = display_safe(loaded_path(row[6]))
    return Entry(row[0], row[1], _date(row[2], row[3]), row[4] or "", category, relpath)


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
            # A scan writes 100,000 rows with their indexes: the default 2 MB page cache
            # makes that several times slower.
            db.execute("PRAGMA cache_size=-65536")
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
        _UNIT.join(article.categories[0]) if article.categories else "",
        _RECORD.join(_UNIT.join(path) for path in article.categories),
        _UNIT.join(article.tags),
        article.summary,
        article.body_kind,
        article.words,
        article.chars,
        article.front_matter,
        article.front_matter_format,
        _UNIT.join(article.notes),
    )


_ARTICLE_COLUMNS: Final = (
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
        f"INSERT OR REPLACE INTO files (key, relpath, mtime_ns, size, {_ARTICLE_COLUMNS}, "
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


IdFilter = tuple[Collection[str], bool]
"""Article ids and whether a listing keeps only them (True) or leaves them out (False)."""


def _listing_sql(  # noqa: PLR0917 (private, called in three places)
    columns: str,
    category: CategoryPath | None,
    tag: str | None,
    sort: str,
    limit: int | None,
    ids: Sequence[IdFilter] = (),
) -> tuple[str, list[str]]:
    where, params = ["problem IS NULL"], []
    for chosen, keep in ids:
        # One JSON parameter, however many ids: SQLite builds its lookup table once.
        where.append(f"id {'IN' if keep else 'NOT IN'} (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(chosen)))
    if category:
        where.append("key IN (SELECT key FROM article_category WHERE path=?)")
        params.append(category_label(category))
    if tag:
        where.append("key IN (SELECT key FROM article_tag WHERE folded=?)")
        params.append(tag.casefold())
    sql = f"SELECT {columns} FROM files WHERE {' AND '.join(where)} ORDER BY {_ORDER[sort]}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, params


def listing_keys(
    db: sqlite3.Connection,
    *,
    category: CategoryPath | None,
    tag: str | None,
    sort: str,
    limit: int | None = None,
) -> array[int]:
    """The keys of the articles a listing shows, in its order (the first ``limit``)."""
    if category and not tag:
        sql = f"SELECT key FROM article_category WHERE path=? ORDER BY {_ORDER[sort]}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        params = [category_label(category)]
    else:
        sql, params = _listing_sql("key", category, tag, sort, limit)
    keys = array("q")
    cursor = db.execute(sql, params)
    while rows := cursor.fetchmany(4096):
        keys.extend(row[0] for row in rows)
    return keys


_KEYS_OF_IDS: Final = (
    "SELECT key FROM files WHERE id IN (SELECT value FROM json_each(?)) AND problem IS NULL"
)


def keys_of(db: sqlite3.Connection, article_ids: Collection[str]) -> set[int]:
    """The keys of the articles with these ids (ids no longer in the catalog are left out)."""
    if not article_ids:
        return set()
    # One parameter whatever the number of ids (SQLite caps parameters at 32,766).
    return {row[0] for row in db.execute(_KEYS_OF_IDS, (json.dumps(list(article_ids)),))}


def counts_of_ids(
    db: sqlite3.Connection, article_ids: Collection[str]
) -> tuple[int, dict[str, int]]:
    """How many of these articles are in the catalog, and in each category (with ancestors)."""
    if not article_ids:
        return 0, {}
    payload = json.dumps(list(article_ids))
    total = db.execute(f"SELECT COUNT(*) FROM ({_KEYS_OF_IDS})", (payload,)).fetchone()[0]
    rows = db.execute(
        f"SELECT path, COUNT(DISTINCT key) FROM article_category WHERE key IN ({_KEYS_OF_IDS}) "
        "GROUP BY path",
        (payload,),
    )
    return int(total), {str(path): int(count) for path, count in rows}


def ids_of_keys(db: sqlite3.Connection, keys: Sequence[int]) -> list[str]:
    """The ids of these keys, in the same order (missing keys are left out)."""
    found: dict[int, str] = {}
    for start in range(0, len(keys), 30000):
        chunk = json.dumps(list(keys[start : start + 30000]))
        sql = "SELECT key, id FROM files WHERE key IN (SELECT value FROM json_each(?))"
        found.update(db.execute(sql, (chunk,)).fetchall())
    return [found[key] for key in keys if key in found]


def id_by_slug(db: sqlite3.Connection, slug: str) -> str | None:
    """The id of the article whose file name without suffix is ``slug``, else whose title is.

    For Hexo's ``{% post_link slug %}`` and a site's own addresses; the newest wins a tie.
    """
    pattern = slug.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    for suffix in (".md", ".markdown", ".html", ".htm"):
        row = db.execute(
            "SELECT id FROM files WHERE problem IS NULL AND (relpath = ? OR relpath LIKE ? "
            "ESCAPE '\\') ORDER BY date_ts DESC LIMIT 1",
            (slug + suffix, f"%/{pattern}{suffix}"),
        ).fetchone()
        if row is not None:
            return str(row[0])
    row = db.execute(
        "SELECT id FROM files WHERE problem IS NULL AND title_sort = ? ORDER BY date_ts DESC "
        "LIMIT 1",
        (slug.casefold(),),
    ).fetchone()
    return str(row[0]) if row is not None else None


def key_of(db: sqlite3.Connection, article_id: str) -> int | None:
    """The key of the article with this id."""
    # Only the id index: with "problem IS NULL" in the WHERE clause the planner may
    # choose a partial index and scan it whole.
    row = db.execute("SELECT key, problem FROM files WHERE id=? LIMIT 1", (article_id,)).fetchone()
    return None if row is None or row[1] is not None else int(row[0])


def entries(
    db: sqlite3.Connection,
    *,
    category: CategoryPath | None,
    tag: str | None,
    sort: str,
    limit: int | None,
) -> list[Entry]:
    """Listing entries, filtered by category (with descendants) and tag."""
    sql, params = _listing_sql(ENTRY_COLUMNS, category, tag, sort, limit)
    return [entry_from_row(row) for row in db.execute(sql, params)]


def articles(
    db: sqlite3.Connection,
    root: Path,
    *,
    category: CategoryPath | None,
    tag: str | None,
    sort: str,
    limit: int | None,
    ids: Sequence[IdFilter] = (),
) -> list[Article]:
    """Like :func:`entries`, with every field of each article (``ids`` filter by id)."""
    sql, params = _listing_sql(
        f"relpath, mtime_ns, size, {_ARTICLE_COLUMNS}", category, tag, sort, limit, ids
    )
    return [article_from_row(root, row) for row in db.execute(sql, params)]


def keys_for_ids(db: sqlite3.Connection, ids: Collection[str]) -> list[int]:
    """The keys of the indexed articles with these ids (unknown ids are left out)."""
    sql = "SELECT key FROM files WHERE problem IS NULL AND id IN (SELECT value FROM json_each(?))"
    return [int(row[0]) for row in db.execute(sql, (json.dumps(list(ids)),))]


def entries_for_keys(db: sqlite3.Connection, keys: Sequence[int]) -> dict[int, Entry]:
    """key -> entry for the given keys (missing keys are left out)."""
    found: dict[int, Entry] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        sql = (
            f"SELECT key, {ENTRY_COLUMNS} FROM files "
            f"WHERE problem IS NULL AND key IN ({', '.join('?' * len(chunk))})"
        )
        for row in db.execute(sql, chunk):
            found[row[0]] = entry_from_row(row[1:])
    return found


def article_row(db: sqlite3.Connection, where: str, value: str) -> tuple[Any, ...] | None:
    """The full row of one article, by ``id`` or ``relpath``."""
    # "problem" is checked here, not in WHERE: see key_of.
    row = db.execute(
        f"SELECT problem, relpath, mtime_ns, size, {_ARTICLE_COLUMNS} FROM files "
        f"WHERE {where}=? LIMIT 1",
        (stored_path(value),),
    ).fetchone()
    return None if row is None or row[0] is not None else tuple(row[1:])


def article_from_row(root: Path, row: Sequence[Any]) -> Article:
    """Rebuild the :class:`Article` stored in a row from :func:`article_row`."""
    (
        relpath,
        mtime_ns,
        size,
        article_id,
        title,
        _sort,
        ts,
        offset,
        author,
        _category,
        categories,
        tags,
        summary,
        body_kind,
        words,
        chars,
        front_matter,
        fm_format,
        notes,
    ) = row
    relpath = loaded_path(relpath)
    return Article(
        id=article_id,
        path=root / relpath,
        relpath=relpath,
        title=title,
        date=_date(ts, offset),
        categories=tuple(tuple(path.split(_UNIT)) for path in categories.split(_RECORD) if path),
        tags=tuple(tags.split(_UNIT)) if tags else (),
        author=author,
        summary=summary,
        body_kind=body_kind,
        words=words,
        chars=chars,
        front_matter=front_matter,
        front_matter_format=fm_format,
        mtime_ns=mtime_ns,
        size=size,
        notes=tuple(notes.split(_UNIT)) if notes else (),
    )


def category_tree(db: sqlite3.Connection) -> tuple[CategoryNode, ...]:
    """The category tree with counts (each article counts once for each ancestor)."""
    # COUNT(*), not COUNT(DISTINCT key): :func:`write_files` writes a (key, path) once
    # however many of an article's categories share the ancestor, so the count is the
    # same, read off the covering index (a million articles: 95 ms instead of 790-1,160).
    counts = dict(
        db.execute("SELECT path, COUNT(*) FROM article_category GROUP BY path").fetchall()
    )
    children: dict[str, list[str]] = {}
    for path in counts:
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        children.setdefault(parent, []).append(path)

    def build(path: str) -> CategoryNode:
        kids = sorted(children.get(path, ()), key=lambda p: (-counts[p], p))
        label = tuple(path.split("/"))
        return CategoryNode(label[-1], label, counts[path], tuple(build(k) for k in kids))

    return tuple(
        build(root) for root in sorted(children.get("", ()), key=lambda p: (-counts[p], p))
    )


def tag_counts(db: sqlite3.Connection) -> list[tuple[str, int]]:
    """Tags with their article counts, most used first."""
    rows = db.execute(
        "SELECT MIN(tag), COUNT(DISTINCT key) AS n FROM article_tag GROUP BY folded "
        "ORDER BY n DESC, folded"
    )
    return [(str(tag), int(count)) for tag, count in rows]


def problems(db: sqlite3.Connection) -> list[Problem]:
    """Files that were skipped or read with a fallback, and folders that could not be read."""
    found: list[Problem] = []
    for relpath, problem, notes in db.execute(
        "SELECT relpath, problem, notes FROM files "
        "WHERE problem IS NOT NULL OR (notes IS NOT NULL AND notes != '') ORDER BY relpath"
    ):
        shown = display_safe(loaded_path(relpath))
        if problem is not None:
            found.append(Problem(shown, "skipped", problem))
        else:
            found.append(Problem(shown, "read with fallback", "; ".join(notes.split(_UNIT))))
    for relpath, said in db.execute("SELECT relpath, reason FROM walk_problem ORDER BY relpath"):
        # The walk's reasons end with "; skipped" (said alone); the action says it here.
        reason = str(said).removesuffix("; skipped")
        found.append(Problem(display_safe(loaded_path(relpath)), "skipped", reason))
    return found
