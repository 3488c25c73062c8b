"""Handing an article to other tools: the editor, a shell command, a file of its own.

No Textual here: the reader suspends itself around :func:`run_editor` and
:func:`run_piped` and reports what they return. Nothing here ever writes into the
articles folder: an editor the user starts may change the article (it is theirs),
and :func:`save_text` refuses any path inside the library.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from broadsheet import paths
from broadsheet.errors import BroadsheetError
from broadsheet.library.article import Article

DOWNLOADS: Final = "Downloads"
_UNSAFE_NAME_RE: Final = re.compile(r"[^\w.\-\u3000-\u9fff]+")


class HandoffError(BroadsheetError):
    """A hand-off that cannot be done (no editor set, a path inside the library...)."""


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """The user's editor: ``$VISUAL``, else ``$EDITOR``, split as a shell would split it."""
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise HandoffError(f"${name} cannot be read ({error}): {value}") from error
            if words:
                return words
    raise HandoffError("Set $VISUAL or $EDITOR to the editor to open articles in.")


def run_editor(command: list[str], path: Path) -> int:
    """Run the editor on ``path`` in this terminal and wait for it; its exit status."""
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as error:
        raise HandoffError(f"the editor {command[0]!r} could not be started: {error}") from error


def run_piped(command: str, text: str, *, wait: bool) -> int:
    """Run ``command`` in the shell with ``text`` on its standard input; its exit status.

    ``wait``: then ask for Enter before returning, so its output can be read before the
    reader draws over it again.
    """
    try:
        status = subprocess.run(
            command, shell=True, input=text.encode("utf-8"), check=False
        ).returncode
    except OSError as error:
        raise HandoffError(f"{command!r} could not be started: {error}") from error
    if wait:
        sys.stdout.write(f"\n[{command} exited with status {status}] Press Enter to go back. ")
        sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):
            sys.stdin.readline()
    return status


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (links resolved)."""
    real = Path(os.path.realpath(path))
    return real == Path(os.path.realpath(folder)) or real.is_relative_to(os.path.realpath(folder))


def default_folder(library_root: Path, *, cwd: Path, home: Path) -> Path:
    """Where a saved article goes by default: ~/Downloads, else the current folder, else home.

    Never the library: a folder inside it is passed over.
    """
    for folder in (home / DOWNLOADS, cwd, home):
        if folder.is_dir() and not inside(folder, library_root):
            return folder
    return home


def file_name(article: Article, suffix: str) -> str:
    """A file name for a saved copy: the article's own file name, with ``suffix``."""
    stem = _UNSAFE_NAME_RE.sub("-", Path(article.relpath).stem).strip("-.") or "article"
    return f"{stem[:100]}{suffix}"


def save_text(target: Path, text: str, library_root: Path, *, name: str) -> Path:
    """Write ``text`` to ``target`` (a new file; an existing one gets ``-1``, ``-2``...).

    A folder as ``target`` gets a file ``name`` in it. Refuses a path inside the library
    (``HandoffError``): its folder is only read.
    """
    target = paths.expand_home(target)
    if target.is_dir():
        target = target / name
    if inside(target.parent, library_root):
        raise HandoffError(
            f"{target.parent} is inside the library, which broadsheet never writes to; "
            "choose another folder"
        )
    if not target.parent.is_dir():
        raise HandoffError(f"there is no folder {target.parent}")
    candidate = target
    for number in range(1, 1000):
        try:
            with candidate.open("x", encoding="utf-8") as out:
                out.write(text)
            return candidate
        except FileExistsError:
            candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
        except OSError as error:
            raise HandoffError(f"{candidate} could not be written: {error}") from error
    raise HandoffError(f"{target} and a thousand like it exist already")
