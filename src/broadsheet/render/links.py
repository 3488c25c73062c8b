"""Links and images found in a document, numbered in order of first appearance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import urlsplit

OPENABLE_SCHEMES: Final = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True, slots=True)
class Link:
    """One numbered entry of a document's link list."""

    number: int
    url: str
    text: str
    """The link text, or an image's alt text (may be empty)."""
    kind: Literal["link", "image"]

    @property
    def openable(self) -> bool:
        """Only http, https and mailto URLs may ever be handed to a browser."""
        return is_openable(self.url)

    @property
    def display_url(self) -> str:
        """The URL as the link list shows it (``data:`` URLs abbreviated)."""
        if self.url[:5].lower() == "data:":
            return self.url.partition(",")[0]
        return self.url


def is_openable(url: str) -> bool:
    """Whether ``url`` is an http(s) URL with a host, or a mailto URL with an address."""
    if any(char.isspace() or not char.isprintable() for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in OPENABLE_SCHEMES:
        return False
    if scheme == "mailto":
        return bool(parts.path)
    return bool(parts.hostname)


class LinkRegistry:
    """Hands out link numbers: per document, first appearance first, one number per URL.

    Only the thread that converts the document uses a registry; readers get snapshots.
    """

    def __init__(self) -> None:
        """Start with no links."""
        self._numbers: dict[str, int] = {}
        self._links: list[Link] = []

    def number(self, url: str, text: str, kind: Literal["link", "image"]) -> int:
        """The number of ``url``, registering it with ``text`` and ``kind`` if it is new."""
        known = self._numbers.get(url)
        if known is not None:
            return known
        number = len(self._links) + 1
        self._numbers[url] = number
        self._links.append(Link(number, url, text, kind))
        return number

    def snapshot(self) -> tuple[Link, ...]:
        """Every link registered so far."""
        return tuple(self._links)

    def __len__(self) -> int:
        """How many links are registered."""
        return len(self._links)
