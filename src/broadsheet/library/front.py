"""Front matter: find it, load it, and recover what a broken block still says.

Three shapes are recognised: YAML between ``---`` lines (blank lines may precede the
opening line; the closing line may be longer, ``----``), Hexo's headless form (YAML from
line 1 to the first ``---`` line, accepted only when those lines look like ``key: value``
metadata) and TOML between ``+++`` lines.

Loading, fastest first: :func:`simple_yaml` and :func:`simple_toml` read the everyday
shape of front matter (flat keys, one-line strings and lists) five times faster than the
loaders and give what the loaders give (YAML timestamps stay strings, which
:func:`~broadsheet.library.dates.parse_date` reads alike), or refuse; python-frontmatter's YAML
handler (libyaml's C loader) and ``tomllib`` load everything else. When a loader refuses
a block, it is read line by line and the reason is kept as a note: top-level
``key: value`` pairs, ``- item`` lists and ``key: value`` mappings under a key, flow lists
``[a, b]``, quoted strings (an unbalanced quote keeps what follows it). No function here
raises for any input.
"""

from __future__ import annotations

import logging
import re
import textwrap
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

from frontmatter.default_handlers import YAMLHandler

log = logging.getLogger(__name__)

FrontFormat = Literal["yaml", "toml", "none"]

