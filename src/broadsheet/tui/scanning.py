"""Progress of a scan running in the background, as messages to the screen.

The screen shows the progress in the breadcrumb (and, on a first scan, in the empty
list); the scan stops when its worker is cancelled because the app is closing. When
another process is writing the index (``broadsheet index --rebuild`` in another
terminal), the scan waits for it and the screen says so (:class:`IndexBusy`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final, Protocol

from textual.message import Message
from textual.worker import Worker

from broadsheet.library.library import Library
from broadsheet.library.results import OtherWriter, ProgressCallback


class MessageTarget(Protocol):
    """Where progress goes: anything that takes messages from any thread (a screen)."""

    def post_message(self, message: Message) -> bool:
        """Queue ``message``."""


PROGRESS_INTERVAL: Final = 0.1
"""Seconds between progress messages (a scan reports every file)."""
WRITER_POLL: Final = 0.25
"""Seconds between looks at whether another process still writes the index."""


class ScanProgress(Message):
    """``done`` of ``total`` changed files have been indexed."""

    def __init__(self, done: int, total: int) -> None:
        self.done = done
        self.total = total
        super().__init__()


class ScanCancelledError(Exception):
    """Raised from the progress callback to stop the scan when the app closes."""


def progress_reporter(worker: Worker[None], target: MessageTarget) -> ProgressCallback:
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


class IndexBusy(Message):
    """Another process writes the index: the scan waits for it (then the list reloads).

    ``waiting`` False: a list came back empty meanwhile (no scan is waiting yet).
    """

    def __init__(self, writer: OtherWriter, *, waiting: bool = True) -> None:
        self.writer = writer
        self.waiting = waiting
        super().__init__()

    @property
    def text(self) -> str:
        """What the user is told."""
        doing = self.writer.doing
        if self.writer.building:
            return f"{doing.capitalize()}; the list fills in when it is done."
        return f"{doing.capitalize()}; the list follows when it is done."


def wait_for_writer(library: Library, target: MessageTarget, stopped: Callable[[], bool]) -> bool:
    """In a worker thread: while another process writes the index, tell ``target`` and wait.

    Returns whether it waited (the index then changed under the reader), which ends
    early when ``stopped`` says so (the app is closing).
    """
    writer = library.other_writer()
    if writer is None:
        return False
    target.post_message(IndexBusy(writer))
    while not stopped() and library.other_writer() is not None:
        time.sleep(WRITER_POLL)
    return True
