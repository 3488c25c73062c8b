"""Link reference definitions of a whole Markdown document, for chunks converted on their own."""

from __future__ import annotations

import re
from typing import Any, Final

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference

_DEFINITION_RE: Final = re.compile(
    r"^ {0,3}\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*\n?[ \t]*(?:<([^<>\n]*)>|(\S+))"
    r"(?:[ \t]+(?:\"([^\"\n]*)\"|'([^'\n]*)'|\(([^()\n]*)\)))?[ \t]*$",
    re.MULTILINE,
)
_PARSER: Final = MarkdownIt("commonmark")


def reference_definitions(markdown: str) -> dict[str, Any]:
    """markdown-it's ``env["references"]`` for every ``[label]: url "title"`` in ``markdown``.

    The first definition of a label wins, as in CommonMark. Definitions are found by a
    pattern, not a full parse (which would cost as much as converting the whole document);
    one inside a code block may be picked up, which only matters if the text uses its label.
    """
    found: dict[str, Any] = {}
    if "]:" not in markdown:
        return found
    for match in _DEFINITION_RE.finditer(markdown):
        label = normalizeReference(match.group(1))
        if not label.strip() or label in found:
            continue
        url = match.group(2) if match.group(2) is not None else match.group(3)
        href = _PARSER.normalizeLink(url)
        if not _PARSER.validateLink(href):
            continue
        title = next((group for group in match.groups()[3:] if group is not None), "")
        found[label] = {"title": title, "href": href}
    return found
