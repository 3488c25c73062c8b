"""What a path a user gives (``broadsheet show PATH``) names in a library folder.

The file itself may be a symlink (the walk indexes it under its own name), and the
folders on the way may be spelt through links: each spelling is tried. A path that
names no article gets a reason, found without ever blocking on the file (a pipe is
not opened).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from broadsheet.library.text import display_path


def relpaths_named(candidates: Iterable[Path], root: Path) -> Iterator[str]:
    """The paths, relative to ``root``, that the files among ``candidates`` may be
    indexed under (each spelling once, those outside ``root`` left out)."""
    # The parser (and YAML) load only here: every other command starts without them.
    from broadsheet.library.parse import relative_path

    for path in candidates:
        if not path.is_file():
            continue
        full = os.path.abspath(path)
        spellings = dict.fromkeys(
            (
                full,
                os.path.join(os.path.realpath(os.path.dirname(full)), os.path.basename(full)),
                os.path.realpath(full),
            )
        )
        for spelling in spellings:
            relpath = relative_path(Path(spelling), root)
            if not relpath.startswith("../"):
                yield relpath


def cannot(reference: str, reason: str) -> str:
    """The message for a reference that cannot be shown."""
    return f"{display_path(reference)} cannot be shown: {reason}"


def path_problem(reference: str, candidates: Iterable[Path], root: Path) -> tuple[str, bool] | None:
    """Why the path ``reference`` names (if it names one) is no article of the library
    at ``root``, and whether it is a folder given as one word (which may be words of a
    title as well)."""
    from broadsheet.library.article import Unreadable
    from broadsheet.library.parse import parse_file, status_problem

    for path in candidates:
        try:
            status = path.stat()
        except (OSError, ValueError):
            continue
        if stat.S_ISDIR(status.st_mode):
            reason = "it is a folder, not an article file"
            return cannot(reference, reason), "/" not in reference.rstrip("/")
        problem = status_problem(status)
        if problem is not None:
            reason = problem
        else:
            real = Path(os.path.realpath(path))
            parsed = parse_file(real, root)
            if isinstance(parsed, Unreadable):
                reason = parsed.reason
            elif real.is_relative_to(root):
                reason = (
                    "it is not one of the library's articles (.md, .markdown, .mdown, "
                    ".html, .htm or .txt files outside hidden folders; doctor lists "
                    "files that were skipped)"
                )
            else:
                reason = f"it is not in the library {display_path(str(root))}"
        return cannot(reference, reason), False
    return None
