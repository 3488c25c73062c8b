"""Run every benchmark on a generated library and print one Markdown table.

Usage::

    python benchmarks/run.py [--articles N] [--keep DIR] [--quick] [--seed S]

The library (default 100,000 articles) is generated into a temporary folder, or into
``DIR`` with ``--keep`` (reused on the next run when N and the seed match: use
``--keep bench-data``, which git ignores). Every measurement runs in a fresh process
whose ``BROADSHEET_{CACHE,DATA,CONFIG}_DIR`` point into a temporary folder, so the first
index is cold and the later ones are warm, as the figure says. A figure that fails
shows ``error: …`` in its row and the run goes on. Progress and notes go to stderr;
stdout gets only the table. See ``benchmarks/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

import generate
import queries
from procs import Measured, broadsheet_command, ensure_tool, python_env, run_measured
from table import FIGURES, Row, format_table

REPO: Final = Path(__file__).resolve().parents[1]
REFERENCE: Final = REPO / "articles" / "000_c4cd4a57b93743cd.md"
GENERATOR_SOURCES: Final = (
    "generate.py",
    "article_meta.py",
    "sentences.py",
    "blocks.py",
    "vocab.py",
    "taxonomy.py",
)
"""A kept library is regenerated when one of these (or the reference) changes."""
REFERENCE_REL: Final = "_reference/000_c4cd4a57b93743cd.md"
CHANGED_FILES: Final = 100
CLI_RUNS: Final = 5
PEER_TERMS: Final = 5
"""rg runs per search class: its time hardly depends on the term."""
BUDGET: Final = 570.0
"""Seconds the whole run may take at 100,000 articles (the promise is under 10 minutes,
generation included); bigger libraries get proportionally more (:func:`scale`)."""
ONE_WORKER_MAX: Final = 200_000
"""Above this many articles the cold index is not run a second time with one worker."""
FIND_TERM: Final = "发展"
"""What ``broadsheet search`` and ``rg -l -F`` both look for: in most generated articles."""
RESERVE: Final = 40.0
"""Kept back for the peers and the table when a step's time-out is computed."""
CAPS: Final = {
    # Several times each figure's target, so a slow build still gets a number, while a
    # stuck one cannot eat the budget of every figure after it.
    # The first index at a million articles took 2,800 s in December 2026: 240 s a
    # 100,000 timed it out and every figure after it went with it.
    "cold-index": 400.0,
    "rescan": 60.0,
    "search": 60.0,
    "render-reference": 30.0,
    "render-big": 90.0,
    "startup": 45.0,
    "interact": 120.0,
    "live": 120.0,
    "images": 120.0,
}
CLI_CAP: Final = 10.0
INDEX_CAP: Final = 60.0
"""``broadsheet index`` on a warm index (a walk of every file)."""


def scale(count: int) -> float:
    """How much longer than at 100,000 articles the steps of a run may take."""
    return max(1.0, count / 100_000)


MIN_STEP: Final = 5.0


@dataclass
class Bench:
    """State of one run: where things are and what has been measured."""

    library: Path
    env: dict[str, str]
    big: str
    deadline: float
    """``time.perf_counter()`` value by which the run must be done."""
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    count: int = 100_000
    library_bytes: int = 0

    def time_left(self, cap: float) -> float:
        """A step's time-out: its cap (longer for a bigger library), or less when the
        budget is running out."""
        return min(cap * scale(self.count), self.deadline - time.perf_counter() - RESERVE)

    def record(self, key: str, **fields: Any) -> None:
        """Keep the first result for ``key`` (a later one is a follow-on failure)."""
        self.results.setdefault(key, fields)


def heap_note(measured: Measured, why: str = "to search") -> str:
    """What of a peak RSS was the process's own memory (the rest: mapped index files)."""
    if not measured.max_anon:
        return ""
    heap = measured.max_anon / 1024 / 1024
    return f"of which heap {heap:,.0f} MB; the rest is index files tantivy maps {why}"


