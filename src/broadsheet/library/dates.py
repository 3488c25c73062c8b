"""Dates from front matter values and from paths, always as aware datetimes.

Time zones: a time written without an offset (``2019-12-22 16:17:03``, a naive YAML
timestamp, a TOML local date-time) is taken as the machine's LOCAL time. It is completed
with ``datetime.astimezone()``, which attaches the local offset in effect on that date,
so the same file can give a different instant on a machine in another zone. A date
without a time is midnight local time. Anything not understood gives ``None``; no
function here raises for any input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Final

_ISO_RE: Final = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_CHINESE_RE: Final = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
    r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
# JavaScript's Date.toString(), which some exporters write: the offset follows "GMT".
_JS_RE: Final = re.compile(
    r"(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:GMT|UTC)([+-]\d{4})?(?:\s*\(.*\))?",
)
_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_PATH_DATE_RE: Final = re.compile(
    r"(?:^|[/\\])((?:19|20|21)\d{2})([/\\-])(\d{1,2})\2(\d{1,2})(?=$|[/\\_.-])"
)
_PATH_MONTH_RE: Final = re.compile(r"(?:^|[/\\])((?:19|20|21)\d{2})[/\\](\d{1,2})(?=$|[/\\])")
"""Folders of a year and a month and no day (``2019/07/``): the first of the month."""
_NAME_DATE_RE: Final = re.compile(r"((?:19|20|21)\d{2})-(\d{1,2})-(\d{1,2})(?=$|[-_. ])")
MAX_DATE_TEXT: Final = 200
"""Longer strings are not dates; checking them would only cost time."""


def _finish(value: datetime) -> datetime | None:
    """Make ``value`` aware (local time when naive); None when it cannot be placed in time."""
    try:
        aware = value.astimezone() if value.tzinfo is None else value
        # A value near year 1 or 9999 can be aware yet unconvertible; reject it here so
        # nobody downstream meets an OverflowError.
        aware.astimezone(UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return aware


def _offset(text: str | None) -> timezone | None:
    """The fixed offset written as ``Z``, ``UTC``, ``+08``, ``+0800`` or ``+08:00``."""
    if text is None:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def _build(parts: Sequence[str | None], zone: timezone | None = None) -> datetime | None:
    """A datetime from matched digits (year, month, day, then optional hour, minute,
    second, fraction), or None when they name no real moment."""
    year, month, day, hour, minute, second = (
        [int(part) if part else 0 for part in parts[:6]] + [0, 0, 0]
    )[:6]
    fraction = parts[6] if len(parts) > 6 else None
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        value = datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None
    return _finish(value)


def _parse_text(text: str) -> datetime | None:
    """Parse one date string in any of the supported notations."""
    text = text.strip().strip("\"'").strip()
    if not text or len(text) > MAX_DATE_TEXT:
        return None
    if text[:4].isdigit():
        try:  # the common ISO forms, parsed in C
            return _finish(datetime.fromisoformat(text))
        except ValueError:
            pass
    if (match := _ISO_RE.fullmatch(text)) is not None:
        try:
            zone = _offset(match[8])
        except ValueError:
            return None
        return _build(match.group(1, 2, 3, 4, 5, 6, 7), zone)
    if (match := _CHINESE_RE.fullmatch(text)) is not None:
        return _build(match.groups())
    if (match := _JS_RE.fullmatch(text)) is not None:
        month = _MONTHS.get(match[1].lower())
        if month is None:
            return None
        try:
            zone = _offset(match[7]) if match[7] else UTC
        except ValueError:
            return None
        return _build((match[3], str(month), match[2], *match.group(4, 5, 6)), zone)
    if not any(char.isalpha() for char in text):
        return None
    # Loaded here: ``email`` pulls in sockets and more, which the list and the CLI (users
    # of local_format) need not pay for at start-up.
    from email.utils import parsedate_to_datetime

    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # RFC 2822's "-0000" means "offset unknown": the library's convention is local time.
    return _finish(value)


def parse_date(value: object) -> datetime | None:
    """An aware datetime from a front matter value, or None when it is not a date.

    Accepts ``datetime`` and ``date`` objects (what YAML and TOML loaders produce) and
    strings: ISO 8601 with ``T`` or a space and an optional ``Z``/``+08:00``/``+0800``
    offset, unpadded ``2015-9-11``, ``2015/09/11``, RFC 2822
    (``Wed, 24 Nov 2021 09:10:49 GMT``), JavaScript's ``Date.toString()`` and
    ``2021年11月24日``; and numbers, ``20211124`` or a Unix time (``1637745049``). Naive
    values are local time (see the module docstring).
    """
    if isinstance(value, datetime):
        return _finish(value)
    if isinstance(value, date):
        return _finish(datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _parse_number(value)
    # Floats, booleans, times without a date, lists: nothing to place on a calendar.
    return None


FIRST_TIMESTAMP: Final = 100_000_000
"""Whole seconds since 1970 from which a number is a Unix time (March 1973; below it,
a number is more likely a count or an id)."""
LAST_TIMESTAMP: Final = 7_258_118_400
"""Seconds since 1970 at the start of 2200 (a number in milliseconds is larger)."""


def _parse_number(value: int) -> datetime | None:
    """A date written as a number: ``20211124`` (YYYYMMDD), or a Unix time in seconds or
    milliseconds (``1637745049``, ``1637745049000``) from 1973 to 2199."""
    if 19_000_101 <= value <= 21_991_231:
        text = str(value)
        return _build((text[:4], text[4:6], text[6:]))
    for seconds in (value, value / 1000):
        if FIRST_TIMESTAMP <= seconds < LAST_TIMESTAMP:
            return datetime.fromtimestamp(seconds, UTC)
    return None


def date_from_name(name: str) -> datetime | None:
    """The date a file name starts with (``2004-04-14-slug.md``), at local midnight."""
    match = _NAME_DATE_RE.match(name)
    return None if match is None else _build(match.groups())


def date_from_path(path: str) -> datetime | None:
    """The first date-shaped run of path segments: ``2019/07/24/…`` or ``2019-07-24…``.

    Used for folder paths and for ``path``/``slug``/``permalink``/``url`` values; years
    are limited to 1900–2199 so that version numbers and ids are not taken for dates.
    """
    for match in _PATH_DATE_RE.finditer(path):
        found = _build((match[1], match[3], match[4]))
        if found is not None:
            return found
    return None


def _month_of(folder: str) -> datetime | None:
    """The first day of the month of the first year/month folder pair (``2019/07``)."""
    for match in _PATH_MONTH_RE.finditer(folder):
        found = _build((match[1], match[2], "1"))
        if found is not None:
            return found
    return None


DATE_KEYS: Final = ("date", "published", "pubdate", "created", "updated", "lastmod")
"""Front matter keys (lower-cased) that may hold the article's date, in order of trust."""
PATH_KEYS: Final = ("path", "slug", "permalink", "url")
"""Front matter keys whose value may be a path with a date in it."""


