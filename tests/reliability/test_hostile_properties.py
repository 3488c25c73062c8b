"""Property tests: front matter and file names no program should write.

Front matter in YAML, TOML and Hexo's headless form, with lone surrogates (as escapes
and as undecodable bytes), C0 and C1 controls, bidi controls and integers far past 64
bits (as dates, weights and titles); file names with undecodable bytes (surrogate
escapes after ``os.fsdecode``), newlines, tabs, escapes and bidi controls. Parsing never
raises and gives terminal-safe text; ``index``, ``list``, ``search``, ``categories``,
``doctor`` and ``show`` over a library of such files never crash and print nothing a
terminal would act on. ``BROADSHEET_EXAMPLES=N`` soaks with fresh examples.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Final

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.cli import main
from broadsheet.library.parse import parse_bytes

SOAK: Final = os.environ.get("BROADSHEET_EXAMPLES")
UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]"
)
"""What must never reach a terminal: controls but tab and newline, bidi, lone surrogates."""

CONTROLS: Final = [chr(code) for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))]
BIDI: Final = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069"]
SURROGATES: Final = ["\ud800", "\udbff", "\udc80", "\udfff"]
SEQUENCES: Final = ["\x1b[2J", "\x1b]0;pwned\x07", "\x1b]52;c;eA==\x1b\\", "\x9b31m", "\x1bP1$q"]

huge_int = st.one_of(
    st.integers(min_value=2**63 - 2, max_value=2**63 + 2),
    st.integers(min_value=2**64, max_value=10**40),
    st.integers(min_value=-(10**40), max_value=-(2**63)),
).map(str)
number = st.one_of(huge_int, st.sampled_from(["1e999", "-1e999", ".inf", "nan", "0x7fffffff"]))
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(CONTROLS + BIDI + SURROGATES + SEQUENCES),
        st.sampled_from(["户籍", "窗口", "news", "the", " ", "[bold]x[/]", '"', "'", "\\"]),
        st.text(st.characters(codec=None, exclude_categories=["Cs"]), max_size=3),
        huge_int,
    ),
    max_size=6,
).map("".join)


def _yaml_escapes(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: controls and surrogates as escapes."""
    out = []
    for character in text:
        code = ord(character)
        if character in '"\\':
            out.append("\\" + character)
        elif code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(character)
    return f'"{"".join(out)}"'


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (lone surrogates kept raw: invalid TOML on purpose)."""
    return _yaml_escapes(text).replace("\\ud", "\\\\ud")


KEYS: Final = ("title", "date", "updated", "author", "tags", "categories", "weight", "x")


@st.composite
def front_matter(draw: st.DrawFn) -> bytes:
    """A whole article file: front matter of some shape, then a short body."""
    shape = draw(st.sampled_from(["yaml", "toml", "headless", "glued"]))
    lines = []
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True)):
        value = draw(st.one_of(hostile_text, number))
        listed = key in ("tags", "categories") and draw(st.booleans())
        if shape == "toml":
            scalar = value if value.lstrip("-").isdigit() else _toml_string(value)
            lines.append(f"{key} = [{scalar}]" if listed else f"{key} = {scalar}")
        elif shape == "glued":
            lines.append(f"{key}:{_yaml_escapes(value)}")
        else:
            scalar = draw(st.sampled_from([_yaml_escapes(value), value.replace("\n", " ")]))
            lines.append(f"{key}:\n  - {scalar}" if listed else f"{key}: {scalar}")
    front = "\n".join(lines)
    body = draw(hostile_text) + " 户籍窗口 the news"
    fences = {"yaml": ("---\n", "\n---\n"), "toml": ("+++\n", "\n+++\n")}
    start, end = fences.get(shape, ("", "\n---\n"))
    return f"{start}{front}{end}{body}\n".encode("utf-8", "surrogatepass")


NAME_PIECES: Final = [
    b"a",
    "户".encode(),
    b"\n",
    b"\t",
    b"\x1b[2J",
    b"\x07",
    b"\x7f",
    b"\xc2\x9b",
    "\u202e".encode(),
    b"\xff",
    b"\x80",
    b"\xed\xa0\x80",  # a surrogate's UTF-8 form: undecodable
    b" ",
    b"-",
    b"99999999999999999999999",
]
file_name = st.lists(st.sampled_from(NAME_PIECES), max_size=5).map(
    lambda pieces: os.fsdecode(b"".join(pieces) + b".md")
)
"""A file name as ``os.fsdecode`` gives it: undecodable bytes as surrogate escapes."""


def strings_of(parsed: object) -> list[str]:
    """Every text an article and its body carry."""
    article = parsed.article  # type: ignore[attr-defined]
    return [
        article.title,
        article.author,
        article.summary,
        article.front_matter,
        *article.tags,
        *(level for path in article.categories for level in path),
        *article.notes,
        parsed.body,  # type: ignore[attr-defined]
        parsed.text,  # type: ignore[attr-defined]
    ]


@settings(max_examples=int(SOAK or "300"), deadline=None)
@given(front_matter(), file_name)
def test_hostile_front_matter_and_names_parse_to_safe_text(raw: bytes, name: str) -> None:
    parsed = parse_bytes(raw, name, Path("/library") / name)
    for text in strings_of(parsed):
        assert not UNSAFE.search(text.replace("\t", " ").replace("\n", " ")), repr(text)
    date = parsed.article.date
    assert date is None or (date.tzinfo is not None and 1 <= date.year <= 9999)


def _run(*argv: str) -> tuple[int, str]:
    """``broadsheet ARGV`` in this process: its exit status and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_info:
            code = exit_info.code if isinstance(exit_info.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def _assert_safe(argv: tuple[str, ...], code: int, printed: str) -> None:
    assert code in (0, 1), (argv, code, printed[-300:])
    assert "Traceback" not in printed, printed[-600:]
    assert not UNSAFE.search(printed.replace("\t", " ")), (argv, printed[-300:])


@settings(
    max_examples=int(SOAK or "15"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.tuples(file_name, front_matter()), min_size=1, max_size=5),
    st.sampled_from(["户籍", "the", "news", "title:户籍", "-the", "date:1e999"]),
    st.integers(min_value=1, max_value=300),
)
def test_commands_over_hostile_files_never_crash_and_print_safely(
    files: list[tuple[str, bytes]], query: str, width: int
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "library"
        root.mkdir()
        written = []
        for number, (name, raw) in enumerate(files):
            path = root / f"{number}{name}"
            path.write_bytes(raw)
            written.append(path)
        library = str(root)
        commands: list[tuple[str, ...]] = [
            ("index", "-L", library),
            ("list", "-L", library),
            ("list", "--json", "-L", library),
            ("search", "--", query, "-L", library),
            ("search", query, "--json", "-L", library),
            ("categories", "-L", library),
            ("doctor", "-L", library),
        ]
        commands += [("show", str(path), "--width", str(width), "-L", library) for path in written]
        for argv in commands:
            code, printed = _run(*argv)
            usage = (argv[0] == "show" and width < 10) or (  # below the least width
                argv[0] == "search" and query.startswith("-")  # nothing but an exclusion
            )
            _assert_safe(argv, 1 if usage and code == 2 else code, printed)
