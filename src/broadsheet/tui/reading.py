"""Opening articles into the reader, and the reading state that goes with them.

The screen decides *what* to open; this asks the library for the article and its
body, renders a Document, restores the reading position, marks the article read
and builds the pickers over links, headings and bookmarks. Every failure becomes a
notification: content never stops the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from broadsheet.errors import BroadsheetError
from broadsheet.library.article import Article, CategoryPath, category_label
from broadsheet.library.history import History
from broadsheet.library.library import Library
from broadsheet.library.state import ReadingState
from broadsheet.library.text import display_path
from broadsheet.library.unread import UnreadTally, ancestors_of
from broadsheet.render.pictures import PictureSettings
from broadsheet.render.styles import StyleMap
from broadsheet.tui.cells import one_line
from broadsheet.tui.screens.picker import PickerScreen
from broadsheet.tui.widgets.reader_pane import ReaderPane

log = logging.getLogger(__name__)

Notify = Callable[[str], None]

if TYPE_CHECKING:
    from broadsheet.render.document import Document


class ArticleOpener:
    """Opens articles into a reader pane and keeps the read and bookmark marks."""

    def __init__(
        self,
        library: Library,
        state: ReadingState,
        *,
        reading_width: int,
        styles: Callable[[], StyleMap],
        report: Notify,
        pictures: PictureSettings | None = None,
    ) -> None:
        """Work on ``library`` and ``state``; ``styles`` gives the current theme's styles;
        ``pictures`` how articles show their pictures (None: placeholders only)."""
        self.pictures = pictures
        self.library = library
        self.state = state
        self.reading_width = reading_width
        self._styles = styles
        self.report = report
        """Show an error to the user (a notification)."""
        self.read_ids: set[str] = state.read_ids()
        """Articles marked read (shared with the list, which draws the marks)."""
        self.bookmarked: set[str] = {bookmark.id for bookmark in state.bookmarks()}
        """Bookmarked articles (shared with the list)."""
        self.pane: ReaderPane | None = None
        """The pane articles open into (set by the screen when it mounts)."""
        self.tally: UnreadTally | None = None
        """Unread counts per category (set when the category tree loads)."""
        self.marks_changed: Callable[[frozenset[CategoryPath]], None] | None = None
        """Told which categories' unread counts changed (``()`` is the whole library)."""
        self.marks_version = 0
        """Incremented at every change of the read marks (a count made meanwhile is stale)."""
        self._batches: list[tuple[str, ...]] = []
        self.history = History()
        """The articles opened, for back and forward."""
        self._last_wanted: str | None = None
        """The last article read, not found at start-up (renamed meanwhile?)."""

    def render(self, article_id: str, *, quiet: bool = False) -> tuple[Document, Article] | None:
        """Read and render an article; None (after telling the user, unless ``quiet``
        and the article cannot be read) when that fails."""
        try:
            article = self.library.article(article_id)
            body = self.library.body(article_id)
        except BroadsheetError as error:
            if not quiet:
                self.report(str(error))
            log.info("not opened: %s", error)
            return None
        from broadsheet.render.document import Document  # loaded on the first open

        try:
            pictures = self.pictures
            document = Document.from_article(
                article,
                body,
                styles=self._styles(),
                max_width=self.reading_width,
                post_title=self.post_title,
                pictures=pictures.for_article(article.path, self.library.root)
                if pictures is not None
                else None,
            )
        except Exception as error:
            # The renderer's failure modes are open-ended (hostile HTML); a bad body
            # must cost one article, never the session.
            log.exception("rendering %s failed", article.relpath)
            self.report(f"{display_path(article.relpath)} could not be displayed: {error}")
            return None
        return document, article

    def post_title(self, slug: str) -> str | None:
        """The title of the library's post named ``slug`` (for Hexo ``{% post_link %}``)."""
        try:
            article_id = self.library.id_by_slug(slug)
            return self.library.article(article_id).title if article_id else None
        except BroadsheetError:
            return None

    def open(
        self,
        article_id: str,
        *,
        terms: Sequence[str] = (),
        offset: int | None = None,
        record: bool = True,
        quiet: bool = False,
    ) -> bool:
        """Show the article: at its first match of ``terms``, else where the user left it.

        ``record`` adds it to the history (not when going back or forward in it);
        ``quiet``: one that cannot be read is not an error to show (see :meth:`render`).
        """
        pane = self.pane
        if pane is None:
            return False
        reader = pane.reader
        if reader.article_id is not None:
            self.remember_position(reader.article_id, reader.reading_offset())
            if record:  # going back or forward, the caller has done this before the step
                self.history.leave(reader.reading_offset())
        rendered = self.render(article_id, quiet=quiet)
        if rendered is None:
            return False
        if record:
            self.history.visit(article_id)
        document, article = rendered
        pane.end_find()
        if terms:
            reader.show(document, article, offset=0)
            pane.find_terms(terms, from_offset=0)
        else:
            start = offset if offset is not None else self.state.position(article_id)
            reader.show(document, article, offset=start)
        if article_id not in self.read_ids:
            self.state.set_read(article_id)
            self.read_ids.add(article_id)
            self._marked(article.categories, read=True)
        self.state.put("last_article", article_id)
        return True

    def reopen(self, moved_to: str | None = None) -> None:
        """Render the open article again (the theme changed, its file was edited),
        keeping the place; ``moved_to``: its id now that its file was renamed or moved."""
        pane = self.pane
        article_id = pane.reader.article_id if pane is not None else None
        if pane is None or article_id is None:
            return
        reader = pane.reader
        terms = reader.finder.terms
        offset = reader.reading_offset()
        rendered = self.render(moved_to or article_id)
        if rendered is None:
            return
        reader.show(*rendered, offset=offset)
        if moved_to is not None:
            self.state.put("last_article", moved_to)
        if terms:
            pane.find_terms(terms, from_offset=offset)

    def step_history(self, step: int) -> bool:
        """Open the article before (-1) or after (1) in the history, where it was left."""
        pane = self.pane
        if pane is not None and pane.reader.article_id is not None:
            self.history.leave(pane.reader.reading_offset())
        visit = self.history.back() if step < 0 else self.history.forward()
        if visit is None:
            return False
        if self.open(visit.article_id, offset=visit.offset, record=False):
            return True
        # Gone from the library: undo the step.
        _ = self.history.forward() if step < 0 else self.history.back()
        return False

    def remember_position(self, article_id: str, offset: int | None) -> None:
        """Store where the reader is in an article."""
        if offset is not None:
            self.state.set_position(article_id, offset)

    def toggle_read(self, article_id: str) -> bool:
        """Flip the read mark; returns True when the article is now read."""
        read = article_id not in self.read_ids
        self.state.set_read(article_id, read)
        if read:
            self.read_ids.add(article_id)
        else:
            self.read_ids.discard(article_id)
        try:
            categories = self.library.article(article_id).categories
        except BroadsheetError:
            categories = ()
        self._marked(categories, read=read)
        return read

    def mark_many_read(self, article_ids: Sequence[str]) -> tuple[str, ...]:
        """Mark articles read; returns those that were unread (what :meth:`undo_marks` undoes).

        The unread counts are to be made again by the caller.
        """
        newly = tuple(dict.fromkeys(i for i in article_ids if i not in self.read_ids))
        self.state.set_read_many(newly)
        self.read_ids.update(newly)
        self.marks_version += 1
        self._batches.append(newly)
        return newly

    def open_last(self, article_id: str) -> None:
        """At start-up: the article read last, back in the reader. Renamed while the
        reader was closed, it is opened under its new name when the start-up check
        finds the move (:meth:`carry_marks`), with no error meanwhile."""
        self._last_wanted = None if self.open(article_id, quiet=True) else article_id

    def carry_marks(self, moves: Sequence[tuple[str, str]]) -> None:
        """Files renamed or moved ((old id, new id)) keep their read mark, reading
        position and bookmark (and the last article read is opened under its new id)."""
        self.state.carry(moves)
        self.history.moved(dict(moves))
        for old, new in moves:
            for marked in (self.read_ids, self.bookmarked):
                if old in marked:
                    marked.discard(old)
                    marked.add(new)
        self.marks_version += 1
        moved_to = dict(moves).get(self._last_wanted or "")
        if moved_to is not None:
            self._last_wanted = None
            pane = self.pane
            if pane is not None and pane.reader.article_id is None:
                self.open(moved_to, quiet=True)

    def undo_marks(self) -> tuple[str, ...] | None:
        """Mark unread again what the last :meth:`mark_many_read` marked (None: nothing to undo)."""
        if not self._batches:
            return None
        batch = self._batches.pop()
        self.state.set_read_many(batch, read=False)
        self.read_ids.difference_update(batch)
        self.marks_version += 1
        return batch

    def _marked(self, categories: Sequence[CategoryPath], *, read: bool) -> None:
        self.marks_version += 1
        if self.tally is None:
            return
        self.tally.mark(categories, read)
        if self.marks_changed is not None:
            self.marks_changed(frozenset({(), *ancestors_of(categories)}))

    def toggle_bookmark(self, article_id: str) -> bool:
        """Flip the bookmark; returns True when the article is now bookmarked."""
        marked = self.state.toggle_bookmark(article_id)
        if marked:
            self.bookmarked.add(article_id)
        else:
            self.bookmarked.discard(article_id)
        return marked

    def bookmarks_picker(self) -> PickerScreen[str]:
        """A picker over the bookmarked articles, most recent first."""
        choices: list[tuple[Text, str]] = []
        for bookmark in self.state.bookmarks():
            try:
                article = self.library.article(bookmark.id)
            except BroadsheetError:
                label = Text(f"(no longer in the library) {bookmark.id}", style="dim")
            else:
                label = Text(one_line(article.title))
                if article.categories:
                    label.append(f"  {one_line(category_label(article.categories[0]))}", "dim")
            choices.append((label, bookmark.id))
        return PickerScreen("Bookmarks", choices, empty="No bookmarks yet: B bookmarks an article.")
