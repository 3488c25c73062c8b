"""A list of articles in a fixed order that reads its rows from the catalog on demand.

Listing 100,000 articles must not build 100,000 objects: a :class:`Listing` holds only
the ordered keys (8 bytes each) and fetches the rows of a page when one of them is
first read. A list widget that draws the visible rows touches a page or two.
"""

from __future__ import annotations

import contextlib
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Final, overload

from broadsheet.library.results import Entry

PAGE: Final = 128
NEAR: Final = 1024
"""Rows either side of where an article was that :meth:`Listing.find` looks at first."""
MISSING: Final = Entry("", "(removed since the list was made)", None, "", (), "")
"""Stands in for a row deleted by a scan after the listing was made."""

Fetch = Callable[[Sequence[int]], dict[int, Entry]]
"""Reads the rows of some keys: key -> entry."""
KeyOf = Callable[[str], int | None]
"""The catalog key of an article id (None when unknown)."""


class Listing(Sequence[Entry]):
    """Entries in a fixed order, fetched a page at a time (safe from any thread)."""

    def __init__(
        self, keys: array[int], fetch: Fetch, key_of: KeyOf, *, partial: bool = False
    ) -> None:
        """A listing of the catalog rows ``keys``, read through ``fetch``; ``partial``
        when they are only the first of the list (the rest were not read)."""
        self.partial = partial
        self._keys = keys
        self._fetch = fetch
        self._key_of = key_of
        self._pages: dict[int, list[Entry]] = {}
        self._found: dict[str, int | None] = {}
        self._lock = threading.Lock()

    @property
    def keys(self) -> array[int]:
        """The catalog keys of the rows, in order (not copied: do not change them)."""
        return self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def _page(self, number: int) -> list[Entry]:
        page = self._pages.get(number)
        if page is None:
            keys = self._keys[number * PAGE : (number + 1) * PAGE]
            found = self._fetch(keys)
            page = [found.get(key, MISSING) for key in keys]
            with self._lock:
                self._pages[number] = page
        return page

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._keys)
        if not 0 <= index < len(self._keys):
            raise IndexError("listing index out of range")
        return self._page(index // PAGE)[index % PAGE]

    def __iter__(self) -> Iterator[Entry]:
        for number in range((len(self._keys) + PAGE - 1) // PAGE):
            yield from self._page(number)

    def find(self, article_id: str, near: int | None = None) -> int | None:
        """Where the article is in the listing (None when it is not), without reading rows.

        Looked for first within :data:`NEAR` rows of ``near`` (where it was before the
        list was loaded again: a batch of changes seldom moves it far), then in all the
        keys (milliseconds at a million). The answer is kept, so that :meth:`warm` can
        find it in a worker thread before the UI thread asks.
        """
        if article_id in self._found:
            return self._found[article_id]
        key = self._key_of(article_id)
        position: int | None = None
        if key is not None:
            keys = self._keys
            if near is not None:
                start = max(0, near - NEAR)
                with contextlib.suppress(ValueError):
                    position = start + keys[start : near + NEAR].index(key)
            if position is None:
                with contextlib.suppress(ValueError):  # not in this listing
                    position = keys.index(key)
        with self._lock:
            self._found[article_id] = position
        return position

    def warm(self, article_id: str | None, rows: int) -> None:
        """Find ``article_id`` and read the pages of the ``rows`` rows around it (or the
        first ones): in a worker, so that showing the listing there costs no query."""
        position = self.find(article_id) if article_id is not None else None
        middle = position or 0
        for number in range(
            max(0, middle - rows) // PAGE, min(len(self), middle + rows) // PAGE + 1
        ):
            if number * PAGE < len(self):
                self._page(number)
