"""Parsing many files on every core: worker processes that stay out of the way.

A first scan of a large folder spends most of its time parsing; ``spawn`` worker
processes (one per core, capped by the memory free: :func:`worker_count`) do that while
the calling thread writes the index. They are started with
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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

WORKERS_VARIABLE: Final = "BROADSHEET_WORKERS"
WORKER_MEMORY: Final = 200 * 1024 * 1024
"""Bytes one parse worker may come to hold (its interpreter, the parser, a batch of
texts and a 1 MB article): workers are capped so that they fit in half the memory free."""
BATCHES_PER_WORKER: Final = 6
"""Batches parsed ahead of the writer per worker: enough to keep every worker busy, few
enough to keep memory flat (parsed texts wait for the index writer)."""


def available_memory() -> int | None:
    """Bytes of memory free for new work (None when the system does not say)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def worker_count() -> int:
    """Parse workers for a scan: one per core this process may use, capped by memory.

    ``BROADSHEET_WORKERS=N`` sets the number (the benchmarks compare 1 and 2).
    """
    chosen = os.environ.get(WORKERS_VARIABLE, "")
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    memory = available_memory()
    if memory is not None:
        cores = min(cores, max(1, memory // 2 // WORKER_MEMORY))
    return max(1, cores)


Task = TypeVar("Task")
Result = TypeVar("Result")
Other = TypeVar("Other")


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


def _pool(count: int) -> ProcessPoolExecutor | None:
    """``count`` worker processes started as the module doc says (None: they cannot be)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    try:
        with _passable_stderr():
            _start_tracker()
            return ProcessPoolExecutor(
                count, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
            )
    except (OSError, ValueError):
        return None


def beside(
    function: Callable[[Task], Result], task: Task, here: Callable[[], Other]
) -> tuple[Result, Other]:
    """``(function(task), here())``, ``function`` on a worker process while this process
    runs ``here`` (both here when the worker cannot start or dies)."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1)
    if pool is None:
        return function(task), here()
    finished = False
    try:
        try:
            with _passable_stderr():
                future: Future[Result] | None = pool.submit(function, task)
        except (BrokenProcessPool, OSError):
            future = None
        mine = here()
        try:
            if future is not None:
                theirs = future.result()
                finished = True
                return theirs, mine
        except (BrokenProcessPool, OSError):
            pass
    finally:
        # Stopped half-way (``here`` raised): the worker's share is not waited for.
        pool.shutdown(wait=finished, cancel_futures=True)
    return function(task), mine


def map_in_workers(
    function: Callable[[Task], Result], tasks: Iterable[Task], workers: int | None = None
) -> Iterator[Result]:
    """``map(function, tasks)`` on worker processes, results in order.

    ``function`` must be importable (a module-level function) and its results picklable.
    ``tasks`` is read as workers need it (a stream of a million is fine); ``workers``
    defaults to :func:`worker_count`.
    """
    from concurrent.futures.process import BrokenProcessPool

    count = worker_count() if workers is None else workers
    in_flight = BATCHES_PER_WORKER * count
    pool = _pool(count)
    if pool is None:
        yield from map(function, tasks)
        return
    broken = False
    remaining = iter(tasks)
    pending: deque[tuple[Task, Future[Result]]] = deque()
    with pool:
        try:
            for task in remaining:
                with _passable_stderr():
                    pending.append((task, pool.submit(function, task)))
                if len(pending) >= in_flight:
                    result = pending[0][1].result()
                    pending.popleft()
                    yield result
            while pending:
                result = pending[0][1].result()
                pending.popleft()
                yield result
        except (BrokenProcessPool, OSError):
            # A worker died (killed, out of memory): the rest is done here, in order.
            broken = True
        finally:
            # Stopping early (the app is closing): do not wait for queued batches.
            pool.shutdown(wait=not broken, cancel_futures=True)
    if broken:
        yield from map(function, [task for task, _ in pending])
        yield from map(function, remaining)
