"""The feed-reader workflow in a real terminal: unread counts, unread only, next unread,
mark all read and undo, the reader on the whole screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import LIBRARY_TITLES, REFERENCE_TITLE, make_library
from tests.e2e.harness import Terminal, overflowing_rows

pytestmark = pytest.mark.e2e

TOTAL = len(LIBRARY_TITLES)


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """Terminals made by a test, all closed at its end."""
    made: list[Terminal] = []
    yield made
    for terminal in made:
        terminal.close()


def _start(made: list[Terminal], tmp_path: Path, width: int, height: int) -> Terminal:
    library = make_library(tmp_path / f"library-{len(made)}")
    terminal = Terminal(tmp_path / f"tmux-{len(made)}", width=width, height=height)
    made.append(terminal)
    terminal.start([str(library)], cwd=tmp_path)
    terminal.wait_for(f"{TOTAL} unread")
    terminal.wait_gone("scanning")
    return terminal


def test_unread_workflow(terminals: list[Terminal], tmp_path: Path) -> None:
    terminal = _start(terminals, tmp_path, 120, 36)
    # Read two articles: the first, then the next one without leaving the reader.
    terminal.send_keys("Enter")
    terminal.wait_for(f"{TOTAL - 1} unread")
    terminal.send_keys("]")
    terminal.wait_for(f"{TOTAL - 2} unread")
    terminal.wait_for(f"All articles {TOTAL - 2}/{TOTAL}")

    # Only what is unread.
    terminal.send_keys("Escape", "v")
    terminal.wait_for("[unread only]")
    terminal.wait_for(f"{TOTAL - 2} articles")
    terminal.send_keys("v")
    terminal.wait_gone("[unread only]")
    terminal.wait_for(f"{TOTAL} articles")

    # Next unread from the top: the two read ones are skipped, the third is opened.
    terminal.send_keys("g", "u")
    terminal.wait_for(f"{TOTAL - 3} unread")

    # Mark the view read, then undo.
    terminal.send_keys("A")
    terminal.wait_for("marked read")
    terminal.wait_for("· 0 unread")
    terminal.wait_for(f"All articles {TOTAL} ")
    terminal.send_keys("C-z")
    terminal.wait_for("marked unread again")
    terminal.wait_for(f"{TOTAL - 3} unread")
    assert not overflowing_rows(terminal.screen(), 120)
    terminal.send_keys("q")
    assert terminal.exit_status() == 0


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_the_reader_on_the_whole_screen(
    terminals: list[Terminal], tmp_path: Path, size: tuple[int, int]
) -> None:
    width, height = size
    terminal = _start(terminals, tmp_path, width, height)
    terminal.send_keys("/")
    terminal.wait_for("Clear search")
    terminal.type("户籍")
    terminal.wait_for("“户籍”")
    terminal.send_keys("Enter")
    terminal.wait_for_pattern(r"户籍 +1/\d+")
    terminal.send_keys("Escape")  # close the find: the reader keeps the focus
    terminal.wait_stable()
    terminal.send_keys("z")
    screen = terminal.wait_gone("broadsheet —")  # the header steps aside too
    lines = screen.splitlines()
    assert lines[0].strip() == REFERENCE_TITLE
    assert "▕" not in screen  # no pane borders: only the reader
    body = [line for line in lines[2:-1] if line.strip()]
    widest = max(len(line.rstrip()) for line in body)
    assert widest > width // 2  # the text takes the width, not a third of it
    assert not overflowing_rows(screen, width)
    terminal.send_keys("z")
    terminal.wait_for("broadsheet —")
    terminal.send_keys("q")
    assert terminal.exit_status() == 0
