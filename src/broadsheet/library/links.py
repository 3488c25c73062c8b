"""Links between articles of one library, and an article's own web address.

A link in an article may point to another article of the same library: a relative
``.md`` path, a Hexo ``{% post_link slug %}`` (rendered as a ``post:`` URL, see
:data:`POST_SCHEME`), or an address on the article's own site (the host of its
``permalink``/``url``/``link``/``source``) whose last path segment names a file. The
reader opens those inside itself; everything else goes to the browser.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Final
from urllib.parse import unquote, urlsplit

from broadsheet.library.article import Article

POST_SCHEME: Final = "post:"
"""The URL a ``{% post_link slug %}`` is rendered with: ``post:slug``."""
ORIGINAL_KEYS: Final = ("link", "url", "permalink", "source")
"""Front-matter keys that may hold the article's web address, most specific first."""
ARTICLE_SUFFIXES: Final = (".md", ".markdown", ".html", ".htm")
_FIELD_RE: Final = re.compile(
    r"^[ \t]*(link|url|permalink|source)[ \t]*[:=][ \t]*(.+?)[ \t]*$", re.IGNORECASE | re.MULTILINE
)

FindByPath = Callable[[str], str | None]
"""The id of the article at a path inside the library (None when there is none)."""
FindBySlug = Callable[[str], str | None]
"""The id of the article whose file name (without suffix) or title is the slug."""


def original_url(article: Article) -> str | None:
    """The article's own web page (front matter ``link``, ``url``...), http or https only.

    Read from the raw front matter line by line, as the header's image links are: the
    same whether the YAML parses or not.
    """
    found: dict[str, str] = {}
    for match in _FIELD_RE.finditer(article.front_matter[:65536]):
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].strip()
        if urlsplit(value).scheme.lower() in ("http", "https") and not any(
            ord(c) < 32 or c.isspace() for c in value
        ):
            found.setdefault(match.group(1).lower(), value)
    return next((found[key] for key in ORIGINAL_KEYS if key in found), None)


def _site_host(article: Article) -> str | None:
    url = original_url(article)
    return urlsplit(url).hostname if url else None


def link_target(
    source: Article, url: str, *, by_path: FindByPath, by_slug: FindBySlug
) -> str | None:
    """The id of the library article that ``url`` (a link of ``source``) points to, if any."""
    url = url.strip()
    if url.startswith(POST_SCHEME):
        slug = unquote(url[len(POST_SCHEME) :]).strip()
        return by_slug(slug) if slug else None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        host = _site_host(source)
        if host is None or parts.hostname != host:
            return None
        segments = [s for s in unquote(parts.path).split("/") if s]
        if not segments:
            return None
        slug = segments[-1]
        if slug.lower() in ("index.html", "index.htm") and len(segments) > 1:
            slug = segments[-2]
        return by_slug(_strip_suffix(slug))
    if scheme or parts.netloc or not parts.path:
        return None  # mailto:, ftp:, //host/..., or only a #fragment
    path = unquote(parts.path)
    if not path.lower().endswith(ARTICLE_SUFFIXES):
        return None
    if path.startswith("/"):
        relpath = posixpath.normpath(path.lstrip("/"))
    else:
        relpath = posixpath.normpath(posixpath.join(posixpath.dirname(source.relpath), path))
    if relpath.startswith("../") or relpath == "..":
        return None
    return by_path(relpath) or by_slug(_strip_suffix(posixpath.basename(relpath)))


def _strip_suffix(name: str) -> str:
    lower = name.lower()
    for suffix in ARTICLE_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name
