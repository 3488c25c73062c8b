"""Another process holds the index: who it is, and what a library open meanwhile sees after."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.conftest import LIBRARY_TITLES
from tests.reliability.rebuilder import rebuilding

from broadsheet.cli import main
from broadsheet.cli.opening import AS_IT_IS, NOTHING_SCANNED
from broadsheet.library import catalog
from broadsheet.library.library import Library


def _titles(library: Library) -> set[str]:
    return {entry.title for entry in library.entries()}


def test_a_library_open_during_another_process_rebuild_sees_the_writer_then_the_index(
    library_dir: Path,
) -> None:
    Library(library_dir).close()  # an index exists
    with rebuilding(library_dir) as other:
        library = Library(library_dir)
        try:
            writer = library.other_writer()
            assert writer is not None and writer.pid == other.pid and writer.building
            assert _titles(library) == set()  # wiped, the new one not committed yet
            assert other.finish() == f"done {len(LIBRARY_TITLES)}"
            assert library.other_writer() is None
            assert _titles(library) == set(LIBRARY_TITLES)
        finally:
            library.close()


def test_a_library_open_before_another_process_rebuilt_it_follows_the_new_files(
    library_dir: Path,
) -> None:
    library = Library(library_dir)
    try:
        library.refresh()
        assert _titles(library) == set(LIBRARY_TITLES)
        with rebuilding(library_dir) as other:
            other.finish()
        (library_dir / "later.md").write_text("---\ntitle: Later\n---\nzyzzyva\n", encoding="utf-8")
        report = library.update()  # written to the new files, not to the deleted ones
        assert report.added == 1
        assert _titles(library) == {*LIBRARY_TITLES, "Later"}
        assert library.search("zyzzyva").total == 1
    finally:
        library.close()
    reopened = Library(library_dir)
    try:
        assert _titles(reopened) == {*LIBRARY_TITLES, "Later"}
    finally:
        reopened.close()


def test_no_other_writer_when_this_process_writes(library_dir: Path) -> None:
    library = Library(library_dir)
    try:
        seen: list[object] = []
        library.refresh(lambda done, total: seen.append(library.other_writer()), rebuild=True)
        assert seen and seen == [None] * len(seen)
        assert library.other_writer() is None
    finally:
        library.close()


def test_commands_during_another_process_rebuild_say_so_at_once(
    library_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog, "BUSY_TIMEOUT", 0.5)  # index waits this long, then gives up
    Library(library_dir).close()
    with rebuilding(library_dir) as other:
        rebuilt = f"the index is being rebuilt by another process (pid {other.pid})"
        for command in (["list"], ["search", "Rust"]):
            started = time.monotonic()
            assert main([*command, "-L", str(library_dir)]) == 1  # nothing in it yet
            assert time.monotonic() - started < 5  # not the 10 s wait for the lock
            err = capsys.readouterr().err
            assert err == f"broadsheet: {rebuilt}; {AS_IT_IS}\n"
        assert main(["index", "-L", str(library_dir)]) == 1
        err = capsys.readouterr().err
        assert err == f"broadsheet: {rebuilt} and did not finish in time; {NOTHING_SCANNED}\n"
        other.finish()
    assert main(["list", "-L", str(library_dir)]) == 0
    assert capsys.readouterr().err == ""


def test_a_folder_where_the_lock_file_goes_is_cleared(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ``write.lock`` replaced by a folder made every command fail ("Is a directory")
    until someone removed it: it is the cache's, so it is removed and taken again."""
    from broadsheet import paths
    from broadsheet.library.write_lock import LOCK_FILE

    Library(library_dir).close()
    (lock,) = paths.cache_dir().glob(f"indexes/*/{LOCK_FILE}")
    lock.unlink()
    (lock / "inside").mkdir(parents=True)
    (library_dir / "fresh.md").write_text("---\ntitle: Fresh Arrival\n---\nbody\n")
    capsys.readouterr()
    assert main(["search", "Fresh Arrival", "-L", str(library_dir)]) == 0
    assert "Fresh Arrival" in capsys.readouterr().out
    assert lock.is_file()


def test_an_index_folder_that_cannot_be_written_is_answered_from_as_it_is(
    library_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only cache: ``search`` answers from the index with why it may be behind,
    ``index`` says what it could not do; neither fails with a bare "Permission denied"."""
    from filelock import FileLock

    assert main(["index", "-L", str(library_dir)]) == 0

    def refuse(self: FileLock, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", self.lock_file)

    monkeypatch.setattr(FileLock, "acquire", refuse)
    (library_dir / "fresh.md").write_text("---\ntitle: Fresh Arrival\n---\nbody\n")
    capsys.readouterr()
    assert main(["search", "Python", "-L", str(library_dir)]) == 0
    err = capsys.readouterr().err
    assert "cannot be written (Permission denied); the results are from the index as it was" in err
    assert main(["index", "-L", str(library_dir)]) == 1
    err = capsys.readouterr().err
    assert "cannot be written (Permission denied); nothing was scanned" in err


def test_a_catalog_another_program_holds_locked_is_not_blamed_on_a_broadsheet(
    library_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sqlite3`` with an exclusive lock on the catalog was reported as "another
    broadsheet is updating this library's index" (and "the results are from the index as
    it was", with no results)."""
    import sqlite3

    from broadsheet import paths

    assert main(["index", "-L", str(library_dir)]) == 0
    (path,) = paths.cache_dir().glob("indexes/*/catalog.sqlite3")
    monkeypatch.setattr(catalog, "BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        capsys.readouterr()
        assert main(["search", "Python", "-L", str(library_dir)]) == 1
        err = capsys.readouterr().err
        assert f"the index file {path} is locked by another program" in err, err
        assert "another broadsheet" not in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
