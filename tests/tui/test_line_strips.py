"""The reader's cache of drawn lines: kept per context, emptied when the context changes."""

from __future__ import annotations

from textual.strip import Strip

from broadsheet.tui.widgets.line_strips import LineStrips


def test_a_line_drawn_in_a_context_is_found_in_it_only() -> None:
    strips = LineStrips()
    lines = object()
    drawn = Strip.blank(10)
    assert strips.get(3, (lines, 80)) is None
    strips.put(3, (lines, 80), drawn)
    assert strips.get(3, (lines, 80)) is drawn
    assert strips.get(4, (lines, 80)) is None
    # Another width (or theme, find, document...): nothing drawn before is valid.
    assert strips.get(3, (lines, 60)) is None
    assert len(strips) == 0
    assert strips.get(3, (lines, 80)) is None


def test_another_document_is_another_context_even_if_equal_by_value() -> None:
    strips = LineStrips()
    strips.put(0, (object(), 80), Strip.blank(1))
    assert strips.get(0, (object(), 80)) is None


def test_putting_in_a_new_context_forgets_the_old_one() -> None:
    strips = LineStrips()
    strips.put(0, ("a",), Strip.blank(1))
    strips.put(1, ("b",), Strip.blank(1))
    assert strips.get(0, ("b",)) is None
    assert strips.get(1, ("b",)) is not None


def test_the_oldest_line_goes_past_the_limit() -> None:
    strips = LineStrips(kept=3)
    for index in range(4):
        strips.put(index, ("a",), Strip.blank(index + 1))
    assert len(strips) == 3
    assert strips.get(0, ("a",)) is None
    assert all(strips.get(index, ("a",)) is not None for index in (1, 2, 3))


def test_clear_forgets_everything() -> None:
    strips = LineStrips()
    strips.put(0, ("a",), Strip.blank(1))
    strips.clear()
    assert len(strips) == 0
    assert strips.get(0, ("a",)) is None
