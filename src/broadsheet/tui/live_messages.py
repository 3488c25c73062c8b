"""What passes between the folder's watcher and the screen it keeps in step.

:class:`~broadsheet.tui.watching.LiveFolder` posts :class:`FolderWake` (changes wait),
:class:`FolderNote` (something to say once) and :class:`FolderUpdated` (a batch applied)
to the screen, and asks of it what :class:`LiveHost` lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol

from textual.message import Message

from broadsheet.library.results import ScanReport
from broadsheet.library.watch import Batch

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.notifications import SeverityLevel
    from textual.timer import Timer
    from textual.worker import Worker

    from broadsheet.tui.list_loader import ListLoader
    from broadsheet.tui.reading import ArticleOpener
    from broadsheet.tui.widgets.list_pane import ListPane
    from broadsheet.tui.widgets.reader_view import ReaderView

EMPTY: Final[frozenset[str]] = frozenset()


class FolderWake(Message):
    """Changes are waiting to be applied (posted from the watching thread)."""


class FolderNote(Message):
    """Something to tell the user about following the folder (said once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class FolderUpdated(Message):
    """A batch was applied: ``report`` says what changed (None, with ``error``, if it failed)."""

    def __init__(
        self,
        batch: Batch,
        report: ScanReport | None,
        error: str | None = None,
        *,
        elsewhere: bool = False,
    ) -> None:
        self.batch = batch
        self.report = report
        self.error = error
        self.elsewhere = elsewhere
        """Another process wrote the index before the batch was applied."""
        super().__init__()

    @property
    def changed(self) -> bool:
        """Whether the index changed (the list, counts and tree must be reloaded)."""
        report = self.report
        return report is not None and bool(
            report.added
            or report.updated
            or report.removed
            or report.skipped
            or report.rebuilt_reason
            or self.elsewhere
        )

    @property
    def added_ids(self) -> frozenset[str]:
        """The articles that arrived."""
        return self.report.added_ids if self.report is not None else EMPTY

    @property
    def updated_ids(self) -> frozenset[str]:
        """The articles whose file changed."""
        return self.report.updated_ids if self.report is not None else EMPTY

    @property
    def moves(self) -> tuple[tuple[str, str], ...]:
        """(old id, new id) of the articles renamed or moved."""
        return self.report.moves if self.report is not None else ()

    @property
    def removed_ids(self) -> frozenset[str]:
        """The articles no longer in the folder."""
        return self.report.removed_ids if self.report is not None else EMPTY


class LiveHost(Protocol):
    """What :class:`LiveFolder` needs of the screen it keeps in step (the main screen
    provides it; mypy checks that it does): its messages and workers, the list pane,
    the reader and the loads it asks for."""

    opener: ArticleOpener
    loader: ListLoader

    @property
    def list_pane(self) -> ListPane:
        """The list with its breadcrumb."""

    @property
    def reader(self) -> ReaderView:
        """The article open in the reader."""

    def scan_finished(self, report: ScanReport | None) -> None:
        """A walk of the whole folder ended (None: it failed)."""

    def show_total(self, total: int) -> None:
        """The number of articles in the library changed."""

    def load_categories(self) -> None:
        """Count the category tree again."""

    def post_message(self, message: Message) -> bool:
        """Queue a message for the screen (safe from any thread)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification."""

    def set_timer(self, delay: float, callback: Callable[[], object] | None = None) -> Timer:
        """Call ``callback`` after ``delay`` seconds."""

    def run_worker(
        self,
        work: Callable[[], object],
        *,
        group: str = "default",
        exit_on_error: bool = True,
        thread: bool = False,
    ) -> Worker[object]:
        """Run ``work`` in a worker of the screen."""
