"""Damage in any index file is found on first use and healed by a rebuild, with one message."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import LIBRARY_TITLES

from broadsheet import paths
from broadsheet.cli import main
from broadsheet.library.library import Library

OFFSETS = (0.05, 0.5, 0.95)
COMMANDS = (
    ["list", "--json"],
    ["search", "the", "--json"],
    ["categories", "--json"],
    ["doctor", "--json"],
    ["index", "--json"],
)
MESSAGE = "rebuilding the index"


def _damage(path: Path, offset: float, seed: int) -> None:
    """Write random bytes over a part of ``path`` (the same bytes on every run)."""
    data = bytearray(path.read_bytes())
    size = max(1, min(4096, len(data) // 8))
    start = min(int(len(data) * offset), max(0, len(data) - size))
    data[start : start + size] = random.Random(seed).randbytes(size)
    path.write_bytes(bytes(data))


def _files(index: Path, kind: str) -> list[Path]:
    fulltext = index / "fulltext"
    if kind == "catalog":
        return [index / "catalog.sqlite3"]
    if kind == "meta":
        return [fulltext / "meta.json"]
    if kind == "generation":
        return [fulltext / "GENERATION"]
    suffix = kind.removeprefix("segment")
    return sorted(fulltext.glob(f"*{suffix}"))


def _run(command: list[str], library: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([*command, "-L", str(library)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.count(MESSAGE) <= 1, captured.err
    return code, captured.err


def _check_answers(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json", "-L", str(library)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {item["title"] for item in listed["articles"]} == set(LIBRARY_TITLES)
    assert main(["search", "zebra", "--json", "-L", str(library)]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


KINDS = (
    "catalog",
    "meta",
    "generation",
    "segment.store",
    "segment.idx",
    "segment.term",
    "segment.pos",
    "segment.fast",
    "segment.fieldnorm",
)


def _update_in_another_process(library: Path) -> None:
    """As the reader's watcher does: open, bring up to date, close."""
    other = Library(library)
    other.update()
    other.close()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("offset", OFFSETS)
def test_damage_is_healed_by_the_next_command(
    library_dir: Path, kind: str, offset: float, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "-L", str(library_dir)]) == 0
    capsys.readouterr()
    index = paths.index_dir(library_dir.resolve())
    files = _files(index, kind)
    assert files, kind
    for number, path in enumerate(files):
        _damage(path, offset, seed=number + int(offset * 100))
    command = COMMANDS[KINDS.index(kind) % len(COMMANDS)]
    code, _ = _run(command, library_dir, capsys)
    assert code == 0, command
    # doctor looks at every page and file: whatever the first command did not read
    # is found now, and the index it leaves answers right.
    _run(["doctor"], library_dir, capsys)
    _check_answers(library_dir, capsys)


