"""Library.update: the freshness check that costs what changed, not the library's size."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import LIBRARY_TITLES, age_folders

from broadsheet.library.library import Library
from broadsheet.library.parse import article_id


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _edit_in_place(path: Path, text: str) -> None:
    """Rewrite a file where it is (its folder's time stays), with a later mtime."""
    folder = path.parent.stat()
    path.write_text(text, encoding="utf-8")
    later = path.stat().st_mtime_ns + 10_000_000_000
    os.utime(path, ns=(later, later))
    os.utime(path.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))


def _titles(library: Library) -> set[str]:
    return {entry.title for entry in library.entries()}


@pytest.fixture
def library(library_dir: Path) -> Library:
    age_folders(library_dir)
    library = Library(library_dir)
    library.refresh()
    return library


def test_nothing_changed_writes_nothing(library: Library) -> None:
    report = library.update()
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert report.ids_complete and not report.added_ids
    assert report.indexed == len(LIBRARY_TITLES)


def test_added_file_is_found_with_its_id(library: Library, library_dir: Path) -> None:
    _write(library_dir / "tech" / "fresh.md", "---\ntitle: Fresh kumquats\n---\nbody\n")
    report = library.update()
    assert (report.added, report.updated, report.removed) == (1, 0, 0)
    assert report.added_ids == {article_id("tech/fresh.md")}
    assert report.indexed == len(LIBRARY_TITLES) + 1
    assert "Fresh kumquats" in _titles(library)
    assert library.search("kumquats").total == 1
    assert library.update().added == 0  # stored: the next check finds nothing new


def test_removed_file_leaves_with_its_id(library: Library, library_dir: Path) -> None:
    gone = library.resolve(str(library_dir / "notes.md"))
    (library_dir / "notes.md").unlink()
    report = library.update()
    assert (report.added, report.removed) == (0, 1)
    assert report.removed_ids == {gone.id}
    assert gone.title not in _titles(library)
    assert report.indexed == len(LIBRARY_TITLES) - 1


def test_renamed_file_is_removed_and_added(library: Library, library_dir: Path) -> None:
    old = library.resolve(str(library_dir / "notes.md"))
    (library_dir / "notes.md").rename(library_dir / "tech" / "moved.md")
    report = library.update()
    assert (report.added, report.removed) == (1, 1)
    assert report.removed_ids == {old.id}
    assert report.added_ids == {article_id("tech/moved.md")}
    assert library.article(article_id("tech/moved.md")).title == old.title
    assert report.moves == ((old.id, article_id("tech/moved.md")),)  # the same inode


def test_a_file_edited_in_place_then_renamed_is_still_a_move(
    library: Library, library_dir: Path
) -> None:
    # The edit comes as the reader's watcher hands it over (the path touched, stat'ed,
    # no listing): its row kept inode 0, so the rename looked like a removal and a new
    # article, and its read mark and bookmark were lost (found in a walk-through).
    path = library_dir / "notes.md"
    old = library.resolve(str(path))
    _edit_in_place(path, path.read_text(encoding="utf-8") + "\nAppended.\n")
    assert library.update(touched=[path]).updated == 1
    path.rename(library_dir / "tech" / "moved.md")
    report = library.update(touched=[path, library_dir / "tech" / "moved.md"])
    assert report.moves == ((old.id, article_id("tech/moved.md")),)


def test_a_file_removed_and_another_added_is_no_move(library: Library, library_dir: Path) -> None:
    (library_dir / "notes.md").unlink()
    _write(library_dir / "tech" / "fresh.md", "---\ntitle: Fresh kumquats\n---\nbody\n")
    report = library.update()
    assert (report.added, report.removed) == (1, 1)
    assert not report.moves  # even when the new file got the freed inode


def test_new_folder_is_walked_whole(library: Library, library_dir: Path) -> None:
    _write(library_dir / "new" / "a.md", "---\ntitle: New A\n---\nx\n")
    _write(library_dir / "new" / "deep" / "b.md", "---\ntitle: New B\n---\ny\n")
    report = library.update()
    assert report.added == 2
    assert {"New A", "New B"} <= _titles(library)
    age_folders(library_dir)
    library.refresh()
    # The new folders are known now: a file added deep down is found by its folder alone.
    _write(library_dir / "new" / "deep" / "c.md", "---\ntitle: New C\n---\nz\n")
    assert library.update().added_ids == {article_id("new/deep/c.md")}


