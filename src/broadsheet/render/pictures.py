"""The pictures of one open article: their sources, sizes, notes and half-block rows.

A :class:`Document` asks :meth:`Pictures.shape` while laying out (never any I/O there);
the reader calls :meth:`Pictures.probe` and :meth:`Pictures.render` from worker threads
and has the Document lay out again when they say a shape changed. Remote pictures are fetched only
when the policy allows it: ``always``, or ``ask`` after the reader pressed the key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from broadsheet.render.graphics import (
    MAX_CELLS,
    Protocol,
    kitty_rows,
    kitty_transmit,
    new_image_id,
    sixel_rows,
)
from broadsheet.render.image_sources import LocalSource, NoSource, RemoteSource, resolve_source
from broadsheet.render.images import (
    PictureError,
    PictureSize,
    Pixels,
    Row,
    frame,
    half_blocks,
    probe,
)
from broadsheet.render.links import Link

RemotePolicy = Literal["ask", "always", "never"]
Shape = PictureSize | str
"""A picture to draw, or a one-line note said in its place (why it is not shown)."""
Fetch = Callable[[str], Path]
"""Fetches a remote picture into the cache and returns the cached file (``PictureError``)."""


def lazy_fetcher(folder: Path) -> Fetch:
    """A fetcher into ``folder`` whose HTTP machinery loads on the first fetch (start-up
    stays as fast as before for readers who never load a remote picture)."""
    made: list[Fetch] = []

    def fetch(url: str) -> Path:
        if not made:
            from broadsheet.render.fetch import PictureFetcher

            made.append(PictureFetcher(folder))
        return made[0](url)

    return fetch


CACHED_PICTURES: Final = 24
"""Pictures kept as rows at once: a few screens' worth, so memory stays flat."""
ASK_NOTE: Final = "remote picture, not loaded"
NEVER_NOTE: Final = "remote picture (remote pictures are off)"


@dataclass(frozen=True, slots=True)
class Drawing:
    """One picture at one size: its half-block rows, and what the terminal's protocol
    needs (kitty: the image id, its transmission and placeholder rows; sixel: one sixel
    per cell row)."""

    blocks: tuple[Row, ...]
    kitty_id: int = 0
    kitty: str = ""
    placeholders: tuple[Row, ...] = ()
    sixels: tuple[str, ...] = ()


def draw(
    pixels: Pixels,
    columns: int,
    rows: int,
    background: tuple[int, int, int],
    *,
    protocol: Protocol = "blocks",
    cell: tuple[int, int] = (10, 20),
    colours: int = 256,
) -> Drawing:
    """Decode a picture once for ``protocol`` at ``columns`` x ``rows`` cells of
    ``cell`` pixels; the half blocks come from the same pixels (``PictureError``)."""
    if protocol == "blocks" or columns > MAX_CELLS or rows > MAX_CELLS:
        small = frame(pixels, (columns, rows * 2), background)
        return Drawing(half_blocks(small.tobytes(), columns, rows))
    width, height = columns * cell[0], rows * cell[1]
    big = frame(pixels, (width, height), background)
    from PIL import Image

    small = big.resize((columns, rows * 2), Image.Resampling.BOX)
    blocks = half_blocks(small.tobytes(), columns, rows)
    if protocol == "kitty":
        image_id = new_image_id()
        return Drawing(
            blocks,
            kitty_id=image_id,
            kitty=kitty_transmit(image_id, big.tobytes(), (width, height), (columns, rows)),
            placeholders=kitty_rows(image_id, columns, rows),
        )
    return Drawing(blocks, sixels=sixel_rows(big.tobytes(), width, height, cell[1], colours))


@dataclass(frozen=True, slots=True)
class PictureSettings:
    """How a session shows pictures: the ``images`` and ``remote_images`` settings and
    the fetcher remote pictures come through (None: never fetched)."""

    images: Literal["auto", "blocks", "off"] = "auto"
    remote: RemotePolicy = "ask"
    fetch: Fetch | None = None
    ask_note: str = ASK_NOTE
    protocol: Protocol = "blocks"
    """What ``auto`` found the terminal speaks (``blocks`` unless the probe ran)."""
    cell: tuple[int, int] = (10, 20)
    """The terminal's cell in pixels (kitty and sixel pictures are drawn to it)."""
    colours: int = 256
    """Sixel colour registers the terminal has."""

    def for_article(self, article: Path | None, root: Path | None) -> Pictures:
        """The pictures of the article file ``article`` in the library ``root``."""
        return Pictures(
            article=article,
            root=root,
            remote=self.remote,
            fetch=self.fetch,
            enabled=self.images != "off",
            ask_note=self.ask_note,
            protocol=self.protocol if self.images == "auto" else "blocks",
            cell=self.cell,
            colours=self.colours,
        )


