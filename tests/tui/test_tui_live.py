"""The reader follows the folder: files added, edited, renamed, deleted while it runs.

Each test changes the library folder from outside the app (as another program would)
and waits for the screen to follow, checking that the cursor, the scroll position, the
typed query and the open article stay where they were.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EN_RUST_TITLE, LIBRARY_TITLES, REFERENCE_TITLE
from tests.tui.helpers import (
    WIDE,
    AppFactory,
    main_screen,
    screen_text,
    settle,
    type_text,
    wait_for_search,
    wait_until,
)
from textual.pilot import Pilot

from broadsheet.library import watch
from broadsheet.library.library import Library
from broadsheet.library.results import Entry
from broadsheet.tui import watching
from broadsheet.tui.app import BroadsheetApp
from broadsheet.tui.list_filter import ListFilter
from broadsheet.tui.scanning import ScanCancelledError
from broadsheet.tui.screens.main import MainScreen

pytestmark = pytest.mark.child_walks  # the reader walks in its child process, as shipped

SHORT = (120, 16)
"""A short screen, so that a list of a few dozen articles scrolls."""
MANY = 60


def article(title: str, date: str, *, category: str = "实时", body: str = "") -> str:
    """An article file's text."""
    body = body or f"<p>{title} 的正文。</p>"
    return f"---\ntitle: {title}\ndate: {date}\ncategories:\n  - {category}\n---\n{body}\n"


def write(path: Path, text: str) -> Path:
    """Write ``text`` into ``path`` (its folder created), as a crawler would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def big_library(tmp_path: Path) -> Path:
    """A library of :data:`MANY` dated articles, so that the list scrolls."""
    root = tmp_path / "big"
    for number in range(MANY):
        day = f"2020-01-{1 + number % 28:02d} {number % 24:02d}:00:00"
        write(root / "feed" / f"post-{number:03d}.md", article(f"Post {number:03d}", day))
    return root


@pytest.fixture(autouse=True)
def no_watcher_left() -> Iterator[None]:
    """No test leaves a watching thread behind (the app stops it when it closes)."""
    yield
    left = [t for t in threading.enumerate() if t.name == "broadsheet-watch" and t.is_alive()]
    assert not left


def reader_text(screen: MainScreen) -> str:
    """The plain text of the article in the reader."""
    document = screen.reader.document
    return document.plain_text if document is not None else ""


def titles(screen: MainScreen) -> list[str]:
    """The titles the list holds, in order."""
    return [entry.title for entry in screen.article_list.entries]


async def started(pilot: Pilot[int]) -> MainScreen:
    """The main screen once the start-up checks are over and the watcher is running."""
    app = pilot.app
    assert isinstance(app, BroadsheetApp)
    await settle(pilot)
    await wait_until(pilot, app.scanned.is_set)
    screen = main_screen(pilot)
    assert screen.live is not None
    await wait_until(pilot, lambda: screen.live is not None and screen.live.watcher.alive)
    return screen


async def to_row(pilot: Pilot[int], screen: MainScreen, row: int) -> str:
    """Move the list's cursor down to ``row``; the id of the article there."""
    screen.article_list.focus()
    for _ in range(row - screen.article_list.cursor):
        await pilot.press("j")
    await pilot.pause()
    entry = screen.article_list.highlighted_entry
    assert entry is not None and screen.article_list.cursor == row
    return entry.id


async def read_into(pilot: Pilot[int], screen: MainScreen, title: str) -> tuple[Entry, int]:
    """Open the article ``title`` and read two pages into it: it and the reader's offset."""
    entry = next(e for e in screen.article_list.entries if e.title == title)
    await to_row(pilot, screen, screen.article_list.index_of(entry.id) or 0)
    await pilot.press("enter")
    await wait_until(pilot, lambda: screen.reader.article_id == entry.id)
    await pilot.press("space", "space")
    await pilot.pause()
    offset = screen.reader.scroll_offset.y
    assert offset > 0
    return entry, offset


