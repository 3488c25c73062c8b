"""``broadsheet completion``: scripts written from the parser, for bash, zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from broadsheet.cli import SUBCOMMANDS, build_parser, main
from broadsheet.cli.completion import commands
from broadsheet.library.library import Library


def script(capsys: pytest.CaptureFixture[str], shell: str) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


def test_the_parser_is_read_whole() -> None:
    found = {command.name: command for command in commands(build_parser())}
    assert set(found) == {"", *SUBCOMMANDS}
    options = {name for option in found["list"].options for name in option.names}
    assert {"--unread", "--bookmarked", "--category", "--sort", "-L", "--json"} <= options
    sort = next(option for option in found["list"].options if "--sort" in option.names)
    assert sort.choices == ("date", "title")
    assert found["show"].positional == "file"
    assert found[""].positional == "folder"
    assert found["completion"].positional_choices == ("bash", "zsh", "fish")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_shell_gets_every_command_and_option(
    capsys: pytest.CaptureFixture[str], shell: str
) -> None:
    text = script(capsys, shell)
    for name in SUBCOMMANDS:
        assert name in text
    for word in ("unread", "bookmarked", "category", "--categories", "date title", "rebuild"):
        assert word in text
    assert "\x1b" not in text
    hidden = {n for c in commands(build_parser()) for o in c.options for n in o.names}
    assert "--categories" not in hidden


def test_a_shell_is_needed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion"]) == 2
    assert "bash, zsh or fish" in capsys.readouterr().err


def test_category_paths_for_completion(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    Library(library_dir).refresh()
    assert main(["completion", "--categories", "-L", str(library_dir)]) == 0
    paths = capsys.readouterr().out.splitlines()
    assert "新媒体/趣头条" in paths and "Tech/Rust" in paths


def _complete_in_bash(completion: str, probe: str, folder: Path) -> list[str]:
    """The lines ``probe`` prints in bash with the ``completion`` script loaded; in it,
    ``t WORD...`` completes the last word and prints the candidates, ``|`` after each.

    The broadsheet the script calls is this environment's, first on the PATH."""
    path = folder / "broadsheet.bash"
    path.write_text(completion, encoding="utf-8")
    prelude = f"""
source {path}
t() {{ COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); COMPREPLY=(); _broadsheet
      printf '%s|' "${{COMPREPLY[@]}}"; echo; }}
"""
    bin_dir = str(Path(sys.executable).parent)
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", prelude + probe],
        capture_output=True,
        text=True,
        cwd=folder,
        check=True,
        timeout=60,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    return result.stdout.splitlines()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_loads_and_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a folder").mkdir()
    probe = """
complete -p broadsheet
t broadsheet se
t broadsheet list --so
t broadsheet list --sort ""
t broadsheet search -L "a f"
t broadsheet completion ""
"""
    lines = _complete_in_bash(script(capsys, "bash"), probe, tmp_path)
    assert lines[0].startswith("complete -o filenames -F _broadsheet broadsheet")
    assert lines[1:] == ["search|", "--sort|", "date|title|", "a folder|", "bash|zsh|fish|"]


HOSTILE_CATEGORIES = ("$(touch run1)", "`touch run2`", "'; touch run3; '", "a b", "新媒体")


def _hostile_library(folder: Path) -> Path:
    """A library whose category names are :data:`HOSTILE_CATEGORIES`, indexed."""
    library = folder / "library"
    library.mkdir()
    for number, name in enumerate(HOSTILE_CATEGORIES):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        text = f'---\ntitle: Post {number}\ncategories: ["{quoted}"]\n---\nBody.\n'
        (library / f"post{number}.md").write_text(text, encoding="utf-8")
    Library(library).refresh()
    return library


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_offers_category_names_as_plain_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Category names come from the articles: completing them must never run them.
    library = _hostile_library(tmp_path)
    probe = f"""
t broadsheet -L {library} list --category ""
t broadsheet -L {library} list --category '$(t'
t broadsheet -L {library} list --category '*'
"""
    every, dollar, star = _complete_in_bash(script(capsys, "bash"), probe, tmp_path)
    assert sorted(every.split("|")[:-1]) == sorted(HOSTILE_CATEGORIES)
    assert dollar == "$(touch run1)|"
    assert star == "|"  # none: a pattern character typed matches itself only
    assert not [name for name in os.listdir(tmp_path) if name.startswith("run")]


def _in_shell(shell: str, code: str, folder: Path) -> list[str]:
    """The lines ``code`` prints in ``shell``, this environment's broadsheet on the PATH,
    with no configured library (only the line's ``-L`` can name one)."""
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k != "BROADSHEET_LIBRARY"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        [shell, "-c", code], check=False, capture_output=True, text=True, cwd=folder,
        timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_the_categories_of_the_library_on_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """fish asked the configured library for categories, whatever ``-L`` said; names
    from articles come back as words and never run."""
    library = _hostile_library(tmp_path)
    path = tmp_path / "broadsheet.fish"
    path.write_text(script(capsys, "fish"), encoding="utf-8")
    code = (
        f"source {path}; "
        f"complete -C 'broadsheet list -L {library} --category '; echo ---; "
        f"complete -C 'broadsheet list --library={library} --category 新'"
    )
    lines = _in_shell("fish", code, tmp_path)
    split = lines.index("---")
    names = [line.split("\t")[0] for line in lines[:split]]
    assert sorted(names) == sorted(HOSTILE_CATEGORIES)
    assert [line.split("\t")[0] for line in lines[split + 1 :]] == ["新媒体"]
    assert not [name for name in os.listdir(tmp_path) if name.startswith("run")]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_the_categories_of_the_library_on_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The same for zsh: its ``--category`` action, run with the line's words and a
    ``compadd`` that prints what it is given."""
    import re

    library = _hostile_library(tmp_path)
    found = re.search(r"--category'\[[^]]*\]:path:\{(.*?)\}' ", script(capsys, "zsh"))
    assert found is not None
    action = tmp_path / "action.zsh"
    action.write_text(found[1], encoding="utf-8")
    code = (
        'compadd() { shift; print -rl -- "$@"; }; '
        f"words=(broadsheet list -L '{library}' --category ''); source {action}"
    )
    assert sorted(_in_shell("zsh", code, tmp_path)) == sorted(HOSTILE_CATEGORIES)
    assert not [name for name in os.listdir(tmp_path) if name.startswith("run")]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_other_shells_parse_the_script(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shell: str
) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / f"broadsheet.{shell}"
    path.write_text(script(capsys, shell), encoding="utf-8")
    subprocess.run([shell, "-n", str(path)], check=True, timeout=30)
