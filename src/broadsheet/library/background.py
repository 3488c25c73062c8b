"""Applying a big batch of changes in a child process, at a low priority.

Indexing thousands of files in the reader's own process costs the reader its
responsiveness: the thread that writes the index holds the interpreter lock for much of
the time, and its parse workers take both cores. A child process (``python -m
broadsheet.library.background``) at ``nice`` :data:`NICENESS` does the same work while
the reader only reads: the index is built for that (one writer at a time, readers see
each commit whichever process made it).

The protocol is JSON lines: the batch goes to the child's standard input; the child
writes ``{"progress": [done, total]}`` as it goes and ``{"report": {...}}`` (or
``{"error": "..."}``) at the end.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from broadsheet.errors import BroadsheetError
from broadsheet.library.results import ProgressCallback, ScanReport

NICENESS: Final = 10
"""How much lower than the reader the child runs (its parse workers inherit it)."""
BACKGROUND_MIN: Final = 50
"""Batches of at least this many paths (and full walks) go to a child process. Fewer
are parsed in the reader's own thread: a child takes about half a second to start (the
promise is 2 s from a file written to its row on screen), and 50 articles cost the
reader's interpreter 0.1-0.2 s of parsing, in slices the UI thread interrupts."""
PROGRESS_INTERVAL: Final = 0.1
"""Seconds between the child's progress lines."""


class BackgroundUnavailableError(Exception):
    """The child process could not be started (the caller applies the batch itself)."""


class BackgroundStoppedError(Exception):
    """The child process was killed (the reader is closing): nothing is to be done instead."""


def report_to_json(report: ScanReport) -> dict[str, Any]:
    """A report as plain JSON values (id sets as sorted lists)."""
    data = dataclasses.asdict(report)
    return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in data.items()}


def report_from_json(data: dict[str, Any]) -> ScanReport:
    """The report :func:`report_to_json` wrote (unknown fields are ignored)."""
    names = {field.name for field in dataclasses.fields(ScanReport)}
    values: dict[str, Any] = {
        k: frozenset(v) if isinstance(v, list) else v
        for k, v in data.items()
        if k in names and k != "moves"
    }
    if "moves" in data:  # pairs (lists in JSON, unhashable): a tuple of them, not a set
        values["moves"] = tuple((str(old), str(new)) for old, new in data["moves"])
    return ScanReport(**values)


def apply_in_child(
    root: Path,
    paths: frozenset[str],
    *,
    full: bool,
    progress: ProgressCallback | None = None,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
) -> ScanReport:
    """Apply a batch in a child process and return its report.

    ``started`` receives the process (so that it can be stopped when the reader closes).
    Raises ``BroadsheetError`` with the child's message when the batch failed there,
    :class:`BackgroundStoppedError` when it was killed (by the reader closing, or the
    system) and :class:`BackgroundUnavailableError` when no child could be started.
    """
    command = [sys.executable, "-m", "broadsheet.library.background", os.fspath(root)]
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
        )
    except OSError as error:
        raise BackgroundUnavailableError(str(error)) from error
    if started is not None:
        started(child)
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(json.dumps({"paths": sorted(paths), "full": full}))
        child.stdin.close()
    except OSError:
        pass  # it died at once: said below
    outcome: dict[str, Any] = {}
    try:
        for line in child.stdout:
            message = json.loads(line)
            if "progress" in message:
                if progress is not None:
                    progress(*message["progress"])  # may raise to stop the scan
            else:
                outcome = message
    except BaseException:
        child.kill()  # its index writes are rolled back; its parse workers die with it
        raise
    finally:
        child.stdout.close()
        child.wait()
    if "report" in outcome:
        return report_from_json(outcome["report"])
    if "error" in outcome:
        raise BroadsheetError(str(outcome["error"]))
    if child.returncode < 0:
        # Killed: applying the batch here instead would race the reader closing the index.
        raise BackgroundStoppedError(f"the background scan was killed (signal {-child.returncode})")
    raise BackgroundUnavailableError(f"the background scan ended with status {child.returncode}")


def main(argv: list[str] | None = None) -> int:
    """In the child: apply the batch read from standard input to the library ``argv[0]``."""
    from broadsheet.library.library import Library

    arguments = sys.argv[1:] if argv is None else argv
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    batch = json.loads(sys.stdin.read() or "{}")

    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL or done == total:
            last = now
            print(json.dumps({"progress": [done, total]}), flush=True)

    try:
        library = Library(Path(arguments[0]))
        try:
            if batch.get("full"):
                report = library.refresh(progress=progress)
            else:
                report = library.update(touched=batch.get("paths", ()))
        finally:
            library.close()
    except BroadsheetError as error:
        print(json.dumps({"error": str(error)}, ensure_ascii=False), flush=True)
        return 1
    print(json.dumps({"report": report_to_json(report)}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
