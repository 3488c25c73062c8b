"""Progress of a scan running in the background, as messages to the screen.

The screen shows the progress in the breadcrumb (and, on a first scan, in the empty
list); the scan stops when its worker is cancelled because the app is closing.
"""

from __future__ import annotations

import time
from typing import Final

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from broadsheet.library.results import ProgressCallback

PROGRESS_INTERVAL: Final = 0.1
"""Seconds between progress messages (a scan reports every file)."""


class ScanProgress(Message):
    """``done`` of ``total`` changed files have been indexed."""

    def __init__(self, done: int, total: int) -> None:
        self.done = done
        self.total = total
        super().__init__()


class ScanCancelledError(Exception):
    """Raised from the progress callback to stop the scan when the app closes."""


def progress_reporter(worker: Worker[None], target: MessagePump) -> ProgressCallback:
    """A scan's progress callback (in a worker thread) that posts :class:`ScanProgress`.

    It raises :class:`ScanCancelledError` once the worker is cancelled: the library
    rolls the scan back rather than keep the process alive until a long first scan ends.
    """
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if worker.is_cancelled:
            raise ScanCancelledError
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL:
            last = now
            target.post_message(ScanProgress(done, total))

    return progress
