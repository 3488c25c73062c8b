"""Textual's private names that broadsheet calls (tui/textual_compat.py) still exist and
still do what broadsheet relies on. A failure here names the call to rework before the
Textual bound in pyproject.toml is raised."""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import version

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView

from broadsheet.tui import textual_compat, wide_chops


@pytest.mark.parametrize(("owner", "name"), textual_compat.PRIVATE_NAMES + wide_chops.PATCHED)
def test_every_private_name_still_exists(owner: str, name: str) -> None:
    module, _, cls = owner.rpartition(".")
    target = getattr(importlib.import_module(module), cls)
    assert callable(getattr(target, name, None)), (
        f"Textual {version('textual')} has no {owner}.{name}: rework tui/textual_compat.py"
    )


def test_the_private_calls_keep_their_signatures() -> None:
    assert list(inspect.signature(events.Key._set_forwarded).parameters) == ["self"]
    assert list(inspect.signature(ScrollView._scroll_update).parameters) == [
        "self",
        "virtual_size",
    ]


def test_mark_forwarded_makes_the_app_skip_routing_the_key_again() -> None:
    key = events.Key("j", "j")
    assert not key.is_forwarded
    textual_compat.mark_forwarded(key)
    assert key.is_forwarded


def test_the_installed_textual_is_inside_the_tested_line() -> None:
    major, minor = (int(part) for part in version("textual").split(".")[:2])
    assert (major, minor) == (8, 2), "the bound in pyproject.toml says 8.2.x: test, then raise it"


class _Tall(ScrollView):
    pass


class _Harness(App[None]):
    def compose(self) -> ComposeResult:
        yield _Tall()


async def test_update_scrollbars_sets_the_scroll_limits() -> None:
    app = _Harness()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(_Tall)
        view.set_reactive(ScrollView.virtual_size, Size(40, 100))
        textual_compat.update_scrollbars(view, Size(40, 100))
        await pilot.pause()
        assert view.max_scroll_y > 0
        view.scroll_y = 10_000
        textual_compat.update_scrollbars(view, Size(40, 100))
        assert view.scroll_y == view.max_scroll_y


@pytest.mark.parametrize(("owner", "name"), textual_compat.PRIVATE_ATTRIBUTES)
async def test_every_private_attribute_is_set_on_a_running_app(owner: str, name: str) -> None:
    assert owner == "textual.app.App"
    app = _Harness()
    async with app.run_test(size=(40, 10)):
        assert callable(getattr(getattr(app, name), "write", None)), (
            f"Textual {version('textual')} has no running {owner}.{name}.write"
        )


async def test_write_to_terminal_goes_through_the_driver() -> None:
    app = _Harness()
    async with app.run_test(size=(40, 10)):
        written: list[str] = []
        driver = app._driver
        assert driver is not None
        driver.write = written.append  # type: ignore[method-assign]
        textual_compat.write_to_terminal(app, "\x1b_Ga=d,d=I,i=1,q=2\x1b\\")
        assert written == ["\x1b_Ga=d,d=I,i=1,q=2\x1b\\"]
