"""Article bodies to terminal lines: sanitize, convert (HTML or Markdown), wrap, lay out.

Rich is allowed here, Textual never: the TUI's reader and ``broadsheet show`` share
:class:`broadsheet.render.document.Document`. The package itself imports nothing, so
that importing :mod:`broadsheet.render.styles` does not load the converter.
"""
