"""The background rescan of the library, and the messages it sends to the screen.

The app starts it once the list shows the cached index; the screen shows the
progress in the breadcrumb and reloads what changed when it is done.
"""

from __future__ import annotations

import time
from typing import Final

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from broadsheet.library.library import Library
from broadsheet.library.results import ScanReport

PROGRESS_INTERVAL: Final = 0.1
"""Seconds between progress messages (a scan reports every file)."""


class ScanProgress(Message):
    """``done`` of ``total`` changed files have been indexed."""

    def __init__(self, done: int, total: int) -> None:
        self.done = done
        self.total = total
        super().__init__()


class ScanFinished(Message):
    """The rescan is over: ``report`` says what it did (None when it failed)."""

    def __init__(self, report: ScanReport | None) -> None:
        self.report = report
        super().__init__()


class ScanCancelledError(Exception):
    """Raised from the progress callback to stop the scan when the app closes."""


def rescan(library: Library, worker: Worker[None], target: MessagePump) -> ScanReport | None:
    """Refresh ``library`` (in a worker thread), posting progress to ``target``.

    Returns the report, or None when the scan was cancelled; the library's errors
    (``BroadsheetError``) are the caller's.
    """
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if worker.is_cancelled:
            # The app is closing: stop the scan (the library rolls it back) rather than
            # keep the process alive until a long first scan ends.
            raise ScanCancelledError
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL:
            last = now
            target.post_message(ScanProgress(done, total))

    try:
        return library.refresh(progress=progress)
    except ScanCancelledError:
        return None
