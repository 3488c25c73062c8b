"""A rendered Document drawn line by line (Line API), centred, with find highlights.

It draws only the lines on screen; the Document wraps once per width. The Document
is converted in chunks by a thread worker; the Document's own locks let the UI thread
lay out what is converted while the next chunk is converted. Positions are plain-text
offsets, so they survive a change of width; until the view has a size (hidden on a
narrow screen) a position waits in ``_pending_offset``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Final

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from broadsheet.library.article import Article
from broadsheet.tui.cells import fit
from broadsheet.tui.collector import CollectorHold
from broadsheet.tui.finder import Finder
from broadsheet.tui.scrolling import set_virtual_size
from broadsheet.tui.widgets.line_strips import LineStrips
from broadsheet.tui.widgets.picture_painter import PicturePainter, background_of
from broadsheet.tui.widgets.sixel_layer import Placed, SixelLayer, placed_rows

log = logging.getLogger(__name__)

MARGIN: Final = 2
"""Blank cells kept on each side of the text."""
EMPTY_TEXT: Final = "Press enter on an article to read it."

if TYPE_CHECKING:
    from broadsheet.render.document import Document, Line
    from broadsheet.render.pictures import Pictures


class DocumentView(ScrollView):
    """Shows one article's Document and the matches of a find in it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-view--match",
        "document-view--current-match",
        "document-view--empty",
    }

    DEFAULT_CSS = """
    DocumentView {
        scrollbar-gutter: stable;
        background: $background;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    DocumentView > .document-view--match { background: $warning 40%; }
    DocumentView > .document-view--current-match {
        background: $accent; color: $text; text-style: bold;
    }
    DocumentView > .document-view--empty { color: $text-muted; text-style: italic; }
    """

    class FindUpdated(Message):
        """The matches of the find changed: ``current`` is 1-based (0 when none)."""

        def __init__(self, current: int, total: int) -> None:
            self.current = current
            self.total = total
            super().__init__()

    class Converted(Message):
        """The whole document has been converted (headings and links are complete)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """An empty view."""
        super().__init__(id=id, classes=classes)
        self.document: Document | None = None
        """The document shown (None before an article is opened)."""
        self.article: Article | None = None
        """The article shown."""
        self._lines: Sequence[Line] = ()
        self._width = 0
        self._pending_offset: int | None = None
        self._pending_match = False
        self._styles: dict[str, Style] = {}
        self._finder = Finder()
        self._painter = PicturePainter(self, self._pictures_changed, self._draw_ahead)
        self._sixels = SixelLayer(self, self._sixel_rows)
        self._strips = LineStrips()
        self._heading_down = True
        """Which way the reader last scrolled: the page drawn ahead is that way."""
        self._collector = CollectorHold(self)
        self.pictures_on: bool | None = None
        """The session's choice to show pictures or not (None: each article's default)."""

    def on_mount(self) -> None:
        """Repaint pictures when another screen comes on top or goes (kitty placeholders
        and sixels are drawn only while the reader's screen is on top)."""
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        """Free the kitty pictures the terminal holds for this view."""
        self._painter.free()
        self._collector.release()

    def _screen_changed(self, _screen: object) -> None:
        self._sixels.forget()
        pictures = self.document.pictures if self.document is not None else None
        if pictures is not None and pictures.protocol != "blocks":
            self.refresh()

    @property
    def article_id(self) -> str | None:
        """The id of the article shown."""
        return self.article.id if self.article is not None else None

    @property
    def text_width(self) -> int:
        """The width the document is wrapped to (it may use less: its reading width)."""
        return max(10, self.scrollable_content_region.width - 2 * MARGIN)

    @property
    def finder(self) -> Finder:
        """The in-article find: terms, matches and the current one."""
        return self._finder

    def show(self, document: Document, article: Article, *, offset: int | None = None) -> None:
        """Display ``article`` rendered as ``document`` at ``offset`` (None is the top)."""
        self.workers.cancel_group(self, "convert")
        self._painter.forget()
        self._strips.clear()
        if document.pictures is not None and self.pictures_on is not None:
            document.pictures.enabled = self.pictures_on
        self.document = document
        self.article = article
        self._finder = Finder()
        self._width = 0
        self._pending_offset = offset
        self._pending_match = False
        self._relayout()
        self._scroll_y(0)
        self._apply_pending_offset()
        self.refresh()
        self.refresh_bindings()
        self._painter.probe(document)
        if document.complete:
            self.post_message(self.Converted())
        else:
            self._convert(document)

    def clear(self) -> None:
        """Show nothing (the empty-state hint)."""
        self.workers.cancel_group(self, "convert")
        self.document = None
        self.article = None
        self._finder = Finder()
        self._lines = ()
        self._strips.clear()
        set_virtual_size(self, Size(0, 0))
        self.refresh()
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="convert", exit_on_error=False)
    def _convert(self, document: Document) -> None:
        worker = get_current_worker()
        more = True
        while more and not worker.is_cancelled:
            try:
                more = document.convert_next()
            except Exception as error:  # a renderer bug: say so, keep what was converted
                log.exception("converting the rest of the article failed")
                self.notify(
                    f"The rest of this article could not be displayed ({type(error).__name__}).",
                    severity="error",
                    markup=False,
                )
                return
            if not worker.is_cancelled:
                self.app.call_from_thread(self._chunk_converted, document)

    def _pictures_changed(self, document: Document) -> None:
        """Pictures appeared, failed or were toggled: lay out again, same text on top."""
        if document is not self.document:
            return
        if self._width and self._pending_offset is None and self._lines:
            # From the lines on screen: the document's next layout already has the change.
            top = min(int(self.scroll_offset.y), len(self._lines) - 1)
            self._pending_offset = self._lines[top].start
        document.pictures_changed()
        self._rewrap()
        self.refresh()
        self.refresh_bindings()

    def _rewrap(self) -> None:
        if self._width and self._pending_offset is None:
            self._pending_offset = self._top_offset()  # keep the same text at the top
        self._width = 0
        self._relayout()
        self._apply_pending_offset()

    def _chunk_converted(self, document: Document) -> None:
        if document is not self.document:
            return
        self._rewrap()
        if document.complete:
            self._painter.probe(document)
            if self._finder.terms:
                jump = self._finder.total == 0
                total = self._run_find(self._finder.terms, keep_current=True)
                if jump and total:
                    # The first match was past the part converted when the find started.
                    self._pending_offset = self._finder.spans[self._finder.current][0]
                    self._pending_match = True
                    self._apply_pending_offset()
            self.post_message(self.Converted())
        self.refresh()

    def _relayout(self) -> None:
        """Wrap for the current width (cached by the Document) and size the scroll area.

        A reader that has no size yet (hidden on a narrow screen) waits for its resize.
        """
        document = self.document
        if document is None or self.scrollable_content_region.width <= 2 * MARGIN:
            return
        width = self.text_width
        if width == self._width:
            return
        document.set_picture_rows(self.scrollable_content_region.height - 2)
        self._lines = document.lines(width)
        self._width = width
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(self._lines)))
        self._finder.layout(document, width)

    def _apply_pending_offset(self) -> None:
        document = self.document
        offset = self._pending_offset
        if document is None or offset is None or not self._width:
            return
        if not document.complete and offset >= len(document.plain_text):
            return  # that part is not converted yet: wait for the next chunk
        self._pending_offset = None
        if self._pending_match:
            self._pending_match = False
            self._scroll_to_current()
        else:
            self._scroll_y(self._line_for(offset))

    def _line_for(self, offset: int) -> int:
        if self.document is None:
            return 0
        return self.document.line_for_offset(offset, self._width or self.text_width)

    def _top_offset(self) -> int:
        if self.document is None or not self._width:
            return self._pending_offset or 0
        return self.document.offset_for_line(int(self.scroll_offset.y), self._width)

    def reading_offset(self) -> int | None:
        """Where the reader is: the plain-text offset of the top line (None when empty)."""
        if self.document is None:
            return None
        if self._pending_offset is not None:
            return self._pending_offset
        return self._top_offset()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap for the new width, keeping the same text at the top."""
        self._styles.clear()
        self._sixels.redraw_soon()
        if self.document is None:
            return
        if self._width and self._pending_offset is None:
            self._pending_offset = self._top_offset()
        if self.document.pictures is not None:
            self._width = 0  # a new height re-scales the pictures
        self._relayout()
        self._apply_pending_offset()
        self.refresh()  # the screen may have painted the old wrapping in the new size

    def find(self, terms: Sequence[str], *, from_offset: int | None = None) -> int:
        """Highlight every match of ``terms``; returns how many there are.

        The current match is the first at or after ``from_offset`` (default: the top
        of the view), and the view scrolls to it.
        """
        total = self._run_find(tuple(terms), keep_current=False, from_offset=from_offset)
        if total and self._width:
            self._scroll_to_current()
        elif total:
            # Not laid out yet: go to the match once the reader has a size.
            self._pending_offset = self._finder.spans[self._finder.current][0]
            self._pending_match = True
        return total

    def _run_find(
        self, terms: tuple[str, ...], *, keep_current: bool, from_offset: int | None = None
    ) -> int:
        if self.document is None:
            return 0
        current = self._finder.current if keep_current else None
        start = self._top_offset() if from_offset is None else from_offset
        self._finder = Finder.search(self.document, terms, start)
        if current is not None and self._finder.total:
            self._finder.current = min(current, self._finder.total - 1)
        if self._width:
            self._finder.layout(self.document, self._width)
        self.post_message(self.FindUpdated(self._finder.position, self._finder.total))
        self.refresh()
        self.refresh_bindings()
        return self._finder.total

    def clear_find(self) -> None:
        """Remove the find highlights."""
        self._finder = Finder()
        self.post_message(self.FindUpdated(0, 0))
        self.refresh()
        self.refresh_bindings()

    def _scroll_to_current(self) -> None:
        line = self._finder.current_line
        if line is None:
            return
        height = self.scrollable_content_region.height
        if not self.scroll_offset.y <= line < self.scroll_offset.y + height:
            self._scroll_y(max(0, line - height // 3))

    def scroll_to_line(self, line: int) -> None:
        """Put ``line`` at the top of the view."""
        self._scroll_y(line)

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Repaint for the new position, the collector held until that frame is drawn."""
        super().watch_scroll_y(old, new)
        if round(old) != round(new):
            self._collector.hold()
            self._heading_down = new > old
            self.call_after_refresh(self._draw_ahead)

    def _scroll_y(self, y: float) -> None:
        # force: right after a new virtual size Textual has not yet decided that a
        # scrollbar is needed and would refuse to scroll (the value is still clamped).
        self.scroll_to(y=y, animate=False, force=True, immediate=True)

    def notify_style_update(self) -> None:
        """The theme changed: forget the styles looked up and the lines drawn in them."""
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _style(self, name: str) -> Style:
        # rich_style and component styles walk the CSS: look them up once per theme.
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if not name else self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        """Draw one screen line of the document, centred, with find highlights."""
        width = self.scrollable_content_region.width
        base = self._style("")
        if self.document is None:
            if y == 1:
                style = base + self._style("document-view--empty")
                return Strip([Segment(fit(" " * MARGIN + EMPTY_TEXT, width), style)], width)
            return Strip.blank(width, base)
        index = y + int(self.scroll_offset.y)
        if index >= len(self._lines):
            return Strip.blank(width, base)
        pictures = self._shown_pictures()
        if pictures is not None:
            if y == 0:
                height = self.scrollable_content_region.height
                self._painter.prefetch(self._lines, index, height, pictures, base)
            if pictures.protocol == "sixel":
                picture = self._lines[index].picture is not None
                self._sixels.repainted(self.content_region.y + y, picture)
        return self._line_strip(index, width, base, pictures)

    def _shown_pictures(self) -> Pictures | None:
        pictures = self.document.pictures if self.document is not None else None
        return pictures if pictures is not None and pictures.enabled else None

    def _line_strip(self, index: int, width: int, base: Style, pictures: Pictures | None) -> Strip:
        """Line ``index`` drawn, or the strip it was drawn as before in the same context."""
        on_top = self.screen.is_active
        finder = self._finder
        context = (self._lines, width, base, finder, finder.current, on_top, pictures is None)
        strip = self._strips.get(index, context)
        if strip is None:
            strip, final = self._draw(index, width, base, pictures, on_top)
            if final:
                self._strips.put(index, context, strip)
        return strip

    def _draw_ahead(self) -> None:
        """Draw the page beyond the view, the way the reader is heading (after a frame,
        or once a picture there is decoded): paging on, its lines are looked up rather
        than drawn while a key waits."""
        if self.document is None or not self._width:
            return
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        start = top + height if self._heading_down else max(0, top - height)
        width = self.scrollable_content_region.width
        base = self._style("")
        pictures = self._shown_pictures()
        for index in range(start, min(len(self._lines), start + height)):
            self._line_strip(index, width, base, pictures)

    def _draw(
        self, index: int, width: int, base: Style, pictures: Pictures | None, on_top: bool
    ) -> tuple[Strip, bool]:
        """Line ``index`` centred in ``width`` with its picture row and find highlights,
        and whether that strip is final (a picture still decoding is not)."""
        line = self._lines[index]
        strip = Strip(line.segments)
        final = True
        if pictures is not None and line.picture is not None:
            strip, final = self._painter.paint(line, strip, pictures, base, on_top)
        for start, end, current in self._finder.marks(index):
            name = "document-view--current-match" if current else "document-view--match"
            strip = _stylize(strip, start, end, self._style(name))
        strip = Strip.join([Strip.blank(self._left(width), base), strip])
        return strip.extend_cell_length(width, base).crop(0, width).apply_style(base), final

    def _left(self, width: int) -> int:
        """Cells left of the text: the margin, or more to centre a narrow document."""
        if self.document is None:
            return MARGIN
        content = self.document.content_width(self._width) if self._width else width
        return max(MARGIN, (width - content) // 2)

    def _sixel_rows(self) -> list[Placed]:
        """The sixels of the picture rows on screen, with their screen places."""
        document = self.document
        pictures = document.pictures if document is not None else None
        if pictures is None or not pictures.enabled or pictures.protocol != "sixel":
            return []
        region = self.content_region
        top = int(self.scroll_offset.y)
        left = self._left(self.scrollable_content_region.width)
        rgb = background_of(self._style(""))
        out: list[Placed] = []
        for y in range(min(region.height, len(self._lines) - top)):
            row = self._lines[top + y].picture
            if row is not None:
                made = pictures.drawing(row.number, row.columns, row.rows, rgb)
                x = region.x + left + row.x
                out += placed_rows(made, row.row, x, region.y + y, row.columns)
        return out


def _stylize(strip: Strip, start: int, end: int, style: Style) -> Strip:
    """``strip`` with the cells ``[start, end)`` drawn in ``style`` on top of theirs."""
    if end <= start:
        return strip
    length = strip.cell_length
    before, middle, after = strip.divide([start, min(end, length), length])
    middle = Strip(Segment.apply_style(middle, post_style=style), middle.cell_length)
    return Strip.join([before, middle, after])
