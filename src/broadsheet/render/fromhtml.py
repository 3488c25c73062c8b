"""HTML to Markdown with html2text, prepared so that no text is lost on the way.

Before html2text runs:

- CSS Text's segment-break rule: whitespace holding a newline between two CJK characters
  (possibly across inline tags) is removed, so ``公众号\\n复制`` does not become ``公众号 复制``;
- tags are rebuilt with only the attributes conversion needs (no event handler survives) and
  only harmless URLs;
- tables become marker paragraphs (``MARK`` + ``T``/``R``/``C``/``H``/``t``) around their cell
  content, which html2text converts like any other blocks: ``<br>`` and ``<p>`` in a cell,
  ``|`` in text and nested tables then survive, and :mod:`broadsheet.render.convert` rebuilds
  the table; a ``pre`` gets a marker with its language;
- ``&lt; &gt; &amp;`` in text become private characters, turned back after parsing, so escaped
  markup stays literal text (html2text would output ``&lt;b&gt;`` as ``<b>``).
"""

from __future__ import annotations

import html
import re
from typing import Final

import html2text

from broadsheet.library.text import clean_control
from broadsheet.render.sanitize import AMP, EMPHASIS, GT, LT, MARK, STRONG, safe_url
from broadsheet.render.wrap import CJK_WIDE

_CJK: Final = f"[{CJK_WIDE}]"
_CJK_RE: Final = re.compile(_CJK)
_SEGMENT_BREAK_RE: Final = re.compile(
    rf"(?<={_CJK})((?:</?[a-zA-Z][^<>]*>)*)[ \t]*\n[ \t\n]*((?:</?[a-zA-Z][^<>]*>)*)(?={_CJK})"
)
# A tag's attributes stop at the next "<" (outside quotes; a quoted value may hold one only
# if short), so text full of stray "<" costs linear time. A "<" that starts no tag is
# literal text (group 5) and never reaches html2text, whose parser is slow on unclosed tags.
_TAG_OR_ENTITY_RE: Final = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)"
    r"((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*'|\"[^\"]{0,256}\"|'[^']{0,256}')*)>"
    r"|&(lt|gt|amp|#0*60|#0*62|#0*38|#x0*3c|#x0*3e|#x0*26);"
    r"|<[!?][^<>]*>"
    r"|(<)",
    re.IGNORECASE,
)
_ATTR_RE: Final = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_LANG_CLASS_RE: Final = re.compile(
    r"(?:\blang(?:uage)?-|\bbrush:\s*|\bhighlight-source-)([\w+#.-]+)", re.IGNORECASE
)
_CODE_AFTER_RE: Final = re.compile(r"\s*<code\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_ENTITY_CHARS: Final[dict[str | int, str]] = {
    "lt": LT,
    "gt": GT,
    "amp": AMP,
    60: LT,
    62: GT,
    38: AMP,
}
_NESTED_FIRST_RE: Final = re.compile(
    r"(?m)^((?:> ?)*[ ]*(?:(?:\d+\.|[*+-])[ ]{1,4})*(?:\d+\.|[*+-]))[ ]{5,}(?=(?:\d+\.|[*+-])[ ])"
)
MAX_NESTING: Final = 24
"""Lists and quotes nested deeper than this are flattened (real articles stay far below)."""
_NESTING_TAGS: Final = frozenset({"ul", "ol", "li", "blockquote", "dl", "dd"})
_DROP_TAGS: Final = frozenset({"tbody", "tfoot", "colgroup", "col", "caption"})
_CELL_TAGS: Final = frozenset({"td", "th"})


def apply_segment_break_rule(markup: str) -> str:
    """Remove whitespace holding a newline between two CJK characters (CSS Text level 3)."""
    if "\n" not in markup:
        return markup
    return _SEGMENT_BREAK_RE.sub(r"\1\2", markup)


