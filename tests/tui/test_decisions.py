"""The reader's decisions without an app: enter in the search box, which load wins,
what opens at start-up."""

from __future__ import annotations

from broadsheet.tui.decisions import LoadTurns, Submit, on_submit, reopen_at_start


def test_enter_in_the_search_box() -> None:
    assert on_submit("  ", "rust", current=True, rows=3) is Submit.TO_LIST
    assert on_submit("", "", current=True, rows=0) is Submit.TO_LIST
    # A query the list does not show: search it, whatever the list holds now.
    assert on_submit("rust", "rus", current=True, rows=3) is Submit.SEARCH_THEN_OPEN
    assert on_submit("rust", "", current=False, rows=0) is Submit.SEARCH_THEN_OPEN
    # The same query, its hits not in yet: open the first when they are.
    assert on_submit("rust", "rust", current=False, rows=3) is Submit.OPEN_WHEN_IN
    # Its hits are shown: open the one under the cursor, if there is one.
    assert on_submit("rust", "rust", current=True, rows=3) is Submit.OPEN_HIGHLIGHTED
    assert on_submit("rust", "rust", current=True, rows=0) is Submit.NOTHING


def test_the_article_read_last_opens_only_when_the_list_agrees() -> None:
    assert reopen_at_start("a", narrow=False, open_id=None, highlighted="a") == "a"
    assert reopen_at_start("a", narrow=True, open_id=None, highlighted="a") is None
    assert reopen_at_start("a", narrow=False, open_id="b", highlighted="a") is None
    assert reopen_at_start("a", narrow=False, open_id=None, highlighted="b") is None
    assert reopen_at_start(None, narrow=False, open_id=None, highlighted=None) is None
    assert reopen_at_start("", narrow=False, open_id=None, highlighted="") is None


def test_the_newest_load_wins() -> None:
    turns = LoadTurns()
    assert turns.current
    first = turns.begin()
    second = turns.begin()
    assert not turns.current
    assert not turns.is_newest(first)  # its results are dropped when they come
    assert turns.is_newest(second)
    turns.done(second)
    assert turns.current


def test_a_query_typed_during_a_search_waits_and_the_latest_wins() -> None:
    turns = LoadTurns()
    turn = turns.begin()
    assert turns.typed("ru", searching=True)  # the search runs: it waits
    assert turns.typed("rust", searching=True)  # replaces the one waiting
    assert not turns.typed("x", searching=False)  # a category loading: runs now
    turns.done(turn)
    assert not turns.typed("rusty", searching=True)  # nothing runs: runs now
    assert turns.take_queued() == "rust"
    assert turns.take_queued() is None


def test_a_new_filter_drops_the_query_waiting_and_a_reload_keeps_it() -> None:
    turns = LoadTurns()
    turns.begin()
    turns.typed("rust", searching=True)
    turns.begin(fresh=False)  # the folder changed: the same list again
    assert turns.queued == "rust"
    turns.begin()
    assert turns.queued is None


def test_enter_before_the_hits_opens_the_first_once() -> None:
    turns = LoadTurns()
    turns.open_first = True
    assert not turns.opens_first(hits=False)  # a category's list: not yet
    assert turns.opens_first(hits=True)
    assert not turns.opens_first(hits=True)  # once
