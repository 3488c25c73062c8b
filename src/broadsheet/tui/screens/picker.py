"""A modal list to choose one thing from: a link, a heading, a bookmark.

Typing a letter (or ``/``) opens a filter box over the list: the choices whose label
holds every word typed stay (case-insensitive); enter takes the highlighted one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Final, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from broadsheet.tui.keymap import bindings

ChoiceT = TypeVar("ChoiceT")
NOT_FILTER_KEYS: Final = frozenset("jkgGqby ")
"""Characters the picker's own keys take (moving, closing, copying): they do not filter."""


class PickerScreen(ModalScreen[ChoiceT | None], Generic[ChoiceT]):
    """Shows labelled choices; dismisses with the chosen value, or None on escape.

    Labels are :class:`Text` (they hold article text, which must never be markup).
    """

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("picker")]

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 80%; max-width: 100; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickerScreen > Vertical > #picker-title { text-style: bold; padding: 0 0 1 0; }
    PickerScreen > Vertical > #picker-empty { color: $text-muted; padding: 1 0; }
    PickerScreen > Vertical > OptionList { height: auto; max-height: 30; border: none; }
    PickerScreen > Vertical > #picker-filter { display: none; border: none; height: 1; }
    PickerScreen > Vertical > #picker-filter.-open { display: block; }
    """

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[Text, ChoiceT]],
        *,
        empty: str = "Nothing here.",
        highlight: int = 0,
        copy: Callable[[ChoiceT], str | None] | None = None,
    ) -> None:
        """A picker titled ``title`` over ``(label, value)`` choices.

        ``copy`` gives the text ``y`` puts on the clipboard for a choice (a link's URL).
        """
        super().__init__()
        self.title_text = title
        """The heading of the picker."""
        self.choices = list(choices)
        """The labelled values, in order."""
        self._empty = empty
        self._highlight = highlight
        self._copy = copy
        self._folded = [label.plain.casefold() for label, _ in self.choices]

    def compose(self) -> ComposeResult:
        """The title and the options (or a note that there are none)."""
        with Vertical():
            yield Static(Text(self.title_text), id="picker-title")
            if self.choices:
                yield Input(placeholder="filter: type words", id="picker-filter")
                yield OptionList(*self._options(""), id="picker-options")
            else:
                yield Static(Text(self._empty), id="picker-empty")

    def on_mount(self) -> None:
        """Start on the given choice."""
        if self.choices:
            options = self.query_one(OptionList)
            options.highlighted = min(self._highlight, len(self.choices) - 1)
            options.focus()

    def _options(self, words: str) -> list[Option]:
        wanted = words.casefold().split()
        return [
            Option(label, id=str(n))
            for n, (label, _) in enumerate(self.choices)
            if all(word in self._folded[n] for word in wanted)
        ]

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the list starts the filter with it."""
        character = event.character
        if (
            self.choices
            and character
            and character.isprintable()
            and character not in NOT_FILTER_KEYS
            and not isinstance(self.focused, Input)
        ):
            event.stop()
            event.prevent_default()
            self.action_filter(character)

    def action_filter(self, start: str = "") -> None:
        """Open the filter box (with ``start`` typed in it)."""
        if not self.choices:
            return
        box = self.query_one(Input)
        box.add_class("-open")
        box.value = box.value + start
        box.cursor_position = len(box.value)
        box.focus()

    @on(Input.Changed, "#picker-filter")
    def _filtered(self, event: Input.Changed) -> None:
        event.stop()
        options = self.query_one(OptionList)
        options.clear_options()
        shown = self._options(event.value)
        options.add_options(shown)
        if shown:
            options.highlighted = 0

    @on(Input.Submitted, "#picker-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            option = options.get_option_at_index(options.highlighted)
            self.dismiss(self.choices[int(option.id or 0)][1])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``y`` only where a choice has something to copy."""
        if action == "copy":
            return self._copy is not None
        return True

    def action_copy(self) -> None:
        """Copy the highlighted choice's text (a link's URL) to the clipboard."""
        options = self.query_one(OptionList)
        if self._copy is None or options.highlighted is None or not options.option_count:
            return
        option = options.get_option_at_index(options.highlighted)
        text = self._copy(self.choices[int(option.id or 0)][1])
        if text:
            self.app.copy_to_clipboard(text)
            self.notify(f"Copied {text} (through the terminal, OSC 52).", markup=False)

    def action_move(self, step: int) -> None:
        """Move the highlight (j/k, as everywhere else)."""
        if self.choices and self.query_one(OptionList).option_count:
            options = self.query_one(OptionList)
            options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_edge(self, end: int) -> None:
        """The first (0) or the last (1) choice."""
        if self.choices:
            options = self.query_one(OptionList)
            if options.option_count:
                options.highlighted = options.option_count - 1 if end else 0

    def action_page(self, pages: int) -> None:
        """Move the highlight by a page of choices."""
        if self.choices:
            options = self.query_one(OptionList)
            step = max(1, options.scrollable_content_region.height - 1) * pages
            current = options.highlighted or 0
            last = options.option_count - 1
            if last >= 0:
                options.highlighted = min(last, max(0, current + step))

    def action_cancel(self) -> None:
        """Clear the filter if there is one, else close without choosing."""
        if self.choices:
            box = self.query_one(Input)
            if box.has_class("-open"):
                box.value = ""
                box.remove_class("-open")
                self.query_one(OptionList).focus()
                return
        self.dismiss(None)
