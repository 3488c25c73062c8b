"""What a warm index is here: its files read once into the page cache before a figure.

A VM may hand idle page cache back to its host within minutes (this one does: its
``kdamond`` reclaims it), so an index that was used a while ago is read from disk
again, and a figure's time is then the disk's. At a million articles the index is
about 10 GB: the interactions of the reader measured right after other steps of a run
found it half cold (search-as-you-type p95 237 ms; 77-81 ms with the files read first).
Each figure that reads them first says so, with the figure of a pass before that.
"""

from __future__ import annotations

import time
from pathlib import Path

CHUNK = 1 << 23


def read_into_page_cache(folder: Path) -> tuple[int, float]:
    """Read every file under ``folder`` once: the bytes read and the seconds it took."""
    started, total = time.perf_counter(), 0
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as file:
                while chunk := file.read(CHUNK):
                    total += len(chunk)
    return total, time.perf_counter() - started


def warm_note(read: int, seconds: float) -> str:
    """The note of a figure taken after :func:`read_into_page_cache`."""
    return f"index files ({read / 1e6:,.0f} MB) read into the page cache first ({seconds:.1f} s)"
