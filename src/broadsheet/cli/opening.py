"""Opening the library for a command: its index brought up to date, with a bar on a
terminal, and what to say when another process holds the index.

Every command brings the index up to date before it answers: files added, removed or
renamed are always reflected (the cheap check of folder times, ``Library.update``);
``index`` and any command given ``--refresh`` walk the whole folder, which also sees files
edited in place.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Final

from broadsheet.cli.common import resolve_library
from broadsheet.cli.output import progress_bar
from broadsheet.errors import IndexBusyError, IndexUnwritableError
from broadsheet.library.library import Library
from broadsheet.library.results import ScanReport

NOTHING_SCANNED: Final = "nothing was scanned: try again when it is done"
BUSY_SCAN_MESSAGE: Final = (
    "another broadsheet is updating this library's index and did not finish in time; "
    + NOTHING_SCANNED
)
AS_IT_WAS: Final = "the results are from the index as it was"
AS_IT_IS: Final = "the results are from the index as it is now: try again when it is done"


CHECKING: Final = (
    "broadsheet: checking every page of the index first (another process wrote it "
    "since one checked it)..."
)
SLOW_CHECK: Final = 1.0
"""Seconds of checking after which :data:`CHECKING` is said (on a terminal)."""


@contextmanager
def _told_if_slow(message: str, *, enabled: bool) -> Iterator[None]:
    """Say ``message`` on stderr if what runs inside takes over :data:`SLOW_CHECK`."""
    timer = threading.Timer(SLOW_CHECK, lambda: print(message, file=sys.stderr, flush=True))
    timer.daemon = True
    if enabled:
        timer.start()
    try:
        yield
    finally:
        timer.cancel()


def open_library(
    args: argparse.Namespace,
    *,
    full: bool = False,
    rebuild: bool = False,
    touched: Sequence[str] = (),
    scan: bool = False,
    check: bool = False,
    every_page: bool = True,
) -> tuple[Library, ScanReport]:
    """Open the chosen library and bring its index up to date, with a bar on a terminal.

    The cheap check (:meth:`Library.update`, which also looks again at the ``touched``
    paths) unless ``full``, ``rebuild`` or the command's ``--refresh`` asks for the walk.
    ``scan``: the scan is what was asked for, so another process holding the index is an
    error (else the answer comes from the index as it was). ``check``: look at every
    page and file of the index first (without ``every_page``, not at a catalog left as a
    process that checked it left it). A rebuild of the index is told once, on stderr.
    """
    full = full or rebuild or bool(getattr(args, "refresh", False))
    told: list[str] = []

    def tell(reason: str | None) -> None:
        if reason and not told and not rebuild:
            told.append(reason)
            print(f"broadsheet: rebuilding the index: {reason}", file=sys.stderr)

    library = Library(
        resolve_library(args.library), on_rebuild=lambda report: tell(report.rebuilt_reason)
    )
    tell(library.rebuilt_reason)
    writer = None if scan else library.other_writer()
    if writer is not None and writer.building:
        # Nothing to wait 10 s for: the rebuild takes as long as the library is big.
        print(f"broadsheet: {writer.doing}; {AS_IT_IS}", file=sys.stderr)
        return library, library.last_report()
    try:
        with progress_bar(sys.stderr.isatty()) as progress:
            healed, checked = None, 0.0
            if check and not rebuild:
                started = time.monotonic()
                with _told_if_slow(CHECKING, enabled=sys.stderr.isatty()):
                    healed = library.check(progress, every_page=every_page)
                checked = time.monotonic() - started
            if healed is not None:
                report = healed  # rebuilt from the folder: nothing left to scan
            elif full:
                report = library.refresh(progress, rebuild=rebuild)
            else:
                report = library.update(touched, progress=progress)
            # The time said is the command's: the check (seconds at 200,000 articles) too.
            report = replace(report, seconds=report.seconds + checked)
    except IndexUnwritableError as error:
        if scan:
            raise IndexUnwritableError(f"{error}; nothing was scanned") from error
        print(f"broadsheet: {error}; {AS_IT_WAS}", file=sys.stderr)
        report = library.last_report()
    except IndexBusyError as error:
        writer = library.other_writer()
        if scan:
            doing = f"{writer.doing} and did not finish in time" if writer else BUSY_SCAN_MESSAGE
            raise IndexBusyError(f"{doing}; {NOTHING_SCANNED}" if writer else doing) from error
        said = f"{writer.doing}; {AS_IT_WAS}" if writer else str(error)
        print(f"broadsheet: {said}", file=sys.stderr)
        report = library.last_report()
    tell(report.rebuilt_reason)
    return library, report
