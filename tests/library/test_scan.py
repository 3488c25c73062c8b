"""Walking a library folder: which files count, links, loops, errors, odd names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from broadsheet.library.parse import relative_path
from broadsheet.library.scan import FileInfo, file_key, left_out, list_folder, walk


def touch(path: Path, text: str = "x") -> Path:
    """Create ``path`` (and its folders) holding ``text``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def relpaths(root: Path) -> list[str]:
    """Sorted relpaths of the articles under ``root``."""
    return sorted(info.relpath for info in walk(root))


def collect(root: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Sorted relpaths and the reported errors of one walk."""
    errors: list[tuple[str, str]] = []
    found = sorted(info.relpath for info in walk(root, on_error=lambda r, e: errors.append((r, e))))
    return found, errors


def test_extensions_in_any_case(tmp_path: Path) -> None:
    for name in ["a.md", "b.MARKDOWN", "c.mdown", "d.Html", "e.htm", "f.TXT"]:
        touch(tmp_path / name)
    for name in ["g.png", "h.md.bak", "md", "i.mdx", "notes"]:
        touch(tmp_path / name)
    assert relpaths(tmp_path) == ["a.md", "b.MARKDOWN", "c.mdown", "d.Html", "e.htm", "f.TXT"]


def test_recursive_with_posix_relpaths(tmp_path: Path) -> None:
    touch(tmp_path / "新媒体" / "趣头条" / "分类" / "文章.md")
    touch(tmp_path / "top.md")
    assert relpaths(tmp_path) == ["top.md", "新媒体/趣头条/分类/文章.md"]


def test_hidden_entries_and_node_modules_are_skipped(tmp_path: Path) -> None:
    touch(tmp_path / ".git" / "notes.md")
    touch(tmp_path / ".hidden.md")
    touch(tmp_path / "blog" / ".obsidian" / "x.md")
    touch(tmp_path / "node_modules" / "pkg" / "README.md")
    touch(tmp_path / "blog" / "node_modules" / "y.md")
    touch(tmp_path / "blog" / "post.md")
    assert relpaths(tmp_path) == ["blog/post.md"]


@pytest.mark.parametrize(
    ("config", "articles", "built"),
    [("_config.yml", "source", "public"), ("hugo.toml", "content", "layouts")],
)
def test_a_site_generators_own_folders_are_left_out(
    tmp_path: Path, config: str, articles: str, built: str
) -> None:
    # A Hexo repository: public/ is every post again as HTML, themes/ and scaffolds/
    # templates and READMEs (found by a probe). Only at the top of such a site.
    site = tmp_path / "site"
    touch(site / config, "title: a blog")
    touch(site / articles / "_posts" / "post.md")
    for folder in ("public", "themes", "scaffolds", "layouts"):
        touch(site / folder / "index.html")
    touch(site / articles / built / "kept.md")  # deeper down: an ordinary folder
    found = relpaths(site)
    assert f"{articles}/_posts/post.md" in found and f"{articles}/{built}/kept.md" in found
    assert f"{built}/index.html" not in found
    assert left_out(str(site), f"{built}/index.html")
    assert not left_out(str(site), f"{articles}/{built}/kept.md")
    plain = tmp_path / "notes"  # no configuration file: public/ is just a folder
    touch(plain / "public" / "index.html")
    touch(plain / "source" / "a.md")
    assert relpaths(plain) == ["public/index.html", "source/a.md"]


def test_a_site_folder_touched_while_the_reader_runs_is_not_indexed(tmp_path: Path) -> None:
    from broadsheet.library.library import Library

    touch(tmp_path / "_config.yml", "title: a blog")
    touch(tmp_path / "source" / "_posts" / "post.md", "---\ntitle: Post\n---\nbody\n")
    library = Library(tmp_path)
    try:
        library.refresh()
        page = touch(tmp_path / "public" / "2024" / "index.html", "<title>Built</title>")
        report = library.update(touched=[page, page.parent, tmp_path / "public"])
        assert report.added == 0 and report.indexed == 1
    finally:
        library.close()


def test_file_info_fields(tmp_path: Path) -> None:
    file = touch(tmp_path / "a" / "b.md", "hello")
    [info] = walk(tmp_path)
    status = file.stat()
    assert info == FileInfo("a/b.md", str(file), status.st_mtime_ns, 5, status.st_ino)
    assert relative_path(Path(info.path), tmp_path) == info.relpath


def test_symlinks_to_files_and_folders_are_followed(tmp_path: Path) -> None:
    library = tmp_path / "library"
    outside = tmp_path / "outside"
    touch(outside / "shared.md")
    touch(outside / "folder" / "inner.md")
    library.mkdir()
    (library / "link.md").symlink_to(outside / "shared.md")
    (library / "linked").symlink_to(outside / "folder", target_is_directory=True)
    found, errors = collect(library)
    assert found == ["link.md", "linked/inner.md"]
    assert errors == []


def test_symlink_loop_ends_and_is_reported(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "post.md")
    (tmp_path / "a" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a", target_is_directory=True)
    found, errors = collect(tmp_path)
    assert found == ["a/post.md"]
    assert sorted(relpath for relpath, _ in errors) == ["a/back", "a/self"]
    assert all("already in the library" in reason for _, reason in errors)


def test_real_path_wins_over_a_link_to_the_same_folder(tmp_path: Path) -> None:
    # "0-link" sorts (and is often listed) before "real", yet the real path is kept.
    touch(tmp_path / "real" / "post.md")
    (tmp_path / "0-link").symlink_to(tmp_path / "real", target_is_directory=True)
    for _ in range(3):
        assert relpaths(tmp_path) == ["real/post.md"]


def test_two_links_to_one_outside_folder_pick_the_same_one_every_time(tmp_path: Path) -> None:
    library = tmp_path / "library"
    touch(tmp_path / "outside" / "x.md")
    library.mkdir()
    for name in ["zeta", "alpha", "mid"]:
        (library / name).symlink_to(tmp_path / "outside", target_is_directory=True)
    assert relpaths(library) == ["alpha/x.md"]


def test_broken_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    touch(tmp_path / "ok.md")
    found, errors = collect(tmp_path)
    assert found == ["ok.md"]
    assert errors == [("dangling.md", "broken link; skipped")]


def test_unreadable_folder_is_reported(tmp_path: Path) -> None:
    touch(tmp_path / "locked" / "secret.md")
    touch(tmp_path / "open.md")
    (tmp_path / "locked").chmod(0)
    try:
        if os.access(tmp_path / "locked", os.R_OK):
            pytest.skip("running as a user who can read any folder (root)")
        found, errors = collect(tmp_path)
        assert found == ["open.md"]
        assert errors == [("locked", "permission denied; skipped")]
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_permission_error_is_reported_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path / "locked" / "secret.md")
    touch(tmp_path / "open.md")
    real_open = os.open
    locked = os.fspath(tmp_path / "locked")

    def refuse(path: object, flags: int, *args: object) -> int:
        if os.fspath(path) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    found, errors = collect(tmp_path)
    assert found == ["open.md"]
    assert errors == [("locked", "permission denied; skipped")]


def test_folder_that_vanishes_during_the_walk(tmp_path: Path) -> None:
    touch(tmp_path / "a.md")
    touch(tmp_path / "later" / "b.md")
    errors: list[tuple[str, str]] = []
    walker = walk(tmp_path, on_error=lambda r, e: errors.append((r, e)))
    first = next(walker)
    assert first.relpath == "a.md"
    (tmp_path / "later" / "b.md").unlink()
    (tmp_path / "later").rmdir()
    assert list(walker) == []
    assert errors == [("later", "vanished while the folder was being read; skipped")]


def test_missing_root_is_reported(tmp_path: Path) -> None:
    found, errors = collect(tmp_path / "nope")
    assert found == []
    assert errors == [(".", "vanished while the folder was being read; skipped")]


def test_no_error_callback_is_fine(tmp_path: Path) -> None:
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    assert list(walk(tmp_path)) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_pipe_with_an_article_name_is_reported_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    assert collect(tmp_path) == ([], [("pipe.md", "not a regular file; skipped")])


def test_odd_file_names(tmp_path: Path) -> None:
    names = [
        'it\'s "quoted".md',
        "全角标点：《书名》（注）！.md",
        "space and #hash & more.md",
        "长" * 80 + ".md",  # 240 bytes of UTF-8 plus the extension
    ]
    for name in names:
        touch(tmp_path / name)
    assert len(os.fsencode(names[-1])) > 200
    assert relpaths(tmp_path) == sorted(names)


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs byte file names")
def test_undecodable_file_name(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.md"
    with open(raw, "wb") as handle:
        handle.write(b"x")
    [info] = walk(tmp_path)
    assert info.relpath == "caf\udce9.md"
    assert os.fsencode(info.path) == raw
    assert Path(info.path).read_bytes() == b"x"


def test_ten_thousand_files_in_nested_folders(tmp_path: Path) -> None:
    expected = []
    for top in range(10):
        for sub in range(10):
            folder = tmp_path / f"y{top}" / f"m{sub}"
            folder.mkdir(parents=True)
            for n in range(100):
                (folder / f"post-{n}.md").write_bytes(b"")
                expected.append(f"y{top}/m{sub}/post-{n}.md")
        touch(tmp_path / f"y{top}" / ".git" / "ignored.md")
    # (How fast: benchmarks/run.py, whose full walk covers a million files.)
    assert relpaths(tmp_path) == sorted(expected)


def test_importing_scan_loads_only_the_standard_library() -> None:
    code = (
        "import sys; before = set(sys.modules); import broadsheet.library.scan; "
        "print('\\n'.join(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in result.stdout.split()}
    assert "broadsheet" in loaded
    assert loaded - {"broadsheet"} <= sys.stdlib_module_names


def test_a_listing_leaves_out_the_files_it_already_knows(tmp_path: Path) -> None:
    # The cheap check's listing: a file with the inode the index knows for its name is
    # the same file, neither stat'ed nor returned; a new file and one replaced under
    # its name (a new inode, as editors and git write) are.
    for number in range(3):
        (tmp_path / f"{number}.md").write_text("x", encoding="utf-8")
    known = {file_key(f"{n}.md", (tmp_path / f"{n}.md").stat().st_ino) for n in range(3)}
    known.add(file_key("unknown-inode.md", 0))
    (tmp_path / "unknown-inode.md").write_text("x", encoding="utf-8")
    (tmp_path / "new.tmp").write_text("replaced", encoding="utf-8")
    os.replace(tmp_path / "new.tmp", tmp_path / "1.md")
    (tmp_path / "3.md").write_text("new", encoding="utf-8")
    (tmp_path / "2.md").unlink()
    (tmp_path / "sub").mkdir()
    unlisted: list[str] = []
    listed = list_folder(str(tmp_path), "", set(), lambda *_: None, known=known, unlisted=unlisted)
    assert listed is not None
    assert sorted(info.relpath for info in listed[1]) == ["1.md", "3.md", "unknown-inode.md"]
    assert [prefix for _, prefix in listed[2]] == ["sub/"]
    # Gone (2.md), replaced (1.md) or never matched (inode 0): the caller compares them.
    assert unlisted == ["1.md", "2.md", "unknown-inode.md"]
