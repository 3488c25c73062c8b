"""Letting go of the pages of index files a long write has mapped.

tantivy reads its segments through memory maps, and a first index merges them again and
again: every page it touches stays in the process's resident size while its maps last.
At 100,000 generated articles that was 306 of a peak 591 MB: file pages, the kernel's
page cache, shared and reclaimable, but what ``top`` and the benchmarks show. The maps
are tantivy's own (the writer's merges hold them), so we cannot close them; instead a
thread asks the kernel to page out what is mapped from the index's folder
(``madvise(MADV_PAGEOUT)``, Linux 5.4) whenever 16 MB more of files are mapped than at
its last sweep. At 100,000 articles the peak fell from 591 to about 300 MB, at a million
from 2.7 GB to 441 MB, in the same time. The same thread trims the ``malloc`` arenas
once a second (:func:`trim_heap`): in the first index of a million articles, 690 trims
handed back 16 GB in all, up to 102 MB at once, and the peak fell to 406 MB (with the
writer's heap at 48 MB a thread instead of 64).

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
import mmap
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

MADV_PAGEOUT: Final = 21
"""From ``<linux/mman.h>``: reclaim these pages now (Linux 5.4 and later)."""
POLL_EVERY: Final = 0.01
"""Seconds between two looks at how much this process maps from files (4 µs a look)."""
SWEEP_AFTER: Final = 16 * 1024 * 1024
"""Bytes of file pages mapped since the last sweep that start the next: a merge reads
a segment's stored texts in a burst (66 MB of them in a third of a second, at 100,000
articles), which a sweep every tenth of a second let through."""
TRIM_EVERY: Final = 100
"""Looks between two trims of the heap (a second)."""
THREAD_NAME: Final = "broadsheet-page-out"


@functools.cache
def _libc(name: str) -> Any:
    """A function of the C library, or None where there is none to call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None


def _madvise() -> Callable[[int, int, int], int] | None:
    """libc's ``madvise``, or None."""
    function = _libc("madvise")
    if function is not None:
        function.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
        function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def trim_heap() -> bool:
    """Hand the free memory of every ``malloc`` arena back to the kernel (glibc's
    ``malloc_trim``): whether there was any. tantivy's merges free large buffers in
    the middle of its threads' arenas, which glibc keeps otherwise."""
    function = _libc("malloc_trim")
    return function is not None and bool(function(0))


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


def _shared_bytes() -> int | None:
    """This process's resident pages that are mapped from files (or shared), or None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[2]) * mmap.PAGESIZE
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def paging_out(folder: Path) -> Iterator[None]:
    """Page out ``folder``'s mapped files whenever :data:`SWEEP_AFTER` more bytes of
    files are mapped, while the block runs; the thread is gone when it ends."""
    if _madvise() is None or _shared_bytes() is None:
        yield
        return
    done = threading.Event()

    def sweep() -> None:
        swept = _shared_bytes() or 0
        looks = 0
        while not done.wait(POLL_EVERY):
            looks += 1
            if looks % TRIM_EVERY == 0:
                trim_heap()
            if (_shared_bytes() or 0) - swept >= SWEEP_AFTER:
                page_out(folder)
                swept = _shared_bytes() or 0

    thread = threading.Thread(target=sweep, name=THREAD_NAME, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
