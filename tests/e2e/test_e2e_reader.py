"""The installed ``broadsheet`` in a real terminal (tmux), used as a person would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from tests.conftest import LONG_TITLE, REFERENCE_TITLE, REPO_ROOT, make_library
from tests.e2e.harness import Terminal, overflowing_rows

pytestmark = pytest.mark.e2e

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[Terminal]]:
    """Terminals made by a test, all closed at its end."""
    made: list[Terminal] = []
    yield made
    for terminal in made:
        terminal.close()


def _terminal(made: list[Terminal], tmp_path: Path, width: int, height: int) -> Terminal:
    terminal = Terminal(tmp_path / f"tmux-{len(made)}", width=width, height=height)
    made.append(terminal)
    return terminal


def test_opens_on_the_repository_articles_and_quits(
    terminals: list[Terminal], tmp_path: Path
) -> None:
    terminal = _terminal(terminals, tmp_path, 120, 36)
    terminal.start([], cwd=REPO_ROOT)
    screen = terminal.wait_for(REFERENCE_TITLE)
    assert not overflowing_rows(screen, 120)
    terminal.send_keys("q")
    assert terminal.exit_status() == 0


def test_a_reading_session(terminals: list[Terminal], tmp_path: Path) -> None:
    library = tmp_path / "articles"
    library.mkdir()
    shutil.copyfile(REPO_ROOT / "articles" / "000_c4cd4a57b93743cd.md", library / "ref.md")
    make_library(tmp_path / "more")
    shutil.copytree(tmp_path / "more" / "tech", library / "tech")
    terminal = _terminal(terminals, tmp_path, 120, 36)
    terminal.start([str(library)], cwd=tmp_path)
    terminal.wait_for(REFERENCE_TITLE)
    terminal.wait_gone("scanning")

    # Search, open at the match.
    terminal.send_keys("/")
    terminal.wait_for("Clear search")  # the search box has the focus
    terminal.type("户籍")
    terminal.wait_for("“户籍”")
    terminal.send_keys("Enter")
    match = terminal.wait_for_pattern(r"户籍 +1/(\d+)")
    assert int(match.group(1)) >= 3
    assert "坚守户籍_小窗口_ 诠释为民_大情怀_" in terminal.screen()

    # Find in the article, step with n.
    terminal.send_keys("f")
    terminal.wait_for("Close find")  # the find box has the focus
    terminal.type("刘彩霞")
    terminal.wait_for_pattern(r"刘彩霞 +1/\d+")
    screen = terminal.wait_stable()
    total = int(re.search(r"刘彩霞 +1/(\d+)", screen).group(1))  # type: ignore[union-attr]
    assert total >= 4
    terminal.send_keys("Enter", "n")
    terminal.wait_for(f"2/{total}")

    # Close the find, back to the list, clear the search.
    terminal.send_keys("Escape")
    terminal.wait_gone(f"2/{total}")
    terminal.send_keys("Escape", "Escape")
    terminal.wait_gone("“户籍”")

    # Filter by category: the tree lists All, Tech, 技术, 新媒体 (roots sorted by name).
    terminal.send_keys("c", "j", "j", "j", "Enter")
    screen = terminal.wait_for("All › 新媒体")
    assert "1 article" in screen

    # Read: open the article and page down twice.
    first_sentence = "刘彩霞，女，中共党员"
    terminal.send_keys("Enter")
    terminal.wait_for("space Page")  # the reader has the focus (its keys in the footer)
    terminal.wait_for(first_sentence)
    terminal.send_keys("Space", "Space")
    before = terminal.wait_stable(quiet=0.8)
    assert first_sentence not in before  # paged past the start
    terminal.send_keys("q")
    assert terminal.exit_status() == 0

    # Start again: the filter and the article come back, read, at the same place.
    terminal.start([str(library)], cwd=tmp_path)
    terminal.wait_for("All › 新媒体")
    terminal.wait_gone("scanning")
    row = next(line for line in terminal.lines() if REFERENCE_TITLE in line)
    assert "●" not in row  # read
    terminal.send_keys("Enter")
    terminal.wait_for("space Page")
    terminal.wait_gone("as you left it")  # the notice that the list is still filtered
    after = terminal.wait_stable(quiet=0.8)
    assert _without_scrollbars(after) == _without_scrollbars(before)
    terminal.send_keys("q")
    assert terminal.exit_status() == 0


def _without_scrollbars(screen: str) -> list[str]:
    """The screen's rows without scrollbar thumbs (their rounding may differ by a row)."""
    return [re.sub("[▁▂▃▄▅▆▇█]", " ", row).rstrip() for row in screen.splitlines()]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_chinese_titles_align_at_other_sizes(
    terminals: list[Terminal], tmp_path: Path, size: tuple[int, int]
) -> None:
    library = make_library(tmp_path / "library")
    width, height = size
    terminal = _terminal(terminals, tmp_path, width, height)
    terminal.start([str(library)], cwd=tmp_path)
    terminal.wait_for("深度学习")
    screen = terminal.wait_stable()
    assert not overflowing_rows(screen, width)
    title_rows = [line for line in screen.splitlines() if DATE_RE.search(line)]
    assert len(title_rows) >= 5
    # Every date ends at the same cell: the columns line up whatever the titles' scripts.
    ends = set()
    for line in title_rows:
        match = list(DATE_RE.finditer(line))[-1]
        ends.add(cell_len(line[: match.end()]))
    assert len(ends) == 1, screen
    long_row = next(line for line in screen.splitlines() if LONG_TITLE[:8] in line)
    assert "…" in long_row
    terminal.send_keys("q")
    assert terminal.exit_status() == 0
