"""Unread counts, unread-only and unread-first listings, marking many articles at once."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import LIBRARY_TITLES, ZH_TECH_TITLE

from broadsheet.library.library import Library
from broadsheet.library.state import ReadingState
from broadsheet.library.unread import ReadCounts, UnreadTally


def _library(library_dir: Path) -> Library:
    library = Library(library_dir)
    library.refresh()
    return library


def _id(library: Library, title: str) -> str:
    return next(entry.id for entry in library.entries() if entry.title == title)


def test_read_counts_per_category_include_ancestors(library_dir: Path) -> None:
    library = _library(library_dir)
    tech = _id(library, ZH_TECH_TITLE)
    counts = library.read_counts({tech, "0000000000000000"})
    assert counts.total == 1  # an id no longer in the library is not counted
    assert counts.by_category[("技术",)] == 1
    tally = UnreadTally(library.categories(), len(LIBRARY_TITLES), counts)
    assert tally.unread(()) == len(LIBRARY_TITLES) - 1
    before = {node.path: node.count for node in library.categories()}
    assert tally.unread(("技术",)) == before[("技术",)] - 1
    tally.mark([("技术", "机器学习")], read=False)
    assert tally.unread(("技术",)) == before[("技术",)]
    assert tally.unread(()) == len(LIBRARY_TITLES)


def test_unread_only_and_unread_first(library_dir: Path) -> None:
    library = _library(library_dir)
    everything = [entry.id for entry in library.view()]
    read = set(everything[:2])
    unread_only = [entry.id for entry in library.view(unread_only=True, read_ids=read)]
    assert unread_only == everything[2:]
    first = [entry.id for entry in library.view(order="unread", read_ids=read)]
    assert first == everything[2:] + everything[:2]
    titles = [entry.title for entry in library.view(order="title")]
    assert titles == sorted(titles, key=str.casefold)
    assert library.ids(library.view()) == everything


def test_next_category_with_unread_skips_related_ones() -> None:
    from broadsheet.library.results import CategoryNode

    roots = (
        CategoryNode("a", ("a",), 2, (CategoryNode("b", ("a", "b"), 1),)),
        CategoryNode("c", ("c",), 1),
        CategoryNode("d", ("d",), 1),
    )
    tally = UnreadTally(roots, 4, ReadCounts(1, {("c",): 1}))
    assert tally.next_category(("a",), 1) == ("d",)  # c is all read, a/b is inside a
    assert tally.next_category(("d",), 1) == ("a",)  # wraps
    assert tally.next_category(("a", "b"), -1) == ("d",)  # a is its ancestor
    assert tally.next_category(("d",), -1) == ("a", "b")


def test_set_read_many_and_back(tmp_path: Path) -> None:
    state = ReadingState(tmp_path)
    state.set_read_many(["a", "b", "c"])
    assert state.read_ids() == {"a", "b", "c"}
    state.set_read_many(["a", "b"], read=False)
    assert state.read_ids() == {"c"}
