"""Front matter: finding the block, loading it, and recovering broken ones."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.library.dates import parse_date
from broadsheet.library.front import recover_toml, recover_yaml, split_front_matter
from broadsheet.library.front_simple import simple_toml, simple_yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "parse"


def test_yaml_block() -> None:
    front = split_front_matter("---\ntitle: Hello\ntags: [a, b]\n---\nBody\n")
    assert front.format == "yaml"
    assert front.data == {"title": "Hello", "tags": ["a", "b"]}
    assert front.raw == "title: Hello\ntags: [a, b]"
    assert front.body == "Body\n"
    assert front.notes == ()


def test_blank_lines_before_opening_and_long_closing_line() -> None:
    front = split_front_matter("\n\n  \n---\ntitle: Hello\n-----\nBody")
    assert front.format == "yaml"
    assert front.data == {"title": "Hello"}
    assert front.body == "Body"


def test_hexo_headless_front_matter() -> None:
    front = split_front_matter((FIXTURES / "hexo-headless.md").read_text(encoding="utf-8"))
    assert front.format == "yaml"
    assert front.data["title"] == "无开头分隔线的文章"
    assert front.data["categories"] == ["前端", "Vue"]
    assert front.body.startswith("正文从这里开始。")


def test_headless_front_matter_opening_with_a_list_key() -> None:
    front = split_front_matter("tags:\n- a\n- b\ntitle: T\n---\nBody")
    assert front.data == {"tags": ["a", "b"], "title": "T"}
    assert front.body == "Body"


def test_horizontal_rule_in_a_body_is_not_front_matter() -> None:
    text = "Some text here.\n\n---\n\nMore text.\n"
    assert split_front_matter(text).format == "none"
    assert split_front_matter(text).body == text


def test_setext_heading_with_a_colon_is_not_front_matter() -> None:
    text = "Note: read this first\n---\nBody\n"
    assert split_front_matter(text).format == "none"


def test_single_known_key_before_rule_is_headless_front_matter() -> None:
    front = split_front_matter("title: Short\n---\nBody")
    assert front.data == {"title": "Short"}
    assert front.body == "Body"


def test_body_opening_with_a_rule_is_not_front_matter() -> None:
    text = "---\nA paragraph between two rules.\n---\nBody\n"
    front = split_front_matter(text)
    assert front.format == "none"
    assert front.body == text


def test_empty_yaml_block() -> None:
    front = split_front_matter("---\n---\nBody")
    assert (front.format, front.data, front.body) == ("yaml", {}, "Body")


def test_unclosed_block_of_metadata_is_all_front_matter() -> None:
    front = split_front_matter("---\ntitle: Only metadata\n")
    assert front.data == {"title": "Only metadata"}
    assert front.body == ""
    assert "front matter is not closed" in front.notes


def test_toml_block() -> None:
    text = '+++\ntitle = "Rust"\ndate = 2024-02-02T14:00:00Z\n[taxonomies]\ntags = ["a"]\n+++\nBody'
    front = split_front_matter(text)
    assert front.format == "toml"
    assert front.data == {
        "title": "Rust",
        "date": datetime(2024, 2, 2, 14, tzinfo=UTC),
        "taxonomies": {"tags": ["a"]},
    }
    assert front.body == "Body"


def test_broken_yaml_is_recovered_line_by_line() -> None:
    front = split_front_matter((FIXTURES / "broken-yaml.md").read_text(encoding="utf-8"))
    assert front.format == "yaml"
    assert front.data["title"] == "It's broken: unbalanced"
    assert front.data["date"] == "2024-02-30"
    assert front.data["tags"] == ["one", "two"]
    assert front.data["categories"] == ["a", "b, c"]
    assert front.data["author"] == {"name": "Bob"}
    assert front.data["summary"] == "no space after colon"
    assert front.body == "The body survives.\n"
    assert len(front.notes) == 1
    assert front.notes[0].startswith("front matter is not valid YAML (")
    assert front.notes[0].endswith("; read line by line")


def test_impossible_date_makes_the_loader_fail_but_nothing_is_lost() -> None:
    front = split_front_matter("---\ntitle: T\ndate: 2024-02-30\ntags: [x]\n---\nB")
    assert front.data == {"title": "T", "date": "2024-02-30", "tags": ["x"]}


def test_unbalanced_quote_keeps_what_follows_it() -> None:
    assert recover_yaml("title: 'half quoted\nauthor: \"Ann") == {
        "title": "half quoted",
        "author": "Ann",
    }


def test_recovery_reads_lists_flow_lists_and_block_scalars() -> None:
    raw = "tags:\n  - a\n  - 'b'\ncats: [x, [y, z]]\nnote: |\n  line one\n  line two\nk:v"
    assert recover_yaml(raw) == {
        "tags": ["a", "b"],
        "cats": ["x", ["y", "z"]],
        "note": "line one\nline two",
        "k": "v",
    }


def test_broken_toml_is_recovered() -> None:
    raw = (
        'title = "unterminated\ntags = [\n  "a", # first\n  "b",\n]\n'
        '[taxonomies]\ncategories = ["x"]'
    )
    front = split_front_matter(f"+++\n{raw}\n+++\nBody")
    assert front.data == {
        "title": "unterminated",
        "tags": ["a", "b"],
        "taxonomies": {"categories": ["x"]},
    }
    assert front.notes[0].startswith("front matter is not valid TOML (")


def test_toml_recovery_reads_multiline_strings() -> None:
    assert recover_toml('desc = """\nline\n"""\nx = 1') == {"desc": "line\n", "x": "1"}


def test_yaml_that_is_not_a_mapping_but_reads_as_metadata() -> None:
    front = split_front_matter("---\ntitle:value\n---\nBody")
    assert front.data == {"title": "value"}
    assert front.notes == ()  # Hexo's ``key:value`` (no space) is read as it means
    front = split_front_matter("---\nsomething:value\n---\nBody")
    assert front.data == {"something": "value"}
    assert front.notes == ("front matter is not a YAML mapping; read line by line",)


def test_deeply_nested_flow_lists_do_not_recurse_forever() -> None:
    data = recover_yaml("tags: " + "[" * 5000 + "x")
    assert isinstance(data["tags"], list)


def test_alias_bomb_loads_without_expanding() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] " for i in range(8)]
    front = split_front_matter("---\n" + "\n".join(lines).replace("] ", "]") + "\n---\nB")
    assert front.format == "yaml"
    assert "a" in front.data


# The simple readers must give exactly what the loaders give, or refuse.


@pytest.mark.parametrize(
    "raw",
    [
        "title: Hello world\ndate: 2019-12-22 16:17:03\ntags: js\ncategories:\n- a\n- b c",
        "title: 'It''s'\nauthor: \"Ann\"  # comment\ncount: 12\nflag: yes\nnothing:\nnull_: ~",
        "tags: [a, 'b, c', \"d\"]\nlist:\n  - [x, y]\n  - z\nurl: https://example.com/a#b",
        "title: C# and F# # a comment\nempty: ''\nzero: 0",
    ],
)
def test_simple_yaml_equals_the_loader(raw: str) -> None:
    simple = simple_yaml(raw)
    assert simple is not None
    assert _dated(simple) == _dated(yaml.load(raw, Loader=yaml.CSafeLoader))


@pytest.mark.parametrize(
    "raw",
    [
        "a: &x 1",
        "a: *x",
        'a: "esc\\"aped"',
        "a: 1.5",
        "a: 010",
        "a: 0x1F",
        "a: 1:30",
        "a:\n  b: c",
        "a: |\n  text",
        "a: b: c",
        "a: value\n  continued",
        "a: {b: c}",
        "a:\n- x\n  - y",
        "- just a list",
        "a: -1",
        "a: .5",
    ],
)
def test_simple_yaml_refuses_what_it_cannot_read_exactly(raw: str) -> None:
    assert simple_yaml(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        'title = "Rust"\nauthors = ["A", \'B\']\naliases = []\n[extra]\nrelease = true\nn = 1_000',
        "date = 2024-02-02\nwhen = 2024-02-02T14:00:00+08:00\nlocal = 2024-02-02 14:00:00\n"
        'x = "a#b" # c',
    ],
)
def test_simple_toml_equals_tomllib(raw: str) -> None:
    assert simple_toml(raw) == tomllib.loads(raw)


@pytest.mark.parametrize(
    "raw",
    [
        'a = "esc\\"aped"',
        'a = """multi"""',
        "a = [\n 1,\n]",
        "a = 1.5",
        "a.b = 1",
        '"quoted key" = 1',
        "[[array]]\nx = 1",
        "a = 1\na = 2",
        "[t]\n[t]",
        "a = {b = 1}",
    ],
)
def test_simple_toml_refuses_what_it_cannot_read_exactly(raw: str) -> None:
    assert simple_toml(raw) is None


_WORDS = st.text(alphabet="abcxyz 中文-_'", min_size=1, max_size=12)
_KEYS = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)


@settings(deadline=None)
@given(st.dictionaries(_KEYS, _WORDS | st.lists(_WORDS, max_size=3), max_size=5))
def test_simple_yaml_never_disagrees_with_the_loader(data: dict[str, object]) -> None:
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {item}" for item in value)
        else:
            lines.append(f"{key}: {value}")
    raw = "\n".join(lines)
    simple = simple_yaml(raw)
    try:
        loaded = yaml.load(raw, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    if simple is not None:
        assert _dated(simple) == _dated(loaded or {})


@settings(deadline=None)
@given(st.dictionaries(_KEYS, _WORDS | st.lists(_WORDS, max_size=3) | st.integers(), max_size=5))
def test_simple_toml_never_disagrees_with_tomllib(data: dict[str, object]) -> None:
    def value(item: object) -> str:
        if isinstance(item, list):
            return "[" + ", ".join(value(x) for x in item) + "]"
        return str(item) if isinstance(item, int) else f'"{item}"'

    raw = "\n".join(f"{key} = {value(item)}" for key, item in data.items())
    simple = simple_toml(raw)
    if simple is not None:
        assert simple == tomllib.loads(raw)


@settings(deadline=None)
@given(st.text(max_size=300))
def test_split_never_raises_and_keeps_the_body_in_the_text(text: str) -> None:
    front = split_front_matter(text)
    assert front.body in text
    assert front.format in ("yaml", "toml", "none")


def _dated(value: object) -> object:
    """Loader timestamps and the simple reader's strings compared as instants."""
    if isinstance(value, dict):
        return {key: _dated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dated(item) for item in value]
    if isinstance(value, date) or (isinstance(value, str) and value[:4].isdigit()):
        return parse_date(value) or value
    return value
