"""The rendered article that the TUI's reader and ``broadsheet show`` share.

A :class:`Document` is cheap to create: it sanitizes the body, cuts it into chunks and converts
the first one. :meth:`Document.convert_next` converts the rest (from a worker thread);
:meth:`Document.lines` lays out what is converted so far at any width, caching each width and
re-using the parsed blocks when the width changes. A lock makes the two safe to interleave.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from broadsheet.library.article import Article, BodyKind
from broadsheet.render.blocks import Heading as BlockHeading
from broadsheet.render.blocks import Inline
from broadsheet.render.chunks import chunk_sizes, iter_html_chunks, iter_markdown_chunks
from broadsheet.render.convert import Converter
from broadsheet.render.header import body_stats, front_matter_links, header_lines, unique_links
from broadsheet.render.hexo import PostTitle, expand_hexo, looks_like_hexo
from broadsheet.render.inline import IMAGE_MARK, InlineContext
from broadsheet.render.layout import MIN_WIDTH, Layout, Line
from broadsheet.render.leaves import Flattener, Leaf
from broadsheet.render.links import Link, LinkRegistry
from broadsheet.render.pictures import Pictures
from broadsheet.render.references import reference_definitions
from broadsheet.render.sanitize import clean_body, drop_active_content
from broadsheet.render.styles import DEFAULT_STYLES, StyleMap

__all__ = ["Document", "Heading", "Line", "Link"]

DEFAULT_MAX_WIDTH: Final = 100
DEFAULT_PICTURE_ROWS: Final = 20
"""The tallest a picture is drawn until the reader says how tall its screen is."""
CACHED_WIDTHS: Final = 4
"""Layouts kept at once (a resize drag would otherwise keep one per width)."""
_HTML_GUESS_RE: Final = re.compile(r"</(?:p|div|span|table|ul|ol|li|h[1-6]|br)>|<br\s*/?>", re.I)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the article, at ``offset`` in :attr:`Document.plain_text`."""

    level: int
    text: str
    offset: int


def guess_kind(body: str) -> BodyKind:
    """``html`` when the body starts with a tag and closes a block element early on."""
    head = body.lstrip()[:4096]
    return "html" if head.startswith("<") and _HTML_GUESS_RE.search(head) else "markdown"


