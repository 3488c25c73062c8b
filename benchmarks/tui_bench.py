"""TUI measurements, headless (``App.run_test``), each group in a fresh process.

Usage (``run.py`` does this, with the ``BROADSHEET_*_DIR`` of a warm index)::

    python benchmarks/tui_bench.py startup --library DIR --reference REL --t0 EPOCH
    python benchmarks/tui_bench.py interact --library DIR --reference REL
    python benchmarks/tui_bench.py live --library DIR --reference REL [--writer-nice N]

``live`` writes into the library while the reader runs (a folder ``_live``, removed at
the end): a file written is on screen how long after; then another process writes
:data:`BURST` files as fast as it can while keys are pressed in the list.

Output: one JSON line per figure, like ``workers.py``.

What this relies on in the app (``broadsheet.tui.app``, being written). Everything
app-specific is in the small adapter functions below this docstring; when the app
lands, change them and nothing else:

- ``BroadsheetApp(library_root=Path)`` fills the article list from the index by itself.
- The article list is a widget of type ``ArticleList`` whose ``entries`` attribute holds
  the rows it shows. A new query *replaces* that sequence (never mutates it), so a
  change of ``id(entries)`` means the results were swapped in. Its ``cursor`` is the
  index of the highlighted row, and Enter on it opens that article.
- The category tree is a widget of type ``CategoryTree``; :data:`CATEGORY_KEYS`
  pressed while it has focus moves to the next category and filters the list
  (:data:`CATEGORY_BACK_KEYS` to the previous one).
- The search box is the ``Input`` with id ``search``; typing in it filters the list as
  you type (any debounce counts toward the figure, as the user waits for it too).
- The reader is a widget of type ``ReaderView``; it is ready when its ``article``
  attribute is the opened article and its ``virtual_size.height`` is above zero (it
  has lines to draw). Escape goes back to the list.

Timing: an action starts when the key event is handed to the app (as a terminal
driver hands it over) and ends with the first frame the app composes in which the
expected change is visible (the app's ``_display`` is wrapped to see frames; headless,
nothing is written, but the compositor has done the work a terminal would get). Pilot's
own settling (``pilot.press`` waits for the event loop to be idle, about 40 ms even in
an empty app) is not counted. Each wait gives up after 5 s. The index files are read
into the page cache before the category and search figures (``warm.py``): the keys of
the search figure are typed once before that, for its note. The
interactions start once the app's start-up workers (its rescan) have finished, and
the start-up process waits for them before quitting, so that it leaves no half-done
work to the next process. State lives in ``BROADSHEET_DATA_DIR``: run with a fresh one
(as ``run.py`` does), or a remembered query may change what the list shows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Final

from warm import read_into_page_cache, warm_note

SIZE: Final = (120, 36)
WAIT: Final = 5.0
FILL_WAIT: Final = 120.0
"""Default for ``--wait``: how long the list may take to fill (run.py passes its budget)."""
CATEGORY_KEYS: Final = ("down",)
CATEGORY_BACK_KEYS: Final = ("up",)
CATEGORY_SWITCHES: Final = 10
LIST_KEYS: Final = 20
SEARCH_TYPED: Final = ("python", "发展问题", "asyncio", "户籍窗口")
REFERENCE_QUERY: Final = "修文县政务服务中心"
"""A phrase only the reference article holds (the generator never writes 政务)."""
OPENS: Final = 3
LIVE_FOLDER: Final = "_live"
LIVE_ADDS: Final = 3
BURST: Final = 10_000
BURST_WAIT: Final = 60.0
"""All of the burst must be listed within this (the figure's promise)."""
BURST_KEY_GAP: Final = 0.05
"""Seconds between two keys pressed during the burst (a person holding a key is slower)."""


def article_list(app: Any) -> Any:
    """The list of articles on the current screen."""
    return app.screen.query_one("ArticleList")


def list_entries(app: Any) -> Sequence[Any]:
    """The rows the list shows now."""
    return article_list(app).entries


def list_entries_or_none(app: Any) -> Sequence[Any]:
    """The rows the list shows now (none before the list is mounted)."""
    from textual.app import ScreenStackError
    from textual.css.query import NoMatches

    try:
        return list_entries(app)
    except (NoMatches, ScreenStackError):
        return ()


def list_cursor(app: Any) -> int:
    """The highlighted row."""
    return int(article_list(app).cursor)


def focus_categories(app: Any) -> None:
    """Give the category tree the focus."""
    app.screen.query_one("CategoryTree").focus()


def focus_search(app: Any) -> None:
    """Give the search box the focus and empty it."""
    box = app.screen.query_one("#search")
    box.value = ""
    box.focus()


def reader_ready(app: Any, relpath: str) -> bool:
    """Whether the reader shows ``relpath`` and has lines to draw."""
    for reader in app.screen.query("ReaderView"):
        article = getattr(reader, "article", None)
        if getattr(article, "relpath", None) == relpath and reader.virtual_size.height > 0:
            return True
    return False


def make_app(library: Path) -> Any:
    """A new app on ``library``."""
    from broadsheet.tui.app import BroadsheetApp

    return BroadsheetApp(library_root=library)


def emit(key: str, **fields: Any) -> None:
    """One figure as a JSON line."""
    print(json.dumps({"key": key, **fields}, ensure_ascii=False), flush=True)


def describe_error(error: BaseException) -> str:
    """``Type: message`` (first line), or the type alone."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def p95(samples: list[float]) -> float:
    """95th percentile, nearest rank."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


async def wait_until(pilot: Any, predicate: Callable[[], bool], timeout: float = WAIT) -> None:
    """Let the app run until ``predicate`` holds, then until it has refreshed."""
    deadline = time.perf_counter() + timeout
    while True:
        try:
            done = predicate()
        except LookupError:  # the widget is not mounted yet (NoMatches is one)
            done = False
        if done:
            break
        if time.perf_counter() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for the app")
        await asyncio.sleep(0.001)
        await pilot.pause()
    await pilot.pause()


async def timed_key(
    pilot: Any, app: Any, key: str, done: Callable[[], bool], timeout: float = WAIT
) -> float:
    """Seconds from handing ``key`` to the app to the first frame in which ``done()`` holds."""
    from textual import events

    started = 0.0

    def send() -> None:
        nonlocal started
        started = time.perf_counter()
        app._driver.send_message(events.Key(key, key if len(key) == 1 else None))

    try:
        return await frame_when(app, done, timeout, start=send) - started
    finally:
        await pilot.pause()


async def swap_time(pilot: Any, app: Any, key: str) -> float:
    """Seconds from pressing ``key`` to a frame showing new results in the list."""
    before = id(list_entries(app))
    return await timed_key(pilot, app, key, lambda: id(list_entries(app)) != before)


async def startup(args: argparse.Namespace) -> None:
    """From process spawn (``--t0``, wall clock) to a list with rows in it."""
    try:
        app = make_app(args.library)
        # The first frame that shows rows, as a terminal would get it (waiting for the
        # app to be idle, as Pilot does, would add the start-up rescan's time).
        filled: list[float] = []
        display = app._display

        def watched(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and not filled and list_entries_or_none(app):
                filled.append(time.time())

        app._display = watched
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: bool(filled), args.wait)
            emit("tui_startup", seconds=filled[0] - args.t0)
            # Quitting during the start-up rescan could leave work for the next process.
            await app.workers.wait_for_complete()
    except Exception as error:
        emit("tui_startup", error=describe_error(error))


async def keypress(pilot: Any, app: Any) -> None:
    """Median time from a Down key in the list to the moved highlight on screen."""
    article_list(app).focus()
    await pilot.pause()
    samples = []
    for _ in range(LIST_KEYS):
        before = list_cursor(app)
        # Turn back at the end of a short list, where Down would change nothing.
        key = "down" if before < len(list_entries(app)) - 1 else "up"
        samples.append(
            await timed_key(pilot, app, key, lambda before=before: list_cursor(app) != before)
        )
    emit("tui_key", seconds=statistics.median(samples), note=f"median of {LIST_KEYS}")


async def category_switch(pilot: Any, app: Any, warm: str) -> None:
    """p95 of moving to the next category until its articles are listed."""
    focus_categories(app)
    await pilot.pause()
    samples = []
    for number in range(CATEGORY_SWITCHES):
        # Down through the first half and back up, so that a small tree is enough.
        keys = CATEGORY_KEYS if number < CATEGORY_SWITCHES // 2 else CATEGORY_BACK_KEYS
        for key in keys[:-1]:
            await pilot.press(key)
        samples.append(await swap_time(pilot, app, keys[-1]))
    emit("tui_category", seconds=p95(samples), note=f"p95 of {len(samples)}; {warm}")


async def typed_searches(pilot: Any, app: Any) -> list[float]:
    """Each typed character of :data:`SEARCH_TYPED` until the list shows the new results."""
    samples = []
    for query in SEARCH_TYPED:
        focus_search(app)
        await pilot.pause()
        for char in query:
            samples.append(await swap_time(pilot, app, char))
    # The search box emptied again and the cursor on the newest article, as before the
    # searches: the steps after this one start from there. (Left on an old article, a
    # move to a category that holds it reads all of the category to keep the cursor on
    # it: 150-180 ms at a million articles, instead of a first page.)
    shown = id(list_entries(app))
    focus_search(app)
    await wait_until(pilot, lambda: id(list_entries(app)) != shown)
    for _ in range(2):  # the first page, then the rest of the list
        await app.workers.wait_for_complete()
        await pilot.pause()
    article_list(app).focus()
    await pilot.press("home")
    await pilot.pause()
    return samples


async def search_as_you_type(pilot: Any, app: Any, before: list[float], warm: str) -> None:
    """p95 of one typed character until the list shows the new results; ``before``: the
    same keys typed before the index was read into the page cache (``warm`` says so)."""
    samples = await typed_searches(pilot, app)
    cold = f"; before that, p95 {p95(before) * 1000:.0f} ms" if before else ""
    emit("tui_search", seconds=p95(samples), note=f"p95 of {len(samples)} keys; {warm}{cold}")


async def warm_index(library: Path) -> str:
    """Read the index files into the page cache (off the event loop); what to note."""
    from broadsheet import paths

    read, seconds = await asyncio.to_thread(read_into_page_cache, paths.index_dir(library))
    return warm_note(read, seconds)


async def show_another(pilot: Any, app: Any, relpath: str) -> None:
    """Open some article other than ``relpath``, so that opening ``relpath`` is real work."""
    focus_search(app)  # an empty query lists the whole library
    await wait_until(pilot, lambda: len(list_entries(app)) > 1)
    article_list(app).focus()
    await pilot.pause()
    if list_entries(app)[list_cursor(app)].relpath == relpath:
        await pilot.press("down")
    other = list_entries(app)[list_cursor(app)].relpath
    await pilot.press("enter")
    await wait_until(pilot, lambda: reader_ready(app, other))
    await pilot.press("escape")
    await pilot.pause()


async def open_reference(pilot: Any, app: Any, relpath: str) -> None:
    """Median time from Enter on the reference article to the reader showing it."""
    samples = []
    for _ in range(OPENS):
        await show_another(pilot, app, relpath)
        focus_search(app)
        for char in REFERENCE_QUERY:
            await pilot.press(char)
        await wait_until(
            pilot, lambda: bool(list_entries(app)) and list_entries(app)[0].relpath == relpath
        )
        article_list(app).focus()
        await pilot.pause()
        samples.append(await timed_key(pilot, app, "enter", lambda: reader_ready(app, relpath)))
        await pilot.press("escape")
        await pilot.pause()
    emit("tui_open", seconds=statistics.median(samples), note=f"median of {OPENS}")


async def interact(args: argparse.Namespace) -> None:
    """Every interaction figure, one app, each figure failing on its own."""
    keys = ("tui_key", "tui_category", "tui_search", "tui_open")
    try:
        app = make_app(args.library)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: len(list_entries(app)) > 0, args.wait)
            # Steady state: the start-up rescan is not part of what the figures time.
            await app.workers.wait_for_complete()
            await pilot.pause()
            try:
                await keypress(pilot, app)
            except Exception as error:
                emit("tui_key", error=describe_error(error))
            # The keys typed once on the index as the run left it, for the figure's note;
            # then the index is warm for the figures (``warm.py``).
            try:
                before = await typed_searches(pilot, app)
            except Exception:
                before = []  # the figure below fails on its own, if it does
            warm = await warm_index(args.library)
            steps: tuple[tuple[str, Callable[[], Awaitable[None]]], ...] = (
                ("tui_category", lambda: category_switch(pilot, app, warm)),
                ("tui_search", lambda: search_as_you_type(pilot, app, before, warm)),
                ("tui_open", lambda: open_reference(pilot, app, args.reference)),
            )
            for key, step in steps:
                try:
                    await step()
                except Exception as error:
                    emit(key, error=describe_error(error))
    except Exception as error:
        for key in keys:
            emit(key, error=describe_error(error))