def test_removed_folder_takes_its_files(library: Library, library_dir: Path) -> None:
    before = library.last_report().indexed
    tech = [entry for entry in library.entries() if entry.relpath.startswith("tech/")]
    assert tech
    for path in sorted((library_dir / "tech").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (library_dir / "tech").rmdir()
    report = library.update()
    assert report.removed == len(tech)
    assert report.removed_ids == {entry.id for entry in tech}
    assert report.indexed == before - len(tech)
    assert not any(entry.relpath.startswith("tech/") for entry in library.entries())


def test_renamed_folder_moves_its_files(library: Library, library_dir: Path) -> None:
    tech = {entry.relpath for entry in library.entries() if entry.relpath.startswith("tech/")}
    (library_dir / "tech").rename(library_dir / "technology")
    report = library.update()
    assert report.removed == report.added == len(tech)
    relpaths = {entry.relpath for entry in library.entries()}
    assert {f"technology/{path[5:]}" for path in tech} <= relpaths
    assert not relpaths & tech


def test_edit_in_place_is_not_seen_without_touched(library: Library, library_dir: Path) -> None:
    path = library_dir / "notes.md"
    _edit_in_place(path, "---\ntitle: Edited notes\n---\nabout quinces\n")
    assert library.update().updated == 0  # its folder did not change: not looked at
    assert "Edited notes" not in _titles(library)
    report = library.refresh()  # the full walk sees every file
    assert report.updated == 1
    assert "Edited notes" in _titles(library)


@pytest.mark.parametrize("spelling", ["absolute", "relative"])
def test_edit_in_place_is_seen_when_touched(
    library: Library, library_dir: Path, spelling: str
) -> None:
    path = library_dir / "notes.md"
    _edit_in_place(path, "---\ntitle: Edited notes\n---\nabout quinces\n")
    touched = path if spelling == "absolute" else "notes.md"
    report = library.update([touched])
    assert report.updated == 1
    assert report.updated_ids == {article_id("notes.md")}
    assert "Edited notes" in _titles(library)
    assert library.search("quinces").total == 1


def test_touched_file_that_is_gone_is_removed(library: Library, library_dir: Path) -> None:
    path = library_dir / "notes.md"
    folder = path.parent.stat()
    path.unlink()
    os.utime(path.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    assert library.update().removed == 0
    assert library.update([path]).removed == 1


def test_touched_folder_is_listed_again(library: Library, library_dir: Path) -> None:
    _edit_in_place(library_dir / "tech" / "rust-1.0.md", "---\ntitle: Rusty\n---\noxide\n")
    report = library.update([library_dir / "tech"])
    assert report.updated == 1
    assert "Rusty" in _titles(library)


def test_touched_paths_outside_or_hidden_are_ignored(
    library: Library, library_dir: Path, tmp_path: Path
) -> None:
    _write(library_dir / ".hidden" / "x.md", "---\ntitle: Hidden\n---\n")
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Outside\n---\n")
    report = library.update([outside, library_dir / ".hidden" / "x.md", "../outside.md"])
    assert report.added == 0


def test_a_folder_changed_just_now_is_listed_again_next_time(library_dir: Path) -> None:
    # A folder's time has the file system's coarse resolution: an entry added within the
    # same tick as the listing would leave it unchanged, so a recent time is not trusted.
    library = Library(library_dir)
    library.refresh()
    path = library_dir / "later.md"
    _write(path, "---\ntitle: Later\n---\n")
    stat = path.parent.stat()
    library.update()
    os.utime(path.parent, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (library_dir / "again.md").write_text("---\ntitle: Again\n---\n")
    os.utime(path.parent, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert library.update().added == 1


def test_an_index_without_folders_falls_back_to_a_full_walk(
    library: Library, library_dir: Path
) -> None:
    library._index.db.execute("DELETE FROM folders")
    _edit_in_place(library_dir / "notes.md", "---\ntitle: Edited notes\n---\n")
    assert library.update().updated == 1  # the full walk ran, and stored the folders
    assert library._index.db.execute("SELECT COUNT(*) FROM folders").fetchone()[0] > 0


def test_first_scan_through_update_says_its_ids_are_incomplete(library_dir: Path) -> None:
    report = Library(library_dir).update()
    assert report.added == len(LIBRARY_TITLES)
    assert not report.ids_complete


def test_update_of_unchanged_library_lists_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing changed: one stat per folder and one small query, no listing, no file stat.
    from broadsheet.library import freshness

    root = tmp_path / "big"
    for folder in range(20):
        for number in range(100):
            _write(root / f"f{folder}" / f"{number}.md", f"---\ntitle: T{folder} {number}\n---\n")
    age_folders(root)
    library = Library(root)
    library.refresh()
    listed: list[str] = []
    stats: list[str] = []
    real_list, real_stat = freshness.list_folder, os.stat
    monkeypatch.setattr(
        freshness,
        "list_folder",
        lambda path, *a, **k: listed.append(path) or real_list(path, *a, **k),
    )
    monkeypatch.setattr(
        freshness.os, "stat", lambda path, *a, **k: stats.append(path) or real_stat(path, *a, **k)
    )
    assert library.update().added == 0
    assert listed == []
    assert len([path for path in stats if str(path).startswith(str(root))]) == 21  # 1 + 20 folders


def test_a_file_replaced_under_its_name_is_found(library: Library, library_dir: Path) -> None:
    # Editors and git write a new file and rename it over the old one: a new inode in a
    # folder whose time changed, found without a stat of every file in the folder, even
    # with the old file's size and time.
    target = library_dir / "tech" / "rust-1.0.md"
    old = target.stat()
    text = "---\ntitle: Replaced rust\n---\n"
    text += "x" * (old.st_size - len(text.encode()) - 1) + "\n"
    temporary = library_dir / "tech" / ".rust-1.0.md.swp"
    temporary.write_text(text, encoding="utf-8")
    os.utime(temporary, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(temporary, target)
    new = target.stat()
    assert (new.st_size, new.st_mtime_ns, new.st_ino != old.st_ino) == (
        old.st_size,
        old.st_mtime_ns,
        True,
    )
    report = library.update()
    assert report.updated == 1
    assert "Replaced rust" in _titles(library)


def test_a_changed_folder_lists_names_and_leaves_edits_in_place_to_the_full_walk(
    library: Library, library_dir: Path
) -> None:
    # The cheap check pays for what was added, removed or renamed: files it knew with the
    # same inode keep their indexed time and size; the full walk sees an edit in place.
    _edit_in_place(library_dir / "tech" / "rust-1.0.md", "---\ntitle: Rusty\n---\noxide\n")
    _write(library_dir / "tech" / "fresh.md", "---\ntitle: Fresh kumquats\n---\nbody\n")
    report = library.update()
    assert (report.added, report.updated) == (1, 0)
    assert "Rusty" not in _titles(library)
    report = library.refresh()
    assert report.updated == 1
    assert "Rusty" in _titles(library)


def test_a_touched_file_in_a_changed_folder_is_looked_at(
    library: Library, library_dir: Path
) -> None:
    path = library_dir / "tech" / "rust-1.0.md"
    _edit_in_place(path, "---\ntitle: Rusty\n---\noxide\n")
    _write(library_dir / "tech" / "fresh.md", "---\ntitle: Fresh kumquats\n---\nbody\n")
    report = library.update([path, library_dir / "tech" / "fresh.md"])
    assert (report.added, report.updated) == (1, 1)
    assert {"Rusty", "Fresh kumquats"} <= _titles(library)


def _count_plans(
    monkeypatch: pytest.MonkeyPatch, also: Callable[[], object] | None = None
) -> list[int]:
    """Count the calls of plan_update by the index; ``also`` runs after the first one."""
    from broadsheet.library import index as index_module

    calls: list[int] = []
    real = index_module.plan_update

    def counting(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1 and also is not None:
            also()
        return result

    monkeypatch.setattr(index_module, "plan_update", counting)
    return calls


def test_an_update_is_planned_once_when_nothing_wrote_meanwhile(
    library: Library, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_plans(monkeypatch)
    _write(library_dir / "tech" / "fresh.md", "---\ntitle: Fresh kumquats\n---\nbody\n")
    assert library.update().added == 1
    assert len(calls) == 1


def test_an_update_is_planned_again_when_another_wrote_meanwhile(
    library: Library, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process indexes the same new file between this one's plan and its lock:
    # the plan is void, and the file is indexed once, not twice.
    other = Library(library_dir)
    calls = _count_plans(monkeypatch, also=other.update)
    _write(library_dir / "tech" / "fresh.md", "---\ntitle: Fresh kumquats\n---\nbody\n")
    report = library.update()
    assert report.added == 0 and len(calls) == 3  # ours, the other's, ours again
    other.close()
    assert [e.title for e in library.entries()].count("Fresh kumquats") == 1
    assert library._index.fulltext.num_docs == len(LIBRARY_TITLES) + 1


def test_undecodable_names_are_followed_by_the_cheap_check(library_dir: Path) -> None:
    # The cheap check matches (name, inode) pairs that SQLite hands back as text, and
    # apart those of names stored as bytes: in a folder with a valid name and in one
    # whose own name is not UTF-8.
    odd_folder = os.fsencode(library_dir) + b"/odd\xff"
    os.mkdir(odd_folder)
    for folder in (os.fsencode(library_dir / "tech"), odd_folder):
        with open(folder + b"/bad\xfe.md", "wb") as handle:
            handle.write(b"---\ntitle: odd name\n---\nbody\n")
    age_folders(library_dir)
    library = Library(library_dir)
    library.refresh()
    for folder in (os.fsencode(library_dir / "tech"), odd_folder):
        with open(folder + b"/new.md", "wb") as handle:
            handle.write(b"---\ntitle: new\n---\nbody\n")
    report = library.update()
    # Only the new files: the known odd names were matched, not read again.
    assert (report.added, report.updated, report.removed) == (2, 0, 0)
    os.unlink(odd_folder + b"/bad\xfe.md")
    os.unlink(os.fsencode(library_dir / "tech") + b"/bad\xfe.md")
    report = library.update()
    assert (report.added, report.updated, report.removed) == (0, 0, 2)


def test_small_commits_leave_merges_until_segments_pile_up(
    library: Library, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update does not wait for tantivy's merges (they may be of large segments)
    until more than a few segments have piled up; what it wrote is found either way,
    and the next process opens the index as sound."""
    from broadsheet.library import fulltext

    monkeypatch.setattr(fulltext, "UNMERGED_SEGMENTS", 6)
    waited: list[str] = []
    real_commit = fulltext.FullText.commit

    class Noting:  # the writer, noting whether the commit waits for its merges
        def __init__(self, writer: Any) -> None:
            self.writer = writer

        def __getattr__(self, name: str) -> Any:
            if name == "wait_merging_threads":
                waited.append("waited")
            return getattr(self.writer, name)

    def watching(self: fulltext.FullText, *, merge: bool = False) -> None:
        if self._writer is not None:
            self._writer = Noting(self._writer)
        waited.append("committed")
        real_commit(self, merge=merge)

    monkeypatch.setattr(fulltext.FullText, "commit", watching)
    for number in range(20):
        (library_dir / f"arrival-{number}.md").write_text(
            f"---\ntitle: Arrival {number}\n---\nquokka number {number}\n", "utf-8"
        )
        assert library.update().added == 1
    segments = library._index.fulltext._current_searcher().num_segments
    assert segments <= 6 + 8  # merged whenever more than 6 were there
    assert 0 < waited.count("waited") < waited.count("committed") == 20  # some, not all
    assert library.search("quokka", limit=50).total == 20
    library.close()
    again = Library(library_dir)
    assert again.rebuilt_reason is None
    assert again.search("quokka", limit=50).total == 20
    again.close()
