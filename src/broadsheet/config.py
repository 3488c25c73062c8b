"""User configuration: a TOML file in the XDG config folder, with environment overrides.

Keys (all optional)::

    library = "~/notes/articles"   # the folder opened when no other is given
    theme = "textual-dark"         # any Textual theme; changing it in the app is remembered
    reading_width = 100            # maximum width of the reader's text, in terminal cells
    images = "auto"                # pictures in the reader: "auto", "blocks" or "off"
    remote_images = "ask"          # pictures from the web: "ask" (a key loads them),
                                   # "always" or "never"

    [keys]                         # binding id = "comma,separated,keys"
    find = "f,ctrl+f"
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal, cast

from broadsheet import paths
from broadsheet.errors import ConfigError

DEFAULT_THEME: Final = "textual-dark"
DEFAULT_READING_WIDTH: Final = 100
MIN_READING_WIDTH: Final = 20
ImagesMode = Literal["auto", "blocks", "off"]
RemoteImages = Literal["ask", "always", "never"]
IMAGES_MODES: Final = ("auto", "blocks", "off")
REMOTE_IMAGES: Final = ("ask", "always", "never")


@dataclass(frozen=True)
class Config:
    """Settings read from the configuration file."""

    library: Path | None = None
    theme: str = DEFAULT_THEME
    reading_width: int = DEFAULT_READING_WIDTH
    images: ImagesMode = "auto"
    """Pictures in the reader: ``auto`` (kitty's graphics protocol or sixel where the
    terminal speaks one, else half blocks), ``blocks`` (Unicode half blocks) or ``off``
    (placeholders)."""
    remote_images: RemoteImages = "ask"
    """Pictures from the web: ``ask`` (a key loads an article's), ``always`` or ``never``."""
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, replacing the default keys of that binding."""
    path: Path | None = None
    """The file this came from (None when there was none)."""


MAX_CONFIG_SIZE: Final = 1 << 20
"""A configuration file is a few lines: anything past a megabyte is not one."""


def _read_small_file(path: Path) -> str:
    """The text of a regular file of at most :data:`MAX_CONFIG_SIZE` bytes.

    Opened without blocking and checked before reading: a FIFO would wait forever for a
    writer, and a link to ``/dev/zero`` never ends.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(f"{path} is not a regular file")
        data = os.read(fd, MAX_CONFIG_SIZE + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_CONFIG_SIZE:
        raise OSError(f"{path} is larger than {MAX_CONFIG_SIZE // 1024} KiB")
    return data.decode("utf-8")


def _read_text(path: Path) -> tuple[str, dict[str, Any]]:
    """The file's text and its table (empty for a missing file); ``ConfigError`` else."""
    try:
        text = _read_small_file(path)
        return text, tomllib.loads(text)
    except FileNotFoundError:
        return "", {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the configuration file {path}: {error}") from error


def load_config(path: Path | None = None) -> Config:
    """Read the configuration file (a missing file means defaults)."""
    path = path or paths.config_file()
    _, table = _read_text(path)
    config = Config(path=path)
    library = table.get("library")
    if isinstance(library, str) and library.strip():
        config = replace(config, library=paths.expand_home(library))
    theme = table.get("theme")
    if isinstance(theme, str) and theme.strip():
        config = replace(config, theme=theme.strip())
    width = table.get("reading_width")
    if width is not None:
        if not isinstance(width, int) or isinstance(width, bool) or width < MIN_READING_WIDTH:
            raise ConfigError(
                f"{path}: reading_width must be a whole number of at least {MIN_READING_WIDTH}"
            )
        config = replace(config, reading_width=width)
    for name, allowed in (("images", IMAGES_MODES), ("remote_images", REMOTE_IMAGES)):
        value = table.get(name)
        if value is None:
            continue
        if value not in allowed:
            choices = ", ".join(f'"{choice}"' for choice in allowed)
            raise ConfigError(f"{path}: {name} must be one of {choices}")
        config = replace(config, **cast(dict[str, Any], {name: value}))
    keys = table.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        raise ConfigError(f'{path}: [keys] must map binding ids to key strings, like find = "f"')
    return replace(config, keys=dict(keys))


def save_setting(name: str, value: str | int, path: Path | None = None) -> None:
    """Change one top-level setting in the file, keeping everything else in it as written.

    Only the setting's own line changes (or one line is added above the first table):
    the user's comments, order and spacing stay. The file is replaced atomically.
    """
    import tomli_w

    path = path or paths.config_file()
    text, _ = _read_text(path)  # a file that does not parse is reported, not overwritten
    line = tomli_w.dumps({name: value}).strip()
    pattern = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*=.*$", re.MULTILINE)
    first_table = re.search(r"^[ \t]*\[", text, re.MULTILINE)
    top = text[: first_table.start()] if first_table else text
    rest = text[len(top) :]
    if pattern.search(top):
        top = pattern.sub(lambda _: line, top, count=1)
    else:
        if top and not top.endswith("\n"):
            top += "\n"
        top += f"{line}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(top + rest, encoding="utf-8")
    os.replace(temporary, path)
