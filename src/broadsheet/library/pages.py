"""Letting go of the pages of index files a long write has mapped.

tantivy reads its segments through memory maps, and a first index merges them again and
again: every page it touches stays in the process's resident size while its maps last.
At 100,000 generated articles that was 306 of a peak 591 MB: file pages, the kernel's
page cache, shared and reclaimable, but what ``top`` and the benchmarks show. The maps
are tantivy's own (the writer's merges hold them), so we cannot close them; instead a
thread asks the kernel, ten times a second, to page out what is mapped from the index's
folder (``madvise(MADV_PAGEOUT)``, Linux 5.4): at 100,000 articles the peak fell to
330 MB and the index took 67.2 s instead of 68.4 s (the sweeps cost 1.5 s of that
thread's time in all).

``MADV_PAGEOUT`` and not ``MADV_DONTNEED``: a range we read in ``/proc/self/maps`` may be
unmapped and its addresses reused by ``malloc`` before the call, and ``DONTNEED`` would
zero that live memory, while ``PAGEOUT`` never destroys anything (anonymous pages with
no swap are left alone, file pages are written back first). What it costs is that the
pages paged out are read from disk, not from memory, by a later merge or the first
searches. Nowhere but on Linux; a failed call is skipped.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

MADV_PAGEOUT: Final = 21
"""From ``<linux/mman.h>``: reclaim these pages now (Linux 5.4 and later)."""
SWEEP_EVERY: Final = 0.1
"""Seconds between two sweeps: a writer thread's heap (64 MB) fills in about a second,
and merges map their segments as they go."""
THREAD_NAME: Final = "broadsheet-page-out"


@functools.cache
def _madvise() -> Callable[[int, int, int], int] | None:
    """libc's ``madvise``, or None where there is none to call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    function.restype = ctypes.c_int
    return function


def mapped_ranges(folder: Path) -> list[tuple[int, int]]:
    """The address ranges this process maps from files in ``folder`` (empty if unknown)."""
    prefix = os.fsencode(folder) + b"/"
    ranges = []
    try:
        with open("/proc/self/maps", "rb") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                if len(fields) == 6 and fields[5].startswith(prefix):
                    start, _, end = fields[0].partition(b"-")
                    ranges.append((int(start, 16), int(end, 16)))
    except (OSError, ValueError):
        return []
    return ranges


def page_out(folder: Path) -> int:
    """Ask the kernel to page out what this process maps from ``folder``: the ranges asked."""
    madvise = _madvise()
    if madvise is None:
        return 0
    asked = 0
    for start, end in mapped_ranges(folder):
        # A range unmapped since it was read fails (ENOMEM) or is another file's now:
        # paging that out is harmless too.
        if madvise(start, end - start, MADV_PAGEOUT) == 0:
            asked += 1
    return asked


@contextlib.contextmanager
def paging_out(folder: Path) -> Iterator[None]:
    """Page out ``folder``'s mapped files every :data:`SWEEP_EVERY` seconds while the
    block runs; the thread is gone when it ends."""
    if _madvise() is None:
        yield
        return
    done = threading.Event()

    def sweep() -> None:
        while not done.wait(SWEEP_EVERY):
            page_out(folder)

    thread = threading.Thread(target=sweep, name=THREAD_NAME, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
