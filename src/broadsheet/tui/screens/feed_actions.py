"""The main screen's feed-reader keys: next/previous unread, unread only, mark all read, sort.

A mixin of :class:`MainScreen`, so that its bindings stay screen-wide (they act on the
list whichever pane has the focus) while the main screen's module stays small.
Queries that read the whole list run in a worker; the UI thread only moves the cursor.
"""

from __future__ import annotations

from typing import Final

from textual import work

from broadsheet.errors import BroadsheetError
from broadsheet.library.article import CategoryPath
from broadsheet.library.listing import Listing
from broadsheet.library.results import CategoryNode
from broadsheet.library.unread import ReadCounts, UnreadTally
from broadsheet.tui.list_filter import ListFilter
from broadsheet.tui.screens.main_parts import ScreenMixin

ORDER_NAMES: Final = {"date": "newest first", "title": "by title", "unread": "unread first"}


class FeedActions(ScreenMixin):
    """Unread-workflow actions of the main screen (mixed into it)."""

    had_categories: bool | None = None
    """Whether the last tree loaded had categories (None before the first)."""

    def load_categories(self) -> None:
        """Load the category tree and count its unread articles, off the UI thread."""
        opener = self.opener
        self._load_categories(frozenset(opener.read_ids), opener.marks_version)

    @work(thread=True, exclusive=True, group="categories", exit_on_error=False)
    def _load_categories(self, read_ids: frozenset[str], version: int) -> None:
        try:
            roots = self.library.categories()
            read = self.library.read_counts(read_ids)
        except BroadsheetError as error:
            self.app.call_from_thread(self.opener.report, str(error))
            return
        self.app.call_from_thread(self._show_categories, roots, read, version)

    def _show_categories(
        self, roots: tuple[CategoryNode, ...], read: ReadCounts, version: int
    ) -> None:
        if version != self.opener.marks_version:
            self.load_categories()  # marked meanwhile: these counts are stale
        tally = UnreadTally(roots, self.library_total, read)
        self.opener.tally = tally
        tree = self.category_tree
        tree.tally = tally
        self.sync_category_pane()
        tree.show_categories(roots, self.library_total, active=self.filter.category)
        self.list_pane.refresh_counts()

    def sync_category_pane(self) -> None:
        """Leave the category pane out when the library has articles but no categories.

        An index still empty (its first scan running) does not tell yet.
        """
        tally = self.opener.tally
        if tally is None or not (tally.has_categories or self.library_total):
            return
        if tally.has_categories != self.had_categories:
            self.had_categories = tally.has_categories
            self.hide_categories(not tally.has_categories)
            self.article_list.category_column = tally.has_categories
            self.article_list.refresh()

    def count_unread(self, list_filter: ListFilter) -> int | None:
        """Unread articles in the list of ``list_filter`` (None when not known yet)."""
        read = self.opener.read_ids
        hits = self.article_list.hits
        if list_filter.is_search:
            return None if hits is None else sum(1 for h in hits if h.entry.id not in read)
        tally = self.opener.tally
        return tally.unread(list_filter.category) if tally is not None else None

    def marks_changed(self, categories: frozenset[CategoryPath]) -> None:
        """Some read marks changed: counts on the tree and the breadcrumb, marks in the list."""
        self.category_tree.show_unread(self.opener.tally, categories)
        self.list_pane.refresh_counts()
        self.article_list.refresh()

    def action_unread_only(self) -> None:
        """Show only the unread articles, or every article again."""
        unread_only = not self.filter.unread_only
        self.set_filter(self.filter.with_unread_only(unread_only))
        self._say("Only unread articles." if unread_only else "Every article.")

    def action_cycle_order(self) -> None:
        """Sort the list by date, by title, unread first (in turn)."""
        self.set_filter(self.filter.next_order())
        self._say(f"Sorted {ORDER_NAMES[self.filter.order]}.")

    def _say(self, message: str) -> None:
        self.notify(message, timeout=2, markup=False)

    def action_next_unread(self, step: int) -> None:
        """Go to the next (1) or previous (-1) unread article, into the next category if need be."""
        article_list = self.article_list
        entries = article_list.entries
        read = self.opener.read_ids
        if isinstance(entries, Listing):
            self._find_unread(entries, article_list.cursor, step, frozenset(read), self.filter)
            return
        positions = (
            range(article_list.cursor + 1, len(entries))
            if step > 0
            else range(article_list.cursor - 1, -1, -1)
        )
        index = next((i for i in positions if entries[i].id not in read), None)
        if index is None:
            self._say("No more unread articles in this list.")
        else:
            self._go_to(index)

    @work(thread=True, exclusive=True, group="unread", exit_on_error=False)
    def _find_unread(
        self,
        listing: Listing,
        cursor: int,
        step: int,
        read: frozenset[str],
        list_filter: ListFilter,
    ) -> None:
        library = self.library
        try:
            index = library.next_unread(listing, cursor, step, read)
            if index is not None:
                self.app.call_from_thread(self._go_to, index, listing)
                return
            tally = self.opener.tally
            category = tally.next_category(list_filter.category, step) if tally else None
            if category is not None and list_filter.category:
                view = list_filter.with_category(category).run(library, first=True, read_ids=read)
                assert isinstance(view, Listing)
                found = library.next_unread(view, -1 if step > 0 else len(view), step, read)
                if found is not None:
                    article_id = view[found].id
                    self.app.call_from_thread(self._go_to_category, category, article_id)
                    return
            around = -1 if step > 0 else len(listing)
            index = library.next_unread(listing, around, step, read)
        except BroadsheetError as error:
            self.app.call_from_thread(self.opener.report, str(error))
            return
        if index is not None and index != cursor:
            self.app.call_from_thread(self._go_to, index, listing)
        else:
            self.app.call_from_thread(self._say, "No unread articles left.")

    def _reads_on_move(self) -> bool:
        """Whether moving to an unread article opens it (the reader is in view)."""
        return self.pane == "reader" or not self.has_class("-narrow")

    def _go_to(self, index: int, listing: Listing | None = None) -> None:
        article_list = self.article_list
        if listing is not None and article_list.entries is not listing:
            return  # the list changed while the worker looked
        article_list.cursor = index
        entry = article_list.highlighted_entry
        if entry is not None and self._reads_on_move():
            self.open_entry(entry, focus=self.pane == "reader")

    def _go_to_category(self, category: CategoryPath, article_id: str) -> None:
        self.set_filter(self.filter.with_category(category), select=article_id)
        self.category_tree.move_to(category)
        if self._reads_on_move():
            self.opener.open(article_id)
        self._say(f"Unread in {' › '.join(category)}.")

    def action_mark_view_read(self) -> None:
        """Mark every article of the list read (ctrl+z undoes it)."""
        entries = self.article_list.entries
        if isinstance(entries, Listing):
            self._mark_listing(entries)
        else:
            self._marked([entry.id for entry in entries])

    @work(thread=True, exclusive=True, group="unread", exit_on_error=False)
    def _mark_listing(self, listing: Listing) -> None:
        try:
            ids = self.library.ids(listing)
        except BroadsheetError as error:
            self.app.call_from_thread(self.opener.report, str(error))
            return
        self.app.call_from_thread(self._marked, ids)

    def _marked(self, ids: list[str]) -> None:
        newly = self.opener.mark_many_read(ids)
        if not newly:
            self._say("Everything here is read already.")
            return
        count = f"{len(newly):,} article{'s' if len(newly) != 1 else ''}"
        self.notify(f"{count} marked read; ctrl+z marks them unread again.", markup=False)
        self._recount()

    def action_undo_marks(self) -> None:
        """Mark unread again the articles the last "mark all read" marked."""
        batch = self.opener.undo_marks()
        if batch is None:
            self._say("Nothing to undo.")
            return
        self._say(f"{len(batch):,} marked unread again.")
        self._recount()

    def _recount(self) -> None:
        """Counts again after many marks changed; a list without the read ones is reloaded."""
        self.load_categories()
        self.article_list.refresh()
        self.list_pane.refresh_counts()
        if self.filter.unread_only or self.filter.order == "unread":
            self.loader.load(select=self.highlighted_id())
