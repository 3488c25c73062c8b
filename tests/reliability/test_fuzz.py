"""A small run of the fuzz in benchmarks/fuzz.py (run it there with more examples)."""

from __future__ import annotations

from benchmarks.fuzz import fuzz


def test_random_hostile_articles_crash_nothing() -> None:
    assert fuzz(25, seed=11) == []
