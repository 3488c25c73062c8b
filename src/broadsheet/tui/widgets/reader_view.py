"""The reader: the document view with the reading keys, numbered links and positions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final

from textual.binding import BindingType
from textual.message import Message
from textual.timer import Timer

from broadsheet.tui.keymap import bindings
from broadsheet.tui.widgets.document_view import DocumentView
from broadsheet.tui.widgets.follow_focus import KeysFollowFocus

POSITION_DELAY: Final = 0.5
"""Seconds of stillness before the reading position is reported."""

if TYPE_CHECKING:
    from broadsheet.library.article import Article
    from broadsheet.render.document import Document, Heading, Link


class ReaderView(KeysFollowFocus, DocumentView, can_focus=True, inherit_bindings=False):
    """Reads an article: scrolling and paging, n/N through matches, 1-9 open links."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("reader")]

    class PositionChanged(Message):
        """The reader came to rest at ``offset`` in the article's plain text."""

        def __init__(self, article_id: str, offset: int) -> None:
            self.article_id = article_id
            self.offset = offset
            super().__init__()

    class LinkRequested(Message):
        """The user asked to open a link of the article."""

        def __init__(self, link: Link) -> None:
            self.link = link
            super().__init__()

    class Opened(Message):
        """An article is shown (from the list, the palette, the history, a link...)."""

        def __init__(self, article_id: str) -> None:
            self.article_id = article_id
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """An empty reader."""
        super().__init__(id=id, classes=classes)
        self._position_timer: Timer | None = None

    def show(self, document: Document, article: Article, *, offset: int | None = None) -> None:
        """Display ``article`` (see :meth:`DocumentView.show`) and say which it is."""
        super().show(document, article, offset=offset)
        self.post_message(self.Opened(article.id))

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Report the reading position once scrolling stops."""
        super().watch_scroll_y(old, new)
        if self.document is None or round(old) == round(new):
            return
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_DELAY, self._report_position)

    def _report_position(self) -> None:
        offset = self.reading_offset()
        if self.article_id is not None and offset is not None:
            self.post_message(self.PositionChanged(self.article_id, offset))

    def action_find_step(self, step: int) -> None:
        """Move to the next (1) or previous (-1) match."""
        if self._finder.total and self.document is not None:
            self._finder.step(step)
            self._finder.layout(self.document, self._width or self.text_width)
            self._scroll_to_current()
            self.post_message(self.FindUpdated(self._finder.position, self._finder.total))
            self.refresh()

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll by a number of lines."""
        self._scroll_y(self.scroll_offset.y + lines)

    def action_page(self, pages: int) -> None:
        """Scroll by a page, keeping one line of the previous page in view."""
        step = max(1, self.scrollable_content_region.height - 1)
        self._scroll_y(self.scroll_offset.y + pages * step)

    def action_top(self) -> None:
        """Scroll to the start of the article."""
        self._scroll_y(0)

    def action_bottom(self) -> None:
        """Scroll to the end of the article."""
        self._scroll_y(self.max_scroll_y)

    def action_open_link(self, number: int) -> None:
        """Ask for link ``number`` of the article to be opened."""
        link = self.link(number)
        if link is None:
            self.notify(f"This article has no link {number}.", severity="warning")
        else:
            self.post_message(self.LinkRequested(link))

    def action_toggle_pictures(self) -> None:
        """Show or hide pictures, for this article and the rest of the session."""
        document = self.document
        if document is None or document.pictures is None:
            return
        self.pictures_on = not document.pictures.enabled
        document.pictures.enabled = self.pictures_on
        self._pictures_changed(document)
        if self.pictures_on:
            self._painter.probe(document)  # an article opened with pictures off
        self.notify("Pictures shown." if self.pictures_on else "Pictures hidden.")

    def action_load_pictures(self) -> None:
        """Load this article's remote pictures (they tell their servers who reads what)."""
        document = self.document
        if document is None or document.pictures is None:
            return
        if document.pictures.allow_remote():
            self._pictures_changed(document)
            self._painter.probe(document)
            self.refresh_bindings()

    def link(self, number: int) -> Link | None:
        """The article's link with that number, if any."""
        if self.document is None:
            return None
        return self.document.link(number)

    def heading_lines(self) -> list[tuple[Heading, int]]:
        """The article's headings with the line each is on at the current width."""
        if self.document is None:
            return []
        return self.document.heading_lines(self._width or self.text_width)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reading keys need an article; n/N need matches; digits need that link."""
        if self.document is None:
            return False
        if action == "find_step":
            return bool(self._finder.total)
        if action == "toggle_pictures":
            return self.document.pictures is not None
        if action == "load_pictures":
            pictures = self.document.pictures
            return pictures is not None and pictures.enabled and pictures.has_waiting
        if action == "open_link" and parameters:
            return self.link(int(str(parameters[0]))) is not None
        return True
