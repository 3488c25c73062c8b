"""The fast readers of everyday front matter: flat YAML and simple TOML, exactly.

:func:`simple_yaml` and :func:`simple_toml` read the shape nearly every article's front
matter has (flat keys, one-line strings and lists) five times faster than libyaml's C
loader and ``tomllib``, and give what those give (YAML timestamps stay strings, which
:func:`~broadsheet.library.dates.parse_date` reads alike), or None for anything outside
that subset: :mod:`~broadsheet.library.front` then calls the loaders.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

_SIMPLE_YAML_KEY_RE: Final = re.compile(r"([A-Za-z_][\w-]*):(?: +(.*))?")
_YAML_INDICATORS: Final = "-?:,[]{}#&*!|>'\"%@`=<.+~"
_YAML_WORDS: Final[dict[str, object]] = {
    **dict.fromkeys(("~", "null", "Null", "NULL")),
    **dict.fromkeys("true True TRUE yes Yes YES on On ON".split(), True),  # noqa: SIM905
    **dict.fromkeys("false False FALSE no No NO off Off OFF".split(), False),  # noqa: SIM905
}
_YAML_INT_RE: Final = re.compile(r"[1-9][0-9]*|0")
_YAML_DATEISH_RE: Final = re.compile(r"\d{4}-\d\d?-\d\d?")
_TOML_LINE_RE: Final = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*)")
_TOML_TABLE_RE: Final = re.compile(r"\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\][ \t]*(?:#.*)?")
_TOML_INT_RE: Final = re.compile(r"[+-]?(?:0|[1-9](?:_?\d)*)")
_TOML_DATE_RE: Final = re.compile(r"\d{4}-\d\d-\d\d")
_TOML_DATETIME_RE: Final = re.compile(
    r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:[Zz]|[+-]\d\d:\d\d)?"
)
_REFUSED: Final = object()
"""What the simple readers return for anything outside the subset they read exactly."""


def closing_quote(text: str, quote: str) -> int:
    """Index of the quote that closes ``text[0]``, or -1 when it is unbalanced."""
    index = 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return -1


def split_flow(inner: str) -> list[str]:
    """Split the inside of ``[a, "b, c", [d]]`` at its top-level commas."""
    items: list[str] = []
    depth, quote, start = 0, "", 0
    for index, char in enumerate(inner):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth <= 0:
            items.append(inner[start:index])
            start = index + 1
    items.append(inner[start:])
    return [item for item in items if item.strip()]


def _simple_yaml_scalar(text: str, *, flow: bool = False) -> object:
    """A YAML scalar or one-line flow list read exactly as PyYAML would, else _REFUSED.

    Timestamps stay strings: :func:`broadsheet.library.dates.parse_date` reads both forms
    alike, and a string is what the loader gives for the ones YAML does not recognise.
    """
    text = text.strip(" ")
    if not text or text in _YAML_WORDS:
        return _YAML_WORDS.get(text)
    first = text[0]
    if first in "'\"":
        end = closing_quote(text, first)
        rest = text[end + 1 :] if end > 0 else "!"
        comment = rest[:1] == " " and rest.lstrip(" ")[:1] == "#"
        if (rest and (flow or not comment)) or (first == '"' and "\\" in text):
            return _REFUSED
        return text[1:end].replace("''", "'") if first == "'" else text[1:end]
    if first == "[" and not flow and text.endswith("]"):
        items = [_simple_yaml_scalar(item, flow=True) for item in split_flow(text[1:-1])]
        return _REFUSED if any(item is _REFUSED for item in items) else items
    if first in _YAML_INDICATORS:
        return _REFUSED
    if " #" in text and not flow:
        text = text[: text.index(" #")].rstrip(" ")
    if ": " in text or text.endswith(":") or "\t" in text:
        return _REFUSED
    if flow and any(char in text for char in ",[]{}#"):
        return _REFUSED
    if text in _YAML_WORDS:
        return _YAML_WORDS[text]
    if first in "0123456789":
        if _YAML_INT_RE.fullmatch(text):
            return int(text)
        return text if _YAML_DATEISH_RE.match(text) else _REFUSED
    return text


def simple_yaml(raw: str) -> dict[str, object] | None:
    """Read the common shape of front matter without the YAML loader, or None.

    The shape: top-level ``key: value`` lines with plain or quoted one-line scalars or
    one-line flow lists, and ``- item`` lists under a key with no value. Anything else
    (nesting, anchors, escapes, numbers other than integers...) returns None, and the
    loader reads the block. Five times faster than the loader, whose result it equals
    but for timestamps (kept as strings; see :func:`_simple_yaml_scalar`).
    """
    data: dict[str, object] = {}
    key: str | None = None
    indent = -1
    for line in raw.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        if line[0] in " -":
            if key is None or not stripped.startswith("- "):
                return None
            level = len(line) - len(stripped)
            if level != indent and indent >= 0:
                return None
            indent, item = level, _simple_yaml_scalar(stripped[2:])
            if item is _REFUSED:
                return None
            items = data[key]
            if not isinstance(items, list):
                items = data[key] = []
            items.append(item)
            continue
        match = _SIMPLE_YAML_KEY_RE.fullmatch(line)
        if match is None or match[1] in _YAML_WORDS:  # "no:" is the key False to YAML
            return None
        value = _simple_yaml_scalar(match[2] or "")
        if value is _REFUSED:
            return None
        data[match[1]] = value
        # Only a key with nothing after it may own the "- item" lines that follow.
        key, indent = (match[1] if not (match[2] or "").strip() else None), -1
    return data


def _simple_toml_value(text: str, *, in_array: bool = False) -> object:
    """A TOML value read exactly as ``tomllib`` would, or _REFUSED outside the subset."""
    text = text.strip(" \t")
    first = text[:1]
    if first in ("'", '"'):
        end = text.find(first, 1)
        rest = text[end + 1 :].lstrip(" \t") if end > 0 else "!"
        if text.startswith(first * 3) or (rest and (in_array or rest[0] != "#")):
            return _REFUSED
        return _REFUSED if first == '"' and "\\" in text[:end] else text[1:end]
    if first == "[" and not in_array:
        end = text.rfind("]")
        if end < 0 or text[end + 1 :].lstrip(" \t")[:1] not in ("", "#"):
            return _REFUSED
        items = [_simple_toml_value(item, in_array=True) for item in split_flow(text[1:end])]
        return _REFUSED if any(item is _REFUSED for item in items) else items
    if "#" in text and not in_array:
        text = text[: text.index("#")].rstrip(" \t")
    if text in ("true", "false"):
        return text == "true"
    if _TOML_INT_RE.fullmatch(text):
        return int(text.replace("_", ""))
    try:
        if _TOML_DATE_RE.fullmatch(text):
            return date.fromisoformat(text)
        if _TOML_DATETIME_RE.fullmatch(text):
            return datetime.fromisoformat(f"{text[:10]}T{text[11:]}".replace("z", "Z"))
    except ValueError:
        pass
    return _REFUSED


def simple_toml(raw: str) -> dict[str, object] | None:
    """Read simple TOML front matter without ``tomllib``, or None (the TOML twin of
    :func:`simple_yaml`): bare keys, one-level ``[tables]``, one-line strings without
    escapes, one-line arrays of them, booleans, integers, dates and date-times."""
    data: dict[str, object] = {}
    table = data
    for line in raw.split("\n"):
        stripped = line.strip(" \t")
        if not stripped or stripped[0] == "#":
            continue
        match = (_TOML_TABLE_RE if stripped[0] == "[" else _TOML_LINE_RE).fullmatch(stripped)
        if match is None or match[1] in table or (stripped[0] == "[" and match[1] in data):
            return None
        if stripped[0] == "[":
            table = data[match[1]] = {}
            continue
        value = _simple_toml_value(match[2])
        if value is _REFUSED:
            return None
        table[match[1]] = value
    return data
