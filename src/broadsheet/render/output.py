"""Writing a document's lines to a stream or a pager, styled or as plain text."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterable, Iterator
from io import StringIO
from typing import Final, Literal, TextIO

from rich.console import Console
from rich.segment import Segment, Segments

from broadsheet.library.text import clean_control
from broadsheet.render.layout import Line

DEFAULT_PAGER: Final = "less"
STYLED_PAGER_FLAGS: Final = "-R"
"""``less`` shows SGR colours only with ``-R``; set through ``$LESS`` when it is unset."""


def plain_lines(lines: Iterable[Line]) -> Iterator[str]:
    """Each line as plain text, trailing blanks removed.

    The text was sanitized on the way in; it is checked once more here because plain
    output promises not a single escape byte whatever happened upstream.
    """
    for line in lines:
        yield clean_control("".join(segment.text for segment in line.segments)).rstrip()


def plain_text(lines: Iterable[Line]) -> str:
    """The whole document as plain text, one line per line, ending in a newline."""
    return "".join(f"{line}\n" for line in plain_lines(lines))


ColorSystem = Literal["auto", "standard", "256", "truecolor", "windows"]


def styled_text(lines: Iterable[Line], color_system: ColorSystem | None = "auto") -> str:
    """The document with SGR styles (and nothing else), as Rich renders our segments."""
    buffer = StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system=color_system,
        highlight=False,
        markup=False,
        emoji=False,
        width=10_000,
    )
    segments: list[Segment] = []
    newline = Segment.line()
    for line in lines:
        segments.extend(line.segments)
        segments.append(newline)
    console.print(Segments(segments), end="", soft_wrap=True)
    return buffer.getvalue()


def page(text: str, *, styled: bool, stream: TextIO | None = None) -> int:
    """Show ``text`` through ``$PAGER`` (default ``less``, with ``-R`` when styled).

    Falls back to writing to ``stream`` (stdout) when the pager cannot be started.
    """
    command = os.environ.get("PAGER", "").strip() or DEFAULT_PAGER
    environment = dict(os.environ)
    if styled and "LESS" not in environment:
        environment["LESS"] = STYLED_PAGER_FLAGS
    try:
        process = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, env=environment)
    except (OSError, ValueError) as error:
        print(f"broadsheet: cannot start the pager {command!r}: {error}", file=sys.stderr)
        (stream or sys.stdout).write(text)
        return 0
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode("utf-8", errors="replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: that is not an error
    return process.wait()
