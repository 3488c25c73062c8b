"""Where broadsheet's log records go: a rotating file in the XDG state folder.

Textual captures stderr while the reader runs, so a warning without a handler would
be lost; every command and the reader log to ``paths.log_file()`` instead
(``broadsheet config`` shows where). Information, warnings and errors by default;
``--debug`` or ``BROADSHEET_DEBUG=1`` adds debug records.
"""

from __future__ import annotations

import io
import logging
import os
from contextlib import suppress
from pathlib import Path
from typing import Final

from broadsheet import paths

LOGGER_NAME: Final = "broadsheet"
MAX_BYTES: Final = 1_000_000
BACKUPS: Final = 2
"""Rotated files kept beside the current one (``broadsheet.log.1``, ``.2``)."""
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s [%(process)d %(threadName)s] %(message)s"


def debug_requested() -> bool:
    """Whether ``BROADSHEET_DEBUG`` asks for debug records (any value but empty or 0)."""
    return os.environ.get("BROADSHEET_DEBUG", "") not in ("", "0")


class _LazyFileHandler(logging.Handler):
    """Opens the rotating file on the first record: a command that logs nothing pays
    neither for ``logging.handlers`` (about 10 ms of imports) nor for the file."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self._file: logging.Handler | None = None
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        """Write ``record`` to the log file, opening it first if needed."""
        if self._file is None and not self._failed:
            path = paths.log_file()
            try:
                paths.private_dir(path.parent)
                self._file = _private_rotating_handler(path)
            except OSError:
                self._failed = True  # a log that cannot be written costs the log only
                return
            self._file.setFormatter(logging.Formatter(FORMAT))
        if self._file is not None:
            self._file.emit(record)

    def close(self) -> None:
        """Close the file, if it was opened."""
        if self._file is not None:
            self._file.close()
        super().close()


def _private_rotating_handler(path: Path) -> logging.Handler:
    """A rotating handler whose files (the new one after each rotation too) are 0600."""
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            stream = super()._open()
            if hasattr(os, "fchmod"):
                with suppress(OSError):
                    os.fchmod(stream.fileno(), paths.PRIVATE_FILE)
            return stream

    return PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )


def setup_logging(debug: bool = False) -> None:
    """Send the ``broadsheet`` loggers' records to the rotating log file.

    Calling it again (the tests run many commands in one process) replaces the
    handler it installed before.
    """
    logger = logging.getLogger(LOGGER_NAME)
    for handler in [h for h in logger.handlers if isinstance(h, _LazyFileHandler)]:
        logger.removeHandler(handler)
        handler.close()
    level = logging.DEBUG if debug or debug_requested() else logging.INFO
    logger.setLevel(level)
    logger.addHandler(_LazyFileHandler(level))
