"""Fuzz the commands with random hostile articles: ``python benchmarks/fuzz.py [N] [SEED]``.

Writes N random articles (front matter in YAML, TOML or Hexo's headless form, with lone
surrogate escapes, control characters, huge numbers, broken quotes, random bytes; file
names with newlines, tabs, controls and undecodable bytes) into a temporary folder, runs
``show`` on each at a random width from 1 to 300, then ``index``, ``list``, ``search``,
``categories`` and ``doctor`` over the folder, each as its own ``broadsheet`` process with
private XDG folders. A crash is a traceback or an exit status other than 0, 1 or 2.
Prints the number of crashes (and the first few) and exits with 1 when there was one.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

PIECES: Final = (
    "\\ud83d\\ude00",
    "\\ud800",
    "\\udfff",
    "\x1b[2J",
    "\x9b31m",
    "\u202e",
    "\x00",
    "\t",
    "户籍窗口",
    "[bold]x[/]",
    "100000000000000000000",
    "-9999999999999999999999",
    '"',
    "'",
    "&#xd800;",
    "&#27;",
    "<script>x</script>",
    "{% post_link a %}",
    "1e999",
)
KEYS: Final = ("title", "date", "author", "tags", "categories", "permalink", "updated", "x")
NAME_PIECES: Final = ("a", "户", "\n", "\t", "\x1b", " ", "-", "2020-01-01-")


def _value(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))


def _article(rng: random.Random) -> bytes:
    shape = rng.choice(("yaml", "toml", "headless", "none", "glued"))
    lines = []
    for key in rng.sample(KEYS, rng.randint(1, len(KEYS))):
        value = _value(rng)
        if shape == "toml":
            lines.append(f'{key} = "{value}"' if rng.random() < 0.8 else f"{key} = {value}")
        elif shape == "glued":
            lines.append(f'{key}:"{value}"')
        else:
            quoted = f'"{value}"' if rng.random() < 0.6 else value
            lines.append(f"{key}: {quoted}")
    front = "\n".join(lines)
    blocks = ("para", "<p>x</p>", "# h", "|a|b|")
    body = " ".join(_value(rng) + rng.choice(blocks) for _ in range(8))
    if shape == "yaml":
        text = f"---\n{front}\n---\n{body}\n"
    elif shape == "toml":
        text = f"+++\n{front}\n+++\n{body}\n"
    elif shape in ("headless", "glued"):
        text = f"{front}\n---\n{body}\n"
    else:
        text = body
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:
        data += bytes(rng.randrange(256) for _ in range(20))
    return data


def _name(rng: random.Random, number: int) -> bytes:
    stem = "".join(rng.choice(NAME_PIECES) for _ in range(rng.randint(0, 4)))
    raw = f"{number}-{stem}".encode()
    if rng.random() < 0.05:
        raw += b"\xff"
    return raw + b".md"


def _run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet", *args],
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    return result.returncode, result.stderr.decode("utf-8", "replace")


def _show_here(args: list[str]) -> str | None:
    """Run ``broadsheet show`` in this process (thousands of starts would take an hour)."""
    import contextlib
    import io
    import traceback

    from broadsheet.cli import main as broadsheet

    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = broadsheet(args)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 2
    except BaseException:
        return f"{args[:2]!r}: {traceback.format_exc()[-400:]}"
    return None if code in (0, 1, 2) else f"{args[:2]!r} exit {code}: {stderr.getvalue()[-400:]}"


def fuzz(count: int, seed: int, *, show_every: int = 1) -> list[str]:
    """Run the fuzz; the crashes found (command and the end of its stderr)."""
    rng = random.Random(seed)
    crashes: list[str] = []
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        root = base / "library"
        root.mkdir()
        env = dict(os.environ)
        for name in ("CACHE", "DATA", "CONFIG"):
            env[f"BROADSHEET_{name}_DIR"] = str(base / name.lower())
        paths = []
        for number in range(count):
            path = os.path.join(os.fsencode(root), _name(rng, number))
            with open(path, "wb") as handle:
                handle.write(_article(rng))
            paths.append(path)
        os.environ.update(env)
        for path in paths[::show_every]:
            width = str(rng.randint(1, 300))
            crash = _show_here(["show", os.fsdecode(path), "--width", width, "-L", str(root)])
            if crash:
                crashes.append(crash)
        commands: list[list[str]] = [
            ["index", "-L", str(root)],
            ["list", "-L", str(root)],
            ["list", "--json", "-L", str(root)],
            ["search", "户籍", "-L", str(root)],
            ["search", "para", "--json", "-L", str(root)],
            ["categories", "-L", str(root)],
            ["doctor", "-L", str(root)],
        ]
        for command in commands:
            code, err = _run(env, *command)
            if code not in (0, 1, 2) or "Traceback" in err:
                crashes.append(f"{command[:2]!r} exit {code}: {err[-400:]}")
    return crashes


def main() -> int:
    """Run with the numbers given on the command line."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    crashes = fuzz(count, seed)
    print(f"{count} articles, seed {seed}: {len(crashes)} crashes")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