async def test_an_added_file_is_listed_and_counted_with_the_cursor_kept(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        kept = await to_row(pilot, screen, 2)
        write(library_dir / "live" / "new.md", article("刚刚到达的文章", "2030-01-01 08:00:00"))
        await wait_until(pilot, lambda: "刚刚到达的文章" in titles(screen))
        assert titles(screen)[0] == "刚刚到达的文章"  # the newest, at the top
        assert screen.highlighted_id() == kept  # the cursor followed its article
        await wait_until(pilot, lambda: "实时 1" in screen_text(pilot))  # the tree
        assert f"All articles {len(LIBRARY_TITLES) + 1}" in screen_text(pilot)
        await wait_until(pilot, lambda: "+1 new" in screen_text(pilot))
        await pilot.press("g")  # to the top of the list: looked at
        await wait_until(pilot, lambda: "new" not in screen_text(pilot).split("\n")[1])


async def test_a_renamed_file_is_no_arrival(make: AppFactory, library_dir: Path) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await to_row(pilot, screen, 2)
        notes = next(e for e in screen.article_list.entries if e.relpath == "notes.md")
        app.opener.mark_many_read([notes.id])
        app.opener.toggle_bookmark(notes.id)
        app.state.set_position(notes.id, 5)
        write(library_dir / "live" / "new.md", article("刚刚到达的文章", "2030-01-01 08:00:00"))
        await wait_until(pilot, lambda: "+1 new" in screen_text(pilot))
        (library_dir / "live" / "new.md").rename(library_dir / "live" / "renamed.md")
        (library_dir / "notes.md").rename(library_dir / "tech" / "moved-notes.md")
        await wait_until(
            pilot,
            lambda: any(e.relpath == "tech/moved-notes.md" for e in screen.article_list.entries),
        )
        assert "+1 new" in screen_text(pilot)  # still the one that arrived, not three
        moved = next(e for e in screen.article_list.entries if e.relpath == "tech/moved-notes.md")
        assert moved.id in app.opener.read_ids  # notes.md was read before it moved
        assert moved.id in app.opener.bookmarked and app.state.position(moved.id) == 5


async def test_the_scroll_position_survives_files_added_above_and_removed(
    make: AppFactory, big_library: Path
) -> None:
    app = make(root=big_library)
    async with app.run_test(size=SHORT) as pilot:
        screen = await started(pilot)
        listed = screen.article_list
        kept = await to_row(pilot, screen, 30)
        line = listed.cursor - round(listed.scroll_offset.y)
        assert listed.scroll_offset.y > 0
        for number in range(3):
            write(big_library / "feed" / f"new-{number}.md", article(f"New {number}", "2031-01-01"))
        (big_library / "feed" / "post-000.md").unlink()
        await wait_until(pilot, lambda: listed.row_count == MANY + 2)
        await pilot.pause()
        assert listed.highlighted_entry is not None and listed.highlighted_entry.id == kept
        assert listed.cursor - round(listed.scroll_offset.y) == line  # the same line


async def test_keys_pressed_while_the_list_reloads_are_kept(
    make: AppFactory, big_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reload (the folder changed) that is still loading when keys move the cursor must
    # not put the cursor back where it was when the reload began.
    app = make(root=big_library)
    async with app.run_test(size=SHORT) as pilot:
        screen = await started(pilot)
        await to_row(pilot, screen, 10)
        loading, go_on = threading.Event(), threading.Event()
        run = ListFilter.run

        def slow_run(self: ListFilter, *args: Any, **kwargs: Any) -> Any:
            loading.set()
            go_on.wait(10)
            return run(self, *args, **kwargs)

        monkeypatch.setattr(ListFilter, "run", slow_run)
        shown = screen.loader.turns.asked
        screen.loader.reload()
        for _ in range(500):  # not wait_until: it waits for the workers too
            if loading.is_set():
                break
            await pilot.pause(0.01)
        await pilot.press("j", "j", "j")
        moved = screen.highlighted_id()
        assert screen.article_list.cursor == 13
        go_on.set()
        await wait_until(pilot, lambda: screen.loader.turns.shown > shown)
        await pilot.pause()
        assert screen.article_list.cursor == 13
        assert screen.highlighted_id() == moved


async def test_an_edited_file_is_shown_anew_and_the_open_one_reread_in_place(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        rust, offset = await read_into(pilot, screen, EN_RUST_TITLE)
        path = library_dir / rust.relpath
        text = path.read_text(encoding="utf-8")
        # Below the place read: the same text stays on the same line.
        path.write_text(text.replace("word of this", "word, edited on disk, of this"))
        notes = library_dir / "notes.md"
        notes.write_text(notes.read_text().replace("Notes without", "Notes, edited, without"))
        await wait_until(pilot, lambda: "Notes, edited, without a category" in titles(screen))
        await wait_until(pilot, lambda: "edited on disk" in reader_text(screen))
        assert screen.reader.article_id == rust.id
        assert screen.reader.scroll_offset.y == offset
        assert screen.highlighted_id() == rust.id


async def test_a_renamed_file_keeps_its_place_in_the_list(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        kept = await to_row(pilot, screen, 1)
        (library_dir / "news" / "spring-festival.md").rename(library_dir / "tech" / "spring.md")
        await wait_until(
            pilot,
            lambda: any(e.relpath == "tech/spring.md" for e in screen.article_list.entries),
        )
        assert len(titles(screen)) == len(LIBRARY_TITLES)
        assert not any(e.relpath.startswith("news/spring") for e in screen.article_list.entries)
        assert screen.highlighted_id() == kept or screen.article_list.cursor == 1


async def test_the_open_article_deleted_is_said_and_kept_on_screen(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        entry = next(e for e in screen.article_list.entries if e.title == REFERENCE_TITLE)
        await to_row(pilot, screen, screen.article_list.index_of(entry.id) or 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.reader.article_id == entry.id)
        (library_dir / entry.relpath).unlink()
        await wait_until(pilot, lambda: REFERENCE_TITLE not in titles(screen))
        await wait_until(
            pilot,
            lambda: any("no longer in the folder" in n.message for n in app._notifications),
        )
        assert screen.reader.article_id == entry.id  # still shown
        assert "刘彩霞" in reader_text(screen)


async def test_the_open_article_renamed_is_read_on_from_its_new_path(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        rust, offset = await read_into(pilot, screen, EN_RUST_TITLE)
        moved = library_dir / "moved-rust.md"
        (library_dir / rust.relpath).rename(moved)
        await wait_until(pilot, lambda: screen.reader.article_id != rust.id)
        new = screen.reader.article_id
        assert new is not None and app.library.article(new).relpath == "moved-rust.md"
        assert screen.reader.scroll_offset.y == offset
        assert not any("no longer in the folder" in n.message for n in app._notifications)
        # The file is read from where it is now: an edit there shows.
        moved.write_text(moved.read_text("utf-8").replace("word of this", "word, moved, of this"))
        await wait_until(pilot, lambda: "word, moved, of this" in reader_text(screen))
        assert app.state.get("last_article") == new


async def test_a_folder_created_then_removed(make: AppFactory, library_dir: Path) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        kept = await to_row(pilot, screen, 3)
        folder = library_dir / "crawl" / "site"
        for number in range(5):
            write(folder / f"{number}.md", article(f"抓取 {number}", "2019-05-05", category="抓取"))
        await wait_until(pilot, lambda: len(titles(screen)) == len(LIBRARY_TITLES) + 5)
        await wait_until(pilot, lambda: "抓取 5" in screen_text(pilot))
        assert screen.highlighted_id() == kept
        shutil.rmtree(library_dir / "crawl")
        await wait_until(pilot, lambda: len(titles(screen)) == len(LIBRARY_TITLES))
        await wait_until(pilot, lambda: "抓取" not in screen_text(pilot))
        assert screen.highlighted_id() == kept


async def test_an_arrival_in_a_known_category_only_redraws_the_counts(
    make: AppFactory, library_dir: Path
) -> None:
    # A burst into known categories must not rebuild the tree (on the UI thread, for
    # every batch) nor move its cursor.
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        tree = screen.category_tree
        media = next(node for node in tree.root.children if node.data == ("新媒体",))
        assert str(media.label) == "新媒体 3/3"  # the biggest: it stays first
        other = next(node for node in tree.root.children if node.data == ("技术",))
        tree.move_cursor(other, animate=False)
        write(library_dir / "news" / "more.md", article("又一篇", "2031-01-01", category="新媒体"))
        await wait_until(pilot, lambda: str(media.label) == "新媒体 4/4")
        assert media in tree.root.children  # the same node, relabelled
        assert tree.cursor_node is other
        # Tech grows past 新媒体: the tree keeps its order rather than reshuffle under
        # the user (biggest first again when a category comes or goes).
        order = list(tree.root.children)
        for name in ("more-1", "more-2"):
            write(library_dir / "tech" / f"{name}.md", article(name, "2031-01-02", category="Tech"))
        tech = next(node for node in order if node.data == ("Tech",))
        await wait_until(pilot, lambda: str(tech.label) == "Tech 4/4")
        assert list(tree.root.children) == order
        assert tree.cursor_node is other
        total = len(LIBRARY_TITLES) + 3
        assert str(tree.root.label) == f"All articles {total}/{total}"


async def test_search_results_follow_and_the_typed_query_stays(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await pilot.press("slash")
        await type_text(pilot, "户籍")
        await wait_for_search(pilot, "户籍")
        before = screen.article_list.row_count
        write(library_dir / "hukou.md", article("户籍窗口新规", "2030-02-02"))
        await wait_until(pilot, lambda: screen.article_list.row_count == before + 1)
        assert screen.list_pane.search_bar.value == "户籍"
        assert screen.focused is screen.list_pane.search_bar.input  # still typing


async def test_arrivals_show_beside_a_query_too_long_for_the_pane(
    make: AppFactory, library_dir: Path
) -> None:
    """The breadcrumb loses its end when it is too long for the list pane: the count of
    articles that arrived comes before the rest, so that it stays in sight."""
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        query = "户籍 OR 值班安排 OR 春节假期 OR 窗口"
        await pilot.press("slash")
        await type_text(pilot, query)
        await wait_for_search(pilot, query)
        write(library_dir / "live" / "new.md", article("刚刚到达的文章", "2030-01-01 08:00:00"))
        await wait_until(pilot, lambda: "+1 new" in screen_text(pilot))
        assert "“户籍 OR" in screen_text(pilot)  # the query, cut to make room
        assert screen.list_pane.search_bar.value == query


async def test_the_count_does_not_blink_while_a_changed_list_is_read_again(
    make: AppFactory, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list longer than its first page, read again because a file arrived: the
    breadcrumb keeps the count it had until the whole list is back ("8 articles", then
    "9 articles"), never "2+ articles" between (seen at 200,000 articles)."""
    from broadsheet.library.kept import KeptListings
    from broadsheet.tui import list_filter
    from broadsheet.tui.widgets.breadcrumb import Breadcrumb

    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        crumb = screen.list_pane.query_one(Breadcrumb)
        await wait_until(pilot, lambda: not crumb.more and crumb.shown > 2)
        before = crumb.shown
        # As at a million articles: the list came whole, but when it is read again its
        # keys are not at hand, and a first page is shown first.
        monkeypatch.setattr(list_filter, "FIRST_ROWS", 2)
        monkeypatch.setattr(KeptListings, "has", lambda *_: False)
        said: list[bool] = []
        show = Breadcrumb.show

        def recording(self: Breadcrumb, *args: Any, more: bool = False, **kwargs: Any) -> None:
            said.append(more)
            show(self, *args, more=more, **kwargs)

        monkeypatch.setattr(Breadcrumb, "show", recording)
        write(library_dir / "live" / "new.md", article("刚刚到达的文章", "2030-01-01 08:00:00"))
        await wait_until(pilot, lambda: crumb.shown == before + 1 and not crumb.more)
        assert said and not any(said)


async def test_a_burst_of_files_is_absorbed_while_keys_work(
    make: AppFactory, library_dir: Path
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        kept = await to_row(pilot, screen, 2)
        burst = 2000
        for number in range(burst):
            write(
                library_dir / "burst" / f"{number // 200}" / f"{number}.md",
                article(f"Burst {number}", "2018-01-01", category="burst"),
            )
        await pilot.press("j", "k")  # keys work while the burst is applied
        await wait_until(
            pilot, lambda: len(screen.article_list.entries) == len(LIBRARY_TITLES) + burst, 60
        )
        assert screen.highlighted_id() == kept


async def test_the_fallback_checks_the_folder_when_it_cannot_be_watched(
    make: AppFactory, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_watch(root: Path, stop: threading.Event) -> Iterator[set[str]]:
        raise OSError("OS file watch limit reached")
        yield set()

    monkeypatch.setattr(watch, "watchfiles_watch", cannot_watch)
    monkeypatch.setattr(watch, "POLL_INTERVAL", 0.2)
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        await wait_until(pilot, lambda: screen.live is not None and screen.live.watcher.polling)
        said = [n.message for n in app._notifications if "not watched" in n.message]
        assert len(said) == 1 and "inotify" in said[0]
        kept = await to_row(pilot, screen, 1)
        write(library_dir / "polled.md", article("Found by a check", "2040-01-01"))
        await wait_until(pilot, lambda: "Found by a check" in titles(screen))
        assert screen.highlighted_id() == kept
        assert len([n for n in app._notifications if "not watched" in n.message]) == 1


async def test_r_rescans_the_whole_folder(
    make: AppFactory, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_WATCH", "off")  # only the key can see the edit
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started_unwatched(pilot)
        notes = library_dir / "notes.md"
        notes.write_text(notes.read_text().replace("Notes without", "Rescanned notes without"))
        screen.article_list.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: "Rescanned notes without a category" in titles(screen))
        said = [n.message for n in app._notifications]
        await wait_until(
            pilot, lambda: "Rescanned: 1 updated." in [n.message for n in app._notifications]
        )
        assert "Rescanning the library folder…" in said
        await pilot.press("r")  # nothing changed since
        await wait_until(
            pilot, lambda: "Rescanned: nothing changed." in [n.message for n in app._notifications]
        )


async def started_unwatched(pilot: Pilot[int]) -> MainScreen:
    """The main screen once the start-up checks are over (no watcher)."""
    app = pilot.app
    assert isinstance(app, BroadsheetApp)
    await settle(pilot)
    await wait_until(pilot, app.scanned.is_set)
    return main_screen(pilot)


async def test_quitting_while_a_batch_is_applied_stops_it_before_the_index_closes(
    make: AppFactory, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applying, applied = threading.Event(), threading.Event()
    still_applying: list[bool] = []

    def slow_apply(library: Library, batch: watch.Batch, progress: Any, **kw: Any) -> Any:
        applying.set()
        try:
            for _ in range(100):  # until the app closes (its progress callback then raises)
                try:
                    progress(0, 1)
                except ScanCancelledError:
                    time.sleep(0.5)  # a step of work before the next look at the callback
                    raise
                time.sleep(0.05)
            return watch.apply_batch(library, batch, progress, **kw)
        finally:
            applied.set()

    close = Library.close

    def recording_close(self: Library) -> None:
        still_applying.append(not applied.is_set())
        close(self)

    monkeypatch.setattr(watching, "apply_batch", slow_apply)
    monkeypatch.setattr(Library, "close", recording_close)
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(500):  # not wait_until: it waits for the workers too
            if applying.is_set():
                break
            await pilot.pause(0.01)
        assert applying.is_set()
        await pilot.press("q")
    assert still_applying == [False]  # nothing applied any more when the index closed


async def test_tree_loads_do_not_pile_up_while_batches_keep_coming(
    make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        screen = await started(pilot)
        live = screen.live
        assert live is not None
        loads: list[float] = []
        monkeypatch.setattr(screen, "load_categories", lambda: loads.append(time.monotonic()))
        asked = time.monotonic()
        # At once if the tree was not loaded within the last second, else after it.
        expected = 2 if live._tree_due <= asked else 1
        for _ in range(5):  # five batches in quick succession
            live._reload_tree()
        assert len(loads) == expected - 1
        await wait_until(pilot, lambda: len(loads) == expected)
        await pilot.pause(watching.TREE_EVERY * 1.5)
        assert len(loads) == expected  # the last batch's counts, once
        assert loads[-1] - asked <= watching.TREE_EVERY + 0.5
