"""markdown-it inline tokens to :class:`Inline` text with styles, link numbers and images."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from markdown_it.token import Token

from broadsheet.library.text import clean_control, is_cjk
from broadsheet.render.blocks import Inline, StyleKey
from broadsheet.render.links import LinkRegistry
from broadsheet.render.sanitize import AMP, DROPPED_ELEMENTS, EMPHASIS, GT, LT, STRONG, safe_url

RESTORE: Final = str.maketrans(
    {LT: "<", GT: ">", AMP: "&", "\t": " ", STRONG: None, EMPHASIS: None}
)
"""Stand-ins back to their characters; emphasis marks (in code, where they mean nothing)
dropped."""
_EMPHASIS_SPLIT_RE: Final = re.compile(f"([{STRONG}{EMPHASIS}])")
"""Turns the converter's stand-ins back into the characters the article wrote."""
IMAGE_MARK: Final = "▣"
_IMAGE_NUMBER_RE: Final = re.compile(IMAGE_MARK + r" \S+ (\d+)")
_FLAG_ORDER: Final = ("strong", "em", "strike", "link", "code")
_HTML_TAG_RE: Final = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_HTML_ATTR_RE: Final = re.compile(
    r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?"
)
_TAG_FLAGS: Final = {
    "b": "strong",
    "strong": "strong",
    "i": "em",
    "em": "em",
    "cite": "em",
    "u": "em",
    "code": "code",
    "kbd": "code",
    "tt": "code",
    "samp": "code",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
}
_DROPPED: Final = frozenset(DROPPED_ELEMENTS)


@dataclass(frozen=True, slots=True)
class InlineContext:
    """What inline conversion needs from its document."""

    registry: LinkRegistry
    image_label: str
    """``图片`` for a mostly-CJK document, ``Image`` otherwise."""
    hard_breaks: bool = False
    """Every newline is a line break (Markdown written for Hexo, whose renderer does that)."""


def image_numbers(inline: Inline) -> tuple[int, ...]:
    """The link numbers of the images in a paragraph made of nothing but images (and
    their link numbers); empty for any other paragraph, whose images stay placeholders."""
    text = inline.text
    if IMAGE_MARK not in text:
        return ()
    numbers: list[int] = []
    position = 0
    for start, end, key in inline.spans:
        if text[position:start].strip():
            return ()
        names = key.split("+")
        if "image" in names:
            match = _IMAGE_NUMBER_RE.match(text, start, end)
            if match is not None:
                numbers.append(int(match.group(1)))
        elif "link_number" not in names:
            return ()
        position = end
    if text[position:].strip():
        return ()
    return tuple(numbers)


def _attrs(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _HTML_ATTR_RE.finditer(raw):
        found.setdefault(
            match.group(1).lower(), match.group(2) or match.group(3) or match.group(4) or ""
        )
    return found


class _InlineBuilder:
    """Accumulates text and style spans while walking one inline token list."""

    def __init__(self, context: InlineContext) -> None:
        self.context = context
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, StyleKey]] = []
        self.glue: set[int] = set()
        self.flags: dict[str, int] = dict.fromkeys(_FLAG_ORDER, 0)
        self.links: list[tuple[str, int]] = []
        self.dropping = 0
        self.closed: frozenset[str] = frozenset()
        """Dropped elements that have an end tag in this paragraph."""

    def add(self, text: str, extra: str = "") -> None:
        """Append ``text`` in the current styles (plus ``extra``)."""
        if not text or self.dropping:
            return
        # Entities decoded by the Markdown parser (``&#27;``) must not bring controls back.
        text = clean_control(text)
        if not text:
            return
        names = [name for name in _FLAG_ORDER if self.flags[name]]
        if extra:
            names.append(extra)
        if names:
            self.spans.append((self.length, self.length + len(text), "+".join(names)))
        self.parts.append(text)
        self.length += len(text)

    def last_char(self) -> str:
        """The last character so far (empty at the start)."""
        return self.parts[-1][-1] if self.parts else ""

    def open_link(self, href: str) -> None:
        """Start a link (a fragment-only link is shown as plain text)."""
        href = href.strip()
        if href.startswith("#") or not href:
            self.links.append(("", len(self.parts)))
            return
        self.links.append((href, len(self.parts)))
        self.flags["link"] += 1

    def close_link(self) -> None:
        """End the innermost link and append its number."""
        if not self.links:
            return
        href, start = self.links.pop()
        if not href:
            return
        self.flags["link"] -= 1
        text = "".join(self.parts[start:]).strip()
        number = self.context.registry.number(href, text, "link")
        saved = self.flags["link"]
        self.flags["link"] = 0
        self.glue.add(self.length)
        self.add(f"[{number}]", "link_number")
        self.flags["link"] = saved

    def image(self, source: str, alt: str) -> None:
        """Append an image placeholder with its number."""
        label = f"{IMAGE_MARK} {self.context.image_label}"
        if source:
            number = self.context.registry.number(source, alt, "image")
            label = f"{label} {number}"
        self.add(f"{label}: {alt}" if alt else label, "image")

    def html(self, raw: str) -> None:
        """Honour the common inline HTML tags of a Markdown body; drop the others."""
        match = _HTML_TAG_RE.match(raw)
        if match is None:
            return
        closing, name, rest = bool(match.group(1)), match.group(2).lower(), match.group(3)
        if name in _DROPPED:
            # Only an element closed in the same paragraph is dropped with its content: an
            # unclosed one (``<object>`` written as text) must not swallow what follows.
            if name in self.closed and not rest.rstrip().endswith("/"):
                self.dropping = max(0, self.dropping + (-1 if closing else 1))
            return
        if self.dropping:
            return
        if name == "br":
            self.add("\n")
        elif name in _TAG_FLAGS:
            flag = _TAG_FLAGS[name]
            self.flags[flag] = max(0, self.flags[flag] + (-1 if closing else 1))
        elif name == "a":
            if closing:
                self.close_link()
            else:
                self.open_link(safe_url(_attrs(rest).get("href", "")))
        elif name == "img" and not closing:
            attrs = _attrs(rest)
            source = attrs.get("src") or attrs.get("data-src", "")
            self.image(safe_url(source), (attrs.get("alt") or attrs.get("title", "")).strip())
        elif name == "sup" and not closing:
            self.add("^")
        elif name == "input" and not closing:
            attrs = _attrs(rest)
            if attrs.get("type", "").lower() == "checkbox":
                self.add("☑ " if "checked" in attrs else "☐ ")

    def result(self) -> Inline:
        """The text without leading and trailing blanks, spans and glue shifted to match."""
        text = "".join(self.parts)
        stripped = text.strip(" \n")
        if stripped == text:
            return Inline(text, tuple(self.spans), frozenset(self.glue))
        lead = len(text) - len(text.lstrip(" \n"))
        cut = lead + len(stripped)
        spans = tuple(
            (max(start, lead) - lead, min(end, cut) - lead, key)
            for start, end, key in self.spans
            if start < cut and end > lead
        )
        return Inline(stripped, spans, frozenset(g - lead for g in self.glue if lead < g < cut))