async def frame_when(
    app: Any,
    done: Callable[[], bool],
    timeout: float = WAIT,
    *,
    start: Callable[[], None] | None = None,
) -> float:
    """``time.perf_counter()`` of the first frame in which ``done()`` holds; ``start``
    runs once the frames are watched (a key sent before could be drawn unseen)."""
    frames: list[float] = []
    display = app._display

    def watched(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and not frames:
            try:
                if done():
                    frames.append(time.perf_counter())
            except LookupError:
                pass

    app._display = watched
    try:
        waited = time.perf_counter()
        if start is not None:
            start()
        while not frames:
            if time.perf_counter() - waited > timeout:
                raise TimeoutError(f"gave up after {timeout:.0f} s waiting for the app")
            await asyncio.sleep(0.0005)
        return frames[0]
    finally:
        del app._display


def live_article(title: str, date: str) -> str:
    """A small article, as a crawler writes them."""
    front = f"---\ntitle: {title}\ndate: {date}\ncategories:\n  - 实时\n---\n"
    return front + f"<p>{title}：实时写入的正文。</p>\n"


async def live_add(pilot: Any, app: Any, folder: Path) -> None:
    """Median seconds from a file written (closed) to a frame listing it at the top."""
    samples = []
    for number in range(LIVE_ADDS):
        title = f"Live arrival {number}"
        path = folder / "added" / f"{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        waiting = asyncio.ensure_future(
            frame_when(
                app,
                lambda title=title: bool(list_entries(app)) and list_entries(app)[0].title == title,
            )
        )
        await asyncio.sleep(0)  # the frame hook is in place
        # Newer each time, so that it sorts first; written as one closed file.
        path.write_text(live_article(title, f"2099-01-0{number + 1} 00:00:00"), encoding="utf-8")
        written = time.perf_counter()
        samples.append(await waiting - written)
        await pilot.pause()
    emit(
        "tui_live_add",
        seconds=statistics.median(samples),
        note=f"median of {LIVE_ADDS}, max {max(samples):.2f} s",
    )


