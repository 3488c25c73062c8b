"""A modal list to choose one thing from: a link, a heading, a bookmark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

ChoiceT = TypeVar("ChoiceT")


class PickerScreen(ModalScreen[ChoiceT | None], Generic[ChoiceT]):
    """Shows labelled choices; dismisses with the chosen value, or None on escape.

    Labels are :class:`Text` (they hold article text, which must never be markup).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Close", id="picker.close"),
        Binding("j", "move(1)", "Down", show=False, id="picker.down"),
        Binding("k", "move(-1)", "Up", show=False, id="picker.up"),
        Binding("g", "edge(0)", "First", show=False, id="picker.first"),
        Binding("G", "edge(1)", "Last", show=False, id="picker.last"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="picker.page_down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="picker.page_up"),
    ]

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 80%; max-width: 100; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickerScreen > Vertical > #picker-title { text-style: bold; padding: 0 0 1 0; }
    PickerScreen > Vertical > #picker-empty { color: $text-muted; padding: 1 0; }
    PickerScreen > Vertical > OptionList { height: auto; max-height: 30; border: none; }
    """

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[Text, ChoiceT]],
        *,
        empty: str = "Nothing here.",
        highlight: int = 0,
    ) -> None:
        """A picker titled ``title`` over ``(label, value)`` choices."""
        super().__init__()
        self.title_text = title
        """The heading of the picker."""
        self.choices = list(choices)
        """The labelled values, in order."""
        self._empty = empty
        self._highlight = highlight

    def compose(self) -> ComposeResult:
        """The title and the options (or a note that there are none)."""
        with Vertical():
            yield Static(Text(self.title_text), id="picker-title")
            if self.choices:
                options = [Option(label, id=str(n)) for n, (label, _) in enumerate(self.choices)]
                yield OptionList(*options, id="picker-options")
            else:
                yield Static(Text(self._empty), id="picker-empty")

    def on_mount(self) -> None:
        """Start on the given choice."""
        if self.choices:
            options = self.query_one(OptionList)
            options.highlighted = min(self._highlight, len(self.choices) - 1)
            options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])

    def action_move(self, step: int) -> None:
        """Move the highlight (j/k, as everywhere else)."""
        if self.choices:
            options = self.query_one(OptionList)
            options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_edge(self, end: int) -> None:
        """The first (0) or the last (1) choice."""
        if self.choices:
            options = self.query_one(OptionList)
            options.highlighted = len(self.choices) - 1 if end else 0

    def action_page(self, pages: int) -> None:
        """Move the highlight by a page of choices."""
        if self.choices:
            options = self.query_one(OptionList)
            step = max(1, options.scrollable_content_region.height - 1) * pages
            current = options.highlighted or 0
            options.highlighted = min(len(self.choices) - 1, max(0, current + step))

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
