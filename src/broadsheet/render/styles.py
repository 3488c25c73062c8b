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


@dataclass(frozen=True, slots=True)
class StyleName:
    """One semantic style name: what it always is, and its colours in a bare terminal and
    in a Textual theme (``tui/theme_styles.py`` fills in the theme's roles)."""

    name: str
    base: Style
    """What holds everywhere: bold, italic, underline, strike."""
    terminal: Style = _NULL
    """Added on a terminal's own palette (:data:`DEFAULT_STYLES`, the CLI)."""
    color: str | None = None
    """The theme colour role of the text: one of :data:`THEME_ROLES`."""
    bgcolor: str | None = None
    """The theme colour role of the background, if any."""


THEME_ROLES: Final = frozenset(
    {"foreground", "primary", "secondary", "accent", "success", "warning", "muted", "faint", "code"}
)
"""The colours a theme supplies for :data:`STYLES` (``code``: the code background)."""

STYLES: Final = (
    StyleName("text", _NULL, color="foreground"),
    StyleName("title", Style(bold=True), Style(color="bright_cyan"), "accent"),
    StyleName("meta", _NULL, Style(dim=True), "muted"),
    StyleName("h1", Style(bold=True, underline=True), Style(color="bright_magenta"), "primary"),
    StyleName("h2", Style(bold=True), Style(color="bright_magenta"), "primary"),
    StyleName("h3", Style(bold=True), Style(color="magenta"), "secondary"),
    StyleName("h4", Style(bold=True)),
    StyleName("h5", Style(bold=True, italic=True)),
    StyleName("h6", Style(italic=True)),
    StyleName("strong", Style(bold=True)),
    StyleName("em", Style(italic=True)),
    StyleName("strike", Style(strike=True)),
    StyleName("code", _NULL, Style(color="bright_yellow"), "warning", "code"),
    # Code keeps a dark panel on a bare terminal, light or dark.
    StyleName("code_block", _NULL, Style(color="#f8f8f2", bgcolor="#272822"), "foreground", "code"),
    StyleName("link", Style(underline=True), Style(color="bright_blue"), "secondary"),
    StyleName("link_number", _NULL, Style(color="cyan"), "accent"),
    StyleName("image", Style(italic=True), Style(color="green"), "success"),
    StyleName("quote", Style(italic=True), color="muted"),
    StyleName("quote_bar", _NULL, Style(color="bright_black"), "primary"),
    StyleName("rule", _NULL, Style(color="bright_black"), "faint"),
    StyleName("table_border", _NULL, Style(color="bright_black"), "faint"),
    StyleName("table_header", Style(bold=True)),
    StyleName("list_marker", _NULL, Style(color="cyan"), "accent"),
)
"""Every style name the renderer looks up, once (a name missing from a map means no style)."""

STYLE_NAMES: Final = tuple(style.name for style in STYLES)
"""The names of :data:`STYLES`, in order."""

DEFAULT_STYLES: Final = StyleMap(
    MappingProxyType({style.name: style.base + style.terminal for style in STYLES})
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
