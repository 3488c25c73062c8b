"""Opening a link in the user's browser without blocking or breaking the terminal.

``webbrowser`` may pick a terminal browser (lynx, w3m, www-browser) when there is no
display; such a browser takes over the terminal and blocks until it quits, so it must
run with the app suspended. A graphical browser is started from a worker thread.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable

UrlOpener = Callable[[str], bool]
"""Opens a URL and says whether it worked (tests pass their own)."""


class NoBrowserError(Exception):
    """No web browser is available on this machine."""


def find_browser() -> webbrowser.BaseBrowser:
    """The browser ``webbrowser`` would use (``NoBrowserError`` when there is none)."""
    try:
        return webbrowser.get()
    except webbrowser.Error as error:
        raise NoBrowserError(str(error)) from error


def is_terminal_browser(browser: webbrowser.BaseBrowser) -> bool:
    """Whether the browser runs in this terminal (and so needs the app suspended)."""
    if isinstance(browser, webbrowser.BackgroundBrowser):
        return False
    if isinstance(browser, webbrowser.UnixBrowser):
        return not browser.background
    return isinstance(browser, webbrowser.GenericBrowser)
