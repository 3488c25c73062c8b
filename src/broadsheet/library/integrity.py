"""Finding damage in the index files before it gives wrong answers or a traceback.

Both halves of the index can be damaged on disk (a crash of the machine, a full disk,
someone's stray write). SQLite finds a damaged page when a query reads it; tantivy
finds few errors at all. So:

- every full-text segment file ends with a checksum (tantivy's footer: the file's
  CRC-32, a JSON footer, its length and a magic number), checked the first time a
  process sees that file; the files checked are recorded by name, size and
  modification time, so a later open costs one ``stat`` per file, and a file changed
  since (segments are written once) is checked again;
- ``meta.json`` must parse and name only segments whose files are there;
- :func:`catalog_damage` runs SQLite's ``quick_check`` (every page; seconds at 100,000
  articles, a minute at a million), for the commands that look at the whole library
  on purpose; ``index`` skips it when the catalog's files are as a process that
  vouched for them left them (:func:`record_catalog_checked`: their sizes and times).
  A process vouches at its close when it checked the catalog, or found it vouched for
  and then wrote it (no other connection writing meanwhile, unless that one vouched
  too): a change by someone else (a stray write, a crash during another program's
  write) costs the check, the reader's own updates do not.

Any error that says the files are damaged, wherever it arises, is recognised by
:func:`damage_reason` so that the caller can rebuild the index.
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import zlib
from pathlib import Path
from typing import Final

from broadsheet import paths
from broadsheet.library.text import clean_control

FOOTER_MAGIC: Final = 1337
"""The last four bytes of every tantivy segment file."""
CHECKED_FILE: Final = "checked.json"
"""In the full-text folder: the files whose checksum was found right."""
CATALOG_CHECKED_FILE: Final = "catalog-checked.json"
"""Beside the catalog: its files' sizes and times as a process that checked them left them."""
_CATALOG_PARTS: Final = ("", "-wal")
SEGMENT_SUFFIXES: Final = frozenset(
    (".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm", ".del", ".ff", ".pair")
)
CHUNK: Final = 1 << 20
_NOT_DAMAGE: Final = (
    sqlite3.OperationalError,
    sqlite3.ProgrammingError,
    sqlite3.InterfaceError,
    sqlite3.IntegrityError,
)
"""Database errors that say nothing about the file being damaged (busy, misuse)."""


class IndexDamagedError(Exception):
    """A file of the index is damaged: the index must be rebuilt."""


def damage_reason(error: BaseException) -> str | None:
    """Why ``error`` means the index files are damaged, or None when it does not.

    SQLite says so with ``DatabaseError`` itself (``database disk image is malformed``,
    ``file is not a database``); tantivy with a ``ValueError`` or a Rust panic.
    """
    if isinstance(error, sqlite3.DatabaseError):
        if "could not decode" in str(error).lower():  # garbage where text was written
            return "the catalog was damaged (a text value is not UTF-8)"
        if isinstance(error, _NOT_DAMAGE):
            return None
        return f"the catalog was damaged ({_one_line(error)})"
    if isinstance(error, IndexDamagedError):
        return str(error)
    if isinstance(error, ValueError) or type(error).__name__ == "PanicException":
        return f"the full-text index was damaged ({_one_line(error)})"
    return None


def _one_line(error: BaseException) -> str:
    """The first line of an error's message, printable and short."""
    text = clean_control(str(error)).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


def _footer_ok(path: Path, size: int) -> bool:
    """Whether the file's tantivy footer holds the CRC-32 of the rest of the file."""
    with path.open("rb") as handle:
        if size < 8:
            return False
        handle.seek(size - 8)
        length, magic = struct.unpack("<II", handle.read(8))
        if magic != FOOTER_MAGIC or length + 8 > size:
            return False
        handle.seek(size - 8 - length)
        try:
            expected = json.loads(handle.read(length))["crc"]
        except (ValueError, KeyError, TypeError):
            return False
        handle.seek(0)
        remaining, crc = size - 8 - length, 0
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return False
            crc = zlib.crc32(chunk, crc)
            remaining -= len(chunk)
    return bool(crc == expected)


def _segment_ids(directory: Path) -> set[str]:
    """The segments ``meta.json`` names (raises ``IndexDamagedError`` when unreadable)."""
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        return {str(segment["segment_id"]).replace("-", "") for segment in meta["segments"]}
    except FileNotFoundError:
        return set()
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexDamagedError(f"the full-text index was damaged (meta.json: {error})") from None


