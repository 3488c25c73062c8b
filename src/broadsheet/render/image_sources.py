"""Where an article's picture comes from: a file in the library, a remote URL, or nowhere.

Local paths are resolved the way the article's author saw them: next to the article,
in a Hexo post's asset folder, or (``/images/x.png``, ``source/images/x.png``) against the
library root and its Hexo ``source`` folder. Every candidate is resolved to its real path
and must stay inside the library (inside the article's folder when there is no library):
a ``../../etc/passwd`` or a symlink out of the folder is refused, never read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

REMOTE_SCHEMES: Final = frozenset({"http", "https"})
HEXO_SOURCE: Final = "source"
"""A Hexo site's folder of posts and assets: ``/images/a.png`` is ``source/images/a.png``."""


@dataclass(frozen=True, slots=True)
class LocalSource:
    """A picture file inside the library (its real path)."""

    path: Path


@dataclass(frozen=True, slots=True)
class RemoteSource:
    """A picture on an http(s) server."""

    url: str


@dataclass(frozen=True, slots=True)
class NoSource:
    """A picture that cannot be shown, and why (said under its placeholder)."""

    reason: str


Source = LocalSource | RemoteSource | NoSource


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _candidates(relative: str, article: Path | None, root: Path | None) -> list[Path]:
    """Where a relative reference may point, most likely first."""
    found: list[Path] = []
    stripped = relative.lstrip("/")
    if relative.startswith("/"):
        if root is not None:
            found += [root / HEXO_SOURCE / stripped, root / stripped]
    else:
        if article is not None:
            found += [article.parent / relative, article.parent / article.stem / relative]
        if root is not None:
            found += [root / relative, root / HEXO_SOURCE / relative]
    return found


def resolve_source(url: str, article: Path | None, root: Path | None) -> Source:
    """The source of the picture at ``url`` in the article file ``article`` of library ``root``.

    Touches the file system (``realpath``, ``is_file``): call it off the UI thread.
    """
    url = url.strip()
    if not url:
        return NoSource("no address")
    try:
        parts = urlsplit(url)
    except ValueError:
        return NoSource("a malformed address")
    scheme = parts.scheme.lower()
    if scheme in REMOTE_SCHEMES:
        return RemoteSource(url) if parts.hostname else NoSource("a malformed address")
    if scheme == "data":
        return NoSource("an inline data: picture")
    if scheme == "file":
        relative = url2pathname(parts.path)
        candidates = [Path(relative)]
    elif scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
        return NoSource(f"a {scheme}: address")
    else:
        relative = unquote(parts.path)
        candidates = _candidates(relative, article, root)
    fence = root if root is not None else (article.parent if article is not None else None)
    if fence is None or not relative:
        return NoSource("no library to look in")
    real_fence = os.path.realpath(fence)
    outside = False
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if not os.path.isfile(real):
            continue
        if _inside(real, real_fence):
            return LocalSource(Path(real))
        outside = True  # never read, and said so: the article points out of the library
    return NoSource("outside the library" if outside else f"not found: {relative}")
