"""The main screen: categories, the article list and the reader, side by side.

Below 100 columns it shows one pane at a time; focus decides which, and
escape/backspace walks back from the reader to the list to the categories.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import Header

from broadsheet.library.article import CategoryPath
from broadsheet.library.library import Library
from broadsheet.library.results import Entry, ScanReport
from broadsheet.library.state import ReadingState
from broadsheet.tui.commands import ArticleProvider, CategoryProvider
from broadsheet.tui.decisions import Submit, on_submit, reopen_at_start
from broadsheet.tui.keymap import bindings
from broadsheet.tui.list_filter import ListFilter
from broadsheet.tui.list_loader import ListLoader
from broadsheet.tui.messages import ListFilled, ScanFinished
from broadsheet.tui.reading import ArticleOpener
from broadsheet.tui.scanning import ScanProgress
from broadsheet.tui.screens.feed_actions import FeedActions
from broadsheet.tui.screens.handoff_actions import HandoffActions
from broadsheet.tui.screens.history_actions import HistoryActions
from broadsheet.tui.screens.layout_actions import LayoutActions
from broadsheet.tui.screens.live_actions import LiveActions
from broadsheet.tui.screens.main_parts import Pane
from broadsheet.tui.watching import LiveFolder
from broadsheet.tui.widgets.article_list import ArticleList
from broadsheet.tui.widgets.category_tree import CategoryTree
from broadsheet.tui.widgets.list_pane import ListPane
from broadsheet.tui.widgets.quiet_footer import QuietFooter
from broadsheet.tui.widgets.reader_pane import ReaderPane
from broadsheet.tui.widgets.reader_view import ReaderView
from broadsheet.tui.widgets.search_bar import SearchBar


class MainScreen(
    HandoffActions, HistoryActions, LayoutActions, FeedActions, LiveActions, Screen[None]
):
    """The three panes and everything that moves between them."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("main")]
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        ArticleProvider,
        CategoryProvider,
    }
    """The palette finds articles and categories over this screen (not over a modal)."""

    pane: reactive[Pane] = reactive[Pane]("list")
    """The pane with the focus (the only one shown on a narrow screen)."""
    filter: var[ListFilter] = var(ListFilter(), init=False, bindings=True)
    """What the list shows now (bound into the list pane; escape's "Back" follows it)."""
    reading: var[str | None] = var(None, init=False, bindings=True)
    """The article open in the reader, however it was opened (the reading keys follow it)."""

    def __init__(self, library: Library, state: ReadingState, opener: ArticleOpener) -> None:
        """The screen over ``library``, with its reading ``state``; ``opener`` opens
        articles into the reader."""
        super().__init__()
        self.library = library
        """The folder of articles and its index."""
        self.state = state
        """Read marks, positions, bookmarks, the last article and filter."""
        self.opener = opener
        """Opens articles into the reader (reading state, positions, errors)."""
        self._list_pane = ListPane(count_unread=self.count_unread, id="list-pane")
        self.loader = ListLoader(library, opener, self._list_pane, self)
        """Loads the list for the filter (one load at a time, newest wins)."""
        self.library_total: int | None = None
        """The number of articles in the library, once known."""
        self._filled = False

    def compose(self) -> ComposeResult:
        """Header, the three panes, Footer."""
        yield Header(icon="▤")
        with Horizontal(id="panes"):
            with Vertical(id="categories-pane"):
                yield CategoryTree(id="categories")
            yield self._list_pane.data_bind(list_filter=MainScreen.filter)
            yield ReaderPane(id="reader-pane")
        yield QuietFooter()

    @property
    def list_current(self) -> bool:
        """Whether the list shows the current filter (at least its first page)."""
        return self.loader.current

    @property
    def list_pane(self) -> ListPane:
        """The breadcrumb, the search box and the list."""
        return self._list_pane

    @property
    def article_list(self) -> ArticleList:
        """The article list."""
        return self.query_one(ArticleList)

    @property
    def category_tree(self) -> CategoryTree:
        """The category tree."""
        return self.query_one(CategoryTree)

    @property
    def reader_pane(self) -> ReaderPane:
        """The reader and its find bar."""
        return self.query_one(ReaderPane)

    @property
    def reader(self) -> ReaderView:
        """The reader view."""
        return self.query_one(ReaderView)

    def on_mount(self) -> None:
        """Restore the last filter and article, fill the list from the index, then rescan."""
        state = self.state
        self.live = LiveFolder(self.library, self)  # ready to follow the folder; nothing runs
        self.opener.pane = self.reader_pane
        self.opener.marks_changed = self.marks_changed
        self.filter = ListFilter.from_json(state.get("last_filter"))
        self.article_list.set_marks(self.opener.read_ids, self.opener.bookmarked)
        if self.filter.is_search:
            self.query_one(SearchBar).open(self.filter.query)
        if self.filter.category or self.filter.unread_only:
            # Left from the last session: it narrows what the list and a search show.
            where = " › ".join(self.filter.category) or "every category"
            unread = ", unread only" if self.filter.unread_only else ""
            self.notify(f"Showing {where}{unread}, as you left it; esc clears it.", markup=False)
        self.article_list.focus()
        self.loader.load(select=state.get("last_article"))
        self.load_categories()

    def set_filter(self, new: ListFilter, *, select: str | None = None) -> None:
        """Show the list for ``new`` (on ``select``) and remember it for the next start."""
        queued = self.loader.take_queued()
        if queued is not None and new.is_search:
            new = new.with_query(queued)  # typed while the last search ran: not lost
        if new == self.filter:
            return
        self.filter = new
        remembered = None if new == ListFilter() else new.to_json()
        self.state.put("last_filter", remembered)
        self.loader.load(select=select or (None if new.is_search else self.highlighted_id()))

    def highlighted_id(self) -> str | None:
        """The id of the article under the list's cursor."""
        entry = self.article_list.highlighted_entry
        return entry.id if entry is not None else None

    def list_shown(self) -> None:
        """The list shows new rows. The first time (the cached index is on screen) the
        article read last comes back, then the folder is followed: its rescan no longer
        competes with drawing the first screen."""
        if self._filled:
            return
        self._filled = True
        self.post_message(ListFilled())
        self.reopen_last()
        self.call_after_refresh(self.follow_folder)  # after the list has painted

    def scan_finished(self, report: ScanReport | None) -> None:
        """A full walk of the folder is over (None: it failed)."""
        self.post_message(ScanFinished(report))

    def show_total(self, total: int) -> None:
        """The number of articles in the library, on the tree's root."""
        self.library_total = total
        if self.opener.tally is not None:
            self.opener.tally.set_total(total)
        self.category_tree.show_total(total)
        self.list_pane.refresh_counts()
        self.sync_category_pane()

    @on(ScanProgress)
    def _scan_progress(self, event: ScanProgress) -> None:
        percent = f" {100 * event.done // event.total}%" if event.total else ""
        self.list_pane.set_note(f"scanning{percent}")
        listed = self.article_list
        if not self.library_total and not listed.entries and self.filter.is_empty:
            # The first scan of a library: say what the empty list is waiting for.
            listed.empty_text = f"First scan: {event.done:,} of {event.total:,} read…"
            listed.refresh()

    @on(CategoryTree.Chosen)
    @on(CategoryTree.Browsed)
    def _category_chosen(self, event: CategoryTree.Chosen | CategoryTree.Browsed) -> None:
        self.set_filter(self.filter.with_category(event.path))
        if isinstance(event, CategoryTree.Chosen):
            self.show_pane("list")

    @on(ArticleList.MoreWanted)
    def _more_wanted(self, event: ArticleList.MoreWanted) -> None:
        self.loader.more(to_end=event.to_end)

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.open_entry(event.entry)

    def open_entry(self, entry: Entry, *, focus: bool = True) -> None:
        """Open ``entry`` in the reader (at its matches when the list shows search hits)."""
        terms = self.loader.terms if self.article_list.hits is not None else ()
        if self.opener.open(entry.id, terms=terms) and focus:
            self.show_pane("reader")
        self.article_list.refresh()

    @on(ReaderView.Opened)
    def _opened(self, event: ReaderView.Opened) -> None:
        self.reading = event.article_id

    def watch_reading(self, article_id: str | None) -> None:
        """An article opened: it is no longer one that arrived unseen."""
        if article_id is not None and self.live is not None:
            self.live.opened(article_id)

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self.loader.search(event.query)

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        submit = on_submit(
            event.query,
            self.filter.query,
            current=self.list_current,
            rows=self.article_list.row_count,
        )
        if submit is Submit.TO_LIST:
            self.show_pane("list")
        elif submit is Submit.OPEN_HIGHLIGHTED:
            self.article_list.action_select()
        elif submit is not Submit.NOTHING:
            self.loader.turns.open_first = True  # when this query's results are in
            if submit is Submit.SEARCH_THEN_OPEN:
                self.set_filter(self.filter.with_query(event.query))

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self._clear_search()

    @on(SearchBar.ToList)
    def _search_to_list(self) -> None:
        self.show_pane("list")

    @on(ReaderView.PositionChanged)
    def _position_changed(self, event: ReaderView.PositionChanged) -> None:
        self.opener.remember_position(event.article_id, event.offset)

    @on(ReaderView.LinkRequested)
    def _link_requested(self, event: ReaderView.LinkRequested) -> None:
        if self.follow_link(event.link):
            event.stop()  # another article of the library, read here; else the app opens it

    def _clear_search(self) -> None:
        self.query_one(SearchBar).close()
        self.set_filter(self.filter.with_query(""))
        self.show_pane("list")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot run now: reading keys without an article, and so on."""
        layout = self.layout_check(action, parameters)
        if layout is None:
            layout = self.history_check(action)
        if layout is not None:
            return layout
        has_article = self.reader.document is not None
        if action in ("find", "links", "contents"):
            return has_article
        if action == "step":
            return has_article and self.article_list.row_count > 0
        if action == "back" and self.pane != "reader":
            # Only when there is something to go back from: a search, a category, a pane.
            narrow = self.has_class("-narrow")
            if self.pane == "categories":
                return True  # clears the category, else goes to the list
            return not self.filter.is_empty or self.list_pane.search_bar.is_open or narrow
        return True

    def target_id(self) -> str | None:
        """The article the read/bookmark keys act on: the open one when reading."""
        if self.pane == "reader" and self.reader.article_id is not None:
            return self.reader.article_id
        return self.highlighted_id() or self.reader.article_id

    def action_search(self) -> None:
        """Open the search box (within the current category, which its placeholder names)."""
        self.pane = "list"
        self.query_one(SearchBar).open(self.filter.query)

    def action_categories(self) -> None:
        """Focus the category tree (showing it when it was hidden)."""
        if self.categories_hidden:
            self.hide_categories(False)
        self.show_pane("categories")

    def action_find(self) -> None:
        """Find in the open article."""
        self.pane = "reader"
        self.reader_pane.start_find()

    def action_step(self, step: int) -> None:
        """Open the previous or next article of the list, staying in the reader."""
        article_list = self.article_list
        article_list.cursor = max(0, article_list.cursor + step)
        entry = article_list.highlighted_entry
        if entry is not None:
            self.open_entry(entry, focus=self.pane == "reader")

    def reopen_last(self) -> None:
        """At start-up on a wide screen: the article read last, back in the reader.

        The focus stays on the list (under it); narrow screens show the list only.
        """
        article_id = reopen_at_start(
            self.state.get("last_article"),
            narrow=self.has_class("-narrow"),
            open_id=self.reader.article_id,
            highlighted=self.highlighted_id(),
        )
        if article_id is not None:
            self.opener.open_last(article_id)

    def open_article(self, article_id: str) -> None:
        """Open an article by id (from the palette or the bookmarks) and read it."""
        if self.opener.open(article_id):
            index = self.article_list.index_of(article_id)
            if index is not None:
                self.article_list.cursor = index
            self.article_list.refresh()
            self.show_pane("reader")

    def choose_category(self, path: CategoryPath) -> None:
        """Filter the list to a category (from the palette)."""
        self.set_filter(self.filter.with_category(path))
        self.query_one(CategoryTree).move_to(path)
        self.show_pane("list")

    def action_links(self) -> None:
        """Choose from the article's links."""
        self.pane = "reader"
        self.reader_pane.choose_link()

    def action_contents(self) -> None:
        """Jump to a heading of the article."""
        self.pane = "reader"
        self.reader_pane.choose_heading()

    def action_back(self) -> None:
        """One step back: end the find, leave the reader, clear the search, the category."""
        if self.pane == "reader":
            if self.reader_pane.find_active:
                self.reader_pane.end_find()
                self.reader.focus()
            else:
                self.show_pane("list")
        elif self.pane == "list":
            if self.filter.is_search or self.query_one(SearchBar).is_open:
                self._clear_search()
            elif self.filter.category:
                self.set_filter(self.filter.with_category(()))
                self.query_one(CategoryTree).move_to(())
            elif self.has_class("-narrow") and not self.categories_hidden:
                self.show_pane("categories")
        elif self.filter.category:
            self.set_filter(self.filter.with_category(()))
            self.category_tree.move_to(())
        else:
            self.show_pane("list")

    def save_session(self) -> None:
        """Remember the reading position of the open article (called on quit)."""
        offset = self.reader.reading_offset()
        if self.reader.article_id is not None and offset is not None:
            self.opener.remember_position(self.reader.article_id, offset)
