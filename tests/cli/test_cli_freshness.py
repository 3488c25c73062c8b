"""The freshness contract of the commands (README, "How fresh the answers are").

Files added, removed or renamed before a command starts are in its answer; a file edited
in place is read again by ``broadsheet index`` or by any command given ``--refresh``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.conftest import age_folders

from broadsheet.cli import main


@pytest.fixture
def library_dir(library_dir: Path) -> Path:
    """The test library, indexed, with folder times in the past (as a library at rest)."""
    age_folders(library_dir)
    assert main(["index", "--library", str(library_dir)]) == 0
    return library_dir


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    capsys.readouterr()
    main([*argv, "--json"])
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def _search_titles(capsys: pytest.CaptureFixture[str], library: Path, *words: str) -> set[str]:
    found = _json(capsys, "search", *words, "--library", str(library))
    return {hit["title"] for hit in found["hits"]}  # type: ignore[attr-defined,index]


def _list_paths(capsys: pytest.CaptureFixture[str], library: Path) -> set[str]:
    found = _json(capsys, "list", "--library", str(library))
    return {article["path"] for article in found["articles"]}  # type: ignore[attr-defined,index]


def _edit_in_place(path: Path, text: str) -> None:
    folder = path.parent.stat()
    path.write_text(text, encoding="utf-8")
    later = path.stat().st_mtime_ns + 10_000_000_000
    os.utime(path, ns=(later, later))
    os.utime(path.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))


def test_an_added_file_is_found_by_the_next_search_and_list(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library_dir / "tech" / "kumquat.md").write_text("---\ntitle: Kumquats\n---\nkumquat\n")
    assert _search_titles(capsys, library_dir, "kumquat") == {"Kumquats"}
    assert any(path.endswith("tech/kumquat.md") for path in _list_paths(capsys, library_dir))


def test_a_removed_file_is_gone_from_the_next_search_and_list(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _search_titles(capsys, library_dir, "Rust")
    (library_dir / "tech" / "rust-1.0.md").unlink()
    assert not any("Rust" in title for title in _search_titles(capsys, library_dir, "Rust"))
    assert not any(path.endswith("rust-1.0.md") for path in _list_paths(capsys, library_dir))


def test_a_renamed_file_is_listed_under_its_new_name(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library_dir / "tech" / "rust-1.0.md").rename(library_dir / "news" / "rust.md")
    paths = _list_paths(capsys, library_dir)
    assert any(path.endswith("news/rust.md") for path in paths)
    assert not any(path.endswith("tech/rust-1.0.md") for path in paths)
    titles = _search_titles(capsys, library_dir, "Rust")
    assert titles and all("Rust" in title for title in titles)


def test_an_edit_in_place_is_read_again_with_refresh(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_in_place(library_dir / "notes.md", "---\ntitle: Quince notes\n---\nquinces\n")
    assert _search_titles(capsys, library_dir, "quinces") == set()  # the cheap check
    found = _json(capsys, "search", "quinces", "--refresh", "--library", str(library_dir))
    assert [hit["title"] for hit in found["hits"]] == ["Quince notes"]  # type: ignore[attr-defined,index]


def test_an_edit_in_place_is_read_again_after_index(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_in_place(library_dir / "notes.md", "---\ntitle: Quince notes\n---\nquinces\n")
    report = _json(capsys, "index", "--library", str(library_dir))
    assert report["updated"] == 1
    assert _search_titles(capsys, library_dir, "quinces") == {"Quince notes"}


@pytest.mark.parametrize("command", ["list", "categories", "doctor"])
def test_every_command_takes_refresh(
    library_dir: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    _edit_in_place(library_dir / "notes.md", "---\ntitle: Quince notes\n---\nquinces\n")
    main([command, "--refresh", "--library", str(library_dir)])
    assert _search_titles(capsys, library_dir, "quinces") == {"Quince notes"}


def test_show_takes_refresh(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit_in_place(library_dir / "notes.md", "---\ntitle: Quince notes\n---\nquinces\n")
    assert main(["show", "notes.md", "--plain", "--refresh", "--library", str(library_dir)]) == 0
    assert "Quince notes" in capsys.readouterr().out


def test_show_of_a_path_reads_that_file_again(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_in_place(library_dir / "notes.md", "---\ntitle: Quince notes\n---\nquinces\n")
    path = str(library_dir / "notes.md")
    assert main(["show", path, "--plain", "--library", str(library_dir)]) == 0
    assert "Quince notes" in capsys.readouterr().out
    assert _search_titles(capsys, library_dir, "quinces") == {"Quince notes"}  # indexed too
