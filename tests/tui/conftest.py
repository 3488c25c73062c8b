"""Fixtures for the pilot tests: the app on the small library with a recording browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.tui.helpers import AppFactory, Browser

import broadsheet.library.watch
from broadsheet.config import Config
from broadsheet.library.background import BackgroundUnavailableError
from broadsheet.tui.app import BroadsheetApp, make_app


def _no_child(*args: object, **kwargs: object) -> None:
    raise BackgroundUnavailableError("the pilot tests walk their small library in-process")


@pytest.fixture(autouse=True)
def walks_in_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up walk of the reader runs in the test's process, as where no child
    process can be started (the reader's own fallback).

    A child process costs every app start most of a second (a Python that imports the
    library, at nice 10), for the seven articles of ``library_dir``. The child itself
    is tested in ``tests/library/test_background.py``, by the end-to-end tests (the
    installed command) and by the pilot tests marked ``child_walks`` (``test_tui_live``).
    """
    if request.node.get_closest_marker("child_walks") is None:
        monkeypatch.setattr(broadsheet.library.watch, "apply_in_child", _no_child)


@pytest.fixture
def browser() -> Browser:
    """A recording browser."""
    return Browser()


@pytest.fixture
def make(library_dir: Path, browser: Browser) -> AppFactory:
    """Build the app the way the CLI does, on ``library_dir`` (or another folder)."""

    def factory(config: Config | None = None, root: Path | None = None) -> BroadsheetApp:
        return make_app(root or library_dir, config=config or Config(), url_opener=browser)

    return factory
