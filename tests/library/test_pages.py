"""Paging out the index files a long write maps (Linux: ``madvise(MADV_PAGEOUT)``)."""

from __future__ import annotations

import mmap
import sys
import threading
from pathlib import Path

import pytest
from tests.conftest import LIBRARY_TITLES

from broadsheet.library import pages
from broadsheet.library.library import Library

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="pages are paged out on Linux only"
)
SIZE = 16 * 1024 * 1024


def _resident_kb(path: Path) -> int:
    """Kilobytes of ``path`` resident in this process's maps (``/proc/self/smaps``)."""
    resident, inside = 0, False
    name = str(path).encode()
    with open("/proc/self/smaps", "rb") as smaps:
        for line in smaps:
            head = line.split(maxsplit=5)
            if head and b"-" in head[0] and len(head) >= 5:  # a mapping's first line
                inside = len(head) == 6 and head[5].strip() == name
            elif inside and line.startswith(b"Rss:"):
                resident += int(line.split()[1])
    return resident


def _mapped(path: Path) -> tuple[mmap.mmap, int]:
    """``path`` mapped and every page of it read, with a checksum so it is read."""
    path.write_bytes(bytes(range(256)) * (SIZE // 256))
    with path.open("rb") as file:
        view = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    return view, sum(view[offset] for offset in range(0, SIZE, mmap.PAGESIZE))


def test_page_out_lets_go_of_that_folders_pages_only(tmp_path: Path) -> None:
    """The pages mapped from the folder leave the process's resident size; another
    folder's stay, and what is read again is the same."""
    index, other = tmp_path / "index", tmp_path / "other"
    index.mkdir()
    other.mkdir()
    segment, kept = index / "seg.pos", other / "seg.pos"
    view, checksum = _mapped(segment)
    other_view, _ = _mapped(kept)
    try:
        assert _resident_kb(segment) >= SIZE // 1024 // 2
        if pages.page_out(index) == 0:
            pytest.skip("this kernel has no MADV_PAGEOUT (Linux 5.4)")
        assert _resident_kb(segment) < SIZE // 1024 // 4
        assert _resident_kb(kept) >= SIZE // 1024 // 2
        assert sum(view[offset] for offset in range(0, SIZE, mmap.PAGESIZE)) == checksum
    finally:
        view.close()
        other_view.close()
    assert pages.mapped_ranges(index) == []


def test_a_first_index_pages_out_its_files_while_it_writes(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cold index sweeps the full-text folder and trims the heap while it writes;
    the sweeping thread is gone when the index is, and the index answers as before."""
    swept: list[Path] = []
    trims: list[bool] = []
    page_out, trim_heap = pages.page_out, pages.trim_heap

    def recording(folder: Path) -> int:
        swept.append(folder)
        return page_out(folder)

    monkeypatch.setattr(pages, "SWEEP_AFTER", 0)
    monkeypatch.setattr(pages, "POLL_EVERY", 0.001)
    monkeypatch.setattr(pages, "page_out", recording)
    monkeypatch.setattr(pages, "TRIM_EVERY", 1)
    monkeypatch.setattr(pages, "trim_heap", lambda: trims.append(trim_heap()) or True)
    library = Library(library_dir)
    assert library.refresh().indexed == len(LIBRARY_TITLES)
    assert swept
    assert {folder.name for folder in swept} == {"fulltext"}
    assert trims  # and glibc's malloc_trim answered each (a bool)
    assert not [thread for thread in threading.enumerate() if thread.name == pages.THREAD_NAME]
    assert library.search("户籍").hits
