"""Following a folder without an app: the coalescer, the watcher and its fallback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from broadsheet.library import watch
from broadsheet.library.watch import (
    MAX_DELAY,
    QUIET,
    Batch,
    Coalescer,
    FolderWatcher,
    network_filesystem,
    relevant,
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_change_wakes_the_applier_and_the_rest_wait_for_it() -> None:
    coalescer = Coalescer()
    assert coalescer.add(["a.md"])
    assert not coalescer.add(["b.md"])  # already asked to start
    assert not coalescer.add(["a.md"])
    assert coalescer.take() == Batch(frozenset({"a.md", "b.md"}))
    assert not coalescer.add(["c.md"])  # being applied: taken by the same applier
    assert coalescer.take() == Batch(frozenset({"c.md"}))
    assert coalescer.take() is None  # the applier stops...
    assert coalescer.add(["d.md"])  # ...and the next change starts another


def test_checks_and_full_walks_merge_into_one_batch() -> None:
    coalescer = Coalescer()
    assert coalescer.ask()
    assert not coalescer.ask(full=True)
    coalescer.add(["x.md"])
    assert coalescer.take() == Batch(frozenset({"x.md"}), full=True)
    assert coalescer.take() is None


def test_paths_settle_before_they_are_taken() -> None:
    clock = Clock()
    coalescer = Coalescer(clock)
    coalescer.add(["a.md"])
    assert coalescer.delay() == pytest.approx(QUIET)
    clock.now += QUIET / 2
    coalescer.add(["b.md"])  # a new change: the quiet time starts again
    assert coalescer.delay() == pytest.approx(QUIET)
    # A burst that never pauses is still taken MAX_DELAY after its first change.
    for _ in range(20):
        clock.now += QUIET / 2
        coalescer.add([f"{clock.now}.md"])
    assert coalescer.delay() == 0
    assert coalescer.take() is not None
    assert coalescer.delay() == 0  # nothing waits
    coalescer.ask()
    assert coalescer.delay() == 0  # a check is never delayed
    assert MAX_DELAY > QUIET


def test_release_after_a_failure_says_whether_work_is_left() -> None:
    coalescer = Coalescer()
    coalescer.add(["a.md"])
    coalescer.take()
    assert not coalescer.release()
    coalescer.add(["b.md"])
    coalescer.take()
    coalescer.add(["c.md"])
    assert coalescer.release()  # c.md waits: start an applier again
    assert coalescer.take() == Batch(frozenset({"c.md"}))


def test_only_changes_that_can_concern_articles_are_relevant(tmp_path: Path) -> None:
    root = str(tmp_path)
    assert relevant(root, str(tmp_path / "a" / "b.md"))
    assert relevant(root, str(tmp_path / "folder"))
    assert not relevant(root, str(tmp_path / ".git" / "index"))
    assert not relevant(root, str(tmp_path / "a" / ".b.md.swp"))
    assert not relevant(root, str(tmp_path / "node_modules" / "x.md"))
    assert not relevant(root, str(tmp_path.parent / "elsewhere.md"))


def test_network_file_systems_are_recognised(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "server:/export /mnt/my\\040notes nfs4 rw 0 0\n"
        "sshfs#me@host: /mnt/remote fuse.sshfs rw 0 0\n",
        encoding="utf-8",
    )
    assert network_filesystem(Path("/mnt/my notes/posts"), mounts) == "nfs4"
    assert network_filesystem(Path("/mnt/remote"), mounts) == "fuse.sshfs"
    assert network_filesystem(Path("/home/me"), mounts) is None
    assert network_filesystem(Path("/x"), tmp_path / "missing") is None


def _wait(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def test_the_watcher_hands_over_changed_paths_and_stops(tmp_path: Path) -> None:
    coalescer = Coalescer()
    woken = threading.Event()
    watcher = FolderWatcher(tmp_path, coalescer, wake=woken.set, say=print, mode="auto")
    watcher.start()
    try:
        # The watch is set up in the thread: write until the first change is seen.
        def seen() -> bool:
            (tmp_path / "new.md").write_text("x", encoding="utf-8")
            return woken.wait(0.1)

        _wait(seen)
        _wait(lambda: coalescer.delay() == 0)
        batch = coalescer.take()
        assert batch is not None and str(tmp_path / "new.md") in batch.paths
        assert not watcher.polling
    finally:
        started = time.monotonic()
        watcher.stop()
    assert not watcher.alive
    assert time.monotonic() - started < 1.0


def test_a_watcher_that_fails_falls_back_to_checks_and_says_so_once(tmp_path: Path) -> None:
    said: list[str] = []
    wakes: list[bool] = []

    def failing(root: Path, stop: threading.Event) -> Iterator[Iterable[str]]:
        raise OSError("OS file watch limit reached")
        yield []

    coalescer = Coalescer()
    watcher = FolderWatcher(
        tmp_path,
        coalescer,
        wake=lambda: wakes.append(True),
        say=said.append,
        watch=failing,
        poll_interval=0.02,
    )
    watcher.start()
    try:
        _wait(lambda: bool(wakes))
        assert coalescer.take() == Batch(frozenset())  # a cheap check of the folder
        assert coalescer.take() is None  # applied: the applier stops
        _wait(lambda: len(wakes) >= 2)  # and the next check wakes it again
    finally:
        watcher.stop()
    assert watcher.polling and not watcher.alive
    assert len(said) == 1 and "inotify" in said[0] and "every 0.02 s" in said[0]


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("poll", "BROADSHEET_WATCH=poll"), (None, "watchfiles is not installed")],
)
def test_polling_is_chosen_or_forced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str | None, reason: str
) -> None:
    def missing(root: Path, stop: threading.Event) -> Iterator[Iterable[str]]:
        raise ImportError("No module named 'watchfiles'")
        yield []

    monkeypatch.setattr(watch, "watchfiles_watch", missing)
    said: list[str] = []
    watcher = FolderWatcher(
        tmp_path, Coalescer(), wake=lambda: None, say=said.append, mode=mode, poll_interval=5
    )
    watcher.start()
    _wait(lambda: bool(said))
    watcher.stop()
    assert reason in said[0]
    assert not watcher.alive


def test_off_watches_nothing(tmp_path: Path) -> None:
    watcher = FolderWatcher(tmp_path, Coalescer(), wake=lambda: None, say=print, mode="off")
    watcher.start()
    assert not watcher.alive
    watcher.stop()
