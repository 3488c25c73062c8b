"""The line above the list: on a narrow pane, whole parts go, least needed first."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult

from broadsheet.tui.widgets.breadcrumb import QUERY_KEPT, Breadcrumb


class _One(App[None]):
    def compose(self) -> ComposeResult:
        yield Breadcrumb()


async def _line(width: int, **fields: object) -> str:
    app = _One()
    async with app.run_test(size=(width, 3)) as pilot:
        crumb = app.query_one(Breadcrumb)
        for name, value in fields.items():
            setattr(crumb, name, value)
        crumb.refresh()
        await pilot.pause()
        return crumb.as_text().plain


async def test_everything_shows_when_it_fits() -> None:
    text = await _line(
        120,
        category=("技术",),
        search="人工智能",
        shown=30,
        total=301,
        arrived=2,
        unread=30,
        flags="unread only",
    )
    assert text == "All › 技术  “人工智能”  30 of 301  +2 new in all · 30 unread  [unread only]"
    assert "+2 new ·" in await _line(120, shown=7, arrived=2, unread=3)  # the whole library


async def test_a_short_line_drops_whole_parts_and_keeps_some_of_the_query() -> None:
    # Seen at 120 columns: the query shrank to "…", "unread" was cut off the end and
    # "[unread only]" never showed (found in a walk-through).
    fields = {
        "category": ("新媒体", "趣头条"),
        "search": "乡村振兴 人工智能 发展",
        "shown": 23_926,
        "total": None,
        "arrived": 2,
        "unread": 23_926,
        "flags": "unread only",
    }
    text = await _line(85, **fields)
    assert cell_len(text) <= 83  # the widget's width less its padding
    assert "[unread only]" in text and "+2 new" in text and "23,926 articles" in text
    assert "unread only" in text and not text.rstrip().endswith("·")
    query = text.split("“")[1].split("”")[0]
    assert cell_len(query) >= QUERY_KEPT and query.startswith("乡村")
    assert "23,926 unread" not in text  # went whole, not cut to "· 23,926"
    narrower = await _line(40, **fields)  # room for the path and the count alone
    assert "23,926 articles" in narrower and "+2 new" not in narrower
