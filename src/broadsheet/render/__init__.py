"""Article bodies to terminal lines: sanitize, convert (HTML or Markdown), wrap, lay out.

Rich is allowed here, Textual never: the TUI's reader and ``broadsheet show`` share
:class:`Document`.
"""

from __future__ import annotations

from broadsheet.render.document import Document, Heading, Line, Link
from broadsheet.render.styles import DEFAULT_STYLES, StyleMap

__all__ = ["DEFAULT_STYLES", "Document", "Heading", "Line", "Link", "StyleMap"]