def _read_checked(record: Path) -> dict[str, object]:
    """The files :data:`CHECKED_FILE` records as checked ({} when it cannot be read)."""
    try:
        checked = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return checked if isinstance(checked, dict) else {}


def check_fulltext(directory: Path) -> None:
    """Raise ``IndexDamagedError`` when a full-text file is damaged (see the module doc).

    Files already checked and unchanged since cost a ``stat`` each.
    """
    segments = _segment_ids(directory)
    record = directory / CHECKED_FILE
    checked = _read_checked(record)
    seen: dict[str, list[int]] = {}
    present: set[str] = set()
    with os.scandir(directory) as entries:
        for entry in entries:
            stem, dot, suffix = entry.name.partition(".")
            if not dot or f".{suffix}" not in SEGMENT_SUFFIXES or stem not in segments:
                continue
            present.add(stem)
            status = entry.stat()
            stamp = [status.st_size, status.st_mtime_ns]
            if checked.get(entry.name) != stamp and not _footer_ok(
                Path(entry.path), status.st_size
            ):
                raise IndexDamagedError(
                    f"the full-text index was damaged ({entry.name} fails its checksum)"
                )
            seen[entry.name] = stamp
    if segments - present:
        raise IndexDamagedError("the full-text index was damaged (a segment file is missing)")
    if seen != checked:
        try:
            temporary = record.with_suffix(".tmp")
            paths.write_private(temporary, json.dumps(seen))
            temporary.replace(record)
        except OSError:
            pass  # only a cost: the next open checks the files again


def segment_ids(directory: Path) -> set[str]:
    """The segments the full-text index holds now (none when it cannot tell)."""
    try:
        return _segment_ids(directory)
    except IndexDamagedError:
        return set()


def record_written(directory: Path, before: set[str]) -> None:
    """Record the segment files a commit of this process just wrote (the segments not
    in ``before``) as checked: tantivy wrote their checksums, so reading them all
    back to check them would only cost the next process a read of the whole index
    (about 0.4 s per 100,000 articles after a first scan)."""
    now = segment_ids(directory)
    written = now - before
    if not written:
        return
    record = directory / CHECKED_FILE
    checked = {
        name: stamp
        for name, stamp in _read_checked(record).items()
        if name.partition(".")[0] in now
    }
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                stem, dot, suffix = entry.name.partition(".")
                if dot and f".{suffix}" in SEGMENT_SUFFIXES and stem in written:
                    status = entry.stat()
                    checked[entry.name] = [status.st_size, status.st_mtime_ns]
        temporary = record.with_suffix(".tmp")
        paths.write_private(temporary, json.dumps(checked))
        temporary.replace(record)
    except OSError:
        pass  # only a cost: the next open checks the files


def catalog_damage(db: sqlite3.Connection) -> str | None:
    """Why the catalog is damaged (SQLite's ``quick_check`` of every page), or None."""
    try:
        rows = db.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.DatabaseError as error:
        return damage_reason(error)
    problems = [" ".join(str(row[0]).split()) for row in rows if str(row[0]) != "ok"]
    return f"the catalog was damaged ({'; '.join(problems)[:160]})" if problems else None


def _catalog_stamp(catalog: Path) -> list[list[int] | None]:
    """Size and modification time of the catalog file and its write-ahead log."""
    stamp: list[list[int] | None] = []
    for suffix in _CATALOG_PARTS:
        try:
            status = os.stat(f"{catalog}{suffix}")
        except OSError:
            stamp.append(None)
        else:
            # An empty log (made by opening the catalog) holds nothing: as if absent.
            stamp.append([status.st_size, status.st_mtime_ns] if status.st_size else None)
    return stamp


def catalog_unchanged(catalog: Path) -> bool:
    """Whether the catalog's files are as a process that had checked them left them."""
    try:
        recorded = json.loads((catalog.parent / CATALOG_CHECKED_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == _catalog_stamp(catalog))


def record_catalog_checked(catalog: Path) -> None:
    """Note the catalog's files as they are now, known sound (its connections closed)."""
    record = catalog.parent / CATALOG_CHECKED_FILE
    try:
        temporary = record.with_suffix(".tmp")
        paths.write_private(temporary, json.dumps(_catalog_stamp(catalog)))
        temporary.replace(record)
    except OSError:
        pass  # only a cost: the next index checks every page again


def forget_catalog_checked(catalog: Path) -> None:
    """Drop the record (the catalog is being replaced)."""
    (catalog.parent / CATALOG_CHECKED_FILE).unlink(missing_ok=True)
