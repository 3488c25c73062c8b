"""``broadsheet completion bash|zsh|fish``: shell completion written from the parser.

The scripts are generated from the argparse parser at the moment they are printed, so
a new command or option is completed without anyone updating a script. argparse has
no public way to list a parser's options and subcommands: this module is the one place
that reads its private attributes (``_actions``, ``_SubParsersAction``), and the tests
of its output fail when they change.

``--category`` completes the library's category paths through a hidden
``broadsheet completion --categories``, which reads the index as it is (no scan).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from dataclasses import dataclass
from typing import Any, Final

SHELLS: Final = ("bash", "zsh", "fish")
FOLDER_METAVARS: Final = ("DIR",)
FILE_METAVARS: Final = ("ARTICLE",)
CATEGORY_METAVARS: Final = ("PATH",)
CATEGORIES_COMMAND: Final = "broadsheet completion --categories"


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a command, as completion needs it."""

    names: tuple[str, ...]
    help: str
    takes_value: bool
    metavar: str
    choices: tuple[str, ...]

    @property
    def value_kind(self) -> str:
        """What the value is: ``folder``, ``file``, ``category``, ``choice`` or ``any``."""
        if self.choices:
            return "choice"
        return _kind(self.metavar)


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand (or the root, named ``""``) with its options and positional value."""

    name: str
    help: str
    options: tuple[Option, ...]
    positional: str
    """What the positional argument is (``folder``, ``file``, ``choice``, ``any``, ``""``)."""
    positional_choices: tuple[str, ...] = ()


def _kind(metavar: str) -> str:
    if metavar in FOLDER_METAVARS:
        return "folder"
    if metavar in FILE_METAVARS:
        return "file"
    if metavar in CATEGORY_METAVARS:
        return "category"
    return "any"


def _help(text: str | None) -> str:
    """The first sentence of a help text, without the characters shells quote."""
    first = re.split(r"(?<=[.;])\s|\s\(", (text or "").strip(), maxsplit=1)[0]
    return re.sub(r"[\[\]'\"`$\\:]", "", first).rstrip(".")


def _command(name: str, help_text: str, parser: argparse.ArgumentParser) -> Command:
    options: list[Option] = []
    positional = ""
    choices: tuple[str, ...] = ()
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        metavar = action.metavar if isinstance(action.metavar, str) else ""
        action_choices = tuple(str(choice) for choice in action.choices or ())
        if not action.option_strings:
            positional = "choice" if action_choices else _kind(metavar or action.dest.upper())
            choices = action_choices
            continue
        takes_value = action.nargs != 0
        options.append(
            Option(tuple(action.option_strings), _help(action.help), takes_value, metavar,
                   action_choices)
        )  # fmt: skip
    return Command(name, _help(help_text), tuple(options), positional, choices)


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """The root command (with the reader's own options) and every subcommand."""
    from broadsheet.cli.app_command import build_root_parser

    root = _command("", "", build_root_parser())
    top = _command("", "", parser)
    names = {name for option in root.options for name in option.names}
    extra = tuple(option for option in top.options if not set(option.names) & names)
    found = [Command("", "", root.options + extra, "folder")]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, subparser in action.choices.items():
                found.append(_command(name, helps.get(name) or "", subparser))
    return found


def _words(values: Any) -> str:
    return " ".join(values)


def _bash_words(kind: str, choices: tuple[str, ...] = ()) -> str:
    """A command that prints the candidates for a value of this kind, one per line."""
    return {
        "choice": f'compgen -W "{_words(choices)}" -- "$cur"',
        "folder": 'compgen -d -- "$cur"',
        "file": 'compgen -f -- "$cur"',
        # Category paths come from articles: matched line by line as plain strings,
        # never through ``compgen -W``, which expands its word list again (a category
        # named ``$(id)`` would run ``id``); paths may hold spaces too.
        "category": f'{CATEGORIES_COMMAND} "${{library[@]}}" 2>/dev/null | '
        'while IFS= read -r line; do [[ $line == "$cur"* ]] && printf "%s\\n" "$line"; done',
    }.get(kind, "")


def _bash_reply(words: str) -> str:
    return f"mapfile -t COMPREPLY < <({words})" if words else "COMPREPLY=()"


def bash_script(found: list[Command]) -> str:
    """A bash completion function for ``broadsheet``."""
    names = [command.name for command in found if command.name]
    lines = [
        "# bash completion for broadsheet: source <(broadsheet completion bash)",
        "_broadsheet() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local command="" library=() i',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f'            {"|".join(names)}) [[ -z $command ]] && command="${{COMP_WORDS[i]}}" ;;',
        '            -L|--library) library=(--library "${COMP_WORDS[i+1]}") ;;',
        "        esac",
        "    done",
        '    case "$command:$prev" in',
    ]
    for command in found:
        for option in command.options:
            if option.takes_value:
                pattern = "|".join(f"{command.name}:{name}" for name in option.names)
                reply = _bash_reply(_bash_words(option.value_kind, option.choices))
                lines.append(f"        {pattern}) {reply}; return ;;")
    lines += ["    esac", '    case "$command" in']
    for command in found:
        options = _words(name for option in command.options for name in option.names)
        if command.name:
            words = _bash_words(command.positional, command.positional_choices)
        else:
            words = f'{{ compgen -W "{_words(names)}" -- "$cur"; compgen -d -- "$cur"; }}'
        lines += [
            f'        "{command.name}")',
            "            if [[ $cur == -* ]]; then "
            + _bash_reply(f'compgen -W "{options}" -- "$cur"'),
            f"            else {_bash_reply(words)}; fi ;;",
        ]
    lines += ["    esac", "}", "complete -o filenames -F _broadsheet broadsheet", ""]
    return "\n".join(lines)


def _zsh_value(option: Option) -> str:
    kind = option.value_kind
    label = (option.metavar or "value").lower()
    if kind == "choice":
        return f":{label}:({_words(option.choices)})"
    if kind == "folder":
        return f":{label}:_directories"
    if kind == "file":
        return f":{label}:_files"
    if kind == "category":
        # The library typed on the line (``-L DIR``), as bash's script passes it.
        return (
            f":{label}:{{local -a lib; local i=${{words[(I)(-L|--library)]}}; "
            f'(( i )) && lib=(-L "${{words[i+1]}}"); '
            f'compadd -- ${{(f)"$({CATEGORIES_COMMAND} "${{lib[@]}}" 2>/dev/null)"}}}}'
        )
    return f":{label}: "


def _zsh_specs(command: Command) -> list[str]:
    specs = []
    for option in command.options:
        value = _zsh_value(option) if option.takes_value else ""
        exclusive = " ".join(option.names)
        names = option.names[0] if len(option.names) == 1 else "{" + ",".join(option.names) + "}"
        specs.append(f"'({exclusive})'{names}'[{option.help}]{value}'")
    return specs


def zsh_script(found: list[Command]) -> str:
    """A zsh completion function for ``broadsheet`` (``compdef``-style)."""
    root, subcommands = found[0], found[1:]
    described = " ".join(f'"{command.name}:{command.help}"' for command in subcommands)
    lines = [
        "#compdef broadsheet",
        "# zsh completion for broadsheet: source <(broadsheet completion zsh)",
        "_broadsheet() {",
        '    local curcontext="$curcontext" state line',
        "    typeset -A opt_args",
        "    _arguments -C \\",
        *(f"        {spec} \\" for spec in _zsh_specs(root)),
        "        '1: :->command' \\",
        "        '*:: :->args'",
        "    case $state in",
        "    command)",
        f"        local -a commands=({described})",
        "        _describe -t commands command commands",
        "        _directories ;;",
        "    args)",
        "        case $line[1] in",
    ]
    for command in subcommands:
        positional = {
            "folder": "'*:folder:_directories'",
            "file": "'*:article:_files'",
            "choice": f"'1:value:({_words(command.positional_choices)})'",
            "any": "'*:word: '",
        }.get(command.positional, "")
        specs = [*_zsh_specs(command), *([positional] if positional else [])]
        lines.append(f"        {command.name}) _arguments {' '.join(specs)} ;;")
    lines += [
        "        esac ;;",
        "    esac",
        "}",
        'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then',
        '    _broadsheet "$@"',
        "else",
        "    compdef _broadsheet broadsheet",
        "fi",
        "",
    ]
    return "\n".join(lines)


FISH_LIBRARY: Final = (
    "function __broadsheet_library",
    "    # The library typed on the line (-L DIR, --library DIR, --library=DIR), one",
    "    # word a line: fish splits command output on line breaks only.",
    "    set -l words (commandline -opc)",
    "    for i in (seq (count $words))",
    "        if contains -- $words[$i] -L --library; and test $i -lt (count $words)",
    "            printf '%s\\n' -L $words[(math $i + 1)]",
    "        else if string match -q -- '--library=*' $words[$i]",
    "            printf '%s\\n' -L (string replace -- '--library=' '' $words[$i])",
    "        end",
    "    end",
    "end",
)
"""A fish function that passes the line's library on to ``completion --categories``."""


def fish_script(found: list[Command]) -> str:
    """fish ``complete`` lines for ``broadsheet``."""
    lines = ["# fish completion for broadsheet: broadsheet completion fish | source",
             *FISH_LIBRARY, "complete -c broadsheet -f"]  # fmt: skip
    for command in found:
        if command.name:
            lines.append(
                f"complete -c broadsheet -n __fish_use_subcommand -a {command.name} "
                f"-d '{command.help}'"
            )
    lines.append(
        "complete -c broadsheet -n __fish_use_subcommand -a '(__fish_complete_directories)'"
    )
    for command in found:
        condition = (
            f"'__fish_seen_subcommand_from {command.name}'"
            if command.name
            else "__fish_use_subcommand"
        )
        for option in command.options:
            flags = " ".join(
                f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}"
                for name in option.names
            )
            value = ""
            if option.takes_value:
                kind = option.value_kind
                value = {
                    "choice": f" -x -a '{_words(option.choices)}'",
                    "folder": " -x -a '(__fish_complete_directories)'",
                    "file": " -r -F",
                    "category": f" -x -a '({CATEGORIES_COMMAND} (__broadsheet_library) "
                    "2>/dev/null)'",
                }.get(kind, " -x")
            lines.append(f"complete -c broadsheet -n {condition} {flags}{value} -d '{option.help}'")
        if command.name and command.positional == "file":
            lines.append(f"complete -c broadsheet -n {condition} -F")
        if command.name and command.positional == "choice":
            choices = _words(command.positional_choices)
            lines.append(f"complete -c broadsheet -n {condition} -a '{choices}'")
    lines.append("")
    return "\n".join(lines)