def log(message: str) -> None:
    """Progress for the person watching (stderr keeps stdout for the table)."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def prepare_library(count: int, seed: int, keep: Path | None, scratch: Path) -> tuple[Path, str]:
    """The generated library (reused from ``keep`` when it matches) and its largest file."""
    base = keep if keep is not None else scratch
    library = base / f"library-{count}-s{seed}"
    manifest = base / f"library-{count}-s{seed}.json"
    here = Path(__file__).parent
    sources = [here / name for name in GENERATOR_SOURCES]
    fingerprint = max(path.stat().st_mtime_ns for path in (*sources, REFERENCE))
    if manifest.exists() and library.is_dir():
        saved = json.loads(manifest.read_text())
        if saved.get("fingerprint") == fingerprint:
            log(f"reusing {library} ({saved['summary']['files']:,} articles)")
            return library, saved["summary"]["largest"][0]
    log(f"generating {count:,} articles into {library}")
    manifest.unlink(missing_ok=True)
    summary = generate.generate(count, library, seed=seed)
    log(generate.describe(summary).replace("\n", "; "))
    # The reference article joins the library so that the reader can open it.
    (library / REFERENCE_REL).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REFERENCE, library / REFERENCE_REL)
    saved = {"fingerprint": fingerprint, "summary": asdict(summary)}
    manifest.write_text(json.dumps(saved, ensure_ascii=False, indent=1))
    return library, summary.largest[0]


def run_worker(
    bench: Bench,
    script: str,
    group: str,
    keys: tuple[str, ...],
    *extra: str,
    env: dict[str, str] | None = None,
) -> Measured | None:
    """Run one group of ``script`` in a fresh process and record its figures.

    None when the time budget has run out (the figures then say so). ``env``: instead
    of the run's environment.
    """
    timeout = bench.time_left(CAPS[group])
    if timeout < MIN_STEP:
        for key in keys:
            bench.record(key, error="skipped: the run's budget is used up")
        return None
    log(f"running {script} {group} (time-out {timeout:.0f} s)")
    command = [sys.executable, str(Path(__file__).with_name(script)), group]
    command += ["--library", str(bench.library), "--reference", REFERENCE_REL, *extra]
    if script == "tui_bench.py":
        command += ["--wait", f"{timeout - 2:.0f}"]
        if group == "startup":
            command += ["--t0", repr(time.time())]
    measured = run_measured(command, env=env or bench.env, timeout=timeout, cwd=REPO)
    for line in measured.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            bench.record(record.pop("key"), **record)
    for key in keys:
        bench.record(key, error=measured.last_error_line())
    return measured


def cli_search(bench: Bench, rg: str | None, peers: dict[str, float | None]) -> None:
    """``broadsheet search TERM`` as a whole process (median wall time, peak RSS of 5
    runs), each run next to ``rg -l -F TERM`` over the same folder: the ratio is from
    one run, under the same load."""
    log("running broadsheet search as a process, and rg for the same term")
    command = [*broadsheet_command(), "search", "--library", str(bench.library), FIND_TERM]
    runs, peer_runs = [], []
    if rg is not None:
        run_measured([rg, "-l", "-F", "预热", bench.library])  # fills the page cache
    for _ in range(CLI_RUNS):
        timeout = bench.time_left(CLI_CAP)
        if timeout < MIN_STEP:
            break
        runs.append(run_measured(command, env=bench.env, timeout=timeout, cwd=REPO))
        if rg is not None:
            peer_runs.append(run_measured([rg, "-l", "-F", FIND_TERM, bench.library]).seconds)
    peers["cli_search"] = statistics.median(peer_runs) if peer_runs else None
    if not runs:
        for key in ("cli_search", "cli_rss"):
            bench.record(key, error="skipped: the run's budget is used up")
        return
    # 发展 is in most generated articles, so anything but success is a failure (exit
    # status 1 would mean "nothing found", but an uncaught exception exits with 1 too).
    failed = [run for run in runs if run.returncode != 0 or not run.stdout.strip()]
    if failed:
        error = failed[0].last_error_line()
        bench.record("cli_search", error=error)
        bench.record("cli_rss", error=error)
        return
    note = f"median of {len(runs)}"
    bench.record("cli_search", seconds=statistics.median(r.seconds for r in runs), note=note)
    largest = max(runs, key=lambda run: run.max_rss)
    bench.record("cli_rss", bytes=largest.max_rss, note=heap_note(largest))


def index_process(
    bench: Bench, key: str, cap: float, env: dict[str, str] | None = None
) -> Measured | None:
    """``broadsheet index`` as a whole process; its figure notes what it did."""
    timeout = bench.time_left(cap)
    if timeout < MIN_STEP:
        bench.record(key, error="skipped: the run's budget is used up")
        return None
    log(f"running broadsheet index for {key} (time-out {timeout:.0f} s)")
    command = [*broadsheet_command(), "index", "--json", "--library", str(bench.library)]
    measured = run_measured(command, env=env or bench.env, timeout=timeout, cwd=REPO)
    try:
        report = json.loads(measured.stdout)
    except json.JSONDecodeError:
        bench.record(key, error=measured.last_error_line())
        return None
    if measured.returncode != 0:
        bench.record(key, error=measured.last_error_line())
        return None
    done = [f"{report[name]:,} {name}" for name in ("added", "updated", "removed") if report[name]]
    bench.record(key, seconds=measured.seconds, note=", ".join(done) or "nothing to do")
    return measured


def folder_bytes(folder: Path) -> int:
    """The bytes of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def cold_indexes(bench: Bench) -> None:
    """The first index (every core), its peak RSS and size; then with one worker."""
    measured = index_process(bench, "cold_index", CAPS["cold-index"])
    if measured is None:
        bench.record("index_rss", error=bench.results["cold_index"].get("error", "not run"))
        bench.record("index_size", error="no index")
    else:
        note = heap_note(measured, "to merge")
        bench.record("index_rss", bytes=measured.max_rss, note=note)
        size = folder_bytes(Path(bench.env["BROADSHEET_CACHE_DIR"]))
        note = f"library {bench.library_bytes / 1024 / 1024:,.0f} MB"
        if bench.library_bytes:
            note += f"; {size / bench.library_bytes:.2f}× the library"
        bench.record("index_size", bytes=size, note=note)
    if bench.count > ONE_WORKER_MAX:
        bench.record("cold_index_1", error=f"skipped above {ONE_WORKER_MAX:,} articles")
        return
    env = {**bench.env, "BROADSHEET_WORKERS": "1"}
    env["BROADSHEET_CACHE_DIR"] = bench.env["BROADSHEET_CACHE_DIR"] + "-1-worker"
    try:
        index_process(bench, "cold_index_1", CAPS["cold-index"] * 2, env)
    finally:
        shutil.rmtree(env["BROADSHEET_CACHE_DIR"], ignore_errors=True)


