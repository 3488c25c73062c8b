"""The figures the benchmarks report, their targets, and the Markdown table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import queries


@dataclass(frozen=True)
class Figure:
    """One row of the table: what it measures and what it should be."""

    label: str
    target: str
    peer_tool: str = ""


_SEARCH_LABELS: Final = {
    "english word": "English word",
    "chinese 1 char": "Chinese, 1 character",
    "chinese 2 chars": "Chinese, 2 characters",
    "chinese 4-char phrase": "Chinese, 4-character phrase",
    "mixed chinese+english": "mixed Chinese + English",
    "with cat: filter": "with a `cat:` filter",
}

FIGURES: Final[dict[str, Figure]] = {
    "cold_index": Figure(
        "`broadsheet index`: cold, {n} articles, every core", "≤ 45 s at 100k; ≤ 8 min at 1M"
    ),
    "cold_index_1": Figure("`broadsheet index`: cold, one parse worker", "(for comparison)"),
    "index_rss": Figure("Peak RSS: cold `broadsheet index` (largest process)", "≤ 400 MB"),
    "index_size": Figure("Index size on disk", "(against the library's size)"),
    # The peer stats every file, as a full check must (an edit in place changes no
    # folder's time): the floor of this figure on the machine that ran it.
    "rescan_unchanged": Figure(
        "`broadsheet index`, nothing changed (full walk)", "≤ 0.3 s", "find -printf"
    ),
    "rescan_changed": Figure("`broadsheet index` after 100 files edited", "≤ 1 s", "find -printf"),
    "cli_update": Figure("`broadsheet search` after 100 files added (cheap check)", "≤ 1 s"),
    **{
        f"search:{name}": Figure(
            f"Search p95 (in-process): {_SEARCH_LABELS.get(name, name)}", "≤ 30 ms", "rg"
        )
        for name in queries.QUERY_SETS
    },
    "cli_search": Figure(
        "`broadsheet search 发展` as a process (start-up included)",
        "≤ 0.3 s and faster than rg at 100k; ≤ 0.5 s and ≥ 10× at 1M",
        "rg",
    ),
    "cli_rss": Figure("Peak RSS: `broadsheet search` process", "≤ 150 MB"),
    "render_reference": Figure("Render: reference article, width 80", "≤ 20 ms", "w3m"),
    "render_big_all": Figure("Render: 1 MB article, all lines", "≤ 1 s", "w3m"),
    "render_big_first": Figure("Render: 1 MB article, first screen", "≤ 100 ms"),
    "render_big_rewrap": Figure("Render: 1 MB article, re-wrap at a new width", "≤ 300 ms"),
    "tui_startup": Figure("TUI: start-up to a filled list (warm index)", "≤ 1.0 s"),
    "tui_startup_tmux": Figure("TUI: start-up to a filled list in tmux (real terminal)", "≤ 0.8 s"),
    "tui_category": Figure("TUI: category switch p95", "≤ 100 ms"),
    "tui_search": Figure("TUI: search-as-you-type result swap p95", "≤ 100 ms"),
    "tui_open": Figure("TUI: open the reference article", "≤ 50 ms"),
    "tui_key": Figure("TUI: keypress to repaint in the list", "≤ 20 ms"),
    "tui_rss": Figure("TUI: peak RSS", "≤ 250 MB"),
    "tui_live_add": Figure("TUI live: a file written is on screen", "≤ 2 s"),
    "tui_live_burst_key": Figure(
        "TUI live: keypress to repaint during a 10,000-file burst", "≤ 50 ms"
    ),
    "tui_live_burst_listed": Figure("TUI live: all of a 10,000-file burst listed", "≤ 60 s"),
    "images_open": Figure("Pictures: open an article of 20 photos, first screen", "≤ 150 ms"),
    "images_first": Figure("Pictures: open to the first picture drawn", ""),
    "images_scroll": Figure("Pictures: PgDn to repaint through 20 photos p95", "≤ 30 ms"),
    "images_rss": Figure("Pictures: RSS growth paging through 20 photos", "≤ 50 MB"),
}
"""Every figure in the order of the table (keys match the workers' output)."""


def format_seconds(seconds: float) -> str:
    """A duration with a unit that keeps two or three significant digits."""
    if seconds < 0.001:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def format_ratio(ratio: float) -> str:
    """How many times faster than the peer (below 1: slower)."""
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:,.0f}×"


@dataclass(frozen=True)
class Row:
    """One formatted row."""

    figure: str
    value: str
    target: str
    peer: str
    ratio: str

    @classmethod
    def build(
        cls, key: str, result: dict[str, Any] | None, peers: dict[str, float | None], count: int
    ) -> Row:
        """Format one figure from its result (None: it never ran)."""
        figure = FIGURES[key]
        seconds = None
        if result is None:
            value = "error: not run"
        elif "error" in result:
            value = f"error: {result['error']}".replace("|", "\\|")
        elif "seconds" in result:
            seconds = result["seconds"]
            value = format_seconds(seconds)
        else:
            value = f"{result['bytes'] / 1024 / 1024:,.0f} MB"
        if result and result.get("note") and "error" not in result:
            value += f" ({result['note']})"
        peer = ratio = ""
        if figure.peer_tool:
            peer_seconds = peers.get(key)
            if peer_seconds is None:
                peer = "n/a"
            else:
                peer = f"{figure.peer_tool} {format_seconds(peer_seconds)}"
                if seconds:
                    ratio = format_ratio(peer_seconds / seconds)
        return cls(figure.label.format(n=f"{count:,}"), value, figure.target, peer, ratio)


def format_table(rows: list[Row]) -> str:
    """The rows as one Markdown table."""
    lines = ["| figure | value | target | peer | ratio |", "|---|---|---|---|---|"]
    lines += [f"| {r.figure} | {r.value} | {r.target} | {r.peer} | {r.ratio} |" for r in rows]
    return "\n".join(lines)
