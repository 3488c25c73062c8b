"""Fuzz the commands with random hostile articles: ``python benchmarks/fuzz.py [N] [SEED]``.

Writes N random articles (front matter in YAML, TOML or Hexo's headless form, with lone
surrogate escapes, control characters, huge numbers, broken quotes, random bytes; file
names with newlines, tabs, controls and undecodable bytes) into a temporary folder, runs
``show`` on each at a random width from 1 to 300, then ``index``, ``list``, ``search``,
``categories`` and ``doctor`` over the folder, each as its own ``broadsheet`` process with
private XDG folders. A crash is a traceback, an exit status other than 0, 1 or 2, or
output a terminal would act on (a control character other than tab and newline, a bidi
control, a lone surrogate). Prints the number of crashes (and the first few) and exits
with 1 when there was one.
"""

from __future__ import annotations

import argparse
import os
import random
import re
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
    "\u2066",
    "\x85",
    "\x7f",
    "\\u0007",
    "\\x9b",
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
UNSAFE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What printed output must never hold: controls but tab and newline, bidi, lone surrogates."""


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


def _run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet", *args],
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    # Decoded as the terminal would: an undecodable byte is a crash as much as a control.
    out = result.stdout.decode("utf-8", "surrogateescape")
    return result.returncode, out, result.stderr.decode("utf-8", "surrogateescape")


def _unsafe(printed: str) -> str | None:
    """The first thing in ``printed`` a terminal would act on, if any."""
    found = UNSAFE.search(printed)
    return (
        None
        if found is None
        else f"{found.group()!r} in {printed[max(0, found.start() - 60) : found.end() + 20]!r}"
    )


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
    if code not in (0, 1, 2):
        return f"{args[:2]!r} exit {code}: {stderr.getvalue()[-400:]}"
    unsafe = _unsafe(stdout.getvalue().replace("\t", " ") + stderr.getvalue())
    return None if unsafe is None else f"{args[:2]!r} printed {unsafe}"


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
            code, out, err = _run(env, *command)
            unsafe = _unsafe(out.replace("\t", " ") + err)
            if code not in (0, 1, 2) or "Traceback" in err:
                crashes.append(f"{command[:2]!r} exit {code}: {err[-400:]}")
            elif unsafe is not None:
                crashes.append(f"{command[:2]!r} printed {unsafe}")
    return crashes


def main() -> int:
    """Run with the numbers given on the command line."""
    parser = argparse.ArgumentParser(
        description="Write N random hostile articles, run every command over them, count crashes."
    )
    parser.add_argument(
        "count", metavar="N", nargs="?", type=int, default=2000, help="articles (default 2000)"
    )
    parser.add_argument(
        "seed", metavar="SEED", nargs="?", type=int, default=1, help="random seed (default 1)"
    )
    parser.add_argument(
        "--show-every",
        type=int,
        default=1,
        metavar="K",
        help="run show on every K-th article (default 1: all)",
    )
    args = parser.parse_args()
    count, seed = args.count, args.seed
    crashes = fuzz(count, seed, show_every=args.show_every)
    print(f"{count} articles, seed {seed}: {len(crashes)} crashes")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
