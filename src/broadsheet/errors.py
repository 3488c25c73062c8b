"""Exceptions a user can act on; the CLI maps them to exit codes, the TUI to notifications."""


class BroadsheetError(Exception):
    """Base class: the message is written for the user, with a hint when there is one."""


class LibraryNotFoundError(BroadsheetError):
    """The library folder does not exist or is not a folder."""


class QueryError(BroadsheetError):
    """A search query that cannot be understood."""


class ArticleNotFoundError(BroadsheetError):
    """No article matches the given path, id or title."""


class ConfigError(BroadsheetError):
    """The configuration file cannot be read."""


class IndexBusyError(BroadsheetError):
    """Another broadsheet process is updating the same index right now."""


class IndexUnwritableError(IndexBusyError):
    """The index folder cannot be written (read-only, another user's): like a busy index,
    commands answer from it as it is."""


class ScanStoppedError(BroadsheetError):
    """A scan stopped half-way because its index is being closed (nothing was written)."""


class MarksUnknownError(BroadsheetError):
    """The reading state cannot be read, so which articles are read or bookmarked is not
    known (a filter by it would give a wrong answer)."""