def write_burst(folder: Path, count: int) -> None:
    """Write ``count`` articles into ``folder`` as fast as possible (another process)."""
    for number in range(count):
        path = folder / f"{number // 500:03d}" / f"{number}.md"
        if number % 500 == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(live_article(f"Burst {number}", "2001-01-01 00:00:00"), encoding="utf-8")


async def live_burst(pilot: Any, app: Any, folder: Path, writer_nice: int = 0) -> None:
    """Keys pressed while another process writes :data:`BURST` files; until all are listed.

    ``writer_nice``: the writer runs at that niceness (on a machine shared with other
    work, so that the figure is the reader's, not the scheduler's).
    """
    import subprocess

    article_list(app).focus()
    await pilot.pause()
    expected = len(list_entries(app)) + BURST
    command = [
        sys.executable,
        __file__,
        "burst-writer",
        "--library",
        str(folder),
        "--reference",
        "-",
    ]
    if writer_nice:
        command = ["nice", "-n", str(writer_nice), *command]
    writer = subprocess.Popen(command)
    started = time.perf_counter()
    samples: list[float] = []
    listed: float | None = None
    try:
        while time.perf_counter() - started < BURST_WAIT:
            if len(list_entries(app)) >= expected:
                listed = time.perf_counter() - started
                break
            before = list_cursor(app)
            key = "down" if before < len(list_entries(app)) - 1 else "up"
            samples.append(
                await timed_key(pilot, app, key, lambda before=before: list_cursor(app) != before)
            )
            await asyncio.sleep(BURST_KEY_GAP)
    finally:
        written = writer.wait(timeout=BURST_WAIT)
    note = (
        f"p95 of {len(samples)} keys while {BURST:,} files arrived "
        f"(median {statistics.median(samples) * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms)"
    )
    if writer_nice:
        note += f" (writer at nice {writer_nice})"
    emit("tui_live_burst_key", seconds=p95(samples), note=note)
    if listed is None:
        emit("tui_live_burst_listed", error=f"not all listed within {BURST_WAIT:.0f} s")
    else:
        emit("tui_live_burst_listed", seconds=listed, note=f"writer exit {written}")


