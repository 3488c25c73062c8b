"""Plain text from article bodies, for the full-text index, summaries and titles.

Regex-based on purpose: hundreds of megabytes must become text in seconds, and the index
needs the words, not the layout. The result is what a reader sees, so it is what they
search for: tags and Markdown syntax are gone, entities are decoded, and a line break
between two CJK characters is removed (``户籍\\n窗口`` reads ``户籍窗口``) while a
boundary between blocks (paragraphs, list items, headings, table rows) stays a newline.

Speed notes: Python's ``re`` is fast only when a pattern starts with a literal it can
skip to, and when the replacement is a plain string (a template or a function is a Python
call per match). So every pattern here starts with ``\\n``, ``<``, ``[``, ``{`` or a
backtick, and line-start syntax is matched after a ``\\n`` (the text is given one first).

Input must have passed :func:`broadsheet.library.text.clean_control`: the NUL and SOH
characters it removes serve here as private markers.
"""

from __future__ import annotations

import re
from html import unescape
from itertools import chain, zip_longest
from typing import Final

from broadsheet.library.article import BodyKind
from broadsheet.library.text import clean_control, join_cjk_lines

_BLOCK: Final = "\x00"
"""Marks a boundary between blocks, where CJK lines must not be joined."""
_INLINE: Final = "\x01"
"""Stands for a stashed code span while the prose is processed."""
_ESCAPED: Final = "\x03"
"""Stands for a character escaped with a backslash."""
_BLOCK_CODE: Final = "\x02"
"""Stands for a stashed code block."""

