"""The reader pane: the reader view and, under it, the find bar it works with."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical

from broadsheet.tui.cells import one_line
from broadsheet.tui.finder import parse_terms
from broadsheet.tui.screens.picker import PickerScreen
from broadsheet.tui.widgets.find_bar import FindBar
from broadsheet.tui.widgets.reader_view import ReaderView


def _quote(term: str) -> str:
    return f'"{term}"' if any(c.isspace() for c in term) else term


class ReaderPane(Vertical):
    """Connects the find bar to the reader, and lists the article's links and headings."""

    def compose(self) -> ComposeResult:
        """The reader above the (hidden until used) find bar."""
        yield ReaderView(id="reader")
        yield FindBar(id="find")

    @property
    def reader(self) -> ReaderView:
        """The reader view."""
        return self.query_one(ReaderView)

    @property
    def find_bar(self) -> FindBar:
        """The find bar."""
        return self.query_one(FindBar)

    @property
    def find_active(self) -> bool:
        """Whether a find is open or its highlights are showing."""
        return self.find_bar.is_open or bool(self.reader.finder.terms)

    def start_find(self) -> None:
        """Open the find bar for typing (keeping the last words found)."""
        self.find_bar.open(" ".join(_quote(t) for t in self.reader.finder.terms))

    def find_terms(self, terms: Sequence[str], *, from_offset: int | None = None) -> int:
        """Highlight ``terms`` (e.g. a search's) with the bar showing them; focus stays."""
        self.find_bar.open(" ".join(_quote(t) for t in terms), focus=False)
        return self.reader.find(terms, from_offset=from_offset)

    def end_find(self) -> None:
        """Close the bar and remove the highlights."""
        self.find_bar.close()
        self.reader.clear_find()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        self.reader.find(parse_terms(event.value))

    @on(FindBar.Submitted)
    def _find_submitted(self, event: FindBar.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.end_find()
        self.reader.focus()

    @on(FindBar.Closed)
    def _find_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self.end_find()
        self.reader.focus()

    @on(ReaderView.FindUpdated)
    def _count_changed(self, event: ReaderView.FindUpdated) -> None:
        self.find_bar.set_count(event.current, event.total)

    def choose_link(self) -> None:
        """List the article's links; the chosen one is requested like a number key would."""
        choices: list[tuple[Text, int]] = []
        links = self.reader.document.links if self.reader.document is not None else ()
        for link in links:
            label = Text(f"{link.number:>3}  ", style="bold")
            label.append(one_line(link.text) or "(no text)")
            label.append(f"  {one_line(link.url)}", Style(dim=True))
            if not link.openable:
                label.append("  cannot be opened", Style(italic=True, dim=True))
            choices.append((label, link.number))
        urls = {link.number: link.url for link in links}
        picker = PickerScreen("Links", choices, empty="This article has no links.", copy=urls.get)
        self.app.push_screen(picker, self._link_chosen)

    def _link_chosen(self, number: int | None) -> None:
        link = self.reader.link(number) if number is not None else None
        if link is not None:
            self.reader.post_message(ReaderView.LinkRequested(link))

    def choose_heading(self) -> None:
        """List the article's headings (on the one being read) and jump to the chosen one."""
        choices: list[tuple[Text, int]] = []
        current = 0
        top = int(self.reader.scroll_offset.y)
        for index, (heading, line) in enumerate(self.reader.heading_lines()):
            label = Text("  " * max(0, heading.level - 1) + one_line(heading.text))
            choices.append((label, line))
            if line <= top:
                current = index
        picker = PickerScreen(
            "Contents", choices, empty="This article has no headings.", highlight=current
        )
        self.app.push_screen(picker, self._heading_chosen)

    def _heading_chosen(self, line: int | None) -> None:
        if line is not None:
            self.reader.scroll_to_line(line)
            self.reader.focus()