async def live(args: argparse.Namespace) -> None:
    """The reader following its folder: one file written, then a burst."""
    import shutil

    keys = ("tui_live_add", "tui_live_burst_key", "tui_live_burst_listed")
    folder = args.library / LIVE_FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    try:
        app = make_app(args.library)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: len(list_entries(app)) > 0, args.wait)
            await wait_until(pilot, app.scanned.is_set, args.wait)
            await app.workers.wait_for_complete()
            await wait_until(pilot, lambda: app.main_screen.live.watcher.alive)
            steps: tuple[tuple[str, Callable[[], Awaitable[None]]], ...] = (
                ("tui_live_add", lambda: live_add(pilot, app, folder)),
                (
                    "tui_live_burst_key",
                    lambda: live_burst(pilot, app, folder / "burst", args.writer_nice),
                ),
            )
            for key, step in steps:
                try:
                    await step()
                except Exception as error:
                    emit(key, error=describe_error(error))
                    if key == "tui_live_burst_key":
                        emit("tui_live_burst_listed", error=describe_error(error))
    except Exception as error:
        for key in keys:
            emit(key, error=describe_error(error))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    """Run one group."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("group", choices=("startup", "interact", "live", "burst-writer"))
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--reference", required=True, help="relative path of the reference")
    parser.add_argument("--t0", type=float, default=time.time(), help="when the process began")
    parser.add_argument("--wait", type=float, default=FILL_WAIT, help="seconds to fill the list")
    parser.add_argument(
        "--writer-nice", type=int, default=0, metavar="N", help="niceness of the burst writer"
    )
    args = parser.parse_args()
    if args.group == "burst-writer":
        write_burst(args.library, BURST)
        return 0
    groups = {"startup": startup, "interact": interact, "live": live}
    asyncio.run(groups[args.group](args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
