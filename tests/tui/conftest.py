"""Fixtures for the pilot tests: the app on the small library with a recording browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.tui.helpers import AppFactory, Browser

from broadsheet.config import Config
from broadsheet.tui.app import BroadsheetApp, make_app


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
