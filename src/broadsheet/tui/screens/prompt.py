"""A modal one-line question: a command to pipe to, a file to save into."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from broadsheet.tui.keymap import bindings


class PromptScreen(ModalScreen[str | None]):
    """Asks for one line; dismisses with it on enter, or with None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("prompt")]

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PromptScreen > Vertical > #prompt-title { text-style: bold; padding: 0 0 1 0; }
    PromptScreen > Vertical > #prompt-hint { color: $text-muted; padding: 1 0 0 0; }
    """

    def __init__(self, title: str, value: str = "", *, hint: str = "") -> None:
        """A prompt titled ``title``, its box holding ``value`` to start with."""
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The title, the box, the hint."""
        with Vertical():
            yield Static(Text(self.title_text), id="prompt-title")
            yield Input(self.value, id="prompt-input")
            if self.hint:
                yield Static(Text(self.hint), id="prompt-hint")

    def on_mount(self) -> None:
        """Type at once."""
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