_YAML: Final = YAMLHandler()
_LEADING_BLANK_RE: Final = re.compile(r"(?:[ \t]*\n)*")
_YAML_OPEN_RE: Final = re.compile(r"-{3,}[ \t]*(?:\n|\Z)")
# Closing lines are found with the newline before them: a literal start is fast to find.
_YAML_CLOSE_RE: Final = re.compile(r"\n---(?:-*)[ \t]*(?=\n|\Z)")
_TOML_OPEN_RE: Final = re.compile(r"\+{3}[ \t]*(?:\n|\Z)")
_TOML_CLOSE_RE: Final = re.compile(r"\n\+\+\+[ \t]*(?=\n|\Z)")
_STRICT_KEY_RE: Final = re.compile(r"[^\W\d][\w.-]*[ \t]*:(?=[ \t\n]|$)")
_LOOSE_KEY_RE: Final = re.compile(r"[^\s:#\-\[{][^:]*:")
_TOML_KEY_RE: Final = re.compile(r"[\w\"'.-][^=]*=|\[")
_KEY_VALUE_RE: Final = re.compile(r"([^:]*?)[ \t]*:(.*)")
_BLOCK_SCALAR_RE: Final = re.compile(r"[|>][+-]?\d?[ \t]*(?:#.*)?")
_COMMENT_RE: Final = re.compile(r"[ \t]+#.*")
_ESCAPE_RE: Final = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_ESCAPES: Final = {"n": "\n", "t": "\t", "0": "", "/": "/", "\\": "\\", '"': '"', " ": " "}
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
MAX_FLOW_DEPTH: Final = 16
"""Deeper ``[[[…`` nesting is kept as text rather than recursed into."""
KNOWN_KEYS: Final = frozenset(
    (  # noqa: SIM905 (one word per line would take fifteen lines)
        "title date categories category tags author authors layout updated published"
        " permalink slug draft description keywords"
    ).split()
)
"""Keys that make a single ``key: value`` line before ``---`` count as headless front matter."""
_GLUED_KEY_RE: Final = re.compile(
    rf"(?m)^({'|'.join(sorted(KNOWN_KEYS))}):(?=[^\s/])", re.IGNORECASE
)
"""A known key with no space after its colon (not ``url://``-like)."""
_HEADLESS_START_RE: Final = re.compile(r"[ \t]*[^\W\d][\w.-]*[ \t]*:")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The metadata of one file and the body that follows it."""

    data: Mapping[str, object]
    """Top-level keys as written (not lower-cased); values as the loader produced them."""
    raw: str
    """The front matter text between the delimiters."""
    format: FrontFormat
    body: str
    notes: tuple[str, ...] = ()


def _unescape(match: re.Match[str]) -> str:
    """One backslash escape of a double-quoted YAML or TOML string."""
    code = match[1]
    if len(code) > 1:
        number = int(code[1:], 16)
        return chr(number) if number <= 0x10FFFF else ""
    return _ESCAPES.get(code, code)


def _closing_quote(text: str, quote: str) -> int:
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


def _split_flow(inner: str) -> list[str]:
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


def _parse_scalar(text: str, depth: int = 0) -> object:
    """Read one value the way a forgiving reader would: quotes, flow lists, plain text."""
    text = text.strip()
    if not text or text in ("~", "null", "Null", "NULL"):
        return None
    first = text[0]
    if first in "\"'":
        closing = _closing_quote(text, first)
        if closing < 0:
            rest = text[1:].strip()
            return rest.replace("''", "'") if first == "'" else rest
        inner = text[1:closing]
        return inner.replace("''", "'") if first == "'" else _ESCAPE_RE.sub(_unescape, inner)
    if first in "[{" and depth < MAX_FLOW_DEPTH:
        inner = text[1:-1] if text[-1] == ("]" if first == "[" else "}") else text[1:]
        items = _split_flow(inner)
        if first == "[":
            return [_parse_scalar(item, depth + 1) for item in items]
        pairs = (item.partition(":") for item in items)
        return {
            key.strip().strip("\"'"): _parse_scalar(value, depth + 1) for key, _, value in pairs
        }
    return _COMMENT_RE.sub("", text).strip()


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
        end = _closing_quote(text, first)
        rest = text[end + 1 :] if end > 0 else "!"
        comment = rest[:1] == " " and rest.lstrip(" ")[:1] == "#"
        if (rest and (flow or not comment)) or (first == '"' and "\\" in text):
            return _REFUSED
        return text[1:end].replace("''", "'") if first == "'" else text[1:end]
    if first == "[" and not flow and text.endswith("]"):
        items = [_simple_yaml_scalar(item, flow=True) for item in _split_flow(text[1:-1])]
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
        items = [_simple_toml_value(item, in_array=True) for item in _split_flow(text[1:end])]
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


def recover_yaml(raw: str) -> dict[str, object]:
    """Read a YAML block that the loader refused, line by line (see the module docstring)."""
    data: dict[str, object] = {}
    key: str | None = None
    block = False
    for line in raw.split("\n"):
        stripped = line.strip()
        if line and line[0] not in " \t-#":
            match = _KEY_VALUE_RE.match(line)
            key = match[1].strip().strip("\"'") if match is not None else None
            if match is None or not key:
                key = None
                continue
            block = _BLOCK_SCALAR_RE.fullmatch(match[2].strip()) is not None
            data[key] = "" if block else _parse_scalar(match[2])
            continue
        if key is None or not stripped or (stripped[0] == "#" and not block):
            continue
        current = data.get(key)
        if block:
            data[key] = f"{current}\n{stripped}" if current else stripped
        elif stripped[0] == "-" and stripped[1:2] in ("", " ", "\t"):
            items = current if isinstance(current, list) else []
            items.append(_parse_scalar(stripped[1:]))
            data[key] = items
        elif (match := _KEY_VALUE_RE.match(stripped)) is not None and match[1]:
            mapping = current if isinstance(current, dict) else {}
            mapping[match[1].strip("\"'")] = _parse_scalar(match[2])
            data[key] = mapping
        elif isinstance(current, str):
            data[key] = f"{current} {stripped}"
    return data


def _open_brackets(text: str) -> int:
    """How many ``[`` in ``text`` are still open (quotes respected)."""
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
    return depth


def _toml_value(text: str) -> object:
    """One TOML value read forgivingly (multi-line strings and arrays included)."""
    text = text.strip()
    if text[:3] in ('"""', "'''"):
        inner = text[3:]
        end = inner.find(text[:3])
        return (inner if end < 0 else inner[:end]).removeprefix("\n")
    if text.startswith("["):
        lines = (_COMMENT_RE.sub("", line) for line in text.split("\n"))
        return _parse_scalar(" ".join(lines))
    return _parse_scalar(text)


def recover_toml(raw: str) -> dict[str, object]:
    """Read a TOML block that ``tomllib`` refused, line by line; tables become mappings."""
    data: dict[str, object] = {}
    table = data
    pending: list[str] = []
    pending_key = ""
    for line in raw.split("\n"):
        if pending:
            pending.append(line)
            text = "\n".join(pending)
            closer = text.lstrip()[:3]
            if (text.count(closer) >= 2) if closer in ('"""', "'''") else _open_brackets(text) <= 0:
                table[pending_key] = _toml_value(text)
                pending = []
            continue
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue
        if stripped[0] == "[":
            table = {} if stripped.startswith("[[") else data
            for part in stripped.strip("[] \t").split("."):
                inner = table.get(part.strip().strip("\"'"))
                if not isinstance(inner, dict):
                    inner = {}
                    table[part.strip().strip("\"'")] = inner
                table = inner
            continue
        name, equals, value = stripped.partition("=")
        if not equals:
            continue
        key, value = name.strip().strip("\"'"), value.strip()
        multi = value[:3] in ('"""', "'''") and value.count(value[:3]) < 2
        if multi or (value.startswith("[") and _open_brackets(value) > 0):
            pending, pending_key = [value], key
        else:
            table[key] = _toml_value(value)
    if pending:
        table[pending_key] = _toml_value("\n".join(pending))
    return data


def _looks_like_yaml(lines: list[str], *, headless: bool) -> bool:
    """True when every line is metadata-shaped (see the module docstring)."""
    key_pattern = _STRICT_KEY_RE if headless else _LOOSE_KEY_RE
    keys: list[str] = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-":
            if not keys:
                return False
            continue
        if key_pattern.match(line) is None:
            return False
        keys.append(line.split(":", 1)[0].strip().lower())
    if not headless:
        return bool(keys)
    return len(keys) >= 2 or (len(keys) == 1 and keys[0] in KNOWN_KEYS)


def _looks_like_toml(lines: list[str]) -> bool:
    """True when the non-blank lines start like TOML keys or tables."""
    shaped = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return bool(shaped) and all(_TOML_KEY_RE.match(line.lstrip()) for line in shaped[:3])


def _error_reason(error: Exception) -> str:
    """A one-line description of why a loader refused a block."""
    problem = getattr(error, "problem", None)
    mark = getattr(error, "problem_mark", None)
    if isinstance(problem, str) and mark is not None:
        return f"{problem} at line {mark.line + 1}"
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:120]


