"""The broadsheet application: the library, the reading state and the main screen.

:func:`make_app` is the one factory the command line and the tests share.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.theme import Theme

from broadsheet.config import Config, load_config, save_setting
from broadsheet.errors import BroadsheetError
from broadsheet.library.library import Library
from broadsheet.library.results import ScanReport
from broadsheet.library.state import ReadingState
from broadsheet.library.watch import Batch
from broadsheet.paths import picture_cache_dir
from broadsheet.render.pictures import PictureSettings, lazy_fetcher
from broadsheet.render.styles import StyleMap
from broadsheet.tui import wide_chops
from broadsheet.tui.browser import NoBrowserError, UrlOpener, find_browser, is_terminal_browser
from broadsheet.tui.commands import screen_commands
from broadsheet.tui.graphics_probe import Graphics, detect
from broadsheet.tui.keymap import bindings, unknown_ids
from broadsheet.tui.live_messages import FolderUpdated
from broadsheet.tui.messages import ListFilled, ScanFinished, WebPageWanted
from broadsheet.tui.reading import ArticleOpener
from broadsheet.tui.screens.help import HelpScreen
from broadsheet.tui.screens.main import MainScreen
from broadsheet.tui.theme_styles import style_map
from broadsheet.tui.widgets.follow_focus import redirect
from broadsheet.tui.widgets.reader_view import ReaderView

if TYPE_CHECKING:
    from broadsheet.render.document import Link

log = logging.getLogger(__name__)


class BroadsheetApp(App[int]):
    """A terminal reader for one library folder."""

    CSS_PATH = "app.tcss"
    TITLE = "broadsheet"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("app")]

    def __init__(
        self,
        library_root: Path,
        *,
        config: Config | None = None,
        url_opener: UrlOpener | None = None,
        graphics: Graphics | None = None,
    ) -> None:
        """Open the library's index (no scan yet) and the reading state.

        ``url_opener`` replaces the web browser (tests record the links opened);
        ``graphics`` is the picture protocol the terminal speaks (None: half blocks).
        Raises ``BroadsheetError`` when the library cannot be opened.
        """
        super().__init__()
        wide_chops.install()  # Chinese in a toast across two panes keeps every character
        self.config = config if config is not None else load_config()
        """The settings in force."""
        self.graphics = graphics if graphics is not None else Graphics()
        """How pictures are drawn (``images = "auto"``: what the terminal speaks)."""
        self.library = Library(library_root, on_rebuild=self._index_rebuilt)
        """The folder of articles and its index."""
        self.state = ReadingState(self.library.root)
        """Read marks, positions, bookmarks, the last article and filter."""
        self.state.on_write_failed = self._state_not_saved  # once per session
        self.opener = ArticleOpener(
            self.library,
            self.state,
            reading_width=self.config.reading_width,
            styles=self.document_styles,
            report=self.report_error,
            pictures=self._picture_settings(),
        )
        """Opens articles into the reader."""
        self.filled = asyncio.Event()
        """Set once the list shows the cached index (benchmarks wait on it)."""
        self.scanned = asyncio.Event()
        """Set when the start-up walk of the folder has finished and its results are shown."""
        self.last_scan: ScanReport | None = None
        """What the start-up walk did (None until it finishes, or if it failed)."""
        self._url_opener = url_opener
        self._styles: StyleMap | None = None
        self._main_screen: MainScreen | None = None
        self.sub_title = self.library.root.name
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.set_keymap(self.config.keys)

    def _picture_settings(self) -> PictureSettings:
        """How articles show pictures: the settings, the cache, the key that loads them."""
        config = self.config
        key = config.keys.get("reader.load_pictures", "I").split(",")[0].strip()
        fetch = None if config.remote_images == "never" else lazy_fetcher(picture_cache_dir())
        note = f"remote picture, not loaded: press {key}"
        graphics = self.graphics
        return PictureSettings(
            config.images,
            config.remote_images,
            fetch,
            note,
            graphics.protocol,
            graphics.cell,
            graphics.colours,
        )

    def get_default_screen(self) -> Screen[None]:
        """The three-pane screen, given the library, the reading state and the opener."""
        self._main_screen = MainScreen(self.library, self.state, self.opener)
        return self._main_screen

    @property
    def main_screen(self) -> MainScreen:
        """The main screen (under any modal that is open)."""
        if self._main_screen is None:
            raise RuntimeError("the app is not running: it has no main screen yet")
        return self._main_screen

    async def _on_key(self, event: events.Key) -> None:
        """A key typed before the focus moved to a search or find box goes into the box."""
        if self.screen_stack and redirect(event, self.focused):  # none while closing
            event.prevent_default()  # not a binding: Textual's own handler is skipped

    def on_mount(self) -> None:
        """Report what went wrong before the app could show it; follow theme changes."""
        if self.state.recovered:
            self.notify(self.state.recovered, severity="warning", timeout=10, markup=False)
        if self.library.rebuilt_reason:
            # A new schema (or a damaged index) starts from nothing: say why the list
            # is empty and fills up while the scan runs.
            self.notify(
                f"Rebuilding the index: {self.library.rebuilt_reason}.",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.config.theme not in self.available_themes:
            self.notify(
                f"Unknown theme {self.config.theme!r} in the configuration; T chooses one.",
                severity="warning",
                markup=False,
            )
        unknown = unknown_ids(self.config.keys)
        if unknown:
            self.notify(
                f"Unknown binding ids in [keys]: {', '.join(unknown)} (? lists them).",
                severity="warning",
                markup=False,
            )
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self._styles = None
        self.opener.reopen()
        if theme.name != self.config.theme:
            try:
                save_setting("theme", theme.name)
            except (BroadsheetError, OSError) as error:
                self.report_error(f"The theme could not be saved: {error}")

    def document_styles(self) -> StyleMap:
        """The reader's styles, from the colours of the current theme."""
        if self._styles is None:
            self._styles = style_map(self.current_theme)
        return self._styles

    def _state_not_saved(self, message: str) -> None:
        """Say once that reading state is being lost (``notify`` is safe from any thread)."""
        self.notify(message, severity="warning", timeout=10, markup=False)

    def _index_rebuilt(self, report: ScanReport) -> None:
        """A query found the index damaged and it was rebuilt (in any thread): say so
        once, and reload the list and the categories from the new index."""
        self.notify(
            f"The index was rebuilt: {report.rebuilt_reason}.",
            severity="warning",
            timeout=10,
            markup=False,
        )
        if self._main_screen is not None:
            self._main_screen.post_message(FolderUpdated(Batch(frozenset()), report))

    def report_error(self, message: str) -> None:
        """Tell the user something failed (article text is never markup), and log it."""
        log.error("%s", message)
        self.notify(message, severity="error", timeout=8, markup=False)

    @on(ListFilled)
    def _list_filled(self) -> None:
        """The list shows the cached index: start-up is over."""
        self.filled.set()
        self.call_after_refresh(self._warm_up_renderer)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up_renderer(self) -> None:
        """Load the renderer (and compile its patterns) while the user looks at the list.

        Start-up does not wait for it; the first article opened does not pay for it.
        """
        from broadsheet.render.document import Document

        Document.from_article(None, "<p>warm-up 预热</p>").convert_all()

    @on(ScanFinished)
    def _scan_finished(self, event: ScanFinished) -> None:
        """A full walk of the folder is over: say what could not be read."""
        report = event.report
        if not self.scanned.is_set():
            self.last_scan = report
            self.scanned.set()
            # What start-up made (about 100,000 objects: widgets, styles, caches) is kept
            # out of the collector's full passes, which otherwise stop the interpreter
            # for 40 ms now and then (a key pressed meanwhile waits); undone on unmount.
            gc.freeze()
        if report is not None and report.problems:
            self.notify(
                f"{report.problems} file(s) could not be read cleanly; "
                "`broadsheet doctor` lists them.",
                severity="warning",
                markup=False,
            )

    def get_system_commands(self, screen: Screen[object]) -> list[SystemCommand]:
        """The palette's commands: ours first, then Textual's (theme, keys, quit...)."""
        commands = screen_commands(self, screen)
        commands.extend(
            command
            for command in super().get_system_commands(screen)
            # Screenshot writes an SVG into the current folder: maybe the articles folder.
            if command.title not in ("Quit", "Keys", "Screenshot")
        )
        return commands

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The read and bookmark keys need an article (open or highlighted)."""
        if action == "flip":
            return isinstance(self.screen, MainScreen) and self.screen.target_id() is not None
        return True

    def action_flip(self, mark: str) -> None:
        """Flip the ``read`` mark or the ``bookmark`` of the open or highlighted article."""
        article_id = self.main_screen.target_id()
        if article_id is None:
            return
        if mark == "read":
            read = self.opener.toggle_read(article_id)
            self.notify("Marked read." if read else "Marked unread.")
        else:
            marked = self.opener.toggle_bookmark(article_id)
            self.notify("Bookmarked." if marked else "Bookmark removed.")
        self.main_screen.article_list.refresh()

    def action_bookmarks(self) -> None:
        """Choose from the bookmarked articles, to read one."""
        self.push_screen(self.opener.bookmarks_picker(), self._bookmark_chosen)

    def _bookmark_chosen(self, article_id: str | None) -> None:
        if article_id is not None:
            self.main_screen.open_article(article_id)

    def action_help(self) -> None:
        """Show every key and its binding id."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.config.keys))

    async def action_quit(self) -> None:
        """Remember where the reader is, then leave with status 0."""
        self.main_screen.save_session()
        self.exit(0)

    @on(ReaderView.LinkRequested)
    def _link_requested(self, event: ReaderView.LinkRequested) -> None:
        """A link of the article that the screen did not follow inside the library."""
        self.open_link(event.link)

    @on(WebPageWanted)
    def _web_page_wanted(self, event: WebPageWanted) -> None:
        self.open_address(event.url)

    def open_link(self, link: Link) -> None:
        """Open a link of the article in the browser, off the UI thread."""
        if not link.openable:
            self.notify(
                f"Link {link.number} is not a web or mail address; not opened: {link.url}",
                severity="warning",
                markup=False,
            )
            return
        self._open_url(link.url)

    def open_address(self, url: str) -> None:
        """Open a web address (http or https, already checked) in the browser."""
        self._open_url(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_url(self, url: str) -> None:
        reason: str | None = None
        if self._url_opener is not None:
            opened = self._url_opener(url)
        else:
            try:
                browser = find_browser()
            except NoBrowserError:
                self.call_from_thread(self.copy_to_clipboard, url)
                self.notify(
                    f"No web browser found; the address was copied to the clipboard: {url}",
                    severity="warning",
                    markup=False,
                )
                return
            if is_terminal_browser(browser):
                # A terminal browser takes over the screen: run it with the app suspended.
                reason = self.call_from_thread(self._open_suspended, browser.open, url)
                opened = reason is None
            else:
                opened = browser.open(url)
        if opened:
            self.notify(f"Opened {url}", markup=False)
        else:
            why = f": {reason}" if reason else ""
            log.warning("could not open %s%s", url, why)
            self.notify(f"Could not open {url}{why}", severity="error", markup=False)

    def _open_suspended(self, open_url: UrlOpener, url: str) -> str | None:
        """Open ``url`` in a terminal browser with the app suspended; None when it opened,
        else why it did not (the caller tells the user)."""
        try:
            with self.suspend():
                return None if open_url(url) else "the browser did not open it"
        except SuspendNotSupported:
            return "this terminal cannot hand the screen over to a terminal browser"
        except Exception as error:  # the browser's own failure, whatever it is
            log.exception("the terminal browser failed on %s", url)
            return f"the browser failed ({type(error).__name__}: {error})"

    def on_unmount(self) -> None:
        """Close the index and the state file."""
        gc.unfreeze()  # what the reader made can be collected again (tests make many apps)
        self.library.close()
        self.state.close()


def make_app(
    library_root: Path,
    *,
    config: Config | None = None,
    url_opener: UrlOpener | None = None,
    ask_terminal: bool = False,
    graphics: Graphics | None = None,
) -> BroadsheetApp:
    """Build the app for ``library_root``: the one factory of the CLI and the tests.

    ``ask_terminal`` (the CLI, right before ``run``) asks the terminal which picture
    protocol it speaks; it must happen before Textual owns stdin. Tests pass
    ``graphics`` instead, or get half blocks."""
    config = config if config is not None else load_config()
    if ask_terminal and graphics is None:
        graphics = detect(config.images)
    return BroadsheetApp(library_root, config=config, url_opener=url_opener, graphics=graphics)
