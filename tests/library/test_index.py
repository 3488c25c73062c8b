"""The index: incremental scans, rebuilds, listing, categories and problems."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.conftest import LIBRARY_TITLES, REFERENCE_TITLE, ZH_TECH_TITLE

from broadsheet import paths
from broadsheet.errors import LibraryNotFoundError
from broadsheet.library.library import Library
from broadsheet.library.listing import Listing
from broadsheet.library.results import Entry


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000_000))


def test_first_scan_indexes_everything(library_dir: Path) -> None:
    library = Library(library_dir)
    report = library.refresh()
    assert report.indexed == len(LIBRARY_TITLES)
    assert report.added == len(LIBRARY_TITLES)
    assert (report.updated, report.removed, report.problems) == (0, 0, 0)
    assert {entry.title for entry in library.entries()} == set(LIBRARY_TITLES)


def test_index_lives_in_the_cache_dir_keyed_by_real_path(library_dir: Path, tmp_path: Path) -> None:
    Library(library_dir).refresh()
    link = tmp_path / "link"
    link.symlink_to(library_dir)
    assert paths.index_dir(link) == paths.index_dir(library_dir)
    assert paths.index_dir(library_dir).is_relative_to(paths.cache_dir())
    assert (paths.index_dir(library_dir) / "catalog.sqlite3").exists()


def test_rescan_with_nothing_changed_does_nothing(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    report = Library(library_dir).refresh()
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert report.indexed == len(LIBRARY_TITLES)


def test_added_changed_and_deleted_files(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    (library_dir / "notes.md").unlink()
    _touch(library_dir / "new.md", "---\ntitle: Brand new\n---\nfresh words about kumquats\n")
    _touch(
        library_dir / "tech" / "rust-1.0.md",
        "---\ntitle: Rust renamed\ncategories: [Tech, Rust]\n---\nnow about ferrous oxide\n",
    )
    report = library.refresh()
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    titles = {entry.title for entry in library.entries()}
    assert "Brand new" in titles and "Rust renamed" in titles
    assert "Notes without a category" not in titles
    assert [hit.entry.title for hit in library.search("kumquats").hits] == ["Brand new"]
    assert library.search("zebra").hits == ()
    assert [hit.entry.title for hit in library.search("ferrous").hits] == ["Rust renamed"]
    assert library.search("lighthouse").hits == ()


def test_ids_survive_rescans_and_edits(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    before = {entry.relpath: entry.id for entry in library.entries()}
    _touch(library_dir / "tech" / "deep-learning.md", "---\ntitle: 改过的标题\n---\n正文\n")
    library.refresh(rebuild=True)
    after = {entry.relpath: entry.id for entry in library.entries()}
    assert before == after


def test_missing_library_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryNotFoundError, match="does not exist"):
        Library(tmp_path / "nowhere")


def _catalog(library_dir: Path) -> Path:
    return paths.index_dir(library_dir) / "catalog.sqlite3"


def test_corrupt_catalog_is_rebuilt_with_a_message(library_dir: Path) -> None:
    Library(library_dir).refresh()
    for suffix in ("-wal", "-shm"):
        Path(f"{_catalog(library_dir)}{suffix}").unlink(missing_ok=True)
    _catalog(library_dir).write_bytes(b"garbage" * 1000)
    library = Library(library_dir)
    assert library.rebuilt_reason is not None and "corrupt" in library.rebuilt_reason
    report = library.refresh()
    assert report.indexed == len(LIBRARY_TITLES)
    assert report.rebuilt_reason is not None
    assert library.search("户籍").total >= 1


def test_old_schema_is_rebuilt(library_dir: Path) -> None:
    Library(library_dir).refresh()
    with sqlite3.connect(_catalog(library_dir)) as db:
        db.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    library = Library(library_dir)
    assert library.rebuilt_reason is not None and "version" in library.rebuilt_reason
    assert library.refresh().indexed == len(LIBRARY_TITLES)


def test_missing_fulltext_half_is_rebuilt(library_dir: Path) -> None:
    Library(library_dir).refresh()
    import shutil

    shutil.rmtree(paths.index_dir(library_dir) / "fulltext")
    library = Library(library_dir)
    assert library.rebuilt_reason is not None
    library.refresh()
    assert [hit.entry.title for hit in library.search("zebra").hits] == ["Announcing Rust 1.0"]


def test_explicit_rebuild(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    report = library.refresh(rebuild=True)
    assert report.added == len(LIBRARY_TITLES)
    assert report.rebuilt_reason == "a rebuild was asked for"
    assert len(library.entries()) == len(LIBRARY_TITLES)


def test_entries_filter_and_sort(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    newest_first = [entry.title for entry in library.entries()]
    assert newest_first[-1] == "Notes without a category"  # undated last
    in_new_media = {entry.title for entry in library.entries(category=("新媒体",))}
    assert REFERENCE_TITLE in in_new_media and "春节假期安排通知" in in_new_media
    assert len(in_new_media) == 3
    assert [entry.title for entry in library.entries(category=("新媒体", "趣头条", "分类"))] == [
        REFERENCE_TITLE
    ]
    assert {entry.title for entry in library.entries(tag="PYTHON")} == {
        ZH_TECH_TITLE,
        "Textual in the terminal",
    }
    by_title = [entry.title for entry in library.entries(sort="title")]
    assert by_title == sorted(by_title, key=str.casefold)
    assert len(library.entries(limit=2)) == 2


def test_category_tree_counts_ancestors(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    roots = {node.name: node for node in library.categories()}
    assert roots["新媒体"].count == 3
    children = {node.name: node for node in roots["新媒体"].children}
    assert children["趣头条"].count == 2
    assert children["趣头条"].children[0].path == ("新媒体", "趣头条", "分类")
    assert roots["Tech"].count == 2
    assert dict(library.tags())["python"] == 2


def test_an_article_in_sibling_categories_counts_once_for_their_parent(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: a\ncategories: [[书, 小说], [书, 诗]]\n---\nx\n", "utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: b\ncategories: [[书, 诗]]\n---\ny\n", "utf-8")
    library = Library(tmp_path)
    library.refresh()
    for _ in range(2):  # as indexed, then edited in place (its rows written again)
        (book,) = library.categories()
        assert book.count == 2
        assert {node.name: node.count for node in book.children} == {"诗": 2, "小说": 1}
        article.write_text(article.read_text("utf-8") + "z\n", "utf-8")
        os.utime(article, ns=(time.time_ns() + 10**9,) * 2)
        assert library.refresh().updated == 1


def test_a_view_may_stop_after_its_first_articles_unless_all_are_at_hand(
    library_dir: Path,
) -> None:
    library = Library(library_dir)
    library.refresh()
    first = library.view(first=3)
    assert first.partial and len(first) == 3
    whole = library.view()
    assert not whole.partial and len(whole) == len(LIBRARY_TITLES)
    assert list(first) == list(whole)[:3]
    again = library.view(first=3)  # the whole list's keys are kept: no need to stop
    assert not again.partial and len(again) == len(LIBRARY_TITLES)
    tech = library.view(category=("Tech",), order="title", first=1)
    assert tech.partial and list(tech) == list(library.view(category=("Tech",), order="title"))[:1]
    assert not library.view(category=("Tech",), first=5).partial  # fewer than asked for
    unread = library.view(order="unread", first=3)  # needs every key: never stops early
    assert not unread.partial and len(unread) == len(LIBRARY_TITLES)


def test_a_first_page_does_not_wait_for_the_keys_of_another_list(library_dir: Path) -> None:
    """The keys of a list the user has left may take half a second at a million."""
    library = Library(library_dir)
    library.refresh()
    shown: list[Listing] = []
    with library._keys.lock:  # a whole list's keys being read meanwhile
        asking = threading.Thread(target=lambda: shown.append(library.view(first=3)))
        asking.start()
        asking.join(5)
        assert shown and shown[0].partial and len(shown[0]) == 3
    assert len(library.view()) == len(LIBRARY_TITLES)


def test_reference_article_metadata(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    article = library.resolve("000_c4cd4a57b93743cd.md")
    assert article.title == REFERENCE_TITLE
    assert article.date is not None and article.date.isoformat() == "2021-11-24T09:10:49+00:00"
    assert article.categories == (("新媒体", "趣头条", "分类"),)
    assert library.resolve(article.id) == article
    assert library.resolve("坚守户籍").id == article.id
    assert "刘彩霞" in library.body(article.id)


def test_problems_are_recorded_not_fatal(library_dir: Path) -> None:
    (library_dir / "broken.md").write_text("---\ntitle: 'unbalanced\n---\nbody\n", encoding="utf-8")
    (library_dir / "gbk.md").write_bytes("---\ntitle: 中文编码\n---\n正文内容\n".encode("gbk"))
    library = Library(library_dir)
    report = library.refresh()
    assert report.indexed == len(LIBRARY_TITLES) + 2
    problems = {problem.relpath: problem for problem in library.problems()}
    assert problems["broken.md"].action == "read with fallback"
    assert problems["gbk.md"].action == "read with fallback"
    assert report.problems == len(problems)


def test_reads_while_a_refresh_runs(library_dir: Path) -> None:
    library = Library(library_dir)
    library.refresh()
    for number in range(400):
        (library_dir / f"bulk-{number}.md").write_text(
            f"---\ntitle: 批量 {number}\n---\n内容 {number}\n", encoding="utf-8"
        )
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(30):
                assert len(library.entries()) >= len(LIBRARY_TITLES)
                library.search("户籍")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=reader)
    thread.start()
    library.refresh()
    thread.join()
    assert not errors
    assert len(library.entries()) == len(LIBRARY_TITLES) + 400


def test_undecodable_file_names_are_indexed_and_stable(library_dir: Path) -> None:
    name = os.fsencode(library_dir) + b"/bad\xff\xfename.md"
    with open(name, "wb") as handle:
        handle.write(b"---\ntitle: odd name\n---\nbody about quinces\n")
    library = Library(library_dir)
    assert library.refresh().indexed == len(LIBRARY_TITLES) + 1
    hit = library.search("quinces").hits[0]
    assert hit.entry.relpath == "bad\ufffd\ufffdname.md"
    assert "quinces" in library.body(hit.entry.id)
    report = library.refresh()
    assert (report.added, report.updated, report.removed) == (0, 0, 0)


def test_a_busy_index_is_reported_not_rebuilt(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from broadsheet.errors import IndexBusyError
    from broadsheet.library import catalog

    library = Library(library_dir)
    library.refresh()
    (library_dir / "new.md").write_text("---\ntitle: New\n---\nbody\n", encoding="utf-8")
    monkeypatch.setattr(catalog, "BUSY_TIMEOUT", 0.1)
    other = sqlite3.connect(_catalog(library_dir), timeout=0.1)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of a scan
    try:
        busy = Library(library_dir)
        with pytest.raises(IndexBusyError, match="another broadsheet"):
            busy.refresh()
        assert busy.last_report().indexed == len(LIBRARY_TITLES)
        assert len(busy.entries()) == len(LIBRARY_TITLES)  # still answers from the index
    finally:
        other.rollback()
        other.close()
    assert Library(library_dir).refresh().added == 1  # nothing was thrown away


def test_two_scans_at_once_index_each_file_once(library_dir: Path) -> None:
    first, second = Library(library_dir), Library(library_dir)
    reports = []
    threads = [
        threading.Thread(target=lambda lib=lib: reports.append(lib.refresh()))
        for lib in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(report.added for report in reports) == [0, len(LIBRARY_TITLES)]
    assert first._index.fulltext.num_docs == len(LIBRARY_TITLES)
    assert len(second.entries()) == len(LIBRARY_TITLES)


def test_another_instance_sees_new_commits(library_dir: Path) -> None:
    reader, writer = Library(library_dir), Library(library_dir)
    reader.refresh()
    (library_dir / "later.md").write_text("---\ntitle: Later\n---\nabout persimmons\n", "utf-8")
    writer.refresh()
    assert [hit.entry.title for hit in reader.search("persimmons").hits] == ["Later"]


def test_a_scan_interrupted_between_commits_leaves_no_stray_documents(library_dir: Path) -> None:
    """The full-text half committed, the catalog half not: the next scan reuses the keys
    those documents carry, and they must not answer for the new files."""
    from broadsheet.library import catalog
    from broadsheet.library.parse import parse_bytes
    from broadsheet.library.tokens import spaced

    library = Library(library_dir)
    library.refresh()
    index = library._index
    stray = parse_bytes(b"---\ntitle: stray\n---\nquokka\n", "stray.md", None).article
    assert stray is not None
    key = catalog.next_key(index.db)
    index.fulltext.add(key, stray, spaced("quokka"), "", "quokka")
    index.fulltext.commit()  # ... and the process dies before the catalog commits
    (library_dir / "new.md").write_text("---\ntitle: new\n---\nwallaby\n", encoding="utf-8")
    library.refresh()
    assert [hit.entry.title for hit in library.search("wallaby").hits] == ["new"]
    assert library.search("quokka").hits == ()


def test_listings_follow_every_change(library_dir: Path) -> None:
    """Listings are kept between calls, never past a change by this or another process."""
    library = Library(library_dir)
    library.refresh()
    before = len(library.entries())
    assert len(library.entries()) == before
    (library_dir / "extra.md").write_text("---\ntitle: extra\n---\nx\n", encoding="utf-8")
    other = Library(library_dir)  # another process's scan, as far as the catalog can tell
    other.refresh()
    assert len(library.entries()) == before + 1
    (library_dir / "extra.md").unlink()
    library.refresh()
    assert len(library.entries()) == before


def test_a_list_reads_its_rows_while_a_long_query_holds_the_reader(library_dir: Path) -> None:
    """The rows a list draws (on the UI thread) never wait for a listing, the category
    tree or a search running in another thread: they have a connection of their own."""
    library = Library(library_dir)
    try:
        library.refresh()
        listing = library.entries()
        article_id = library.entries(limit=1)[0].id
        with library._read_lock:  # as a query running in another thread does
            done = threading.Event()

            def draw() -> None:
                assert listing[0].id == article_id
                assert listing.find(article_id) == 0
                done.set()

            threading.Thread(target=draw, daemon=True).start()
            assert done.wait(5), "the rows waited for the read connection"
        library._close_reader()  # as before a rebuild: reopened when next used
        assert library.entries()[0].id == article_id
    finally:
        library.close()


def test_a_warmed_listing_shows_its_place_without_a_query(library_dir: Path) -> None:
    """A list loaded in a worker finds the article to select and reads the rows around
    it there: the UI thread that shows it then asks the catalog nothing."""
    library = Library(library_dir)
    try:
        library.refresh()
        ids = [entry.id for entry in library.entries()]
        asked: list[object] = []

        def fetch(keys: Sequence[int]) -> dict[int, Entry]:
            asked.append(keys)
            return library._entries_for_keys(keys)

        def key_of(article_id: str) -> int | None:
            asked.append(article_id)
            return library._key_of(article_id)

        whole = library.entries()
        assert isinstance(whole, Listing)
        listing = Listing(whole.keys, fetch, key_of)
        listing.warm(ids[-1], 3)
        asked.clear()
        assert listing.find(ids[-1]) == len(ids) - 1
        assert [entry.id for entry in listing] == ids
        assert not asked
        assert listing.find("0" * 16) is None
    finally:
        library.close()


def test_find_looks_near_where_the_article_was_first(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from broadsheet.library import listing as listing_module

    monkeypatch.setattr(listing_module, "NEAR", 1)
    library = Library(library_dir)
    try:
        library.refresh()
        ids = [entry.id for entry in library.entries()]
        last = len(ids) - 1
        for near in (last, 0, None, 99):  # at the place, far from it, unknown, past the end
            whole = library.entries()
            assert isinstance(whole, Listing)
            fresh = Listing(whole.keys, library._entries_for_keys, library._key_of)
            assert fresh.find(ids[-1], near) == last
            assert fresh.find("0" * 16, near) is None
    finally:
        library.close()


def test_closing_during_a_scan_stops_it_without_harm(library_dir: Path) -> None:
    """The reader quits while its start-up scan writes: the scan stops and rolls back;
    the index is neither wiped nor rebuilt on the next start."""
    from broadsheet.errors import BroadsheetError

    for number in range(300):
        (library_dir / f"bulk-{number}.md").write_text(
            f"---\ntitle: bulk {number}\n---\nnumbat {number}\n", encoding="utf-8"
        )
    Library(library_dir).refresh()
    for number in range(300):
        _touch(library_dir / f"bulk-{number}.md", f"---\ntitle: bulk {number}\n---\nquoll\n")
    library = Library(library_dir)
    writing = threading.Event()
    outcome: list[BaseException] = []

    def slow_progress(done: int, total: int) -> None:
        writing.set()
        threading.Event().wait(0.2)

    def scan() -> None:
        try:
            library.refresh(slow_progress)
        except BaseException as error:  # the stop is what is expected
            outcome.append(error)

    thread = threading.Thread(target=scan)
    thread.start()
    assert writing.wait(30)
    library.close()
    thread.join(30)
    assert outcome and isinstance(outcome[0], BroadsheetError)
    again = Library(library_dir)
    assert again.rebuilt_reason is None
    assert len(again.entries()) == len(LIBRARY_TITLES) + 300
    assert len(again.search("numbat").hits) > 0  # the old text: the stopped scan wrote nothing
    report = again.refresh()
    assert report.updated == 300
