"""Semantic style names to Rich styles: the one place that decides how an article looks.

The TUI builds its own :class:`StyleMap` from its theme colours; the CLI uses
:data:`DEFAULT_STYLES`. Code is coloured with a Pygments theme, on the ``code_block`` background.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Final

from rich.style import Style
from rich.syntax import Syntax, SyntaxTheme

STYLE_NAMES: Final = (
    "text",
    "title",
    "meta",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "strike",
    "code",
    "code_block",
    "link",
    "link_number",
    "image",
    "quote",
    "quote_bar",
    "rule",
    "table_border",
    "table_header",
    "list_marker",
)
"""Every name the renderer looks up (a missing one means no style)."""

_NULL: Final = Style.null()
TAB_SIZE: Final = 4
"""Tabs in code become this many spaces (before layout, so the plain text matches)."""


@dataclass(frozen=True, slots=True)
class StyleMap:
    """Semantic names (:data:`STYLE_NAMES`) to Rich styles, plus a Pygments theme for code."""

    styles: Mapping[str, Style] = field(default_factory=dict)
    pygments_theme: str = "monokai"

    def get(self, name: str) -> Style:
        """The style for one name (the null style when the map has none)."""
        return self.styles.get(name, _NULL)

    def combine(self, base: str, key: str = "") -> Style:
        """``base`` with every ``+``-separated name of ``key`` layered on top."""
        style = self.get(base)
        if key:
            for name in key.split("+"):
                style = style + self.get(name)
        return style

    def replace(self, **styles: Style) -> StyleMap:
        """A copy with some names restyled."""
        return StyleMap(MappingProxyType({**self.styles, **styles}), self.pygments_theme)


DEFAULT_STYLES: Final = StyleMap(
    MappingProxyType(
        {
            "text": _NULL,
            "title": Style(bold=True, color="bright_cyan"),
            "meta": Style(dim=True),
            "h1": Style(bold=True, underline=True, color="bright_magenta"),
            "h2": Style(bold=True, color="bright_magenta"),
            "h3": Style(bold=True, color="magenta"),
            "h4": Style(bold=True),
            "h5": Style(bold=True, italic=True),
            "h6": Style(italic=True),
            "strong": Style(bold=True),
            "em": Style(italic=True),
            "strike": Style(strike=True),
            "code": Style(color="bright_yellow"),
            "code_block": Style(color="#f8f8f2", bgcolor="#272822"),
            "link": Style(color="bright_blue", underline=True),
            "link_number": Style(color="cyan"),
            "image": Style(color="green", italic=True),
            "quote": Style(italic=True),
            "quote_bar": Style(color="bright_black"),
            "rule": Style(color="bright_black"),
            "table_border": Style(color="bright_black"),
            "table_header": Style(bold=True),
            "list_marker": Style(color="cyan"),
        }
    )
)
"""Styles for a dark or light terminal using its own palette (code keeps a dark panel)."""


@lru_cache(maxsize=128)
def lexer_for(lang: str) -> Any:
    """The Pygments lexer for ``lang`` (found once: the lookup is slow), or None."""
    return Syntax("", lang.lower()).lexer if lang else None


@lru_cache(maxsize=16)
def _theme(name: str) -> SyntaxTheme:
    """A Pygments theme by name, built once (building one costs more than highlighting)."""
    return Syntax.get_theme(name)


def highlight_code(code: str, lang: str, styles: StyleMap) -> tuple[tuple[int, int, Style], ...]:
    """Colour spans for ``code`` in ``lang`` with the map's Pygments theme, on the map's
    ``code_block`` style (the theme's own background is left out). Empty when unknown."""
    lexer = lexer_for(lang)
    if lexer is None:
        return ()
    base = styles.get("code_block")
    highlighted = Syntax(code, lexer, theme=_theme(styles.pygments_theme), tab_size=TAB_SIZE)
    text = highlighted.highlight(code)
    if text.plain[: len(code)] != code:
        return ()  # the lexer changed the text: colours would land on the wrong characters
    cache: dict[Style, Style] = {}
    spans: list[tuple[int, int, Style]] = []
    for span in text.spans:
        start, end = span.start, min(span.end, len(code))
        own = span.style
        if start >= end or not isinstance(own, Style):
            continue
        style = cache.get(own)
        if style is None:
            style = cache[own] = base + Style(
                color=own.color, bold=own.bold, italic=own.italic, underline=own.underline
            )
        if spans and spans[-1][1] == start and spans[-1][2] is style:
            spans[-1] = (spans[-1][0], end, style)
        else:
            spans.append((start, end, style))
    return tuple(spans)