class Document:
    """An article converted (lazily) into styled lines at any width."""

    def __init__(
        self,
        chunks: Iterable[str],
        kind: BodyKind,
        *,
        header: Sequence[tuple[Inline, str]] = (),
        extra_links: Sequence[tuple[str, str]] = (),
        image_label: str = "Image",
        references: dict[str, Any] | None = None,
        hard_breaks: bool = False,
        styles: StyleMap | None = None,
        max_width: int = DEFAULT_MAX_WIDTH,
        pictures: Pictures | None = None,
    ) -> None:
        """A document of already sanitized ``chunks`` (taken one at a time, as conversion
        needs them); prefer :meth:`from_article`. With ``pictures``, images that stand in
        a paragraph of their own are drawn above their placeholders."""
        self.pictures = pictures
        """The article's pictures (None: placeholders only, as ``show --plain`` prints)."""
        self._picture_rows = DEFAULT_PICTURE_ROWS
        self.styles = styles or DEFAULT_STYLES
        self.max_width = max(max_width, MIN_WIDTH)
        self.kind = kind
        self.image_label = image_label
        self._chunks: Iterator[str] = iter(chunks)
        self._references = references or {}
        self._registry = LinkRegistry()
        context = InlineContext(self._registry, image_label, hard_breaks)
        self._converter = Converter(context)
        self._flattener = Flattener(self.styles)
        self._lock = threading.RLock()
        self._convert_lock = threading.Lock()
        self._leaves: list[Leaf] = []
        self._text_parts: list[str] = []
        self._plain: str | None = ""
        self._links: tuple[Link, ...] = ()
        self._headings: tuple[Heading, ...] = ()
        self._layouts: OrderedDict[int, Layout] = OrderedDict()
        self._complete = False
        self._header(header, extra_links)
        self._pending = self._take()
        if self._pending is None:
            self._finish()

    def _take(self) -> str | None:
        """The next chunk with any text in it, or None at the end."""
        for chunk in self._chunks:
            if chunk.strip():
                return chunk
        return None

    @classmethod
    def from_article(
        cls,
        article: Article | None,
        body: str,
        *,
        extra_links: Sequence[tuple[str, str]] | None = None,
        styles: StyleMap | None = None,
        max_width: int = DEFAULT_MAX_WIDTH,
        post_title: PostTitle | None = None,
        pictures: Pictures | None = None,
    ) -> Document:
        """Sanitize ``body``, cut it into chunks and convert the first one.

        ``extra_links`` are ``(label, url)`` pairs listed as images before the body's
        links; by default the article's front-matter images (``headimg``, ``thumbnail``).
        ``post_title`` names the library's posts that Hexo ``{% post_link %}`` tags point to.
        """
        if extra_links is None:
            extra_links = front_matter_links(article) if article is not None else ()
        body = clean_body(body)
        kind = article.body_kind if article is not None else guess_kind(body)
        stats = body_stats(body, article)
        references: dict[str, Any] = {}
        hard_breaks = False
        chunks: Iterator[str]
        size, first = chunk_sizes(body)
        if kind == "html":
            chunks = iter_html_chunks(drop_active_content(body), size, first)
        else:
            hard_breaks = looks_like_hexo(body)
            body = expand_hexo(body, post_title)
            chunks = iter_markdown_chunks(body, size, first)
            if len(body) > size * 1.5:
                references = reference_definitions(body)
        document = cls(
            chunks,
            kind,
            header=header_lines(article, stats) if article is not None else (),
            extra_links=extra_links,
            image_label="图片" if stats.mostly_cjk else "Image",
            references=references,
            hard_breaks=hard_breaks,
            styles=styles,
            max_width=max_width,
            pictures=pictures,
        )
        document.convert_next()
        return document

    def _header(
        self, header: Sequence[tuple[Inline, str]], extra_links: Sequence[tuple[str, str]]
    ) -> None:
        flattener = self._flattener
        for inline, base in header:
            flattener.text(inline, base, gap=0)
        for label, url in unique_links(extra_links):
            number = self._registry.number(url, label, "image")
            text = f"{IMAGE_MARK} {self.image_label} {number}: {label}"
            inline = Inline(text, ((0, len(text), "image"),))
            flattener.text(inline, "meta", gap=0, images=(number,))
        if flattener.leaves:
            flattener.rule(gap=0)
        self._publish()

    def _publish(self) -> None:
        """Make what the flattener produced visible to readers (the worker calls this)."""
        flattener = self._flattener
        with self._lock:
            self._leaves.extend(flattener.leaves[len(self._leaves) :])
            text = flattener.take_text()
            if text:
                self._text_parts.append(text)
                self._plain = None
            self._links = self._registry.snapshot()
            self._headings = tuple(
                Heading(entry.level, entry.text, entry.offset) for entry in flattener.headings
            )

    def _finish(self) -> None:
        links = self._registry.snapshot()
        if links:
            flattener = self._flattener
            title = "链接" if self.image_label == "图片" else "Links"
            flattener.blocks([BlockHeading(2, Inline(title))])
            for link in links:
                url = link.display_url
                extra = f"  {link.text}" if link.text and link.text != link.url else ""
                spans = ((0, len(url), "link"), (len(url), len(url) + len(extra), "meta"))
                mark = f"{IMAGE_MARK} " if link.kind == "image" else ""
                flattener.link_entry(Inline(url + extra, spans), f"[{link.number}] {mark}")
        self._publish()
        with self._lock:
            self._complete = True

    def convert_next(self) -> bool:
        """Convert one more chunk (safe from a worker thread); False once complete."""
        with self._convert_lock:
            if self._complete:
                return False
            chunk = self._pending
            if chunk is None:
                return False
            if self.kind == "html":
                blocks = self._converter.html(chunk)
            else:
                blocks = self._converter.markdown(chunk, self._references)
            self._flattener.blocks(blocks)
            self._pending = self._take()
            if self._pending is None:
                self._finish()
            else:
                self._publish()
            return not self._complete

    def convert_all(self) -> None:
        """Convert everything that is left."""
        while self.convert_next():
            pass

    @property
    def complete(self) -> bool:
        """Whether every chunk is converted (and the link list added)."""
        with self._lock:
            return self._complete

    @property
    def plain_text(self) -> str:
        """The text of the converted part, header included: what in-article find searches."""
        with self._lock:
            if self._plain is None:
                self._plain = "".join(self._text_parts)
                self._text_parts = [self._plain]
            return self._plain

    @property
    def links(self) -> tuple[Link, ...]:
        """The numbered links and images found so far."""
        with self._lock:
            return self._links

    @property
    def headings(self) -> tuple[Heading, ...]:
        """The headings found so far, in order."""
        with self._lock:
            return self._headings

    def link(self, number: int) -> Link | None:
        """The link with that number, if it is known yet."""
        links = self.links
        return links[number - 1] if 0 < number <= len(links) else None

    def content_width(self, width: int) -> int:
        """The width content is laid out at for a screen ``width`` cells wide."""
        return max(MIN_WIDTH, min(width, self.max_width))

    def pictures_changed(self) -> None:
        """Pictures became known, failed or were toggled: lay out again from scratch.

        The reader calls this on its own thread once it has noted what it shows, so a
        position taken from the old lines is never looked up in the new ones.
        """
        with self._lock:
            self._layouts.clear()

    def set_picture_rows(self, rows: int) -> None:
        """Draw pictures at most ``rows`` lines tall (about a screen: the reader's height)."""
        rows = max(1, rows)
        with self._lock:
            if rows != self._picture_rows:
                self._picture_rows = rows
                self._layouts.clear()

    def _layout(self, width: int) -> Layout:
        """The layout at ``width``, extended to every converted leaf (call with the lock)."""
        pictures = self.pictures
        key = self.content_width(width)
        layout = self._layouts.get(key)
        if layout is None:
            layout = Layout(
                key,
                self.styles.get("rule"),
                self.styles.get("table_border"),
                pictures=pictures.shape if pictures is not None else None,
                picture_rows=self._picture_rows,
                note=self.styles.get("meta"),
            )
            self._layouts[key] = layout
            while len(self._layouts) > CACHED_WIDTHS:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        layout.extend(self._leaves)
        return layout

    def lines(self, width: int) -> Sequence[Line]:
        """The lines of the converted part at ``width`` (content at most ``max_width``)."""
        with self._lock:
            return self._layout(width).view()

    def line_for_offset(self, offset: int, width: int) -> int:
        """The line showing ``plain_text[offset]``."""
        with self._lock:
            return self._layout(width).line_for_offset(offset)

    def offset_for_line(self, line: int, width: int) -> int:
        """The first plain-text offset shown on ``line`` (a width-independent position)."""
        with self._lock:
            layout = self._layout(width)
            if not len(layout):
                return 0
            return layout.start(min(max(line, 0), len(layout) - 1))

    def line_pieces(self, line: int, width: int) -> list[tuple[int, int, int]]:
        """What ``line`` shows: ``(plain start, plain end, first cell)`` per stretch of text
        (one for a paragraph line, one per cell for a table row; none for a border)."""
        with self._lock:
            layout = self._layout(width)
            return layout.pieces_of(line) if 0 <= line < len(layout) else []

    def highlight(self, spans: Sequence[tuple[int, int]], width: int) -> list[tuple[int, int, int]]:
        """Plain-text spans to ``(line, first cell, end cell)``, one per line a span covers."""
        with self._lock:
            text = self.plain_text
            layout = self._layout(width)
            found: list[tuple[int, int, int]] = []
            for start, end in spans:
                for line, (left, right) in layout.highlight(text, start, end).items():
                    found.append((line, left, right))
        return sorted(found)

    def heading_lines(self, width: int) -> list[tuple[Heading, int]]:
        """Each heading with the line it starts on."""
        with self._lock:
            layout = self._layout(width)
            return [(heading, layout.line_for_offset(heading.offset)) for heading in self._headings]
