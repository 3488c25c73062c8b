"""The full walk on worker processes finds what the serial walk finds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PAST_NS, age_folders, write_article

from broadsheet.library import fullwalk, splitwalk
from broadsheet.library.changeset import Changes, stored_folders
from broadsheet.library.library import Library


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Two levels of folders (so that the parent hands subtrees out), files at each."""
    root = tmp_path / "library"
    write_article(root / "top.md", "Top")
    for year in ("2023", "2024", "2025"):
        write_article(root / year / "year.md", f"Year {year}")
        for month in ("01", "02", "03"):
            for day in range(3):
                write_article(root / year / month / f"{day}.md", f"{year}-{month} {day}")
    (root / "2024" / "empty").mkdir()
    age_folders(root)
    return root


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every full walk goes to workers (two, one subtree each); the tasks are counted."""
    monkeypatch.setenv("BROADSHEET_WORKERS", "2")
    monkeypatch.setattr(fullwalk, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(splitwalk, "SUBTREES_PER_WORKER", 1)
    counted: list[int] = []
    real = splitwalk.map_in_workers

    def counting(function: Any, tasks: Any, workers: int | None = None) -> Any:
        tasks = list(tasks)
        counted.append(len(tasks))
        return real(function, tasks, workers)

    monkeypatch.setattr(splitwalk, "map_in_workers", counting)
    yield counted


def _plans(library: Library, monkeypatch: pytest.MonkeyPatch) -> tuple[Changes, Changes]:
    """The plan of a full walk on workers, and the serial walk's."""
    db, root = library._index.db, str(library.root)
    parallel = fullwalk.plan_full(db, root)
    with monkeypatch.context() as serial:
        serial.setattr(fullwalk, "PARALLEL_MIN_FILES", 10**12)
        return parallel, fullwalk.plan_full(db, root)


def _same(parallel: Changes, serial: Changes) -> None:
    assert sorted(parallel.todo) == sorted(serial.todo)
    assert parallel.known == serial.known
    assert sorted(parallel.gone) == sorted(serial.gone)
    assert {f.prefix: f for f in parallel.folders} == {f.prefix: f for f in serial.folders}
    assert parallel.problems == serial.problems
    assert parallel.rewrite == serial.rewrite


def test_nothing_changed_is_nothing_on_workers_too(
    tree: Path, calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tree)
    library.refresh()
    calls.clear()
    parallel, serial = _plans(library, monkeypatch)
    assert calls and calls[0] >= 2  # the subtrees went to the workers
    assert not parallel and not serial
    _same(parallel, serial)


def test_added_edited_removed_and_gone_folders_are_found(
    tree: Path, calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tree)
    library.refresh()
    write_article(tree / "2024" / "02" / "new.md", "New")
    edited = tree / "2023" / "01" / "0.md"
    edited.write_text("---\ntitle: Edited\n---\nnew words\n", encoding="utf-8")
    later = PAST_NS + 10**10
    os.utime(edited, ns=(later, later))
    (tree / "2025" / "03" / "1.md").unlink()
    shutil.rmtree(tree / "2023" / "02")
    write_article(tree / "2025" / "04" / "fresh.md", "Fresh folder")
    parallel, serial = _plans(library, monkeypatch)
    _same(parallel, serial)
    assert {info.relpath for info in parallel.todo} == {
        "2024/02/new.md",
        "2023/01/0.md",
        "2025/04/fresh.md",
    }
    assert len(parallel.gone) == 4  # one file, and a folder of three
    report = library.refresh()
    assert (report.added, report.updated, report.removed) == (2, 1, 4)
    assert not fullwalk.plan_full(library._index.db, str(tree))


def test_a_folder_emptied_beside_an_empty_one_loses_its_files(
    tree: Path, calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its digest is then that of the empty folder next to it, which the catalog holds
    # for the subtree: the worker sends no files, and the parent must list it again.
    library = Library(tree)
    library.refresh()
    for name in ("0.md", "1.md", "2.md"):
        (tree / "2024" / "03" / name).unlink()
    parallel, serial = _plans(library, monkeypatch)
    _same(parallel, serial)
    assert len(parallel.gone) == 3


def test_links_to_folders_are_walked_after_every_real_folder(
    tree: Path, tmp_path: Path, calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    write_article(outside / "far.md", "Far away")
    # A link inside one subtree to a real folder of another: that folder keeps its
    # real path, and the link is reported, as by the serial walk.
    (tree / "2023" / "01" / "a-link").symlink_to(tree / "2025" / "02", target_is_directory=True)
    (tree / "2024" / "01" / "outside").symlink_to(outside, target_is_directory=True)
    library = Library(tree)
    library.refresh()
    write_article(tree / "2025" / "02" / "later.md", "Later")
    parallel, serial = _plans(library, monkeypatch)
    _same(parallel, serial)
    assert {info.relpath for info in parallel.todo} == {"2025/02/later.md"}
    assert "2023/01/a-link" in parallel.problems
    # ...from the workers' walk itself, not from the serial walk it falls back on.
    stored = stored_folders(library._index.db)
    assert (
        splitwalk.walk_in_workers(library._index.db, str(tree), stored, lambda *_: None, 2)
        is not None
    )
    relpaths = {entry.relpath for entry in library.entries()}
    assert "2024/01/outside/far.md" in relpaths
    assert not any(relpath.startswith("2023/01/a-link/") for relpath in relpaths)


def test_a_small_library_is_walked_here(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROADSHEET_WORKERS", "2")
    used: list[object] = []
    monkeypatch.setattr(splitwalk, "map_in_workers", lambda *args: used.append(args) or [])
    library = Library(tree)
    library.refresh()
    write_article(tree / "2024" / "02" / "new.md", "New")
    assert library.refresh().added == 1
    assert not used  # far below PARALLEL_MIN_FILES
