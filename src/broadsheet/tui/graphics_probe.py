"""Which picture protocol the terminal speaks, asked once before the reader starts.

Textual reads stdin from its own thread once the app runs, so the terminal is asked
before ``App.run``: kitty's graphics query (``a=q``), the cell size in pixels (``CSI
16 t``) and the primary device attributes (DA1, ``CSI c``) go out together, and the
answers are read until the DA1 answer arrives (every terminal sends one, after the
others) or :data:`TIMEOUT` passes; nothing waits longer. ``images = "auto"`` then
picks (see :func:`choose`):

- kitty's protocol (Unicode placeholders) where kitty's query is answered ``OK`` and
  the terminal is kitty 0.28 or later or Ghostty (by XTVERSION, or by the environment
  where it does not answer that): the two that draw placeholders. It needs true colour,
  which carries the image id. WezTerm and Konsole speak kitty's protocol without
  placeholders, and get sixel;
- sixel where DA1 lists 4 (foot, mlterm, xterm -ti vt340, WezTerm, Konsole, iTerm2,
  Windows Terminal);
- half blocks otherwise: no answer, the Linux console, and tmux or screen, which do not
  pass graphics through unless told to (``BROADSHEET_GRAPHICS=kitty|sixel|blocks``
  overrides the choice).
"""

from __future__ import annotations

import logging
import os
import re
import select
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, TextIO

from broadsheet.render.graphics import PROTOCOLS, Protocol

log = logging.getLogger(__name__)

TIMEOUT: Final = 0.5
"""Seconds to wait for the terminal's answers (a local terminal answers in about 1 ms)."""
DEFAULT_CELL: Final = (10, 20)
"""Cell size in pixels when the terminal does not say (a VT340's)."""
QUERY: Final = (
    "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"  # kitty's graphics query
    "\x1b[16t"  # the cell size in pixels
    "\x1b[?1;1;0S"  # XTSMGRAPHICS: how many sixel colour registers
    "\x1b[>q"  # XTVERSION: the terminal's name and version
    "\x1b[c"  # DA1, which every terminal answers, last
)
PLACEHOLDERS_SINCE: Final = {"kitty": (0, 28), "ghostty": (0,)}
"""Terminals (XTVERSION names) that draw kitty's Unicode placeholders, from which version."""
OVERRIDE: Final = "BROADSHEET_GRAPHICS"

_KITTY_OK = re.compile(rb"\x1b_Gi=31;OK\x1b\\")
_CELL = re.compile(rb"\x1b\[6;(\d+);(\d+)t")
_DA1 = re.compile(rb"\x1b\[\?([\d;]*)c")
_REGISTERS = re.compile(rb"\x1b\[\?1;0;(\d+)S")
_VERSION = re.compile(rb"\x1bP>\|([A-Za-z][\w-]*)[ (]*([\d.]*)")


@dataclass(frozen=True, slots=True)
class Answers:
    """What the terminal said to :data:`QUERY`."""

    kitty: bool
    sixel: bool
    cell: tuple[int, int] | None
    """Cell width and height in pixels, if it said."""
    name: str = ""
    """The terminal's name (XTVERSION), lower case, if it said."""
    version: tuple[int, ...] = ()
    colours: int | None = None
    """Sixel colour registers, if it said."""


@dataclass(frozen=True, slots=True)
class Graphics:
    """The protocol the reader draws pictures with, the cell size, and why."""

    protocol: Protocol = "blocks"
    cell: tuple[int, int] = DEFAULT_CELL
    reason: str = "half blocks"
    colours: int = 256
    """Sixel colours to use (xterm -ti vt340 has 16 registers unless told otherwise)."""


def parse_answers(data: bytes) -> Answers | None:
    """The answers in ``data`` (None without a DA1 answer: the terminal did not answer)."""
    da1 = _DA1.search(data)
    if da1 is None:
        return None
    cell_match = _CELL.search(data)
    cell = None
    if cell_match is not None:
        height, width = int(cell_match.group(1)), int(cell_match.group(2))
        if 0 < width < 1000 and 0 < height < 1000:
            cell = (width, height)
    attributes = da1.group(1).split(b";")
    registers = _REGISTERS.search(data)
    named = _VERSION.search(data)
    version: tuple[int, ...] = ()
    if named is not None:
        version = tuple(int(part) for part in named.group(2).decode().split(".") if part.isdigit())
    return Answers(
        kitty=_KITTY_OK.search(data) is not None,
        sixel=b"4" in attributes,
        cell=cell,
        name=named.group(1).decode().lower() if named is not None else "",
        version=version,
        colours=int(registers.group(1)) if registers is not None else None,
    )


def cannot_draw(env: Mapping[str, str]) -> str | None:
    """Why a terminal with environment ``env`` draws half blocks whatever it answers
    (None: ask it)."""
    term = env.get("TERM", "")
    if env.get("TMUX") or env.get("STY") or term.startswith(("screen", "tmux")):
        return "tmux or screen: no graphics passthrough"
    if term in ("linux", "dumb", ""):
        return f"TERM={term or '(unset)'}"
    return None


