"""Big batches applied in a child process at a low priority."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from broadsheet.errors import BroadsheetError, ScanStoppedError
from broadsheet.library.background import (
    BackgroundStoppedError,
    apply_in_child,
    report_from_json,
    report_to_json,
)
from broadsheet.library.library import Library
from broadsheet.library.results import ScanReport
from broadsheet.library.watch import Batch, apply_batch


def test_a_report_survives_the_trip_through_json() -> None:
    report = ScanReport(3, 1, 1, 1, 0, 0.5, None, frozenset({"a"}), frozenset({"b"}))
    assert report_from_json(report_to_json(report)) == report
    # A rename's (old, new) pairs: the rescan key failed on them (found in a walk-through).
    moved = dataclasses.replace(report, moves=(("old1", "new1"), ("old2", "new2")))
    assert report_from_json(json.loads(json.dumps(report_to_json(moved)))) == moved


def test_the_child_applies_changes_the_reader_then_sees(library_dir: Path) -> None:
    library = Library(library_dir)
    try:
        library.refresh()
        added = library_dir / "new" / "child.md"
        added.parent.mkdir()
        added.write_text("---\ntitle: Written by a child\n---\nbody\n", encoding="utf-8")
        seen: list[tuple[int, int]] = []
        report = apply_in_child(
            library.root, frozenset({str(added)}), full=False, progress=lambda *p: seen.append(p)
        )
        assert report.added == 1 and len(report.added_ids) == 1
        assert any(e.title == "Written by a child" for e in library.entries())
        full = apply_in_child(library.root, frozenset(), full=True)
        assert full.added == 0 and full.indexed == report.indexed
    finally:
        library.close()


def test_a_failure_in_the_child_is_the_libraries_error(tmp_path: Path) -> None:
    with pytest.raises(BroadsheetError, match="does not exist"):
        apply_in_child(tmp_path / "missing", frozenset(), full=True)


def test_a_killed_child_is_never_replaced_by_work_in_the_reader(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader kills the child when it quits: applying the batch in its own process
    # instead would race the index being closed under it.
    library = Library(library_dir)
    try:
        library.refresh()

        def in_process(*args: object, **kwargs: object) -> ScanReport:
            raise AssertionError("the batch was applied in the reader's process")

        monkeypatch.setattr(library, "refresh", in_process)
        monkeypatch.setattr(library, "update", in_process)
        with pytest.raises(BackgroundStoppedError, match="killed"):
            apply_batch(library, Batch(frozenset(), full=True), started=lambda c: c.kill())
    finally:
        library.close()


def test_a_scan_that_waited_for_a_closing_index_stops(library_dir: Path) -> None:
    library = Library(library_dir)
    library.close()
    with pytest.raises(ScanStoppedError):
        library.refresh()
