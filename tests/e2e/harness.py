"""A real terminal for end-to-end tests: the installed ``broadsheet`` inside tmux.

Each :class:`Terminal` runs its own tmux server on a private socket (``tmux -L``), at a
fixed size, with ``LANG=C.UTF-8`` and the broadsheet/XDG folders of the test. The
command runs in a shell that writes its exit status to a file when it ends, and the
pane stays open (``remain-on-exit``) so the last screen can still be read.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Final

from rich.cells import cell_len

DEFAULT_TIMEOUT: Final = 15.0
POLL: Final = 0.05
KEY_PAUSE: Final = 0.05
ESCAPE_PAUSE: Final = 0.2
PASSED_VARIABLES: Final = (
    "BROADSHEET_CACHE_DIR",
    "BROADSHEET_DATA_DIR",
    "BROADSHEET_CONFIG_DIR",
    "BROADSHEET_STATE_DIR",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "TEXTUAL_ANIMATIONS",
    "BROADSHEET_WATCH",
)
TMUX_CONFIG: Final = """\
set -g remain-on-exit on
set -sg escape-time 10
set -g default-terminal "screen-256color"
set -g status off
set -g history-limit 0
"""


def tmux_path() -> str:
    """The tmux executable; a missing tmux is a failure (CI installs it), not a skip."""
    path = shutil.which("tmux")
    if path is None:
        raise AssertionError(
            "tmux is not installed: the end-to-end tests drive the app in tmux "
            "(apt-get install tmux)"
        )
    return path


def broadsheet_path() -> str:
    """The installed console script, from this Python's environment."""
    bin_dir = Path(sys.executable).parent
    script = bin_dir / "broadsheet"
    if not script.exists():
        found = shutil.which("broadsheet")
        if found is None:
            raise AssertionError(
                "the broadsheet command is not installed: pip install -e . (it must be on PATH)"
            )
        return found
    return str(script)


def _server_environment() -> dict[str, str]:
    """The environment the tmux server starts with (the pane inherits it).

    COLUMNS and LINES are dropped: the test process may carry them (80x24) and the app
    would believe them over the real size of the pane.
    """
    return {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}


class Terminal:
    """One tmux session running one command, read and typed into like a person would."""

    def __init__(self, workdir: Path, *, width: int = 120, height: int = 36) -> None:
        """Prepare a session ``width`` x ``height``; files go in ``workdir``."""
        self.tmux = tmux_path()
        self.width = width
        self.height = height
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.socket = f"broadsheet-e2e-{uuid.uuid4().hex[:12]}"
        self.config = workdir / "tmux.conf"
        self.config.write_text(TMUX_CONFIG, encoding="utf-8")
        self.exit_file = workdir / "exit-status"
        self.running = False

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.tmux, "-u", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=10,
            env=_server_environment(),
        )

    def start(self, args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> None:
        """Run ``broadsheet ARGS`` in ``cwd`` (with ``env`` added to its environment).

        Its exit status lands in :attr:`exit_file`.
        """
        self.exit_file.unlink(missing_ok=True)
        command = " ".join(shlex.quote(part) for part in [broadsheet_path(), *args])
        shell = f"{command}; echo $? > {shlex.quote(str(self.exit_file))}"
        environment = ["-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8"]
        for name in PASSED_VARIABLES:
            if name in os.environ:
                environment += ["-e", f"{name}={os.environ[name]}"]
        environment += ["-e", f"PATH={Path(sys.executable).parent}:{os.environ.get('PATH', '')}"]
        for name, value in (env or {}).items():
            environment += ["-e", f"{name}={value}"]
        if not self.running:
            # The window gets its final size before the command starts: a program that
            # started first would see tmux's default 80x24 and a resize race after it.
            self._tmux(
                "new-session",
                "-d",
                "-s",
                "main",
                "-x",
                str(self.width),
                "-y",
                str(self.height),
                "cat",
            )
            self._tmux("set-option", "-g", "window-size", "manual")
            self._tmux("resize-window", "-t", "main", "-x", str(self.width), "-y", str(self.height))
            self.running = True
        self._tmux(
            "respawn-pane",
            "-k",
            "-t",
            "main",
            "-c",
            str(cwd),
            *environment,
            f"sh -c {shlex.quote(shell)}",
        )

    def send_keys(self, *keys: str) -> None:
        """Press keys by tmux name (``Enter``, ``Escape``, ``Space``, ``C-f``, ``q``...).

        Each key is sent on its own, with a pause after escape: a terminal reads an
        escape followed at once by a key as alt+key, and a person is never that fast.
        """
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            time.sleep(ESCAPE_PAUSE if key == "Escape" else KEY_PAUSE)

    def type(self, text: str) -> None:
        """Type ``text`` literally (Chinese works: tmux sends UTF-8)."""
        self._tmux("send-keys", "-t", "main", "-l", text)

    def screen(self) -> str:
        """The visible screen as text, one line per row."""
        return self._tmux("capture-pane", "-p", "-t", "main").stdout

    def lines(self) -> list[str]:
        """The visible rows, without trailing spaces."""
        return [line.rstrip() for line in self.screen().splitlines()]

    def wait_for(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until ``text`` is on screen; returns the screen (fails with it shown)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(POLL)
        raise AssertionError(f"{text!r} did not appear within {timeout}s; the screen:\n{screen}")

    def wait_for_pattern(self, pattern: str, timeout: float = DEFAULT_TIMEOUT) -> re.Match[str]:
        """Wait until a regular expression matches the screen; returns the match."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            match = re.search(pattern, screen)
            if match:
                return match
            time.sleep(POLL)
        raise AssertionError(f"/{pattern}/ did not match within {timeout}s; the screen:\n{screen}")

    def wait_gone(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until ``text`` is no longer on screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(POLL)
        raise AssertionError(f"{text!r} was still on screen after {timeout}s:\n{screen}")

    def wait_stable(self, quiet: float = 0.3, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until the screen stops changing for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last = self.screen()
        since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(POLL)
            screen = self.screen()
            if screen != last:
                last, since = screen, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return screen
        raise AssertionError(f"the screen kept changing for {timeout}s:\n{last}")

    def exit_status(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Wait for the command to end and return its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_file.exists():
                text = self.exit_file.read_text(encoding="utf-8").strip()
                if text:
                    return int(text)
            time.sleep(POLL)
        raise AssertionError(f"broadsheet did not exit within {timeout}s:\n{self.screen()}")

    def close(self) -> None:
        """Stop the tmux server of this terminal and remove its socket."""
        socket = self._tmux("display-message", "-p", "#{socket_path}", check=False).stdout.strip()
        self._tmux("kill-server", check=False)
        if socket:
            Path(socket).unlink(missing_ok=True)
        self.running = False


def overflowing_rows(screen: str, width: int) -> list[str]:
    """Rows of ``screen`` wider than ``width`` cells (there must be none)."""
    return [line for line in screen.splitlines() if cell_len(line) > width]
