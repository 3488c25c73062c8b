"""Folding in the reader: find in the article across scripts, and a rebuilt index said."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.tui.helpers import WIDE, AppFactory, settle

from broadsheet.library.library import Library
from broadsheet.tui.finder import find_pattern, parse_terms


def test_find_pattern_matches_both_scripts_and_full_width() -> None:
    pattern = find_pattern(parse_terms("戶籍 python"))
    assert pattern is not None
    text = "负责户籍窗口；臺灣戶籍；ＰＹＴＨＯＮ and Python"
    found = [match.group() for match in pattern.finditer(text)]
    assert found == ["户籍", "戶籍", "ＰＹＴＨＯＮ", "Python"]


async def test_a_rebuilt_index_is_announced(make: AppFactory, library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    directory = library._index.directory
    library.close()
    with sqlite3.connect(directory / "catalog.sqlite3") as db:
        db.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any("Rebuilding the index" in note and "schema 0" in note for note in notes)
