"""The collector is held from a scroll to the end of its frame, and never left off."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from textual.widget import Widget

from broadsheet.tui.collector import CollectorHold


class _Widget:
    """What the hold uses of a widget: a callback after the next frame."""

    def __init__(self, scheduling: bool = True) -> None:
        self.after_frame: list[Callable[[], Any]] = []
        self.scheduling = scheduling

    def call_after_refresh(self, callback: Callable[[], Any]) -> bool:
        if self.scheduling:
            self.after_frame.append(callback)
        return self.scheduling

    def frame(self) -> None:
        callbacks, self.after_frame = self.after_frame, []
        for callback in callbacks:
            callback()


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_held_from_the_scroll_to_the_end_of_the_frame() -> None:
    widget = _Widget()
    hold = CollectorHold(cast(Widget, widget))
    hold.hold()
    assert not gc.isenabled() and hold.held
    hold.hold()  # a second scroll before the frame: one release is enough
    assert len(widget.after_frame) == 1
    widget.frame()
    assert gc.isenabled() and not hold.held


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    widget = _Widget()
    hold = CollectorHold(cast(Widget, widget))
    gc.disable()
    hold.hold()
    assert not hold.held and not widget.after_frame
    hold.release()
    assert not gc.isenabled()


def test_no_next_frame_means_no_hold() -> None:
    hold = CollectorHold(cast(Widget, _Widget(scheduling=False)))
    hold.hold()
    assert gc.isenabled() and not hold.held


def test_release_without_a_frame_turns_it_back_on() -> None:
    widget = _Widget()
    hold = CollectorHold(cast(Widget, widget))
    hold.hold()
    hold.release()  # the view is unmounted before its frame
    assert gc.isenabled()
    widget.frame()  # the callback, if it still runs, changes nothing
    assert gc.isenabled()
