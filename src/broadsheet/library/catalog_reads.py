"""Reading the catalog: the rows a list, a filter, the reader and ``doctor`` ask for.

The other half of :mod:`~broadsheet.library.catalog`, which owns the tables and writes
them: listings (keys in an order, or entries), articles whole, the keys of ids, the
category tree with its counts, tags, and the problems ``doctor`` reports.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from broadsheet.library.article import Article, CategoryPath, Problem, category_label
from broadsheet.library.catalog import ARTICLE_COLUMNS, RECORD, UNIT, loaded_path, stored_path
from broadsheet.library.results import CategoryNode, Entry
from broadsheet.library.text import display_safe

ENTRY_COLUMNS: Final = "id, title, date_ts, date_offset, author, category, relpath"
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


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An :class:`Entry` from a row selected with :data:`ENTRY_COLUMNS`."""
    category = tuple(row[5].split(UNIT)) if row[5] else ()
    relpath = display_safe(loaded_path(row[6]))
    return Entry(row[0], row[1], _date(row[2], row[3]), row[4] or "", category, relpath)


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
        f"relpath, mtime_ns, size, {ARTICLE_COLUMNS}", category, tag, sort, limit, ids
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
        f"SELECT problem, relpath, mtime_ns, size, {ARTICLE_COLUMNS} FROM files "
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
        categories=tuple(tuple(path.split(UNIT)) for path in categories.split(RECORD) if path),
        tags=tuple(tags.split(UNIT)) if tags else (),
        author=author,
        summary=summary,
        body_kind=body_kind,
        words=words,
        chars=chars,
        front_matter=front_matter,
        front_matter_format=fm_format,
        mtime_ns=mtime_ns,
        size=size,
        notes=tuple(notes.split(UNIT)) if notes else (),
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
            found.append(Problem(shown, "read with fallback", "; ".join(notes.split(UNIT))))
    for relpath, said in db.execute("SELECT relpath, reason FROM walk_problem ORDER BY relpath"):
        # The walk's reasons end with "; skipped" (said alone); the action says it here.
        reason = str(said).removesuffix("; skipped")
        found.append(Problem(display_safe(loaded_path(relpath)), "skipped", reason))
    return found
