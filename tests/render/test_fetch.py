"""Remote pictures from a server on 127.0.0.1: caps, content types, the cache, the policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.render.picture_files import bomb_png
from tests.render.picture_server import PictureServer, picture_server

from broadsheet.render.document import Document
from broadsheet.render.fetch import PictureFetcher
from broadsheet.render.images import PictureError
from broadsheet.render.pictures import Pictures


@pytest.fixture
def server() -> PictureServer:
    with picture_server() as running:
        yield running  # type: ignore[misc]


def test_a_picture_is_fetched_once_while_fresh(server: PictureServer, tmp_path: Path) -> None:
    fetch = PictureFetcher(tmp_path / "cache")
    first = fetch(server.url("/fresh.png"))
    assert first.read_bytes().startswith(b"\x89PNG")
    assert fetch(server.url("/fresh.png")) == first
    assert server.hits["/fresh.png"] == 1
    # Another fetcher on the same folder (the next session) uses the stored copy too.
    assert PictureFetcher(tmp_path / "cache")(server.url("/fresh.png")) == first
    assert server.hits["/fresh.png"] == 1


def test_a_stale_picture_is_revalidated(server: PictureServer, tmp_path: Path) -> None:
    fetch = PictureFetcher(tmp_path / "cache")
    first = fetch(server.url("/revalidate.png"))
    again = fetch(server.url("/revalidate.png"))
    assert again == first and again.read_bytes().startswith(b"\x89PNG")
    assert server.hits["/revalidate.png"] == 2
    assert server.conditional["/revalidate.png"] == 1  # answered 304: nothing sent again


def test_what_is_not_a_picture_or_too_big_is_refused(server: PictureServer, tmp_path: Path) -> None:
    fetch = PictureFetcher(tmp_path / "cache", max_bytes=1024 * 1024)
    with pytest.raises(PictureError, match="text/html instead of a picture"):
        fetch(server.url("/page.html"))
    with pytest.raises(PictureError, match="larger than 1 MB"):
        fetch(server.url("/declared-big.png"))
    with pytest.raises(PictureError, match="larger than 1 MB"):
        fetch(server.url("/streamed-big.png"))
    with pytest.raises(PictureError, match="answered 404"):
        fetch(server.url("/missing.png"))
    with pytest.raises(PictureError):
        fetch(server.url("/to-file"))  # a redirect to file: is never followed
    assert not list((tmp_path / "cache").glob("*")) or all(
        not path.read_bytes().startswith(b"\0") for path in (tmp_path / "cache").iterdir()
    )


def test_a_slow_server_times_out(server: PictureServer, tmp_path: Path) -> None:
    fetch = PictureFetcher(tmp_path / "cache", timeout=0.3)
    with pytest.raises(PictureError, match="cannot be fetched"):
        fetch(server.url("/slow.png"))


def _remote_document(
    server: PictureServer, tmp_path: Path, policy: str
) -> tuple[Document, Pictures]:
    bomb = bomb_png(tmp_path / "bomb.png").read_bytes()
    server.bodies["/bomb.png"] = bomb
    body = (
        f"![web]({server.url('/fresh.png')})\n\n![bomb]({server.url('/bomb.png')})\n\n"
        f"![gone]({server.url('/gone.png')})\n"
    )
    pictures = Pictures(
        article=tmp_path / "post.md",
        root=tmp_path,
        remote=policy,  # type: ignore[arg-type]
        fetch=PictureFetcher(tmp_path / "cache"),
    )
    document = Document.from_article(None, body, pictures=pictures)
    document.convert_all()
    pictures.probe(document.links)
    document.pictures_changed()
    return document, pictures


def test_ask_fetches_nothing_until_allowed(server: PictureServer, tmp_path: Path) -> None:
    document, pictures = _remote_document(server, tmp_path, "ask")
    assert not server.hits
    assert pictures.has_waiting
    assert "remote picture, not loaded" in [line.text for line in document.lines(80)]
    assert pictures.allow_remote()
    pictures.probe(document.links)
    document.pictures_changed()
    texts = [line.text for line in document.lines(80)]
    assert sum(1 for line in document.lines(80) if line.picture) == 2  # 64x32 px: 8x2 cells
    assert "picture not shown: too large to decode (20000x20000 pixels)" in texts
    assert "picture not loaded: the server answered 404" in texts
    assert server.hits["/fresh.png"] == 1


def test_always_fetches_and_never_does_not(server: PictureServer, tmp_path: Path) -> None:
    document, pictures = _remote_document(server, tmp_path / "a", "always")
    assert server.hits["/fresh.png"] == 1
    assert any(line.picture for line in document.lines(80))
    document, pictures = _remote_document(server, tmp_path / "n", "never")
    assert not pictures.allow_remote()
    assert server.hits["/fresh.png"] == 1
    assert "remote picture (remote pictures are off)" in [line.text for line in document.lines(80)]


def test_show_never_fetches(server: PictureServer, tmp_path: Path) -> None:
    from broadsheet.cli.show import render

    body = f"![web]({server.url('/fresh.png')})\n\nText.\n"
    for styled in (False, True):
        out = render(None, body, width=60, max_width=60, styled=styled)
        assert "▣ Image 1: web" in out
        assert styled or "\x1b" not in out
    assert not server.hits