def _attributes(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR_RE.finditer(raw):
        name = match.group(1).lower()
        value = match.group(2) or match.group(3) or match.group(4) or ""
        found.setdefault(name, value)
    return found


def _marker(kind: str) -> str:
    return f"<p>{MARK}{kind}</p>"


class _TagRewriter:
    """The callback that rebuilds each tag (with a little state for table headers)."""

    def __init__(self) -> None:
        self.in_head = False
        self.depth = 0

    def __call__(self, match: re.Match[str]) -> str:
        entity = match.group(4)
        if entity is not None:
            return _entity_char(entity.lower())
        if match.group(5) is not None:
            return LT
        if match.group(2) is None:
            return ""  # <!DOCTYPE>, <?xml?>, <![CDATA[...]]>: nothing to show
        closing = bool(match.group(1))
        name = match.group(2).lower()
        if name in _NESTING_TAGS:
            # Past a sane depth, nesting would exceed the Markdown parser's limit, which
            # drops what is inside: flatten it instead (items become lines).
            self.depth += -1 if closing else 1
            if self.depth > MAX_NESTING or (closing and self.depth >= MAX_NESTING):
                return "" if closing or name != "li" else "<br>"
        if name in _DROP_TAGS:
            return ""
        if name in ("figcaption", "figure"):
            # html2text runs a caption into the image's alt text: a paragraph of its own.
            return "</p>" if closing else "<p>"
        if name == "table":
            return _marker("t" if closing else "T")
        if name == "thead":
            self.in_head = not closing
            return ""
        if name == "tr":
            return "" if closing else _marker("Rh" if self.in_head else "R")
        if name in _CELL_TAGS:
            if closing:
                return ""
            span = _attributes(match.group(3)).get("colspan", "1")
            return _marker(("H" if name == "th" else "C") + (span if _is_number(span) else "1"))
        if closing:
            return f"</{name}>"
        return self._open(name, match)

    def _open(self, name: str, match: re.Match[str]) -> str:
        raw = match.group(3)
        if name == "a":
            href = safe_url(_attributes(raw).get("href", ""))
            return f'<a href="{html.escape(href)}">' if href else "<a>"
        if name == "img":
            attrs = _attributes(raw)
            source = attrs.get("src") or attrs.get("data-src") or attrs.get("data-original", "")
            alt = html.unescape(attrs.get("alt") or attrs.get("title", ""))
            return f'<img src="{html.escape(safe_url(source))}" alt="{html.escape(alt)}">'
        if name == "ol":
            start = _attributes(raw).get("start", "")
            return f'<ol start="{start}">' if _is_number(start) else "<ol>"
        if name == "pre":
            classes = _attributes(raw).get("class", "")
            inner = _CODE_AFTER_RE.match(match.string, match.end())
            if inner is not None:
                classes += " " + _attributes(inner.group(1)).get("class", "")
            lang = _LANG_CLASS_RE.search(classes)
            return (_marker("L" + lang.group(1)) if lang else "") + "<pre>"
        if name == "sup":
            return "<sup>^"
        if name == "progress":
            attrs = _attributes(raw)
            value, top = attrs.get("value", ""), attrs.get("max", "")
            return f" {value}/{top} " if value and top else ""
        if name == "input":
            attrs = _attributes(raw)
            if attrs.get("type", "").lower() == "checkbox":
                return "☑ " if "checked" in attrs else "☐ "
            return ""
        return f"<{name}>"


def _is_number(text: str) -> bool:
    """Whether ``text`` is a plain ASCII number (``"²".isdigit()`` is true, ``int`` fails)."""
    return text.isascii() and text.isdigit() and len(text) <= 6


def _entity_char(name: str) -> str:
    """The stand-in for ``&lt;``, ``&#60;``, ``&#x3C;`` and their ``>`` and ``&`` siblings."""
    name = name.lower()
    if name[0] != "#":
        return _ENTITY_CHARS[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    return _ENTITY_CHARS[code]


class _Html2Text(html2text.HTML2Text):
    """html2text without the spaces it inserts around emphasis.

    It separates ``<i>`` from a preceding letter and the text after ``</b>`` from the
    mark with a space, so that Markdown's ``*``/``**`` are understood; the space shows
    (``Title ,``) and between CJK characters it is wrong. Emphasis here is marked with
    :data:`~broadsheet.render.sanitize.STRONG` and ``EMPHASIS``, which need no space.
    """

    def handle_tag(self, tag: str, attrs: dict[str, str | None], start: bool) -> None:
        """Open emphasis without a space before it."""
        if start and tag in ("em", "i", "u", "strong", "b"):
            saved = self.preceding_data
            self.preceding_data = ""
            super().handle_tag(tag, attrs, start)
            if not self.preceding_data:
                self.preceding_data = saved
            return
        super().handle_tag(tag, attrs, start)

    def handle_data(self, data: str, entity_char: bool = False) -> None:
        """Close emphasis without a space after it; keep a space that ends the text."""
        if self.preceding_stressed and not self.stressed:
            self.preceding_stressed = False
        # html2text strips the first text after an opening mark at both ends, counting on
        # the space it would put before the next mark: ``<b>bold <i>both</i></b>``.
        trailing = self.stressed and data != data.rstrip() and bool(data.strip())
        super().handle_data(data, entity_char)
        if trailing:
            self.preceding_stressed = False
            super().handle_data(" ")


def _converter() -> _Html2Text:
    converter = _Html2Text(bodywidth=0)
    converter.inline_links = False
    converter.unicode_snob = True
    converter.escape_snob = True
    converter.mark_code = False
    converter.pad_tables = False
    converter.images_to_alt = False
    converter.single_line_break = False
    converter.emphasis_mark = EMPHASIS
    converter.strong_mark = STRONG
    return converter


def html_to_markdown(markup: str) -> str:
    """Convert sanitized HTML to Markdown for :func:`broadsheet.render.convert` to parse."""
    markup = apply_segment_break_rule(markup)
    markup = _TAG_OR_ENTITY_RE.sub(_TagRewriter(), markup)
    # html2text decodes entities: ``&#27;[2J`` becomes an escape sequence, removed here.
    markdown = clean_control(str(_converter().handle(markup)))
    # html2text puts a nested list that opens an item five spaces after the item's marker,
    # which CommonMark reads as indented code: one space keeps it a list. Lists opening
    # lists (``* 3. * item``) need one pass per level.
    for _ in range(MAX_NESTING):
        markdown, count = _NESTED_FIRST_RE.subn(r"\1 ", markdown)
        if not count:
            break
    return markdown
