"""What the main screen tells the app: messages up, never a call into the app.

The app owns what outlives a screen (the start-up events the tests and benchmarks
wait on, the web browser); the screen posts these and they bubble up to it.
"""

from __future__ import annotations

from textual.message import Message

from broadsheet.library.results import ScanReport


class ListFilled(Message):
    """The list showed the cached index for the first time."""


class ScanFinished(Message):
    """A full walk of the folder is over (``report`` is None when it failed)."""

    def __init__(self, report: ScanReport | None) -> None:
        self.report = report
        super().__init__()


class WebPageWanted(Message):
    """Open ``url`` (an http or https address, already checked) in the web browser."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__()
