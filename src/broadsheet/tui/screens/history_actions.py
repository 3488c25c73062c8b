"""The main screen's history keys, and links that lead to another article of the library.

A mixin of :class:`MainScreen`. A link whose target the library knows (a relative
``.md`` path, a Hexo ``post_link``, the site's own address) opens in the reader and
goes into the history; back and forward return to each article where it was left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from broadsheet.errors import BroadsheetError
from broadsheet.tui.screens.main_parts import ScreenMixin

if TYPE_CHECKING:
    from broadsheet.render.document import Link


class HistoryActions(ScreenMixin):
    """Back and forward through the articles opened; links inside the library."""

    def action_history(self, step: int) -> None:
        """Open the article read before (-1) or after (1) this one."""
        if self.opener.step_history(step):
            self._follow_in_list()
            self.show_pane("reader")
        else:
            where = "before" if step < 0 else "after"
            self.notify(f"No article {where} this one in the history.", timeout=2)

    def history_check(self, action: str) -> bool | None:
        """Whether a history action can run now (None: not a history action)."""
        if action == "history":
            return bool(self.opener.history.current)
        return None

    def follow_link(self, link: Link) -> bool:
        """Open ``link`` in the reader when it leads to an article of the library."""
        source = self.reader.article
        if source is None:
            return False
        try:
            target = self.library.link_target(source, link.url)
        except BroadsheetError as error:
            self.opener.report(str(error))
            return True
        if target is None:
            if link.url.startswith("post:"):
                self.notify(f"No post {link.url[5:]!r} in this library.", markup=False)
                return True
            return False
        if self.opener.open(target):
            self._follow_in_list()
            self.show_pane("reader")
        return True

    def _follow_in_list(self) -> None:
        """Put the list's cursor on the article now read, when the list has it."""
        article_id = self.reader.article_id
        index = self.article_list.index_of(article_id) if article_id else None
        if index is not None:
            self.article_list.cursor = index
        self.article_list.refresh()