_COMMENT_RE: Final = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_DROP_RE: Final = re.compile(
    r"<(script|style|noscript|template|iframe|object|embed|form|svg)\b[^>]*?"
    r"(?:/>|>.*?</\1\s*>)",
    re.DOTALL | re.IGNORECASE,
)
# Attribute values are bounded so that an unclosed quote cannot make a scan quadratic.
_ATTRS: Final = r"""(?:"[^"]{0,4096}"|'[^']{0,4096}'|[^'"<>])*>"""
_BLOCK_TAG_RE: Final = re.compile(
    r"</?(?:address|article|aside|blockquote|body|br|caption|center|dd|details|dialog|div|dl"
    r"|dt|fieldset|figcaption|figure|footer|h[1-6]|head|header|hr|html|li|main|nav|ol|p|pre"
    r"|section|summary|table|tbody|td|tfoot|th|thead|title|tr|ul)(?=[\s/>])" + _ATTRS,
    re.IGNORECASE,
)
_TAG_RE: Final = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9:-]*(?=[\s/>])" + _ATTRS + r"|[!?][^<>]*>)")
_LEADING_TAG_RE: Final = re.compile(
    r"(?:\s|<!--.*?-->)*<(?:!doctype|html|body|div|p|section|article|table|h[1-6]|ul|ol"
    r"|blockquote|figure|header|main|center|font|span|pre)(?=[\s/>])",
    re.DOTALL | re.IGNORECASE,
)
_FENCE_RE: Final = re.compile(
    r"\n(?=[ \t]*[`~]{3})[ \t]*(`{3,}(?=[^`\n]*(?:\n|\Z))|~{3,})[^\n]*"
    r"((?:\n(?![ \t]*\1[`~]*[ \t]*(?:\n|\Z))[^\n]*)*)(?:\n[ \t]*\1[`~]*[ \t]*(?=\n|\Z)|\Z)"
)
_CODEBLOCK_TAG_RE: Final = re.compile(
    r"\{%-?[ \t]*(codeblock|code)\b[^\n]*?%\}(.*?)\{%-?[ \t]*end\1[ \t]*-?%\}", re.DOTALL
)
_SPAN_RE: Final = re.compile(r"`(?:([^`\n]+)`|(`+)([^\n]+?)`\2(?!`))")
_SPAN_OR_ESCAPE_RE: Final = re.compile(_SPAN_RE.pattern + r"|\\([!-/:-@\[-`{-~])")
# "\n#" is a literal start, fast to find; headings indented by 1-3 spaces are rare enough
# to be left to the line pass (their text then joins the next line).
_HEADING_LINE_RE: Final = re.compile(r"\n#(?:#{0,5})(?:[ \t]+([^\n]*)|(?=\n))")
# Bounded, so that an unclosed "{%" costs a short look ahead, not a scan to the end.
_POST_LINK_RE: Final = re.compile(r"\{%-?\s*post_link\s(.{0,1000}?)-?%\}", re.DOTALL)
_LIQUID_RE: Final = re.compile(r"\{(?:%.{0,1000}?%|\{.{0,1000}?\})\}", re.DOTALL)
_LIQUID_ARG_RE: Final = re.compile(r"\"([^\"]*)\"|'([^']*)'|(\S+)")
_LINE_RE: Final = re.compile(
    r"\n(?=[ \t]*[>#*+\-\d|=_\[\n])[ \t]*(?:"
    r"(?:[-*_][ \t]*){3,}(?=\n)|=+[ \t]*(?=\n)"  # thematic breaks, setext underlines
    r"|\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)+(?=\n)"  # table delimiter rows
    r"|\[\^[^\]\n]+\]:|\[[^\]\n]+\]:[^\n]*"  # footnote and link reference definitions
    r"|(?:>[ \t]?)*(?:#{1,6}(?=[ \t\n])|(?:[-+*]|\d{1,9}[.)])(?=[ \t])(?:[ \t]+\[[ xX]\])?)"
    r"|(?:>[ \t]?)+|\||(?=\n))"
)
_LINK_RE: Final = re.compile(
    r"\[([^\[\]\n]*)\](?:\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)|\[[^\]\n]*\])"
)
"""A link, ``[text](target)`` or ``[text][ref]``: its text is kept (an image's ``!`` goes
first)."""
_FOOTNOTE_REF_RE: Final = re.compile(r"\[\^[^\]\n]+\]")
_UNDERSCORE_RE: Final = re.compile(r"_+")
_BLOCK_RUN_RE: Final = re.compile(r"\x00[\x00 ]*")
_SPACES_RE: Final = re.compile("  +")
_UNICODE_SPACES: Final = (
    "\xa0\u3000\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f"
)
"""Non-ASCII whitespace (NEL is gone with the C1 controls): a plain space in the text."""
_HEADING_RE: Final = re.compile(
    r"\n[ \t]{0,3}#{1,6}[ \t]+([^\n]+?)(?:[ \t]+#+)?[ \t]*(?=\n)|<h[1-6]\b[^>]*>(.*?)</h[1-6]\s*>",
    re.DOTALL | re.IGNORECASE,
)
_HEAD_TITLE_RE: Final = re.compile(
    r"\A\s*(?:<!doctype[^>]{0,200}>\s*)?(?:<html\b[^>]{0,500}>\s*)?<head\b.{0,20000}?"
    r"<title\b[^>]{0,200}>(.{0,2000}?)</title\s*>",
    re.DOTALL | re.IGNORECASE,
)
"""The ``<title>`` in the ``<head>`` a whole HTML page starts with (not an SVG's)."""
_HTML_HEADING_RE: Final = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]\s*>", re.DOTALL | re.I)
_MORE_RE: Final = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_MARKDOWN_LINE_RE: Final = re.compile(
    r"\n(?=[ \t]*[#`~|])[ \t]*(?:#{1,6} |```|~~~|\|?[ \t]*:?-{3,})"  # heading, fence, table rule
)
_TAGGED_LINE_RE: Final = re.compile(r"\n(?=[^\n]*<[A-Za-z/!])")
_KIND_SAMPLE: Final = 8192
SUMMARY_LENGTH: Final = 200


def _strip_tags(text: str) -> str:
    """Remove comments, invisible elements and tags; block tags become block marks."""
    if "<!--" in text:
        text = _COMMENT_RE.sub("", text)
    text = _DROP_RE.sub("", text)
    text = _BLOCK_TAG_RE.sub(_BLOCK, text)
    return _TAG_RE.sub("", text)


def _normalise(text: str) -> str:
    """Soft breaks become spaces, runs of spaces one space, runs of block marks one newline."""
    text = text.replace("\n", " ").replace("\t", " ")
    if not text.isascii():
        for space in _UNICODE_SPACES:
            if space in text:
                text = text.replace(space, " ")
    if "  " in text:
        text = _SPACES_RE.sub(" ", text)
    return _BLOCK_RUN_RE.sub("\n", text.replace(" \x00", "\x00")).strip(" \n")


