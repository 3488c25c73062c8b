"""The reader in a real terminal (tmux) follows its folder while another program writes it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import EN_RUST_TITLE, LIBRARY_TITLES, make_library
from tests.e2e.harness import Terminal, overflowing_rows

pytestmark = pytest.mark.e2e

COUNT = len(LIBRARY_TITLES)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """One terminal, closed at the end of the test."""
    made = Terminal(tmp_path / "tmux", width=120, height=36)
    yield made
    made.close()


def article(title: str, date: str, *, category: str = "实时") -> str:
    """An article file's text."""
    return (
        f"---\ntitle: {title}\ndate: {date}\ncategories:\n  - {category}\n---\n<p>{title}。</p>\n"
    )


def write(path: Path, text: str) -> None:
    """Write a file as a crawler would (its folder created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def started(terminal: Terminal, library: Path, cwd: Path) -> None:
    """The reader on ``library``, its start-up checks done."""
    terminal.start([str(library)], cwd=cwd)
    terminal.wait_for(f"All articles {COUNT}")
    terminal.wait_gone("scanning")


def test_added_edited_renamed_deleted_and_folders_while_reading(
    terminal: Terminal, tmp_path: Path
) -> None:
    library = make_library(tmp_path / "library")
    started(terminal, library, tmp_path)
    # The cursor on the third row; everything below must leave it on the same article.
    terminal.send_keys("j", "j")
    third = terminal.wait_stable()

    write(library / "live" / "new.md", article("刚刚到达的文章", "2030-01-01 08:00:00"))
    terminal.wait_for("刚刚到达的文章")
    terminal.wait_for(f"All articles {COUNT + 1}")
    terminal.wait_for("+1 new")

    notes = library / "notes.md"
    notes.write_text(notes.read_text().replace("Notes without", "Edited notes without"))
    terminal.wait_for("Edited notes without")

    (library / "tech" / "textual.md").rename(library / "tech" / "renamed.md")
    (library / "news" / "long-title.md").unlink()
    terminal.wait_for(f"All articles {COUNT}")

    for number in range(3):
        write(
            library / "crawl" / "site" / f"{number}.md",
            article(f"抓取{number}", "2019-05-05", category="抓取"),
        )
    terminal.wait_for("抓取 3")
    shutil.rmtree(library / "crawl")
    terminal.wait_gone("抓取")
    assert not overflowing_rows(terminal.screen(), 120)

    # Enter opens the article the cursor was on before all of this.
    row = next(
        line for line in third.splitlines() if EN_RUST_TITLE[:10] in line or "深度学习" in line
    )
    terminal.send_keys("Enter")
    terminal.wait_for("space Page")
    title = "Announcing Rust" if "Announcing Rust" in row else "深度学习"
    assert title in terminal.screen()
    terminal.send_keys("q")
    assert terminal.exit_status() == 0


def test_the_open_article_deleted_and_a_search_typed_survive(
    terminal: Terminal, tmp_path: Path
) -> None:
    library = make_library(tmp_path / "library")
    started(terminal, library, tmp_path)
    terminal.send_keys("/")
    terminal.wait_for("Clear search")
    terminal.type("户籍")
    terminal.wait_for("“户籍”")
    write(library / "hukou.md", article("户籍窗口新规", "2030-02-02"))
    terminal.wait_for("户籍窗口新规")
    assert "“户籍”" in terminal.screen()  # the query is still there, and still typed into:
    terminal.type("窗口")
    terminal.wait_for("“户籍窗口”")

    terminal.send_keys("Enter")  # opens the first hit
    terminal.wait_for("space Page")
    (library / "hukou.md").unlink()
    screen = terminal.wait_for("no longer in the folder")
    assert "户籍窗口新规。" in screen  # the reader keeps what it showed
    terminal.send_keys("q")
    assert terminal.exit_status() == 0


def test_a_burst_of_two_thousand_files(terminal: Terminal, tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    started(terminal, library, tmp_path)
    burst = 2000
    for number in range(burst):
        write(
            library / "burst" / f"{number // 250}" / f"{number}.md",
            article(f"Burst {number}", "2018-01-01", category="burst"),
        )
    terminal.send_keys("j", "k", "j")  # keys while it is absorbed
    terminal.wait_for(f"All  {COUNT + burst:,} articles", timeout=60)  # the breadcrumb
    # The new category, all unread (the narrow pane shows the unread count alone).
    terminal.wait_for(f"burst {burst:,}")
    terminal.send_keys("q")
    assert terminal.exit_status() == 0


def test_checks_every_few_seconds_where_it_cannot_watch(
    terminal: Terminal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_WATCH", "poll")
    library = make_library(tmp_path / "library")
    started(terminal, library, tmp_path)
    terminal.wait_for("not watched")
    write(library / "polled.md", article("Found by a check", "2040-01-01"))
    terminal.wait_for("Found by a check")
    terminal.send_keys("q")
    assert terminal.exit_status() == 0
