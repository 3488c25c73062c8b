"""Pictures in the reader: half-block rows drawn over a Document's picture lines.

The Document lays out a picture as blank lines that carry a :class:`PictureRow`; this
draws the rows that are decoded and asks a worker thread for the others, so only
pictures on (or next to) the screen are ever decoded, and never on the UI thread.
With kitty's protocol a row is its placeholder cells (the picture is sent to the
terminal once, when decoded); while another screen is on top they are half blocks
again (Textual tints what is under a modal, and the tint would change the image id).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final

from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import get_current_worker

from broadsheet.render.graphics import kitty_delete
from broadsheet.tui.textual_compat import write_to_terminal

if TYPE_CHECKING:
    from broadsheet.render.document import Document, Line
    from broadsheet.render.pictures import Drawing, Pictures

Key = tuple[int, int, int, tuple[int, int, int]]
AHEAD: Final = 1
"""Screens below (and above) the view whose pictures are decoded before they show."""
DEFAULT_BACKGROUND: Final = (0, 0, 0)
KITTY_KEPT: Final = 32
"""kitty images kept in the terminal at once; the oldest is freed past that."""


def background_of(style: Style) -> tuple[int, int, int]:
    """The RGB a transparent picture is drawn over: the reader's background."""
    if style.bgcolor is None:
        return DEFAULT_BACKGROUND
    triplet = style.bgcolor.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


class PicturePainter:
    """Draws and decodes the pictures of the Document a view shows."""

    def __init__(
        self,
        view: Widget,
        changed: Callable[[Document], None],
        ahead: Callable[[], None] = lambda: None,
    ) -> None:
        """Work for ``view``; ``changed`` re-lays out a document whose shapes changed,
        ``ahead`` is told of a picture decoded before it is on screen."""
        self._view = view
        self._changed = changed
        self._ahead = ahead
        self._wanted: dict[Key, Pictures] = {}
        self._busy = False
        self._sent: OrderedDict[int, None] = OrderedDict()
        """kitty image ids the terminal holds, oldest first."""

    def probe(self, document: Document) -> None:
        """Find the document's pictures and read their sizes (and fetch remote ones when
        allowed), in a worker; the layout changes once they are known."""
        pictures = document.pictures
        if pictures is None:
            return

        app = self._view.app

        def work() -> None:
            worker = get_current_worker()

            def fetched() -> None:
                if not worker.is_cancelled:
                    app.call_from_thread(self._changed, document)

            if pictures.probe(document.links, lambda: worker.is_cancelled, fetched):
                app.call_from_thread(self._changed, document)

        self._view.run_worker(work, thread=True, group="pictures-probe", exit_on_error=False)

    def paint(
        self,
        line: Line,
        strip: Strip,
        pictures: Pictures,
        background: Style,
        on_top: bool = True,
    ) -> tuple[Strip, bool]:
        """``strip`` (a picture line's blank) with the picture's row drawn over it, or
        the blank while the row is being decoded. ``on_top``: no other screen covers
        the view (kitty placeholders are drawn only then). The flag says whether the
        strip is final: half blocks stay the same while the view's width, theme and
        screen do; a blank changes once decoded, and kitty placeholders are only
        shown while the terminal holds their picture (:meth:`send` checks that)."""
        row = line.picture
        if row is None:
            return strip, True
        rgb = background_of(background)
        made = pictures.drawing(row.number, row.columns, row.rows, rgb)
        if made is None:
            self.want(pictures, [(row.number, row.columns, row.rows)], rgb)
            return strip, False
        rows = made.blocks
        kitty = bool(made.kitty_id and on_top)
        if kitty:
            self.send(made)
            rows = made.placeholders
        segments = rows[row.row] if row.row < len(rows) else ()
        return Strip.join([strip.crop(0, row.x), Strip(segments, row.columns)]), not kitty

    def send(self, made: Drawing) -> None:
        """Give the terminal the kitty picture ``made`` unless it has it; free the oldest
        past :data:`KITTY_KEPT`."""
        if made.kitty_id in self._sent:
            self._sent.move_to_end(made.kitty_id)
            return
        freed = ""
        while len(self._sent) >= KITTY_KEPT:
            old, _ = self._sent.popitem(last=False)
            freed += kitty_delete(old)
        write_to_terminal(self._view.app, freed + made.kitty)
        self._sent[made.kitty_id] = None

    def free(self) -> None:
        """Free every kitty picture sent (the reader is closing)."""
        if self._sent:
            write_to_terminal(self._view.app, "".join(map(kitty_delete, self._sent)))
            self._sent.clear()

    def prefetch(
        self, lines: Sequence[Line], top: int, height: int, pictures: Pictures, background: Style
    ) -> None:
        """Ask for the pictures within :data:`AHEAD` screens of the view."""
        found: list[tuple[int, int, int]] = []
        last = min(len(lines), top + (1 + AHEAD) * height)
        for index in range(max(0, top - AHEAD * height), last):
            row = lines[index].picture
            if row is not None and row.row == 0:
                found.append((row.number, row.columns, row.rows))
        if found:
            self.want(pictures, found, background_of(background))

    def want(
        self, pictures: Pictures, wanted: Sequence[tuple[int, int, int]], rgb: tuple[int, int, int]
    ) -> None:
        """Decode these pictures (``(number, columns, rows)``) unless they are made."""
        for number, columns, rows in wanted:
            if pictures.rows(number, columns, rows, rgb) is None:
                self._wanted.setdefault((number, columns, rows, rgb), pictures)
        if self._wanted and not self._busy:
            # After the frame that asked: a decode starting meanwhile (imports, headers,
            # half blocks in Python) would hold the interpreter while the frame is drawn.
            self._busy = self._view.call_after_refresh(self._start)

    def _start(self) -> None:
        self._view.run_worker(self._decode, thread=True, group="pictures", exit_on_error=False)

    def forget(self) -> None:
        """Drop requests for pictures no longer shown (another article opened)."""
        self._wanted.clear()

    def _decode(self) -> None:
        worker = get_current_worker()
        app = self._view.app
        while not worker.is_cancelled:
            try:
                key, pictures = next(iter(self._wanted.items()))
            except (StopIteration, RuntimeError):  # empty, or changed by the UI thread
                break
            self._wanted.pop(key, None)
            number, columns, rows, rgb = key
            ok = pictures.render(number, columns, rows, rgb)
            app.call_from_thread(self._done, pictures, ok, number)
        self._busy = False
        if self._wanted:  # asked for while this worker was finishing
            app.call_from_thread(self._restart)

    def _restart(self) -> None:
        if self._wanted and not self._busy:
            self._busy = True
            self._start()

    def _done(self, pictures: Pictures, ok: bool, number: int) -> None:
        document = getattr(self._view, "document", None)
        if document is None or document.pictures is not pictures:
            return
        if not ok:
            self._changed(document)
        elif self._on_screen(number):
            self._view.refresh()
        else:
            # A picture decoded ahead of the view shows when it is scrolled to: repainting
            # the whole view for it would cost a frame in the middle of the reader's paging.
            self._ahead()

    def _on_screen(self, number: int) -> bool:
        """Whether a row of picture ``number`` is in the view now."""
        view = self._view
        lines = getattr(view, "_lines", None)
        if lines is None:
            return True
        top = int(view.scroll_offset.y)
        shown = lines[top : top + view.scrollable_content_region.height]
        return any(line.picture is not None and line.picture.number == number for line in shown)
