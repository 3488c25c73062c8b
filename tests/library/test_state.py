"""Reading state: survives restarts, rescans and a corrupt file is moved aside."""

from __future__ import annotations

from pathlib import Path

from broadsheet.library.state import ReadingState


def test_state_survives_reopening(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    state = ReadingState(library)
    state.set_read("a")
    state.set_position("a", 1234)
    assert state.toggle_bookmark("b") is True
    state.put("last_article", "a")
    state.put("last_filter", "新媒体/趣头条")
    state.close()

    again = ReadingState(library)
    assert again.read_ids() == {"a"}
    assert again.is_read("a") and not again.is_read("b")
    assert again.position("a") == 1234
    assert again.position("b") is None
    assert [bookmark.id for bookmark in again.bookmarks()] == ["b"]
    assert again.get("last_article") == "a"
    assert again.get("last_filter") == "新媒体/趣头条"
    assert again.recovered is None


def test_unread_and_unbookmark(tmp_path: Path) -> None:
    state = ReadingState(tmp_path)
    state.set_read("a")
    state.set_read("a", False)
    assert not state.is_read("a")
    state.toggle_bookmark("a")
    assert state.toggle_bookmark("a") is False
    assert state.bookmarks() == []
    state.put("last_filter", None)
    assert state.get("last_filter") is None


def test_libraries_do_not_share_state(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    ReadingState(tmp_path / "one").set_read("x")
    assert not ReadingState(tmp_path / "two").is_read("x")


def test_state_lives_in_the_data_dir(tmp_path: Path) -> None:
    state = ReadingState(tmp_path)
    assert state.path.is_relative_to(tmp_path / "data") or "data" in str(state.path)


def test_corrupt_state_is_moved_aside_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    state = ReadingState(tmp_path, path=path)
    assert state.recovered is not None and "moved to" in state.recovered
    aside = list(tmp_path.glob("state.sqlite3.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == b"this is not a database" * 100
    state.set_read("a")
    assert state.is_read("a")


def test_a_locked_state_file_is_not_treated_as_corrupt(tmp_path: Path, monkeypatch) -> None:
    """Another process holding the file is no reason to move it aside."""
    import sqlite3

    from broadsheet.library import state as state_module

    path = tmp_path / "state.sqlite3"
    first = ReadingState(tmp_path, path=path)
    first.set_read("kept")
    first._db.close()
    monkeypatch.setattr(state_module, "BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    second = ReadingState(tmp_path, path=path)
    assert second.recovered is not None and "cannot be used right now" in second.recovered
    assert not list(tmp_path.glob("state.sqlite3.corrupt-*"))
    second.set_read("session only")
    assert second.is_read("session only")
    holder.execute("ROLLBACK")
    holder.close()
    assert ReadingState(tmp_path, path=path).is_read("kept")


def test_a_lost_change_is_reported_once(tmp_path: Path) -> None:
    import sqlite3

    state = ReadingState(tmp_path)
    messages: list[str] = []
    state.on_write_failed = messages.append

    class _Busy:
        def execute(self, *args: object) -> None:
            raise sqlite3.OperationalError("database is locked")

    real, state._db = state._db, _Busy()  # type: ignore[assignment]
    state.set_read("a")
    state.set_read("b")
    state._db = real
    assert len(messages) == 1
    assert "not saved" in messages[0]
    state.close()


def test_a_moved_article_keeps_its_marks(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    state = ReadingState(tmp_path / "lib")
    state.set_read_many(["old", "other"])
    state.toggle_bookmark("old")
    state.set_position("old", 77)
    state.carry([("old", "new"), ("never-marked", "also-new")])
    assert state.read_ids() == {"new", "other"}
    assert (state.position("new"), state.position("old")) == (77, None)
    assert [bookmark.id for bookmark in state.bookmarks()] == ["new"]
    assert not state.is_read("also-new")
    state.put("last_article", "new")
    state.carry([("new", "newer")])
    assert state.get("last_article") == "newer"
    state.carry([("unrelated", "elsewhere")])
    assert state.get("last_article") == "newer"
