"""Worker processes: a worker that dies costs nothing but time."""

from __future__ import annotations

import os

import pytest

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