class Pictures:
    """Per-article picture state, shared by the layout (UI thread) and workers."""

    def __init__(
        self,
        *,
        article: Path | None,
        root: Path | None,
        remote: RemotePolicy = "ask",
        fetch: Fetch | None = None,
        enabled: bool = True,
        ask_note: str = ASK_NOTE,
        protocol: Protocol = "blocks",
        cell: tuple[int, int] = (10, 20),
        colours: int = 256,
    ) -> None:
        """Pictures of the article file ``article`` in the library ``root``."""
        self.protocol: Protocol = protocol
        """How they are drawn: half blocks, or the terminal's protocol over them."""
        self.cell = cell
        self.colours = colours
        self.article = article
        self.root = root
        self.remote: RemotePolicy = remote if fetch is not None else "never"
        self._fetch = fetch
        self._enabled = enabled
        self.ask_note = ask_note
        self._remote_allowed = self.remote == "always"
        self._lock = threading.Lock()
        self._shapes: dict[int, Shape] = {}
        self._pixels: dict[int, Pixels] = {}
        self._waiting: set[int] = set()
        """Remote pictures held back by the policy (probed again once allowed)."""
        self._rows: OrderedDict[tuple[int, int, int, tuple[int, int, int]], Drawing] = OrderedDict()

    @property
    def enabled(self) -> bool:
        """Whether pictures are drawn at all (the session's toggle)."""
        return self._enabled

    @enabled.setter
    def enabled(self, value: bool) -> None:
        with self._lock:
            self._enabled = value

    @property
    def has_waiting(self) -> bool:
        """Whether remote pictures wait for the reader's permission."""
        with self._lock:
            return bool(self._waiting) and not self._remote_allowed

    def allow_remote(self) -> bool:
        """Let this article's remote pictures load (False when the policy is ``never``)."""
        if self.remote == "never":
            return False
        with self._lock:
            self._remote_allowed = True
            for number in self._waiting:
                self._shapes.pop(number, None)
            self._waiting.clear()
        return True

    def shape(self, number: int) -> Shape | None:
        """What to lay out for picture ``number``: a size, a note, or nothing (unknown yet,
        or pictures off)."""
        if not self._enabled:
            return None
        shape = self._shapes.get(number)
        width, height = self.cell
        if isinstance(shape, PictureSize) and height != 2 * width:
            # The layout counts a cell as two square pixels; a cell of another shape (8x19
            # in kitty, say) would stretch the picture: give the layout the height it has
            # in those cells.
            return PictureSize(shape.width, max(1, round(shape.height * 2 * width / height)))
        return shape

    def _set(self, number: int, shape: Shape) -> None:
        with self._lock:
            self._shapes[number] = shape

    def probe(
        self,
        links: Iterable[Link],
        cancelled: Callable[[], bool] = bool,
        fetched: Callable[[], None] | None = None,
    ) -> bool:
        """Find and check (header only) every picture not seen yet; fetch remote ones
        when allowed, calling ``fetched`` after each (they are slow: show them as they
        come). Returns whether any shape changed. Does I/O: call from a worker."""
        changed = False
        if not self._enabled:
            return False  # nothing is read, let alone fetched, while pictures are off
        for link in links:
            if cancelled():
                break
            if link.kind != "image" or link.number in self._shapes:
                continue
            remote = self._remote_allowed and link.url.lower().startswith(("http:", "https:"))
            shape = self._probe_one(link)
            if shape is not None:
                self._set(link.number, shape)
                changed = True
                if remote and fetched is not None:
                    fetched()
        return changed

    def _probe_one(self, link: Link) -> Shape | None:
        source = resolve_source(link.url, self.article, self.root)
        if isinstance(source, NoSource):
            return f"picture not shown: {source.reason}"
        pixels: Pixels
        if isinstance(source, RemoteSource):
            if self.remote == "never" or self._fetch is None:
                return NEVER_NOTE
            if not self._remote_allowed:
                with self._lock:
                    self._waiting.add(link.number)
                return self.ask_note
            try:
                pixels = self._fetch(source.url)
            except PictureError as error:
                return f"picture not loaded: {error}"
        else:
            assert isinstance(source, LocalSource)
            pixels = source.path
        try:
            size = probe(pixels)
        except PictureError as error:
            return f"picture not shown: {error}"
        with self._lock:
            self._pixels[link.number] = pixels
        return size

    def rows(
        self, number: int, columns: int, rows: int, background: tuple[int, int, int]
    ) -> tuple[Row, ...] | None:
        """The half-block rows of a picture if they are made already (no I/O)."""
        made = self.drawing(number, columns, rows, background)
        return made.blocks if made is not None else None

    def drawing(
        self, number: int, columns: int, rows: int, background: tuple[int, int, int]
    ) -> Drawing | None:
        """A picture drawn at that size, if it is made already (no I/O)."""
        key = (number, columns, rows, background)
        with self._lock:
            made = self._rows.get(key)
            if made is not None:
                self._rows.move_to_end(key)
            return made

    def render(
        self, number: int, columns: int, rows: int, background: tuple[int, int, int]
    ) -> bool:
        """Decode picture ``number`` into rows at that size (a worker calls this). Returns
        False when it failed: its shape becomes a note and the layout must change."""
        key = (number, columns, rows, background)
        with self._lock:
            if key in self._rows:
                return True
            pixels = self._pixels.get(number)
        if pixels is None:
            return True
        try:
            made = draw(
                pixels,
                columns,
                rows,
                background,
                protocol=self.protocol,
                cell=self.cell,
                colours=self.colours,
            )
        except PictureError as error:
            self._set(number, f"picture not shown: {error}")
            return False
        with self._lock:
            self._rows[key] = made
            while len(self._rows) > CACHED_PICTURES:
                self._rows.popitem(last=False)
        return True
