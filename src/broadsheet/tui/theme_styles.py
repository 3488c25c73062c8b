"""The reader's styles from the colours of the current Textual theme.

The renderer asks for semantic names (``h1``, ``link``, ``quote_bar``...), each listed
once in :data:`broadsheet.render.styles.STYLES` with its theme colour role; this fills
the roles from the theme's palette so an article looks at home in every theme, light or
dark, and changes with it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from rich.style import Style
from textual.color import Color, ColorParseError
from textual.theme import Theme

from broadsheet.render.styles import STYLES, StyleMap

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
    roles = {
        "foreground": foreground.rich_color,
        "primary": primary.rich_color,
        "secondary": secondary.rich_color,
        "accent": accent.rich_color,
        "success": success.rich_color,
        "warning": warning.rich_color,
        "muted": foreground.blend(background, 0.4).rich_color,
        "faint": foreground.blend(background, 0.65).rich_color,
        "code": background.blend(foreground, 0.08).rich_color,
    }
    styles = {
        style.name: style.base
        + Style(
            color=roles[style.color] if style.color else None,
            bgcolor=roles[style.bgcolor] if style.bgcolor else None,
        )
        for style in STYLES
    }
    return StyleMap(MappingProxyType(styles), DARK_CODE_THEME if dark else LIGHT_CODE_THEME)
