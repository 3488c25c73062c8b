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
- a worker dies with the process that started it, however that one ends (kill -9
  included): on Linux the kernel sends it SIGKILL (``PR_SET_PDEATHSIG``), elsewhere a
  thread in it notices that its parent is gone; left alone it would wait for work
  forever, and the resource tracker (which exits once the workers are gone, removing
  their semaphores) with it;
- when processes cannot be started at all, the files are parsed in this process.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
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


PARENT_CHECK_INTERVAL: Final = 0.5
"""Seconds between a worker's checks that its parent is alive (where the kernel cannot tell)."""
_PR_SET_PDEATHSIG: Final = 1


def _start_worker(parent: int) -> None:
    """In a worker, first: die with ``parent``, and send stdout and stderr to /dev/null."""
    _die_with(parent)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _die_with(parent: int) -> None:
    """End this process as soon as the process ``parent`` ends."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the kernel was told to watch it
        os._exit(1)
    watcher = threading.Thread(target=_watch_parent, args=(parent,), daemon=True)
    watcher.start()


def _watch_parent(parent: int) -> None:
    """Poll for the parent's end (a child is handed to another parent when it dies)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_INTERVAL)
    os._exit(1)


TRACKER_WARNINGS: Final = "ignore::UserWarning:multiprocessing.resource_tracker"
"""The tracker's one warning is that it removed the semaphores of workers that were
killed with their parent: what it is for, and nothing to print on someone's terminal."""


def _start_tracker() -> None:
    """Start multiprocessing's resource tracker (inheriting the environment, quietly)."""
    from multiprocessing import resource_tracker

    saved = os.environ.get("PYTHONWARNINGS")
    os.environ["PYTHONWARNINGS"] = ",".join(filter(None, (saved, TRACKER_WARNINGS)))
    try:
        resource_tracker.ensure_running()
    finally:
        if saved is None:
            del os.environ["PYTHONWARNINGS"]
        else:
            os.environ["PYTHONWARNINGS"] = saved


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

    context = multiprocessing.get_context("spawn")
    try:
        with _passable_stderr():
            _start_tracker()
            pool = ProcessPoolExecutor(
                WORKERS, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
            )
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
