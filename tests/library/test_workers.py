"""Worker processes: a worker that dies costs nothing but time."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from broadsheet.library import workers
from broadsheet.library.workers import map_in_workers


def die_in_a_worker(number: int) -> int:
    """Twice ``number``; task 3 kills the worker process it runs in (not the test's)."""
    if number == 3 and str(os.getpid()) != os.environ.get("BROADSHEET_TEST_PARENT"):
        os._exit(1)
    return number * 2


def test_a_dead_worker_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROADSHEET_TEST_PARENT", str(os.getpid()))
    tasks = list(range(12))
    assert list(map_in_workers(die_in_a_worker, tasks)) == [n * 2 for n in tasks]


def test_tasks_may_be_a_stream_read_as_workers_need_them() -> None:
    read: list[int] = []

    def tasks() -> Iterator[int]:
        for number in range(40):
            read.append(number)
            yield number

    results = map_in_workers(abs, tasks(), workers=2)
    assert next(results) == 0
    assert len(read) < 40  # only what is in flight was read
    assert [0, *results] == list(range(40))


def test_worker_count_follows_the_cores_and_the_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(workers.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _: set(range(16)), raising=False)
    monkeypatch.setattr(workers, "available_memory", lambda: 64 * 1024**3)
    assert workers.worker_count() == 16
    monkeypatch.setattr(workers, "available_memory", lambda: 3 * workers.WORKER_MEMORY)
    assert workers.worker_count() == 1  # half the free memory holds one worker
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "3")
    assert workers.worker_count() == 3


def test_index_writer_threads_follow_the_parse_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    from broadsheet.library import fulltext

    monkeypatch.setattr(fulltext, "worker_count", lambda: 16)
    assert fulltext.writer_threads() == 16
    assert fulltext.writer_heap() == 16 * fulltext.THREAD_HEAP
    monkeypatch.setattr(fulltext, "worker_count", lambda: 1)
    assert fulltext.writer_threads() == 2  # never fewer
    monkeypatch.setattr(fulltext, "worker_count", lambda: 500)
    assert fulltext.writer_heap() <= fulltext.MAX_HEAP


def own_pid(parent: int) -> int:
    """The id of the process this runs in."""
    return os.getpid()


def die_unless_parent(parent: int) -> int:
    """Kills the worker process it runs in; in ``parent`` itself, its pid."""
    if os.getpid() != parent:
        os._exit(1)
    return os.getpid()


def test_beside_runs_the_task_on_a_worker_while_this_process_works() -> None:
    from broadsheet.library.workers import beside

    theirs, mine = beside(own_pid, os.getpid(), os.getpid)
    assert mine == os.getpid()
    assert theirs != os.getpid()


def test_beside_does_the_task_here_when_its_worker_dies() -> None:
    from broadsheet.library.workers import beside

    ran: list[str] = []
    theirs, mine = beside(die_unless_parent, os.getpid(), lambda: ran.append("here") or 7)
    assert (theirs, mine, ran) == (os.getpid(), 7, ["here"])
