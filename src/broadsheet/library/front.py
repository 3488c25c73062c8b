"""Front matter: find it, load it, and recover what a broken block still says.

Three shapes are recognised: YAML between ``---`` lines (blank lines may precede the
opening line; the closing line may be longer, ``----``), Hexo's headless form (YAML from
line 1 to the first ``---`` line, accepted only when those lines look like ``key: value``
metadata) and TOML between ``+++`` lines.

Loading, fastest first: the readers of :mod:`~broadsheet.library.front_simple` read the
everyday shape of front matter five times faster than the loaders and give what they
give, or refuse; python-frontmatter's YAML handler (libyaml's C loader) and ``tomllib``
load everything else. When a loader refuses
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
from typing import Final, Literal

from frontmatter.default_handlers import YAMLHandler

from broadsheet.library.front_simple import closing_quote, simple_toml, simple_yaml, split_flow

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


def _parse_scalar(text: str, depth: int = 0) -> object:
    """Read one value the way a forgiving reader would: quotes, flow lists, plain text."""
    text = text.strip()
    if not text or text in ("~", "null", "Null", "NULL"):
        return None
    first = text[0]
    if first in "\"'":
        closing = closing_quote(text, first)
        if closing < 0:
            rest = text[1:].strip()
            return rest.replace("''", "'") if first == "'" else rest
        inner = text[1:closing]
        return inner.replace("''", "'") if first == "'" else _ESCAPE_RE.sub(_unescape, inner)
    if first in "[{" and depth < MAX_FLOW_DEPTH:
        inner = text[1:-1] if text[-1] == ("]" if first == "[" else "}") else text[1:]
        items = split_flow(inner)
        if first == "[":
            return [_parse_scalar(item, depth + 1) for item in items]
        pairs = (item.partition(":") for item in items)
        return {
            key.strip().strip("\"'"): _parse_scalar(value, depth + 1) for key, _, value in pairs
        }
    return _COMMENT_RE.sub("", text).strip()


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
