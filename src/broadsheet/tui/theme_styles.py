"""The reader's styles from the colours of the current Textual theme.

The renderer asks for semantic names (``h1``, ``link``, ``quote_bar``...); this maps
them onto the theme's palette so an article looks at home in every theme, light or
dark, and changes with it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from rich.style import Style
from textual.color import Color, ColorParseError
from textual.theme import Theme

from broadsheet.render.styles import StyleMap

DARK_CODE_THEME: Final = "monokai"
LIGHT_CODE_THEME: Final = "friendly"


def _color(value: str | None, fallback: Color) -> Color:
    if not value:
        return fallback
    try:
        return Color.parse(value)
    except ColorParseError:
        # A theme colour Textual itself accepted but Color.parse does not: keep going.
        return fallback


def style_map(theme: Theme) -> StyleMap:
    """A StyleMap whose colours follow ``theme``."""
    dark = theme.dark
    background = _color(theme.background, Color.parse("#121212" if dark else "#f5f5f5"))
    foreground = _color(theme.foreground, Color.parse("#e0e0e0" if dark else "#1e1e1e"))
    primary = _color(theme.primary, foreground)
    secondary = _color(theme.secondary, primary)
    accent = _color(theme.accent, secondary)
    success = _color(theme.success, secondary)
    warning = _color(theme.warning, accent)
    muted = foreground.blend(background, 0.4).rich_color
    faint = foreground.blend(background, 0.65).rich_color
    code_background = background.blend(foreground, 0.08).rich_color
    styles = {
        "text": Style(color=foreground.rich_color),
        "title": Style(bold=True, color=accent.rich_color),
        "meta": Style(color=muted),
        "h1": Style(bold=True, underline=True, color=primary.rich_color),
        "h2": Style(bold=True, color=primary.rich_color),
        "h3": Style(bold=True, color=secondary.rich_color),
        "h4": Style(bold=True),
        "h5": Style(bold=True, italic=True),
        "h6": Style(italic=True),
        "strong": Style(bold=True),
        "em": Style(italic=True),
        "strike": Style(strike=True),
        "code": Style(color=warning.rich_color, bgcolor=code_background),
        "code_block": Style(color=foreground.rich_color, bgcolor=code_background),
        "link": Style(color=secondary.rich_color, underline=True),
        "link_number": Style(color=accent.rich_color),
        "image": Style(color=success.rich_color, italic=True),
        "quote": Style(italic=True, color=muted),
        "quote_bar": Style(color=primary.rich_color),
        "rule": Style(color=faint),
        "table_border": Style(color=faint),
        "table_header": Style(bold=True),
        "list_marker": Style(color=accent.rich_color),
    }
    return StyleMap(MappingProxyType(styles), DARK_CODE_THEME if dark else LIGHT_CODE_THEME)