def html_to_text(html: str) -> str:
    """The visible text of an HTML fragment, one line per block."""
    html = _without_markers(html)
    if "<" in html:
        html = _strip_tags(html)
    if "&" in html:
        # An entity can spell a control character (&#27; is ESC): clean again after it.
        html = clean_control(unescape(html))
    return _normalise(join_cjk_lines(html))


def _post_link(match: re.Match[str]) -> str:
    """``{% post_link slug [title] [escape] %}`` reads as its title, else its slug."""
    args = [a or b or c for a, b, c in _LIQUID_ARG_RE.findall(match[1])]
    if args and args[-1] in ("true", "false"):
        args.pop()
    return " ".join(args[1:]) or (args[0] if args else "")


def _underscore(match: re.Match[str]) -> str:
    """Drop an underscore run at a word edge (emphasis); keep ``snake_case`` intact."""
    text, start, end = match.string, match.start(), match.end()
    before = start > 0 and text[start - 1].isalnum()
    after = end < len(text) and text[end].isalnum()
    return match[0] if before and after else ""


def _stash(text: str, inline: list[str], blocks: list[str], escaped: list[str]) -> str:
    """Replace code blocks, code spans and backslash escapes with markers.

    Their text is kept verbatim in ``blocks``, ``inline`` and ``escaped`` (in order), so
    no later pass reads syntax inside code and an escaped ``\\*`` stays a literal ``*``.
    """

    def block(match: re.Match[str]) -> str:
        blocks.append(match[2].removeprefix("\n"))
        return f"\n{_BLOCK_CODE}"

    if "```" in text or "~~~" in text:
        text = _FENCE_RE.sub(block, text)
    if "{%" in text:
        text = _CODEBLOCK_TAG_RE.sub(block, text)
    if "\\" in text:
        # Left to right in one pass: "\\`" is no code span, "`a\\`" is code "a\\".
        def span_or_escape(match: re.Match[str]) -> str:
            if match[4] is not None:
                escaped.append(match[4])
                return _ESCAPED
            inline.append(_span_text(match[1] or match[3]))
            return _INLINE

        return _SPAN_OR_ESCAPE_RE.sub(span_or_escape, text)
    if "`" in text:
        # Two passes in C beat one pass calling Python for each of dozens of spans.
        inline.extend(_span_text(one or two) for one, _, two in _SPAN_RE.findall(text))
        text = _SPAN_RE.sub(_INLINE, text)
    return text


def _span_text(content: str) -> str:
    """A code span's text: one space of padding on each side is not part of it."""
    return content.strip(" ") or content


def _restore(text: str, marker: str, items: list[str], wrap: str = "") -> str:
    """Put stashed ``items`` back where ``marker`` stands, in order."""
    kept = (f"{wrap}{item}{wrap}" for item in items)
    return "".join(chain.from_iterable(zip_longest(text.split(marker), kept, fillvalue="")))


def _without_markers(text: str) -> str:
    """``text`` without the private markers (input that skipped clean_control)."""
    if "\x00" in text or "\x01" in text or "\x02" in text or "\x03" in text:
        return clean_control(text)
    return text


def markdown_to_text(markdown: str) -> str:
    """The words of a Markdown body: syntax dropped, code kept, inline HTML as in HTML."""
    inline: list[str] = []
    blocks: list[str] = []
    escaped: list[str] = []
    text = _stash(f"\n{_without_markers(markdown)}\n", inline, blocks, escaped)
    if "{%" in text or "{{" in text:
        text = _LIQUID_RE.sub("", _POST_LINK_RE.sub(_post_link, text))
    if "<" in text:
        text = _strip_tags(text)
    if "#" in text:
        text = _HEADING_LINE_RE.sub(_heading, text)
    text = _LINE_RE.sub(_BLOCK, text)
    if "[^" in text:
        text = _FOOTNOTE_REF_RE.sub("", text)
    if "](" in text or "][" in text:
        # Only links and images lose their brackets; others are text (``[1]``, ``[sic]``).
        # Twice: an image inside a link (a badge, ``[![alt](img)](url)``) is one more level.
        if "![" in text:
            text = text.replace("![", "[")
        text = _LINK_RE.sub(r"\1", text)
        if "](" in text or "][" in text:
            text = _LINK_RE.sub(r"\1", text)
    text = text.replace("*", "").replace("~~", "").replace("|", " ")
    if "_" in text:
        text = _UNDERSCORE_RE.sub(_underscore, text)
    if "&" in text:
        # An entity can spell a control character (&#27; is ESC): clean again after it.
        text = clean_control(unescape(text))
    if inline:
        text = _restore(text, _INLINE, inline)
    if escaped:
        text = _restore(text, _ESCAPED, escaped)
    if not text.isascii():
        text = join_cjk_lines(text)
    if blocks:
        text = _restore(text, _BLOCK_CODE, blocks, _BLOCK)
    return _normalise(text)


