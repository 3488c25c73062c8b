"""Parsing many files on both cores: worker processes that stay out of the way.

A first scan of a large folder spends most of its time parsing; two ``spawn`` worker
processes do that while the calling thread writes the index. They are started with
care because they may be started from inside the reader app:

- ``spawn``, not ``fork``: the app calls this from a thread, and forking a threaded
  process can leave locks held in the child;
- multiprocessing's resource tracker is started with a real file as its stderr (under
  Textual, ``sys.stderr`` is a capture object whose descriptor cannot be passed on),
  and the workers' own output goes to ``/dev/null``, so nothing they print can reach
  the terminal the app draws on;
- when processes cannot be started at all, the files are parsed in this process.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

WORKERS: Final = 2
BATCHES_IN_FLIGHT: Final = 12
"""Batches parsed ahead of the writer: enough to keep both workers busy, few enough to
keep memory flat (parsed texts wait for the index writer, which is the slower side)."""

Task = TypeVar("Task")
Result = TypeVar("Result")


def _quiet() -> None:
    """In a worker: send its stdout and stderr to /dev/null."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


@contextmanager
def _passable_stderr() -> Iterator[None]:
    """``sys.stderr`` with a real descriptor for as long as processes are being started."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            yield
        finally:
            sys.stderr = saved


def map_in_workers(function: Callable[[Task], Result], tasks: Sequence[Task]) -> Iterator[Result]:
    """``map(function, tasks)`` on worker processes, results in order.

    ``function`` must be importable (a module-level function) and its results picklable.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import resource_tracker

    context = multiprocessing.get_context("spawn")
    try:
        with _passable_stderr():
            resource_tracker.ensure_running()
            pool = ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_quiet)
    except (OSError, ValueError):
        yield from map(function, tasks)
        return
    done = 0
    broken = False
    with pool:
        pending: deque[Future[Result]] = deque()
        try:
            for task in tasks:
                with _passable_stderr():
                    pending.append(pool.submit(function, task))
                if len(pending) >= BATCHES_IN_FLIGHT:
                    result = pending.popleft().result()
                    done += 1
                    yield result
            while pending:
                result = pending.popleft().result()
                done += 1
                yield result
        except (BrokenProcessPool, OSError):
            # A worker died (killed, out of memory): the rest is done here, in order.
            broken = True
        finally:
            # Stopping early (the app is closing): do not wait for queued batches.
            pool.shutdown(wait=not broken, cancel_futures=True)
    if broken:
        yield from map(function, tasks[done:])
