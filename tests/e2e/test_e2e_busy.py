"""The installed reader in tmux, started while another process rebuilds the index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import LIBRARY_TITLES, make_library
from tests.e2e.harness import Terminal
from tests.reliability.rebuilder import rebuilding

from broadsheet.library.library import Library

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """One terminal, closed at the end of the test."""
    made = Terminal(tmp_path / "tmux", width=120, height=36)
    yield made
    made.close()


def test_the_reader_says_another_process_rebuilds_then_fills_in(
    terminal: Terminal, tmp_path: Path
) -> None:
    library = make_library(tmp_path / "library")
    Library(library).close()
    with rebuilding(library) as other:
        terminal.start([str(library)], cwd=tmp_path)
        terminal.wait_for(f"(pid {other.pid})")  # the notice, in the list and the toast
        screen = terminal.wait_for("index busy")
        assert "The index is being rebuilt by another" in screen
        assert "No articles" not in screen
        other.finish()
        terminal.wait_for(f"All articles {len(LIBRARY_TITLES)}")
        terminal.wait_gone("index busy")