def _plain(tokens: list[Token]) -> str:
    """The text of an image's alt tokens."""
    out: list[str] = []
    for token in tokens:
        if token.children:
            out.append(_plain(token.children))
        elif token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out).translate(RESTORE)


def _next_char(tokens: list[Token], index: int) -> str:
    for token in tokens[index + 1 :]:
        if token.type in ("text", "code_inline") and token.content:
            return token.content[0]
        if token.type in ("softbreak", "hardbreak", "image"):
            return ""
    return ""


def build_inline(tokens: list[Token] | None, context: InlineContext) -> Inline:
    """The :class:`Inline` for the children of one ``inline`` token."""
    builder = _InlineBuilder(context)
    builder.closed = frozenset(
        match.group(2).lower()
        for token in tokens or ()
        if token.type == "html_inline" and (match := _HTML_TAG_RE.match(token.content))
        if match.group(1)
    )
    for index, token in enumerate(tokens or ()):
        kind = token.type
        if kind == "text":
            content = token.content
            if STRONG in content or EMPHASIS in content:
                for piece in _EMPHASIS_SPLIT_RE.split(content):
                    if piece in (STRONG, EMPHASIS):
                        flag = "strong" if piece == STRONG else "em"
                        builder.flags[flag] = 0 if builder.flags[flag] else 1
                    else:
                        builder.add(piece.translate(RESTORE))
            else:
                builder.add(content.translate(RESTORE))
        elif kind == "softbreak":
            # CSS Text's segment-break rule: no space between two CJK characters.
            if context.hard_breaks:
                builder.add("\n")
            elif not (is_cjk(builder.last_char()) and is_cjk(_next_char(tokens or [], index))):
                builder.add(" ")
        elif kind == "hardbreak":
            builder.add("\n")
        elif kind == "code_inline":
            builder.add(token.content.translate(RESTORE), "code")
        elif kind.endswith("_open") and kind[:-5] in ("strong", "em", "s"):
            builder.flags["strike" if kind == "s_open" else kind[:-5]] += 1
        elif kind.endswith("_close") and kind[:-6] in ("strong", "em", "s"):
            flag = "strike" if kind == "s_close" else kind[:-6]
            builder.flags[flag] = max(0, builder.flags[flag] - 1)
        elif kind == "link_open":
            builder.open_link(str(token.attrGet("href") or ""))
        elif kind == "link_close":
            builder.close_link()
        elif kind == "image":
            builder.image(str(token.attrGet("src") or ""), _plain(token.children or []).strip())
        elif kind == "html_inline":
            builder.html(token.content)
    while builder.links:
        builder.close_link()
    return builder.result()
