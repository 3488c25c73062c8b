"""Wide characters in overlays survive the compositor's cuts (Textual issue #6357).

Textual's compositor cuts every screen line at every widget's edge, divides each
widget's line at those cuts, and gives each piece to the frontmost widget there. A
toast (or any overlay) that lies across the edge between the list and the reader is
divided at that edge too, although it owns both sides: a Chinese character that
straddles the edge becomes two spaces ("“家常红烧  ：一锅肉…” is no longer in the
folder"). Here a widget's line is divided only where its ownership changes: a run of
pieces it wins goes whole into the run's first piece, and the rest of the run gets an
empty piece so that no widget behind claims it. A partial update then writes each
piece to where its own text ends, not to the next cut.

:func:`install` patches :class:`textual._compositor.Compositor` (a private module: the
names are checked by ``tests/tui/test_textual_compat.py``, and pyproject.toml bounds
Textual to the release line this was written against, 8.2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

PATCHED: Final = (
    ("textual._compositor.Compositor", "_render_chops"),
    ("textual._compositor.Compositor", "_get_renders"),
    ("textual._compositor.Compositor", "render_partial_update"),
)
"""The private names this module replaces or calls (the compat test checks each)."""
_EMPTY: Final = Strip([], 0)
_original_partial_update = Compositor.render_partial_update


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip | None]]:
    """Textual's ``Compositor._render_chops``, dividing a widget's line only where the
    widget behind it shows through."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            starts = final_cuts[:-1]
            # Painting front to back: a piece still empty is this widget's to fill.
            free = [chops_line.get(cut) is None for cut in starts]
            if not any(free):
                continue
            runs = [0, *(i for i in range(1, len(starts)) if free[i] != free[i - 1])]
            ends = [*(starts[i] for i in runs[1:]), final_cuts[-1]]
            pieces = strip.divide([end - render_x for end in ends])
            for number, (first, piece) in enumerate(zip(runs, pieces, strict=False)):
                if not free[first]:
                    continue
                chops_line[starts[first]] = piece
                last = runs[number + 1] if number + 1 < len(runs) else len(starts)
                for index in range(first + 1, last):
                    chops_line[starts[index]] = _EMPTY
    return chops


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """Textual's partial update, with each piece ending where its text ends (a piece
    may now run over the cuts after it)."""
    update = _original_partial_update(self)
    if update is None:
        return None
    update.chop_ends = [
        [
            end if strip is None else x + strip.cell_length
            for (x, strip), end in zip(line.items(), ends, strict=False)
        ]
        for line, ends in zip(update.chops, update.chop_ends, strict=False)
    ]
    return update


def install() -> None:
    """Patch the compositor (once; the app does it before its first frame)."""
    patched: Any = Compositor
    patched._render_chops = _render_chops
    patched.render_partial_update = _render_partial_update
