"""Big batches applied in a child process at a low priority."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.errors import BroadsheetError
from broadsheet.library.background import apply_in_child, report_from_json, report_to_json
from broadsheet.library.library import Library
from broadsheet.library.results import ScanReport


def test_a_report_survives_the_trip_through_json() -> None:
    report = ScanReport(3, 1, 1, 1, 0, 0.5, None, frozenset({"a"}), frozenset({"b"}))
    assert report_from_json(report_to_json(report)) == report


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
