"""The cheap check's listings shared with a worker: the same plan as listing them here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import age_folders, write_article

from broadsheet.library import splitcheck
from broadsheet.library.changeset import Changes
from broadsheet.library.freshness import plan_update
from broadsheet.library.library import Library


def _changed_library(root: Path) -> Library:
    """An indexed library, then every kind of change a folder's listing shows."""
    for folder in "abcdef":
        for number in range(12):
            write_article(root / folder / f"{number:02}.md", f"{folder} {number}")
    age_folders(root)
    library = Library(root)
    library.refresh()
    write_article(root / "a" / "new.md", "a new")  # added
    (root / "a" / "00.md").unlink()  # removed
    os.rename(root / "b" / "01.md", root / "b" / "renamed.md")  # renamed
    write_article(root / "c" / "tmp", "c replaced")  # replaced under its name (a new inode)
    os.replace(root / "c" / "tmp", root / "c" / "02.md")
    write_article(root / "c" / "sub" / "x.md", "c sub")  # a new folder inside a changed one
    for name in os.listdir(root / "d"):  # gone whole
        os.unlink(root / "d" / name)
    os.rmdir(root / "d")
    for name in os.listdir(root / "e"):  # now a link to a folder already listed
        os.unlink(root / "e" / name)
    os.rmdir(root / "e")
    os.symlink(root / "a", root / "e")
    write_article(root / "f" / "03.md.tmp", "not an article")  # a name the walk ignores
    return library


def _plan(library: Library, root: Path) -> Changes:
    changes = plan_update(library._index.db, str(root))
    assert changes is not None
    return changes


def _comparable(changes: Changes) -> dict[str, Any]:
    return {
        "todo": sorted(info[:4] for info in changes.todo),
        "known": changes.known,
        "gone": sorted(changes.gone),
        "folders": sorted(changes.folders),
        "folders_gone": sorted(changes.folders_gone),
        "problems": changes.problems,
        "cleared": sorted(changes.cleared),
        "stale": sorted(changes.stale),
    }


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every cheap check with two or more changed folders shares them with a worker;
    the list counts the times it did."""
    calls: list[int] = []
    real = splitcheck.beside

    def counting(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(splitcheck, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(splitcheck, "HEAD_START_FILES", 0)
    monkeypatch.setattr(splitcheck, "worker_count", lambda: 2)
    monkeypatch.setattr(splitcheck, "beside", counting)
    return calls


def test_a_shared_check_plans_what_one_process_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: list[int]
) -> None:
    root = tmp_path / "library"
    library = _changed_library(root)
    try:
        beside = _comparable(_plan(library, root))
        assert shared  # the worker took a share
        monkeypatch.setattr(splitcheck, "PARALLEL_MIN_FILES", 10**9)
        alone = _comparable(_plan(library, root))
        assert len(shared) == 1
    finally:
        library.close()
    assert beside == alone
    assert any(info[0] == "c/02.md" for info in beside["todo"])  # the replaced file
    assert any(info[0] == "c/sub/x.md" for info in beside["todo"])  # the new folder's
    assert beside["problems"].get("e", "").startswith("links to a folder")


def test_a_shared_check_brings_the_index_up_to_date(tmp_path: Path, shared: list[int]) -> None:
    root = tmp_path / "library"
    library = _changed_library(root)
    try:
        report = library.update()
        titles = {entry.title for entry in library.entries()}
        walked = library.refresh()  # the full walk finds nothing left to do
    finally:
        library.close()
    assert shared
    # Added: a/new.md, b/renamed.md, c/sub/x.md; gone: a/00.md, b/01.md, d/ and e/ whole.
    assert (report.added, report.updated, report.removed) == (3, 1, 26)
    assert (walked.added, walked.updated, walked.removed) == (0, 0, 0)
    assert {"a new", "b 1", "c replaced", "c sub"} <= titles
    assert not any(title.startswith(("d ", "e ")) or title == "a 0" for title in titles)