def load_yaml(raw: str) -> tuple[dict[str, object] | None, list[str]]:
    """Load a YAML block: the mapping (None when it is not one) and notes on recovery."""
    simple = simple_yaml(raw)
    if simple is not None:
        return simple, []
    try:
        loaded = _YAML.load(raw)
    except Exception as error:  # libyaml and PyYAML's constructors raise many types
        log.debug("front matter is not valid YAML", exc_info=True)
        data = recover_yaml(raw)
        return data, [f"front matter is not valid YAML ({_error_reason(error)}); read line by line"]
    if loaded is None:
        return {}, []
    if isinstance(loaded, dict):
        return {str(key): value for key, value in loaded.items()}, []
    return None, []


def load_toml(raw: str) -> tuple[dict[str, object], list[str]]:
    """Load a TOML block, falling back to a line-by-line reading with a note."""
    simple = simple_toml(raw)
    if simple is not None:
        return simple, []
    try:
        return tomllib.loads(raw), []
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
        reason = _error_reason(error)
        return recover_toml(raw), [f"front matter is not valid TOML ({reason}); read line by line"]


def _normal_keys(raw: str) -> str:
    """Hexo's loose front matter as YAML: the block dedented (Hexo accepts indented keys)
    and a space put after the colon of a known key (``title:"x"``, ``date:2018-12-03``,
    which YAML would read as one plain string)."""
    if raw[:1] in (" ", "\t"):
        raw = textwrap.dedent(raw)
    if ":" in raw:
        raw = _GLUED_KEY_RE.sub(r"\1: ", raw)
    return raw


def _yaml_block(text: str, start: int, raw_end: int, body_start: int) -> FrontMatter | None:
    """Front matter from ``text[start:raw_end]``, or None when it is not metadata after all."""
    raw = text[start:raw_end]
    data, notes = load_yaml(_normal_keys(raw))
    if data is None:
        # A scalar or a list: a body that opens with a horizontal rule, unless the lines
        # still read as metadata (then the loader only misread them).
        if not _looks_like_yaml(raw.split("\n"), headless=False):
            return None
        data, notes = recover_yaml(raw), ["front matter is not a YAML mapping; read line by line"]
    return FrontMatter(data, raw.rstrip("\n"), "yaml", text[body_start:], tuple(notes))


def split_front_matter(text: str) -> FrontMatter:
    """Separate the front matter of ``text`` (LF line endings, no BOM) from its body."""
    start = _LEADING_BLANK_RE.match(text)
    pos = start.end() if start is not None else 0
    if (opening := _YAML_OPEN_RE.match(text, pos)) is not None:
        closing = _YAML_CLOSE_RE.search(text, opening.end() - 1)
        if closing is not None:
            body_start = min(closing.end() + 1, len(text))
            found = _yaml_block(text, opening.end(), closing.start(), body_start)
        elif _looks_like_yaml(text[opening.end() :].split("\n"), headless=False):
            found = _yaml_block(text, opening.end(), len(text), len(text))
            if found is not None:
                found = FrontMatter(
                    found.data, found.raw, "yaml", "", (*found.notes, "front matter is not closed")
                )
        else:
            found = None
        if found is not None:
            return found
    elif (opening := _TOML_OPEN_RE.match(text, pos)) is not None:
        closing = _TOML_CLOSE_RE.search(text, opening.end() - 1)
        raw_end = len(text) if closing is None else closing.start()
        raw = text[opening.end() : raw_end]
        if closing is not None or _looks_like_toml(raw.split("\n")):
            data, notes = load_toml(raw)
            body = "" if closing is None else text[min(closing.end() + 1, len(text)) :]
            if closing is None:
                notes.append("front matter is not closed")
            return FrontMatter(data, raw.rstrip("\n"), "toml", body, tuple(notes))
    elif (
        _HEADLESS_START_RE.match(text, pos) is not None
        and (closing := _YAML_CLOSE_RE.search(text, pos)) is not None
        and _looks_like_yaml(_normal_keys(text[pos : closing.start()]).split("\n"), headless=True)
    ):
        found = _yaml_block(text, pos, closing.start(), min(closing.end() + 1, len(text)))
        if found is not None:
            return found
    return FrontMatter({}, "", "none", text)