SCRIPTS: Final = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def register(subparsers: Any) -> None:
    """Add ``completion``."""
    from broadsheet.cli.common import add_library_option

    parser: argparse.ArgumentParser = subparsers.add_parser(
        "completion",
        help="Print a shell completion script (bash, zsh or fish).",
        description="Print a shell completion script. bash: source <(broadsheet completion "
        "bash); zsh: source <(broadsheet completion zsh); fish: broadsheet completion fish "
        "| source. Put the line in the shell's start-up file to keep it.",
    )
    parser.add_argument("shell", nargs="?", choices=SHELLS, metavar="SHELL",
                        help="bash, zsh or fish")  # fmt: skip
    parser.add_argument("--categories", action="store_true", help=argparse.SUPPRESS)
    add_library_option(parser)
    parser.set_defaults(handler=run_completion)


def run_completion(args: argparse.Namespace) -> int:
    """``broadsheet completion``."""
    if args.categories:
        return _print_categories(args)
    if args.shell is None:
        print("broadsheet: completion needs a shell: bash, zsh or fish", file=sys.stderr)
        return 2
    from broadsheet.cli import build_parser

    sys.stdout.write(SCRIPTS[args.shell](commands(build_parser())))
    return 0


def _print_categories(args: argparse.Namespace) -> int:
    """Every category path of the library, one per line, from the index as it is."""
    from broadsheet.cli.common import resolve_library
    from broadsheet.errors import BroadsheetError
    from broadsheet.library.article import category_label
    from broadsheet.library.library import Library
    from broadsheet.library.results import CategoryNode

    try:
        library = Library(resolve_library(args.library))
        tree = library.categories()
    except (BroadsheetError, OSError, sqlite3.Error):
        return 1  # nothing to offer: a completion prints no error

    def walk(nodes: tuple[CategoryNode, ...]) -> None:
        for node in nodes:
            print(category_label(node.path))
            walk(node.children)

    walk(tree)
    return 0
