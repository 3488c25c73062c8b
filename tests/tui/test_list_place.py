"""Going back to the same place in a reloaded list (no app needed)."""

from __future__ import annotations

from broadsheet.tui.list_place import place_of, top_for


def test_a_reloaded_list_goes_back_to_the_same_line() -> None:
    # Cursor on row 30, drawn on line 5 of a 10-line view.
    place = place_of("a", 30, 1, 25)
    assert (place.row, place.at_top) == (5, False)
    assert top_for(place, 33, 1, 10, 100) == 28  # three rows arrived above: follow
    assert top_for(place, 30, 1, 10, 31) == 21  # rows went away below: stay valid
    # At the top, rows that arrive show above the cursor.
    top = place_of("a", 0, 1, 0)
    assert top.at_top and top_for(top, 3, 1, 10, 100) == 0
    assert top_for(top, 12, 1, 10, 100) == 12  # unless the cursor would leave the view
    # Search hits take two lines each.
    assert top_for(place_of("a", 4, 2, 2), 6, 2, 10, 50) == 6