def choose(
    env: Mapping[str, str], answers: Answers | None, cell: tuple[int, int] | None
) -> Graphics:
    """The protocol for a terminal with environment ``env`` that gave ``answers``
    (``cell``: its cell size from the kernel, if known)."""
    cell = cell or (answers.cell if answers is not None else None) or DEFAULT_CELL
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "").lower()
    unable = cannot_draw(env)
    if unable is not None:
        return Graphics("blocks", cell, unable)
    if answers is None:
        return Graphics("blocks", cell, "the terminal did not answer")
    if answers.name:  # the terminal said who it is: a kitty older than 0.28 draws none
        since = PLACEHOLDERS_SINCE.get(answers.name)
        placeholders = since is not None and answers.version >= since
    else:  # over ssh, say: the environment is all there is
        placeholders = (
            term in ("xterm-kitty", "xterm-ghostty")
            or "KITTY_WINDOW_ID" in env
            or program == "ghostty"
        )
    truecolor = env.get("COLORTERM", "").lower() in ("truecolor", "24bit")
    if answers.kitty and truecolor and placeholders:
        return Graphics("kitty", cell, "the terminal answered kitty's graphics query")
    if answers.sixel:
        colours = min(256, answers.colours or 256)
        if colours < 2:
            return Graphics("blocks", cell, "the terminal has no sixel colours")
        return Graphics("sixel", cell, "the terminal's device attributes list sixel", colours)
    if answers.kitty:
        return Graphics("blocks", cell, "kitty's protocol without its placeholders")
    return Graphics("blocks", cell, "no graphics protocol in the terminal's answers")


def kernel_cell_size(fd: int) -> tuple[int, int] | None:
    """The cell size in pixels from the window size the kernel keeps (0 when the
    terminal does not set it)."""
    try:
        import fcntl
        import struct
        import termios
    except ImportError:  # Windows
        return None
    try:
        packed = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
    except (OSError, ValueError):  # not a terminal, or a closed descriptor
        return None
    rows, columns, width, height = struct.unpack("HHHH", packed)
    if rows and columns and width and height:
        return (width // columns, height // rows)
    return None


def query_terminal(fd_in: int, fd_out: int, timeout: float = TIMEOUT) -> bytes:
    """Send :data:`QUERY` to the terminal on ``fd_out`` and read its answers from
    ``fd_in`` (cbreak, no echo) until the DA1 answer or ``timeout``."""
    import termios
    import tty

    saved = termios.tcgetattr(fd_in)
    data = b""
    try:
        tty.setcbreak(fd_in, termios.TCSANOW)
        os.write(fd_out, QUERY.encode("ascii"))
        deadline = time.monotonic() + timeout
        while not _DA1.search(data):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([fd_in], [], [], left)
            if not ready:
                break
            chunk = os.read(fd_in, 1024)
            if not chunk:
                break
            data += chunk
    finally:
        termios.tcsetattr(fd_in, termios.TCSANOW, saved)
    return data


def detect(
    setting: str,
    env: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> Graphics:
    """The protocol for the ``images`` setting in this terminal (asks it when
    ``auto``); never raises and never waits more than :data:`TIMEOUT`."""
    env = os.environ if env is None else env
    stdin = sys.__stdin__ if stdin is None else stdin
    stdout = sys.__stdout__ if stdout is None else stdout
    forced = env.get(OVERRIDE, "").strip().lower()
    tty_out = stdout is not None and stdout.isatty()
    cell = kernel_cell_size(stdout.fileno()) if tty_out and stdout is not None else None
    if forced in PROTOCOLS:
        return Graphics(forced, cell or DEFAULT_CELL, f"{OVERRIDE}={forced}")
    if setting != "auto":
        return Graphics("blocks", cell or DEFAULT_CELL, f"images = {setting!r}")
    if stdin is None or stdout is None or not (stdin.isatty() and tty_out):
        return Graphics("blocks", cell or DEFAULT_CELL, "not a terminal")
    unable = cannot_draw(env)
    if unable is not None:  # not asked: tmux would answer for itself, not the terminal
        return Graphics("blocks", cell or DEFAULT_CELL, unable)
    try:
        stdout.flush()
        data = query_terminal(stdin.fileno(), stdout.fileno())
    except (OSError, ValueError, ImportError) as error:  # no termios (Windows), a broken tty
        log.warning("could not ask the terminal about graphics: %s", error)
        return Graphics("blocks", cell or DEFAULT_CELL, "the terminal could not be asked")
    graphics = choose(env, parse_answers(data), cell)
    log.info(
        "pictures: %s (%s), cell %sx%s, %s",
        graphics.protocol,
        graphics.reason,
        *graphics.cell,
        parse_answers(data),
    )
    return graphics
