"""The main screen's hand-offs: the editor, the web page, the clipboard, a command, a file.

A mixin of :class:`MainScreen`; each acts on the article being read, or on the one
under the list's cursor. The editor and a piped command run with the app suspended
(the terminal is theirs until they end); the work itself is in
:mod:`broadsheet.library.handoff`, which never writes into the articles folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

from textual.app import SuspendNotSupported

from broadsheet import paths
from broadsheet.errors import BroadsheetError
from broadsheet.library.article import Article
from broadsheet.library.handoff import (
    default_folder,
    editor_command,
    file_name,
    run_editor,
    run_piped,
    save_text,
)
from broadsheet.library.links import original_url
from broadsheet.tui.messages import WebPageWanted
from broadsheet.tui.screens.main_parts import ScreenMixin
from broadsheet.tui.screens.prompt import PromptScreen

T = TypeVar("T")

MARKDOWN_SUFFIXES: Final = (".md", ".markdown")
CLIPBOARD_NOTE: Final = (
    "through the terminal (OSC 52); a terminal that does not allow it ignores it"
)


class HandoffActions(ScreenMixin):
    """Hands the current article to other tools (mixed into the main screen)."""

    def _target_article(self) -> Article | None:
        article_id = self.target_id()
        if article_id is None:
            return None
        if self.reader.article is not None and self.reader.article_id == article_id:
            return self.reader.article
        try:
            return self.library.article(article_id)
        except BroadsheetError as error:
            self.opener.report(str(error))
            return None

    def _suspended(self, run: Callable[[bool], T]) -> T:
        """``run(in_terminal)`` with the app suspended (run as is where that cannot be)."""
        try:
            with self.app.suspend():
                return run(True)
        except SuspendNotSupported:
            return run(False)

    def action_edit(self) -> None:
        """Open the article's file in $VISUAL or $EDITOR; read it again afterwards."""
        article = self._target_article()
        if article is None:
            return
        try:
            command = editor_command(os.environ)
            status = self._suspended(lambda _: run_editor(command, article.path))
        except BroadsheetError as error:
            self.opener.report(str(error))
            return
        if status != 0:
            self.notify(f"The editor exited with status {status}.", severity="warning")
        if self.reader.article_id == article.id:
            self.opener.reopen()  # the file as it is now, at the same place
        if self.live is not None:  # the title, date or categories may have changed
            self.live.touched([os.fspath(article.path)])

    def action_web_page(self) -> None:
        """Open the article's original web page (its front matter's link, url...)."""
        article = self._target_article()
        if article is None:
            return
        url = original_url(article)
        if url is None:
            self.notify(
                "This article names no web page (link, url, permalink or source).",
                severity="warning",
            )
            return
        self.post_message(WebPageWanted(url))

    def action_copy(self, what: str) -> None:
        """Copy the article's web address (else its file path), or its path."""
        article = self._target_article()
        if article is None:
            return
        text = original_url(article) if what == "url" else None
        self.copy_text(text or str(article.path))

    def copy_text(self, text: str) -> None:
        """Put ``text`` on the clipboard and say so."""
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {text} {CLIPBOARD_NOTE}.", markup=False, timeout=4)

    def action_pipe(self) -> None:
        """Ask for a command, then give it the article's plain text on its input."""
        article = self._target_article()
        if article is None:
            return
        last = self.state.get("last_pipe") or ""
        prompt = PromptScreen(
            "Pipe the article's text to the command:",
            last,
            hint="Run by the shell with the text on its input; Enter when it ends to come back.",
        )
        self.app.push_screen(prompt, lambda command: self._pipe(article, command))

    def _pipe(self, article: Article, command: str | None) -> None:
        if not command:
            return
        self.state.put("last_pipe", command)
        text = self._plain_text(article)
        if text is None:
            return
        try:
            status = self._suspended(lambda wait: run_piped(command, text, wait=wait))
        except BroadsheetError as error:
            self.opener.report(str(error))
            return
        self.notify(f"{command} exited with status {status}.", markup=False)

    def action_save(self) -> None:
        """Ask where to save a copy of the article (text, or Markdown for a .md name)."""
        article = self._target_article()
        if article is None:
            return
        library = self.library
        folder = default_folder(library.root, cwd=Path.cwd(), home=Path.home())
        prompt = PromptScreen(
            "Save a copy of the article as:",
            str(folder / file_name(article, ".txt")),
            hint="A name ending in .md saves Markdown, anything else plain text. "
            "Never inside the library folder.",
        )
        self.app.push_screen(prompt, lambda path: self._save(article, path))

    def _save(self, article: Article, answer: str | None) -> None:
        if not answer:
            return
        target = paths.expand_home(answer)
        markdown = target.suffix.lower() in MARKDOWN_SUFFIXES
        text = self._markdown(article) if markdown else self._plain_text(article)
        if text is None:
            return
        try:
            saved = save_text(target, text, self.library.root, name=file_name(article, ".txt"))
        except BroadsheetError as error:
            self.opener.report(str(error))
            return
        self.notify(f"Saved {saved}", markup=False)

    def _plain_text(self, article: Article) -> str | None:
        document = self.reader.document if self.reader.article_id == article.id else None
        if document is None:
            rendered = self.opener.render(article.id)
            if rendered is None:
                return None
            document = rendered[0]
        document.convert_all()
        return document.plain_text

    def _markdown(self, article: Article) -> str | None:
        try:
            body = self.library.body(article.id)
        except BroadsheetError as error:
            self.opener.report(str(error))
            return None
        from broadsheet.render.export import markdown_copy

        return markdown_copy(article, body)
