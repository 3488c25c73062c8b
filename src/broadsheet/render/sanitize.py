"""Sanitizing, done once before anything is shown: no active content, no terminal escapes.

- Terminal escapes, C0/C1 controls and bidi overrides go through
  :func:`broadsheet.library.text.clean_control`.
- ``script style noscript template iframe object embed form`` elements and comments are
  dropped with their content; tags that survive keep only the attributes conversion needs
  (so no event handler survives), and links keep only harmless URLs.
- The private-use characters the converter uses as markers are removed from the input, so an
  article cannot forge them.
"""

from __future__ import annotations

import html
import re
from typing import Final

from broadsheet.library.text import clean_control

MARK: Final = "\ue000"
"""Starts a structural marker the converter passes through html2text."""
LT: Final = "\ue001"
GT: Final = "\ue002"
AMP: Final = "\ue003"
"""Stand-ins for escaped ``< > &`` in HTML text, so html2text cannot turn them into markup."""
STRONG: Final = "\ue004"
EMPHASIS: Final = "\ue005"
"""html2text's marks for ``<strong>`` and ``<em>`` (each opens and closes): unlike ``**``
they need no spaces around them to be understood, so ``<b>字符。</b>搜`` stays bold and
``<em>Title</em>,`` gets no space before its comma."""
PRIVATE_MARKS: Final = (MARK, LT, GT, AMP, STRONG, EMPHASIS)
_PRIVATE_RE: Final = re.compile("[\ue000-\ue005]")

DROPPED_ELEMENTS: Final = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "form",
)
RAW_TEXT_ELEMENTS: Final = frozenset({"script", "style", "noscript", "iframe"})
"""Elements whose content is raw text up to their end tag."""
VOID_ELEMENTS: Final = frozenset({"embed"})

_DROP_RE: Final = re.compile(r"<!--|<(" + "|".join(DROPPED_ELEMENTS) + r")\b[^>]*>", re.IGNORECASE)
# "post" is a Hexo post_link to another article of the library (never opened outside).
_SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto", "ftp", "news", "irc", "tel", "post"})
_SCHEME_RE: Final = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SPACE_RE: Final = re.compile(r"\s+")


def clean_field(text: object) -> str:
    """A metadata value ready to show on one line: controls removed, whitespace collapsed."""
    value = text if isinstance(text, str) else ("" if text is None else str(text))
    cleaned = clean_control(value.replace("\r", " "))
    return _SPACE_RE.sub(" ", _PRIVATE_RE.sub("", cleaned)).strip()


def clean_body(text: str) -> str:
    """An article body with CRLF normalised, controls removed and marker characters gone."""
    # Plain ``in`` tests first: scanning a megabyte for one character is much cheaper
    # than a replace or a regex search that finds nothing.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = clean_control(text)
    if any(mark in text for mark in PRIVATE_MARKS):
        text = _PRIVATE_RE.sub("", text)
    return text


def drop_active_content(markup: str) -> str:
    """Remove comments and the dropped elements (with their content) from HTML.

    Linear in the length of the markup whatever it holds (unclosed comments and elements
    are common in pasted HTML, and a rescan per opening would be quadratic).
    """
    if "<" not in markup:
        return markup
    out: list[str] = []
    position = 0
    comments_end = True  # False once a comment was found unclosed: none later can close
    pairs: dict[str, dict[int, int]] = {}
    while True:
        match = _DROP_RE.search(markup, position)
        if match is None:
            break
        out.append(markup[position : match.start()])
        name = match.group(1)
        if name is None:
            position = _comment_end(markup, match.end()) if comments_end else match.end()
            if position == match.end():
                comments_end = False  # unclosed: only "<!--" goes, the text stays
            continue
        name = name.lower()
        if name in VOID_ELEMENTS:
            position = match.end()
        elif name in RAW_TEXT_ELEMENTS:
            end = re.compile(rf"</{name}\b[^>]*>", re.IGNORECASE).search(markup, match.end())
            # Browsers hide everything after an unclosed script or style; so do we.
            position = len(markup) if end is None else end.end()
        else:
            if name not in pairs:
                pairs[name] = _element_pairs(markup, name)
            # Unclosed: only the start tag goes; the text after it stays readable.
            position = pairs[name].get(match.start(), match.end())
    out.append(markup[position:])
    return "".join(out)


def _comment_end(markup: str, after_open: int) -> int:
    """Where the comment opened just before ``after_open`` ends (``after_open`` if never)."""
    if markup.startswith(">", after_open):
        return after_open + 1
    if markup.startswith("->", after_open):
        return after_open + 2
    end = markup.find("--", after_open)
    while end >= 0:
        if markup.startswith("-->", end):
            return end + 3
        if markup.startswith("--!>", end):
            return end + 4
        end = markup.find("--", end + 1)
    return after_open


def _element_pairs(markup: str, name: str) -> dict[int, int]:
    """Start of each ``name`` start tag -> end of its matching end tag (one pass, nested)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in re.finditer(rf"<(/?){name}\b[^>]*>", markup, re.IGNORECASE):
        if not match.group(1):
            stack.append(match.start())
        elif stack:
            pairs[stack.pop()] = match.end()
    return pairs


def safe_url(url: str) -> str:
    """``url`` unescaped, or empty when its scheme could run code (``javascript:`` ...).

    ``data:`` image URLs keep only their media type: the payload is useless in a terminal.
    """
    url = html.unescape(url).strip()
    if clean_control(url) != url:
        return ""  # an address with controls or bidi overrides is not one to show or open
    match = _SCHEME_RE.match(url)
    if match is None:
        return url
    scheme = match.group(1).lower()
    if scheme == "data":
        head = url.partition(",")[0]
        return head + "," if head.lower().startswith("data:image/") else ""
    return url if scheme in _SAFE_SCHEMES else ""
