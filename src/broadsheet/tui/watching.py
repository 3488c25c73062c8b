"""The reader follows its folder: the watcher, one applier at a time, start-up checks.

:class:`LiveFolder` owns a :class:`~broadsheet.library.watch.FolderWatcher` (a thread
of its own) and applies the batches it gathers in a worker, one after another, posting
:class:`~broadsheet.tui.live_messages.FolderUpdated` to the screen after each, which
reloads what changed without moving the cursor. At start-up it runs the cheap check of
the folder first (added, removed and renamed files), then the full walk (in-place edits
made while no reader was open); ``r`` asks for a full walk at any time.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from textual.timer import Timer
from textual.worker import get_current_worker

from broadsheet.errors import BroadsheetError, ScanStoppedError
from broadsheet.library.background import BackgroundStoppedError
from broadsheet.library.library import Library
from broadsheet.library.results import ProgressCallback
from broadsheet.library.watch import Batch, Coalescer, FolderWatcher, Watch, apply_batch
from broadsheet.tui.cells import one_line
from broadsheet.tui.live_messages import FolderNote, FolderUpdated, FolderWake, LiveHost
from broadsheet.tui.scanning import ScanCancelledError, progress_reporter, wait_for_writer

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

CHILD_WAIT: Final = 5.0
"""Seconds to wait for a killed child process (it ends at once)."""
TREE_EVERY: Final = 1.0
"""Seconds between two loads of the category tree while the folder keeps changing."""
APPLIER_WAIT: Final = 5.0
"""Seconds quitting waits for a batch being applied in this process to stop."""
SETTLE_STEP: Final = 0.05
"""Seconds the applier sleeps at a time while changes settle (it stops that soon)."""


class LiveFolder:
    """Keeps the main screen in step with the library folder."""

    def __init__(
        self,
        library: Library,
        target: LiveHost,
        *,
        mode: str | None = None,
        watch: Watch | None = None,
        poll_interval: float | None = None,
    ) -> None:
        """Follow ``library``'s folder for ``target``; see :class:`FolderWatcher` for the rest."""
        self.library = library
        self.target = target
        self.coalescer = Coalescer()
        """What waits to be applied."""
        self.watcher = FolderWatcher(
            library.root,
            self.coalescer,
            wake=self._wake,
            say=self._say,
            mode=mode,
            watch=watch,
            poll_interval=poll_interval,
        )
        """The thread that watches (or checks) the folder."""
        self.arrived: set[str] = set()
        """Articles that arrived since the user last looked (see :meth:`looked`)."""
        self._checked = False
        self._closing = False
        self._child: subprocess.Popen[str] | None = None
        self._last_error: str | None = None
        self._appliers = 0
        self._tree_due = 0.0
        self._tree_timer: Timer | None = None
        self._appliers_done = threading.Condition()

    @property
    def root(self) -> Path:
        """The folder followed."""
        return self.library.root

    def start(self, *, first_scan: bool = False) -> None:
        """Watch the folder and check it: cheaply first, then by a full walk.

        ``first_scan``: the index is empty or being rebuilt; the full walk (with its
        progress shown) comes at once.
        """
        self.watcher.start()
        self._checked = first_scan
        if self.coalescer.ask(full=first_scan):
            self.apply()

    def rescan(self) -> None:
        """Walk the whole folder now (the rescan key)."""
        if self.coalescer.ask(full=True):
            self.apply()

    def touched(self, paths: Iterable[str]) -> None:
        """Apply changes at ``paths`` (tests and benchmarks; the watcher does this itself)."""
        if self.coalescer.add(paths):
            self.apply()

    def stop(self) -> None:
        """Stop watching and applying (the app is closing), in order: the watching thread,
        the child process, then the applier; once this returns, nothing of this
        follower touches the library (the app closes it next)."""
        self._closing = True
        self.watcher.stop()
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()  # a big batch being applied: the next start does it again
            child.wait(CHILD_WAIT)
        with self._appliers_done:
            # A small batch applied here stops at its next step (the index is closing).
            if not self._appliers_done.wait_for(lambda: not self._appliers, APPLIER_WAIT):
                log.warning("the live applier was still running %g s after quitting", APPLIER_WAIT)

    def _started(self, child: subprocess.Popen[str]) -> None:
        self._child = child
        if self._closing:
            child.kill()

    def _wake(self) -> None:
        # From the watching thread: posting a message is safe from any thread.
        self.target.post_message(FolderWake())

    def _say(self, text: str) -> None:
        self.target.post_message(FolderNote(text))

    def apply(self) -> None:
        """Start the applier (on the UI thread); it stops when nothing is left."""
        if not self._closing:
            # Not exclusive: the coalescer lets one applier run at a time, and a worker
            # cancelled half-way would lose the batch it holds.
            self.target.run_worker(self._apply, thread=True, group="live", exit_on_error=False)

    def _apply(self) -> None:
        """In a worker thread: apply batch after batch until none is waiting."""
        with self._appliers_done:
            self._appliers += 1
        try:
            self._apply_all()
        finally:
            with self._appliers_done:
                self._appliers -= 1
                self._appliers_done.notify_all()

    def _apply_all(self) -> None:
        worker = get_current_worker()
        progress = progress_reporter(worker, self.target)
        try:
            while not self._closing:
                delay = self.coalescer.delay()
                if delay > 0:
                    time.sleep(min(delay, SETTLE_STEP))
                    continue
                batch = self.coalescer.take()
                if batch is None:
                    return  # the coalescer knows: the next change starts another applier
                if not self._checked and not batch.full:
                    # The start-up check: the cheap one first, then the whole walk.
                    self._checked = True
                    self.coalescer.ask(full=True)
                self.target.post_message(self._applied(batch, progress))
        except BaseException:
            if self.coalescer.release() and not self._closing:
                self.target.post_message(FolderWake())
            raise

    def _applied(self, batch: Batch, progress: ProgressCallback) -> FolderUpdated:
        elsewhere = wait_for_writer(self.library, self.target, lambda: self._closing)
        if self._closing:
            return FolderUpdated(batch, None)
        try:
            # Progress shows for a full walk; it also stops a batch when the app closes.
            report = apply_batch(self.library, batch, progress, started=self._started)
        except (ScanCancelledError, ScanStoppedError):
            return FolderUpdated(batch, None)  # the app is closing
        except BackgroundStoppedError as error:
            if self._closing:
                return FolderUpdated(batch, None)
            return FolderUpdated(batch, None, f"The library scan stopped ({error}); r rescans.")
        except BroadsheetError as error:
            return FolderUpdated(batch, None, f"The library could not be scanned: {error}")
        except Exception as error:  # a bug must not stop the reader following the folder
            log.exception("applying changes to the index failed")
            return FolderUpdated(
                batch, None, f"The library scan failed ({type(error).__name__}: {error})"
            )
        return FolderUpdated(batch, report, elsewhere=elsewhere)

    # On the UI thread: what the screen does with the messages. ------------------------

    def updated(self, event: FolderUpdated) -> None:
        """A batch was applied: reload what changed, keeping the cursor, query and article."""
        screen = self.target
        if screen.list_pane.note:
            screen.list_pane.set_note("")  # the progress of this batch
        if event.batch.full:
            screen.scan_finished(event.report)
        if event.error is not None and event.error != self._last_error:
            screen.notify(event.error, severity="error", timeout=8, markup=False)
        self._last_error = event.error
        report = event.report
        if report is None:
            return
        screen.show_total(report.indexed)
        if not event.changed:
            return
        screen.loader.reload()  # one load at a time: a reload asked meanwhile follows it
        self._reload_tree()
        # A file renamed or moved (a git pull) is no new arrival, and keeps its marks.
        moved = {new for _, new in event.moves}
        carried = {new for old, new in event.moves if old in self.arrived}
        if event.moves:
            self.target.opener.carry_marks(event.moves)
        if report.indexed > report.added and report.rebuilt_reason is None:
            # Not on a first scan: every article "arrived" then.
            self.arrived |= event.added_ids - moved
        self.arrived -= event.removed_ids
        self.arrived |= carried
        screen.list_pane.show_arrivals(len(self.arrived))
        self._follow_reader(event)

    def _reload_tree(self) -> None:
        """Load the category tree again, at most once every :data:`TREE_EVERY` seconds.

        Batches may come every quarter of a second (a slow crawler) and the tree of a
        big library takes a while to count (0.15 s at 200,000 articles): the loads must
        not pile up. The last batch's counts are shown within that time all the same.
        """
        wait = self._tree_due - time.monotonic()
        if wait <= 0:
            self._load_tree()
        elif self._tree_timer is None:
            self._tree_timer = self.target.set_timer(wait, self._load_tree)

    def _load_tree(self) -> None:
        self._tree_timer = None
        self._tree_due = time.monotonic() + TREE_EVERY
        self.target.load_categories()

    def _follow_reader(self, event: FolderUpdated) -> None:
        """The open article: re-read at the same place if it changed or moved (from its
        new path); kept if it is gone."""
        reader = self.target.reader
        article_id = reader.article_id
        if article_id is None:
            return
        moved_to = dict(event.moves).get(article_id)
        if moved_to is not None:
            self.target.opener.reopen(moved_to)
        elif article_id in event.removed_ids:
            title = one_line(reader.article.title) if reader.article is not None else article_id
            self.target.notify(
                f"“{title}” is no longer in the folder (deleted or moved); "
                "the reader keeps what it shows.",
                severity="warning",
                timeout=8,
                markup=False,
            )
        elif article_id in event.updated_ids:
            self.target.opener.reopen()

    def looked(self) -> None:
        """The user looked at the newest articles: nothing has arrived since."""
        if self.arrived:
            self.arrived.clear()
            self.target.list_pane.show_arrivals(0)

    def opened(self, article_id: str) -> None:
        """The user opened an article: it no longer counts as arrived unseen."""
        if article_id in self.arrived:
            self.arrived.discard(article_id)
            self.target.list_pane.show_arrivals(len(self.arrived))
