"""``broadsheet show``: the command end to end (needs the Library) and its rendering."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from render_helpers import REFERENCE, load
from rich.cells import cell_len

from broadsheet.cli.show import render


def run_show(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "broadsheet", "show", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def test_show_plain_by_title_matches_the_render_api(library_dir: Path) -> None:
    result = run_show("--library", str(library_dir), "--plain", "--width", "40", "坚守户籍")
    assert result.returncode == 0, result.stderr
    article, body = load(REFERENCE)
    assert result.stdout == render(article, body, width=40, max_width=40, styled=False)
    assert all(cell_len(line) <= 40 for line in result.stdout.split("\n"))


def test_show_piped_is_plain_at_80_and_pager_uses_pager(library_dir: Path) -> None:
    piped = run_show("--library", str(library_dir), "000_c4cd4a57b93743cd.md")
    assert piped.returncode == 0, piped.stderr
    assert "\x1b" not in piped.stdout
    assert max(cell_len(line) for line in piped.stdout.split("\n")) <= 80
    assert piped.stdout.startswith("坚守户籍_小窗口_ 诠释为民_大情怀_\n")
    paged = run_show(
        "--library", str(library_dir), "--pager", "000_c4cd4a57b93743cd.md", env={"PAGER": "cat"}
    )
    assert paged.returncode == 0, paged.stderr
    assert paged.stdout == piped.stdout


def test_show_unknown_article_fails_with_a_message(library_dir: Path) -> None:
    result = run_show("--library", str(library_dir), "no such article anywhere zzzz")
    assert result.returncode != 0
    assert result.stderr.startswith("broadsheet:")


def test_show_rejects_a_tiny_width(library_dir: Path) -> None:
    result = run_show("--library", str(library_dir), "--width", "3", "x")
    assert result.returncode == 2
    assert "at least 10" in result.stderr


def test_render_styled_and_plain_differ_only_in_styles() -> None:
    import re

    article, body = load(REFERENCE)
    styled = render(article, body, width=60, max_width=60, styled=True)
    plain = render(article, body, width=60, max_width=60, styled=False)
    assert "\x1b[" in styled
    unstyled = re.sub(r"\x1b\[[0-9;]*m", "", styled)
    assert [line.rstrip() for line in unstyled.split("\n")] == plain.split("\n")


def test_show_reads_a_file_outside_the_library(library_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "post.md"
    outside.parent.mkdir()
    outside.write_text("---\ntitle: Outside\n---\n<p>platypus</p>\n", encoding="utf-8")
    result = run_show("--library", str(library_dir), "--plain", str(outside))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Outside\n") and "platypus" in result.stdout
    assert sorted(p.name for p in outside.parent.iterdir()) == ["post.md"]


def test_show_finds_a_library_file_through_a_linked_folder(
    library_dir: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link"
    link.symlink_to(library_dir)
    result = run_show("--library", str(link), "--plain", str(link / "000_c4cd4a57b93743cd.md"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("坚守户籍")