def spread(bench: Bench) -> list[Path]:
    """:data:`CHANGED_FILES` articles spread over the library, in a stable order."""
    articles = sorted(p for p in bench.library.rglob("*.md") if "_reference" not in p.parts)
    return articles[:: max(1, len(articles) // CHANGED_FILES)][:CHANGED_FILES]


def rescans(bench: Bench) -> None:
    """``broadsheet index`` with nothing changed and after 100 files were edited; then
    ``broadsheet search`` after 100 were added (the cheap check of folder times)."""
    index_process(bench, "rescan_unchanged", INDEX_CAP)
    changed = spread(bench)
    originals = {path: path.read_bytes() for path in changed}
    try:
        for number, (path, content) in enumerate(originals.items()):
            # New content and a new modification time, as an editor leaves it.
            extra = f"\n<p>Edited {number}: 修订 {time.time_ns()}</p>\n".encode()
            path.write_bytes(content + extra)
        index_process(bench, "rescan_changed", INDEX_CAP)
    finally:
        # The library goes back to what the generator wrote (a kept one is reused).
        for path, content in originals.items():
            path.write_bytes(content)
    added = [path.with_name(f"added-{number}-{path.name}") for number, path in enumerate(changed)]
    try:
        for path, content in zip(added, originals.values(), strict=True):
            path.write_bytes(content.replace(b"title:", b"title: Added", 1))
        command = [*broadsheet_command(), "search", "--library", str(bench.library), "Added"]
        measured = run_measured(command, env=bench.env, timeout=bench.time_left(CLI_CAP))
        if measured.returncode != 0:
            bench.record("cli_update", error=measured.last_error_line())
        else:
            bench.record("cli_update", seconds=measured.seconds, note=f"{len(added)} added")
    finally:
        for path in added:
            path.unlink(missing_ok=True)
    # The index follows the library back (not timed), so the next figures find it warm.
    index_process(bench, "_restore", INDEX_CAP)


def find_peer(bench: Bench) -> float | None:
    """Median wall time of ``find`` printing every file's time and size: one ``stat``
    per file, in C, on one core (what a full check cannot go below)."""
    find = shutil.which("find")
    if find is None:
        return None
    command = [find, str(bench.library), "-type", "f", "-printf", "%T@ %s %p\n"]
    return statistics.median(run_measured(command).seconds for _ in range(3))


def rg_peers(bench: Bench, rg: str | None) -> dict[str, float | None]:
    """Median wall time of ``rg -l -F TERM DIR`` for a few terms of each search class."""
    peers: dict[str, float | None] = {}
    if rg is None:
        return dict.fromkeys(queries.QUERY_SETS)
    log("running rg as the search peer")
    run_measured([rg, "-l", "-F", "预热", bench.library])  # fills the page cache
    for name, texts in queries.QUERY_SETS.items():
        times = []
        for query in texts[:PEER_TERMS]:
            # The first word that is not a field filter: what a grep user would type.
            term = next(word for word in query.split() if ":" not in word)
            times.append(run_measured([rg, "-l", "-F", term, bench.library]).seconds)
        peers[name] = statistics.median(times)
    return peers


def w3m_peer(w3m: str | None, article: Path, runs: int) -> float | None:
    """Median wall time of ``w3m -dump`` on an article's HTML body at 80 columns."""
    if w3m is None:
        return None
    text = article.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---") else text
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as handle:
        handle.write(body)
        handle.flush()
        command = [w3m, "-dump", "-T", "text/html", "-cols", "80", handle.name]
        return statistics.median(run_measured(command).seconds for _ in range(runs))


def check_planted(bench: Bench, count: int) -> None:
    """Compare the hits of planted terms with how many articles hold them."""
    expected = {term: sum(1 for i in range(count) if i % every == offset)
                for term, every, offset in generate.PLANTED}  # fmt: skip
    for name in queries.QUERY_SETS:
        hits = bench.results.get(f"search:{name}", {}).get("hits", {})
        for query, total in hits.items():
            if query in expected and total != expected[query]:
                bench.notes.append(f"search {query!r} found {total}, expected {expected[query]}")


def run_library(bench: Bench, rg: str | None, peers: dict[str, float | None]) -> None:
    """Cold index, rescans, in-process search and the CLI, in that order (each warms the next)."""
    cold_indexes(bench)
    rescans(bench)
    peers["rescan_unchanged"] = peers["rescan_changed"] = find_peer(bench)
    search_keys = tuple(f"search:{name}" for name in queries.QUERY_SETS)
    run_worker(bench, "workers.py", "search", search_keys)
    cli_search(bench, rg, peers)


def run_render(bench: Bench) -> None:
    """The reference article and the largest one, in fresh processes."""
    run_worker(bench, "workers.py", "render-reference", ("render_reference",))
    keys = ("render_big_all", "render_big_first", "render_big_rewrap")
    run_worker(bench, "workers.py", "render-big", keys, "--big", bench.big)


LIVE_KEYS: Final = ("tui_live_add", "tui_live_burst_key", "tui_live_burst_listed")
TMUX_RUNS: Final = 3
TMUX_SIZE: Final = ("120", "36")
LIST_ROW_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
"""A date in a list row: the list has been drawn."""


def tmux_startup(bench: Bench) -> None:
    """``broadsheet`` in a real terminal (tmux): from launch to a list row on screen."""
    tmux = shutil.which("tmux")
    if tmux is None:
        bench.record("tui_startup_tmux", error="skipped: tmux is not installed")
        return
    log("running broadsheet in tmux")
    env = {**bench.env, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    command = shlex.join([*broadsheet_command(), "--library", str(bench.library)])
    samples: list[float] = []
    problems: list[str] = []
    for run in range(TMUX_RUNS):
        # A server of its own each time: a server just killed may still be going away.
        socket = f"broadsheet-bench-{os.getpid()}-{run}"
        width, height = TMUX_SIZE
        launch = [tmux, "-L", socket, "new-session", "-d", "-x", width, "-y", height, command]
        try:
            started = time.perf_counter()
            launched = subprocess.run(launch, env=env, capture_output=True, text=True, check=False)
            if launched.returncode != 0:
                problems.append(launched.stderr.strip() or f"tmux exited {launched.returncode}")
                continue
            while time.perf_counter() - started < 20:
                screen = subprocess.run(
                    [tmux, "-L", socket, "capture-pane", "-p"],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout
                if LIST_ROW_RE.search(screen):
                    samples.append(time.perf_counter() - started)
                    break
                time.sleep(0.01)
            subprocess.run([tmux, "-L", socket, "send-keys", "q"], check=False)
            time.sleep(1.0)  # let it quit (and its start-up rescan finish)
        finally:
            subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True, check=False)
    if problems and not samples:
        bench.record("tui_startup_tmux", error=problems[0])
        return
    if not samples:
        bench.record("tui_startup_tmux", error="the list never appeared within 20 s")
        return
    bench.record(
        "tui_startup_tmux", seconds=statistics.median(samples), note=f"median of {len(samples)}"
    )


def run_tui(bench: Bench) -> None:
    """Start-up in a process of its own (timed from its spawn), then the interactions."""
    run_worker(bench, "tui_bench.py", "startup", ("tui_startup",))
    tmux_startup(bench)
    keys = ("tui_category", "tui_search", "tui_open", "tui_key")
    interact = run_worker(bench, "tui_bench.py", "interact", keys)
    errors = [bench.results[key].get("error") for key in keys]
    if interact is None or all(errors):
        bench.record("tui_rss", error=errors[0] or "not run")
    else:
        bench.record("tui_rss", bytes=interact.max_rss, note=heap_note(interact))
    # Last: it writes into the library (and removes what it wrote) while the reader runs.
    # Its own reading state: the interactions leave a search as the last filter, and the
    # reader would start on it (the warm index is shared).
    fresh = dict(bench.env)
    fresh["BROADSHEET_DATA_DIR"] = str(Path(bench.env["BROADSHEET_DATA_DIR"]) / "live")
    Path(fresh["BROADSHEET_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    run_worker(bench, "tui_bench.py", "live", LIVE_KEYS, env=fresh)
    keys = ("images_open", "images_first", "images_scroll", "images_rss")
    run_worker(bench, "images_bench.py", "images", keys)  # its own 20-photo library


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the library, run every figure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, metavar="N")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR and reuse it")
    parser.add_argument("--quick", action="store_true", help="5,000 articles: a smoke run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    count = 5_000 if args.quick else args.articles
    started = time.perf_counter()
    deadline = started + BUDGET * scale(count)
    notes: list[str] = []
    rg = ensure_tool("rg", "ripgrep", notes)
    w3m = ensure_tool("w3m", "w3m", notes)
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as temporary:
        scratch = Path(temporary)
        keep = args.keep.resolve() if args.keep else None
        library, big = prepare_library(count, args.seed, keep, scratch)
        env = python_env(REPO, scratch / "state")
        bench = Bench(library, env, big, deadline=deadline, notes=notes, count=count)
        manifest = library.with_name(f"{library.name}.json")
        bench.library_bytes = json.loads(manifest.read_text())["summary"]["total_bytes"]
        peers: dict[str, float | None] = {}
        run_library(bench, rg, peers)
        run_render(bench)
        run_tui(bench)
        peers |= {f"search:{name}": seconds for name, seconds in rg_peers(bench, rg).items()}
        peers["render_reference"] = w3m_peer(w3m, library / REFERENCE_REL, runs=5)
        peers["render_big_all"] = w3m_peer(w3m, library / big, runs=3)
        check_planted(bench, count)
    rows = [Row.build(key, bench.results.get(key), peers, count) for key in FIGURES]
    print(format_table(rows))
    for note in bench.notes:
        log(f"note: {note}")
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
