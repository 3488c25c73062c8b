"""An article as a Markdown file of its own (to save a copy outside the library)."""

from __future__ import annotations

from broadsheet.library.article import Article
from broadsheet.library.text import clean_control
from broadsheet.render.fromhtml import html_to_markdown
from broadsheet.render.sanitize import MARK, clean_body, drop_active_content


def markdown_copy(article: Article, body: str) -> str:
    """``# title`` and the body as Markdown: as written, or converted when it is HTML.

    Scripts, styles and control characters are gone, as in the reader; the converter's
    private block markers are dropped.
    """
    body = clean_body(body)
    if article.body_kind == "html":
        text = html_to_markdown(drop_active_content(body))
        text = "\n".join(line for line in text.split("\n") if MARK not in line)
    else:
        text = body
    title = clean_control(article.title).replace("\n", " ").strip()
    return f"# {title}\n\n{text.strip()}\n"
