"""Remote pictures in the reader: asked for by a key, fetched off the UI thread."""

from __future__ import annotations

from pathlib import Path

from tests.render.picture_server import PictureServer, picture_server
from tests.tui.helpers import WIDE, AppFactory, open_first_article, settle, wait_until

from broadsheet.config import Config
from broadsheet.tui.widgets.reader_view import ReaderView


def _library(root: Path, server: PictureServer, path: str) -> Path:
    root.mkdir(parents=True)
    paragraphs = "\n\n".join(f"Paragraph {n} of the text." for n in range(60))
    (root / "post.md").write_text(
        f"---\ntitle: Remote\ndate: 2024-01-01\nheadimg: {server.url(path)}\n---\n"
        f"Text before.\n\n{paragraphs}\n\nThe end: zebra.\n",
        encoding="utf-8",
    )
    return root


def _texts(reader: ReaderView) -> list[str]:
    return [line.text for line in reader._lines]


async def test_ask_shows_a_note_and_the_key_loads_the_pictures(
    make: AppFactory, tmp_path: Path
) -> None:
    with picture_server() as server:
        app = make(Config(), _library(tmp_path / "lib", server, "/fresh.png"))
        async with app.run_test(size=WIDE) as pilot:
            reader = await open_first_article(pilot)
            await wait_until(pilot, lambda: any("not loaded" in t for t in _texts(reader)))
            assert not server.hits  # nothing fetched without the key
            assert "press I" in next(t for t in _texts(reader) if "not loaded" in t)
            assert app.screen.active_bindings["I"].binding.id == "reader.load_pictures"
            reader.focus()
            await pilot.press("I")
            await wait_until(pilot, lambda: any(line.picture for line in reader._lines), 10)
            assert server.hits["/fresh.png"] == 1
            assert not any("not loaded" in t for t in _texts(reader))


async def test_a_slow_server_never_blocks_the_reader(make: AppFactory, tmp_path: Path) -> None:
    with picture_server() as server:
        config = Config(remote_images="always")
        app = make(config, _library(tmp_path / "lib", server, "/slow.png"))
        async with app.run_test(size=WIDE) as pilot:
            reader = await open_first_article(pilot)
            await wait_until(pilot, lambda: server.hits["/slow.png"] == 1)
            # The fetch hangs on the server; the reader scrolls and finds meanwhile.
            reader.focus()
            await pilot.press("space")
            assert reader.scroll_y > 0
            assert reader.find(["zebra"]) == 1
            server.release.set()
            await wait_until(pilot, lambda: any(line.picture for line in reader._lines), 10)
            line = reader.finder.current_line
            assert line is not None and "zebra" in reader._lines[line].text


async def test_never_fetches_nothing_and_offers_no_key(make: AppFactory, tmp_path: Path) -> None:
    with picture_server() as server:
        config = Config(remote_images="never")
        app = make(config, _library(tmp_path / "lib", server, "/fresh.png"))
        async with app.run_test(size=WIDE) as pilot:
            reader = await open_first_article(pilot)
            await wait_until(pilot, lambda: any("pictures are off" in t for t in _texts(reader)))
            assert "I" not in app.screen.active_bindings or not reader.check_action(
                "load_pictures", ()
            )
            await pilot.press("I")
            await settle(pilot)
            assert not server.hits