@pytest.mark.parametrize("lost", ["meta.json", "every other file", "the whole folder"])
def test_full_text_files_lost_are_healed_by_the_next_command(
    library_dir: Path, lost: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without its meta.json, tantivy opens an empty index: search found nothing, and
    # neither index nor doctor noticed (found by a probe).
    assert main(["index", "-L", str(library_dir)]) == 0
    capsys.readouterr()
    fulltext = paths.index_dir(library_dir.resolve()) / "fulltext"
    if lost == "the whole folder":
        shutil.rmtree(fulltext)
    else:
        names = sorted(path.name for path in fulltext.iterdir())
        gone = ["meta.json"] if lost == "meta.json" else names[::2]
        for name in {*gone, "meta.json"}:
            (fulltext / name).unlink()
    code, err = _run(["search", "zebra", "--json"], library_dir, capsys)
    assert code == 0 and MESSAGE in err
    if lost == "meta.json":  # the other cases may have lost GENERATION too, found first
        assert "lost articles" in err
    _check_answers(library_dir, capsys)


@pytest.mark.parametrize("offset", OFFSETS)
def test_a_damaged_write_ahead_log_costs_at_most_a_rescan(
    library_dir: Path, offset: float, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The state a crash leaves (catalog, WAL and shared memory on disk), with a bad WAL."""
    library = Library(library_dir)
    library.refresh()
    (library_dir / "late.md").write_text("---\ntitle: Late\n---\nlate words\n", encoding="utf-8")
    library.refresh()
    index = paths.index_dir(library_dir.resolve())
    wal = index / "catalog.sqlite3-wal"
    assert wal.exists()
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    for name in ("catalog.sqlite3", "catalog.sqlite3-wal", "catalog.sqlite3-shm"):
        shutil.copyfile(index / name, snapshot / name)
    library.close()
    for name in ("catalog.sqlite3", "catalog.sqlite3-wal", "catalog.sqlite3-shm"):
        shutil.copyfile(snapshot / name, index / name)
    _damage(wal, offset, seed=7)
    (library_dir / "late.md").unlink()
    code, _ = _run(["list"], library_dir, capsys)
    assert code == 0
    _run(["doctor"], library_dir, capsys)
    _check_answers(library_dir, capsys)


def test_a_query_that_meets_damage_rebuilds_and_answers(library_dir: Path) -> None:
    """Found in the middle of a command, not at its start: the library heals itself."""
    told: list[str | None] = []
    library = Library(library_dir, on_rebuild=lambda report: told.append(report.rebuilt_reason))
    library.refresh()
    catalog_file = paths.index_dir(library_dir.resolve()) / "catalog.sqlite3"
    library.close()
    with sqlite3.connect(catalog_file) as db:  # the pages of the listing's index only
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in db.execute("SELECT pageno FROM dbstat WHERE name LIKE '%date'")]
    db.close()
    data = bytearray(catalog_file.read_bytes())
    for page in pages:
        data[(page - 1) * size : page * size] = b"\xff" * size
    catalog_file.write_bytes(bytes(data))
    library = Library(library_dir, on_rebuild=lambda report: told.append(report.rebuilt_reason))
    titles = {entry.title for entry in library.entries()}
    assert titles == set(LIBRARY_TITLES)
    assert len(told) == 1 and "damaged" in str(told[0])
    library.close()


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for every read of every page of the catalog (``catalog_damage``)."""
    from broadsheet.library import index as index_module

    counted: list[int] = []
    real_check = index_module.catalog_damage
    monkeypatch.setattr(
        index_module, "catalog_damage", lambda db: counted.append(1) or real_check(db)
    )
    return counted


@pytest.mark.parametrize("offset", OFFSETS)
def test_index_reads_every_page_of_a_catalog_someone_else_changed(
    library_dir: Path, offset: float, capsys: pytest.CaptureFixture[str], checks: list[int]
) -> None:
    assert main(["index", "-L", str(library_dir)]) == 0
    assert main(["index", "-L", str(library_dir)]) == 0
    assert checks == [], "a catalog this command made and left is not read again"
    # Another process that found it so writes it (the reader's watcher) and vouches for
    # it at its close: its own writes keep it sound, and a million articles' catalog
    # takes a minute to read.
    (library_dir / "late.md").write_text("---\ntitle: Late\n---\nlate\n", encoding="utf-8")
    _update_in_another_process(library_dir)
    assert main(["index", "-L", str(library_dir)]) == 0
    assert checks == []
    # Written by a program that does not vouch for it: the next index checks, once;
    # a process that finds it so and writes it does not vouch for it either.
    catalog = paths.index_dir(library_dir.resolve()) / "catalog.sqlite3"
    with sqlite3.connect(catalog) as db:
        db.execute("INSERT INTO meta VALUES ('written by', 'another program')")
    db.close()
    (library_dir / "later.md").write_text("---\ntitle: Later\n---\nlater\n", encoding="utf-8")
    _update_in_another_process(library_dir)
    assert main(["index", "-L", str(library_dir)]) == 0
    assert main(["index", "-L", str(library_dir)]) == 0
    assert checks == [1]
    (library_dir / "later.md").unlink()
    capsys.readouterr()
    # A stray write into the catalog is found by the next index, which heals it.
    (library_dir / "late.md").unlink()
    _damage(paths.index_dir(library_dir.resolve()) / "catalog.sqlite3", offset, seed=3)
    code, err = _run(["index"], library_dir, capsys)
    assert code == 0 and MESSAGE in err
    _check_answers(library_dir, capsys)


@pytest.mark.parametrize(
    "command", [["search", "late"], ["list"], ["categories"], ["doctor"], ["show", "late.md"]]
)
def test_a_command_that_brought_the_index_up_to_date_vouches_for_it(
    library_dir: Path, command: list[str], capsys: pytest.CaptureFixture[str], checks: list[int]
) -> None:
    # Else every search after a crawler run costs the next index a read of every page
    # (a minute at a million articles).
    assert main(["index", "-L", str(library_dir)]) == 0
    (library_dir / "late.md").write_text("---\ntitle: Late\n---\nlate\n", encoding="utf-8")
    assert main([*command, "-L", str(library_dir)]) in (0, 1)
    catalog = paths.index_dir(library_dir.resolve()) / "catalog.sqlite3"
    with sqlite3.connect(catalog) as db:
        assert db.execute("SELECT 1 FROM files WHERE relpath = 'late.md'").fetchone()
    db.close()
    checks.clear()  # (doctor reads every page itself, always)
    assert main(["index", "-L", str(library_dir)]) == 0
    assert checks == []
    capsys.readouterr()


@pytest.mark.parametrize("vouched", [True, False])
def test_a_reader_open_meanwhile_vouches_only_for_writes_someone_vouched_for(
    library_dir: Path, vouched: bool, checks: list[int]
) -> None:
    """The reader stays open while its child process (or another command) writes."""
    assert main(["index", "-L", str(library_dir)]) == 0
    reader = Library(library_dir)
    (library_dir / "late.md").write_text("---\ntitle: Late\n---\nlate\n", encoding="utf-8")
    if vouched:
        _update_in_another_process(library_dir)
    else:
        catalog = paths.index_dir(library_dir.resolve()) / "catalog.sqlite3"
        with sqlite3.connect(catalog) as db:
            db.execute("INSERT INTO meta VALUES ('written by', 'another program')")
        db.close()
    (library_dir / "later.md").write_text("---\ntitle: Later\n---\nlater\n", encoding="utf-8")
    assert reader.update().added >= 1
    reader.close()
    assert main(["index", "-L", str(library_dir)]) == 0
    assert checks == ([] if vouched else [1])


def test_segments_this_process_wrote_are_not_read_back_to_check(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first scan writes every segment: the next process trusts what tantivy wrote
    # (checksums and all) instead of reading the whole index back; a segment changed
    # since is checked again.
    from broadsheet.library import integrity

    library = Library(library_dir)
    library.refresh()
    library.close()
    read: list[Path] = []
    real = integrity._footer_ok
    monkeypatch.setattr(
        integrity, "_footer_ok", lambda path, size: read.append(path) or real(path, size)
    )
    integrity.check_fulltext(paths.index_dir(library_dir) / "fulltext")
    assert read == []
    store = _files(paths.index_dir(library_dir), "segment.store")[0]
    _damage(store, 0.5, seed=1)
    with pytest.raises(integrity.IndexDamagedError):
        integrity.check_fulltext(paths.index_dir(library_dir) / "fulltext")
    assert read == [store]
