"""Keeping Python's cyclic garbage collector out of the frame a scroll asked for.

A frame allocates thousands of short-lived objects (strips, segments, styles), so now and
then one of them starts a full pass of the collector over every object the reader holds:
15-35 ms on this machine with an article of twenty pictures open, measured as the
slowest page downs of ``benchmarks/images_bench.py``. Holding the collector from the
scroll to the end of its frame moves that pass to just after the frame, where it delays
nothing on screen. Textual does the same around its own animated scrolling
(``App.PAUSE_GC_ON_SCROLL``, off by default), not around a page down.
"""

from __future__ import annotations

import gc

from textual.widget import Widget


class CollectorHold:
    """Holds the collector off for one widget until its screen has drawn a frame."""

    def __init__(self, widget: Widget) -> None:
        """Hold for ``widget`` (its next frame ends the hold)."""
        self._widget = widget
        self._held = False

    @property
    def held(self) -> bool:
        """Whether this has the collector off now."""
        return self._held

    def hold(self) -> None:
        """Turn the collector off until the next frame (unless someone else has: then it
        stays as they left it)."""
        if self._held or not gc.isenabled():
            return
        gc.disable()
        self._held = True
        if not self._widget.call_after_refresh(self.release):
            self.release()  # closing: there may be no next frame

    def release(self) -> None:
        """Turn the collector back on if this turned it off."""
        if self._held:
            self._held = False
            gc.enable()