def article_date(meta: Mapping[str, object], relpath: str) -> tuple[datetime | None, list[str]]:
    """The article's date and notes about values that were not understood.

    ``meta`` has lower-cased keys. The first understood value among :data:`DATE_KEYS`
    wins; then a date starting the file name, a date in the folder path, and a date in a
    :data:`PATH_KEYS` value (``path = "2025/06/26/Rust-1.88.0"``).
    """
    notes: list[str] = []
    for key in DATE_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        found = parse_date(value)
        if found is not None:
            return found, notes
        number = isinstance(value, int | float) and not isinstance(value, bool)
        shown = repr(value) if isinstance(value, str) or number else type(value).__name__
        notes.append(f"{key} {shown[:60]} is not a date I can read")
    folder, _, name = relpath.rpartition("/")
    found = date_from_name(name) or date_from_path(folder) or _month_of(folder)
    for key in PATH_KEYS:
        if found is not None:
            break
        value = meta.get(key)
        if isinstance(value, str):
            found = date_from_path(value.strip())
    return found, notes


def local_format(value: datetime, pattern: str = "%Y-%m-%d") -> str:
    """``value`` in the machine's local time, formatted: one clock for every view.

    The list, the CLI and the reader's header all show local time, so an article dated
    ``23:30 GMT`` has the same day everywhere.
    """
    try:
        return value.astimezone().strftime(pattern)
    except (OverflowError, OSError, ValueError):
        return value.strftime(pattern)