def _heading(match: re.Match[str]) -> str:
    """A heading is a block of its own: marks on both sides, no ``#`` sequences."""
    text = (match[1] or "").rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):  # a closing sequence, not "C#"
        text = bare.rstrip(" \t")
    return f"{_BLOCK}{text}{_BLOCK}"


def body_kind(body: str) -> BodyKind:
    """``html`` when the body is mostly markup, else ``markdown``.

    Looks at the first 8 KB. Markdown syntax that HTML never has (a ``#`` heading line,
    a code fence, a table rule, the ``](`` of a link) means Markdown, whatever raw HTML
    blocks it holds (common in Hexo and Zola posts). Otherwise HTML when tags are on at
    least half of the non-blank lines, or the body opens with a block tag and tags are on
    a quarter of them.
    """
    if "<" not in body:
        return "markdown"
    sample = "\n" + body[:_KIND_SAMPLE].strip()
    if "](" in sample or _MARKDOWN_LINE_RE.search(sample) is not None:
        return "markdown"
    lines = sample.count("\n") - sample.count("\n\n")
    tagged = len(_TAGGED_LINE_RE.findall(sample))
    if tagged * 2 >= lines:
        return "html"
    leading = _LEADING_TAG_RE.match(body) is not None
    return "html" if leading and tagged * 4 >= lines else "markdown"


def body_text(body: str, kind: BodyKind) -> str:
    """Plain text of a body of the given kind."""
    return html_to_text(body) if kind == "html" else markdown_to_text(body)


def _one_line(html: str) -> str:
    """The text of an HTML fragment on one line."""
    return " ".join(html_to_text(html).split())


def first_heading(body: str, kind: BodyKind) -> str | None:
    """The text of the body's first heading (``#`` or ``<h1>``–``<h6>``), on one line;
    for a whole HTML page, its ``<title>``."""
    if kind == "html":
        match = _HEAD_TITLE_RE.match(body) if "<head" in body[:2000].lower() else None
        if match is None or not (found := _one_line(match[1])):
            match = _HTML_HEADING_RE.search(body)
            found = "" if match is None else _one_line(match[1])
        return found or None
    text = f"\n{body}\n"
    if "```" in text or "~~~" in text:
        text = _FENCE_RE.sub("\n", text)
    match = _HEADING_RE.search(text)
    if match is None:
        return None
    heading = markdown_to_text(match[1]) if match[1] is not None else html_to_text(match[2])
    return " ".join(heading.split()) or None


def summary_source(body: str) -> str | None:
    """The part of ``body`` before a ``<!--more-->`` mark, or None when there is none."""
    match = _MORE_RE.search(body) if "<!--" in body else None
    return None if match is None else body[: match.start()]


def _is_joiner(char: str) -> bool:
    """Combining marks, joiners and variation selectors belong to the character before."""
    code = ord(char)
    return (
        0x300 <= code <= 0x36F
        or 0x200C <= code <= 0x200D
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0100 <= code <= 0xE01EF
    )


def summarize(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """About ``limit`` characters of ``text`` on one line, cut with ``…`` when longer."""
    line = " ".join(text[: limit * 4].split())
    if len(line) <= limit and len(text) > limit * 4:
        line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = limit - 1
    while cut > 0 and _is_joiner(line[cut]):
        cut -= 1
    # Inside a Latin word: end at the space before it when that is not far back.
    if line[cut].isascii() and line[cut].isalnum() and line[cut - 1].isascii():
        space = line.rfind(" ", cut - 30, cut)
        if space > 0:
            cut = space
    return line[:cut].rstrip() + "…"
