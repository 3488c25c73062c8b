"""The main screen follows the library folder: the messages of :mod:`~broadsheet.tui.watching`.

A mixin of :class:`MainScreen` (like the feed keys), so that the screen's module stays
small: the decisions live in :class:`~broadsheet.tui.watching.LiveFolder`, this only
routes the screen's messages and keys to it.
"""

from __future__ import annotations

from broadsheet.tui.live_messages import FolderNote, FolderUpdated, FolderWake
from broadsheet.tui.scanning import IndexBusy
from broadsheet.tui.screens.main_parts import ScreenMixin
from broadsheet.tui.watching import LiveFolder
from broadsheet.tui.widgets.article_list import ArticleList


class LiveActions(ScreenMixin):
    """Following the folder, for the main screen (mixed into it)."""

    live: LiveFolder | None = None
    """Follows the library folder (from when the screen is mounted)."""
    rescan_asked = False
    """The rescan key was pressed and its walk has not ended yet."""

    def follow_folder(self) -> None:
        """Watch the folder and check it (the list shows the cached index by now)."""
        if self.live is not None:
            library = self.library
            first = library.rebuilt_reason is not None or not library.last_report().indexed
            self.live.start(first_scan=first)

    def on_unmount(self) -> None:
        """Stop following the folder: no thread outlives the app."""
        if self.live is not None:
            self.live.stop()

    def on_folder_wake(self, event: FolderWake) -> None:
        """Changes in the folder wait to be applied."""
        if self.live is not None:
            self.live.apply()

    def on_folder_note(self, event: FolderNote) -> None:
        """Say how the folder is followed (once)."""
        self.notify(event.text, severity="warning", timeout=10, markup=False)

    def on_index_busy(self, event: IndexBusy) -> None:
        """Another process writes the index: say so, in the empty list too, until it is done."""
        if not event.waiting:  # a list came back empty: a walk waits for it, then reloads
            if self.live is not None:
                self.live.rescan()
            return
        self.notify(event.text, timeout=10, markup=False)
        self.list_pane.set_busy(event.text)

    def on_folder_updated(self, event: FolderUpdated) -> None:
        """Changes were applied: reload what they changed (and, after the rescan key, say
        what the walk found)."""
        if self.live is not None:
            self.live.updated(event)
        if self.rescan_asked and event.batch.full:
            self.rescan_asked = False
            self.notify(rescan_summary(event), timeout=4, markup=False)

    def on_article_list_at_top(self, event: ArticleList.AtTop) -> None:
        """At the top of the whole list the newest articles are in view: they were seen."""
        if self.live is not None and self.filter.is_empty:
            self.live.looked()

    def action_rescan(self) -> None:
        """Walk the whole folder now."""
        if self.live is not None:
            self.notify("Rescanning the library folder…", timeout=3)
            self.rescan_asked = True
            self.live.rescan()


def rescan_summary(event: FolderUpdated) -> str:
    """What a walk of the whole folder found, in a line."""
    report = event.report
    if report is None:
        return f"The rescan failed: {event.error or 'see the log'}"
    counts = (
        (report.added, "added"),
        (report.updated, "updated"),
        (report.removed, "removed"),
        (report.skipped, "skipped"),
    )
    found = ", ".join(f"{number:,} {what}" for number, what in counts if number)
    return f"Rescanned: {found}." if found else "Rescanned: nothing changed."
