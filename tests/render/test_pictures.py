"""Pictures: where they come from, what is refused, decoding, and their place in the layout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.render.picture_files import (
    BLUE,
    GREEN,
    RED,
    animated_gif,
    bomb_png,
    jpeg,
    png,
    svg,
    truncated_png,
    two_tone_png,
)

from broadsheet.render.document import Document
from broadsheet.render.image_sources import (
    LocalSource,
    NoSource,
    RemoteSource,
    resolve_source,
)
from broadsheet.render.images import PictureError, PictureSize, decode, fit, probe
from broadsheet.render.links import Link
from broadsheet.render.output import plain_text
from broadsheet.render.pictures import Pictures

BLACK = (0, 0, 0)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library with a post in a sub-folder and pictures in every usual place."""
    root = tmp_path / "lib"
    png(root / "posts" / "pics" / "beside.png")
    png(root / "posts" / "trip" / "asset.png")
    png(root / "source" / "images" / "hexo.png")
    png(root / "top.png")
    (root / "posts" / "trip.md").write_text("x")
    return root


def _article(root: Path) -> Path:
    return root / "posts" / "trip.md"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("pics/beside.png", "posts/pics/beside.png"),
        ("./pics/beside.png", "posts/pics/beside.png"),
        ("pics/beside.png?v=2#x", "posts/pics/beside.png"),
        ("asset.png", "posts/trip/asset.png"),  # a Hexo post's asset folder
        ("/images/hexo.png", "source/images/hexo.png"),
        ("source/images/hexo.png", "source/images/hexo.png"),
        ("/top.png", "top.png"),
        ("../top.png", "top.png"),
        ("pics/be%73ide.png", "posts/pics/beside.png"),
    ],
)
def test_local_pictures_resolve_against_the_article_and_the_library(
    library: Path, url: str, expected: str
) -> None:
    source = resolve_source(url, _article(library), library)
    assert source == LocalSource(Path(os.path.realpath(library / expected)))


def test_file_links_inside_the_library_only(library: Path, tmp_path: Path) -> None:
    inside = library / "top.png"
    assert resolve_source(inside.as_uri(), _article(library), library) == LocalSource(
        Path(os.path.realpath(inside))
    )
    outside = png(tmp_path / "secret.png")
    refused = resolve_source(outside.as_uri(), _article(library), library)
    assert refused == NoSource("outside the library")
    assert isinstance(resolve_source("../../secret.png", _article(library), library), NoSource)


def test_a_symlink_out_of_the_library_is_refused(library: Path, tmp_path: Path) -> None:
    outside = png(tmp_path / "elsewhere" / "x.png")
    (library / "posts" / "link.png").symlink_to(outside)
    assert resolve_source("link.png", _article(library), library) == NoSource("outside the library")


def test_remote_and_other_addresses(library: Path) -> None:
    article = _article(library)
    assert resolve_source("https://e.com/a.png", article, library) == RemoteSource(
        "https://e.com/a.png"
    )
    assert resolve_source("http:///nohost", article, library) == NoSource("a malformed address")
    assert resolve_source("data:image/png;base64,AAAA", article, library) == NoSource(
        "an inline data: picture"
    )
    assert resolve_source("ftp://e.com/a.png", article, library) == NoSource("a ftp: address")
    assert resolve_source("missing.png", article, library) == NoSource("not found: missing.png")
    assert resolve_source("", article, library) == NoSource("no address")


def test_probe_reads_sizes_and_refuses_what_it_must(tmp_path: Path) -> None:
    assert probe(png(tmp_path / "a.png", (30, 20))) == PictureSize(30, 20)
    assert probe(jpeg(tmp_path / "b.jpg", (640, 480))) == PictureSize(640, 480)
    assert probe(animated_gif(tmp_path / "c.gif")) == PictureSize(40, 40)
    with pytest.raises(PictureError, match="too large to decode"):
        probe(bomb_png(tmp_path / "bomb.png"))
    with pytest.raises(PictureError, match="SVG"):
        probe(svg(tmp_path / "d.svg"))
    (tmp_path / "junk.png").write_bytes(b"not a picture at all")
    with pytest.raises(PictureError, match="not a picture format"):
        probe(tmp_path / "junk.png")


def test_decode_gives_half_blocks_top_pixel_over_bottom(tmp_path: Path) -> None:
    rows = decode(two_tone_png(tmp_path / "t.png", (8, 4)), 8, 1, BLACK)
    assert len(rows) == 1
    (segment,) = rows[0]
    assert segment.text == "▀" * 8
    assert segment.style is not None
    assert segment.style.color is not None and segment.style.bgcolor is not None
    assert segment.style.color.get_truecolor() == RED
    assert segment.style.bgcolor.get_truecolor() == GREEN


def test_decode_takes_the_first_frame_and_reports_damage(tmp_path: Path) -> None:
    (row,) = decode(animated_gif(tmp_path / "a.gif"), 4, 1, BLACK)
    assert row[0].style is not None and row[0].style.color is not None
    assert row[0].style.color.get_truecolor() == BLUE
    damaged = truncated_png(tmp_path / "cut.png")
    probe(damaged)  # its header is fine...
    with pytest.raises(PictureError, match="damaged"):
        decode(damaged, 10, 5, BLACK)  # ...its pixels are not


def test_a_large_jpeg_decodes_small_and_fast(tmp_path: Path) -> None:
    rows = decode(jpeg(tmp_path / "p.jpg", (4000, 3000)), 80, 30, BLACK)
    assert len(rows) == 30
    assert all(sum(len(s.text) for s in row) == 80 for row in rows)


def test_fit_keeps_the_shape_within_the_room_and_the_screen() -> None:
    assert fit(PictureSize(800, 400), 60, 40) == (60, 15)
    assert fit(PictureSize(80, 40), 60, 40) == (10, 2)  # small pictures stay small
    columns, rows = fit(PictureSize(400, 4000), 60, 20)
    assert rows == 20 and columns == 4


BODY = (
    "Before.\n\n![a box](pics/box.png)\n\nAfter the picture 之后.\n\n"
    "Inline ![x](pics/box.png) text.\n"
)


def _document(root: Path, pictures: Pictures | None) -> Document:
    document = Document.from_article(None, BODY, pictures=pictures)
    document.convert_all()
    return document


def test_pictures_take_lines_above_their_caption_and_positions_still_map(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    png(root / "pics" / "box.png", (320, 160))
    article = root / "post.md"
    pictures = Pictures(article=article, root=root)
    document = _document(root, pictures)
    before = len(document.lines(60))
    assert pictures.probe(document.links)
    document.pictures_changed()
    document.pictures_changed()
    lines = document.lines(60)
    rows = [index for index, line in enumerate(lines) if line.picture is not None]
    assert len(rows) == 10 and len(lines) == before + 10  # 40 x 10 cells at 8 px a column
    caption = rows[-1] + 1
    assert lines[caption].text.startswith("▣ Image 1: a box")
    after = document.plain_text.index("After")
    assert lines[document.line_for_offset(after, 60)].text.startswith("After the picture")
    (line, left, right), *_ = document.highlight([(after, after + 5)], 60)
    assert lines[line].text[left:right] == "After"
    inline = document.plain_text.index("Inline")
    assert "▣ Image 1: x" in lines[document.line_for_offset(inline, 60)].text  # stays a placeholder
    # The plain text is the same with or without pictures: find and positions agree.
    assert document.plain_text == _document(root, None).plain_text


def test_pictures_off_and_plain_output_keep_the_placeholders(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    png(root / "pics" / "box.png")
    pictures = Pictures(article=root / "post.md", root=root, enabled=False)
    document = _document(root, pictures)
    pictures.probe(document.links)
    document.pictures_changed()
    assert plain_text(document.lines(60)) == plain_text(_document(root, None).lines(60))
    pictures.enabled = True
    pictures.probe(document.links)
    document.pictures_changed()
    assert any(line.picture for line in document.lines(60))


def test_unusable_pictures_say_why_in_their_place(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    bomb_png(root / "big.png")
    truncated_png(root / "cut.png")
    body = (
        "![huge](big.png)\n\n![cut](cut.png)\n\n![gone](gone.png)\n\n![web](https://e.com/a.png)\n"
    )
    pictures = Pictures(article=root / "post.md", root=root)
    document = Document.from_article(None, body, pictures=pictures)
    pictures.probe(document.links)
    document.pictures_changed()
    texts = [line.text for line in document.lines(80)]
    assert "picture not shown: too large to decode (20000x20000 pixels)" in texts
    assert "picture not shown: not found: gone.png" in texts
    assert "remote picture (remote pictures are off)" in texts
    row = next(line.picture for line in document.lines(80) if line.picture)
    assert not pictures.render(row.number, row.columns, row.rows, BLACK)
    document.pictures_changed()
    texts = [line.text for line in document.lines(80)]
    assert any(text.startswith("picture not shown: the file is damaged") for text in texts)


def test_a_height_limit_rescales_pictures(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    png(root / "pics" / "box.png", (800, 800))
    pictures = Pictures(article=root / "post.md", root=root)
    document = _document(root, pictures)
    pictures.probe(document.links)
    document.pictures_changed()
    assert sum(1 for line in document.lines(60) if line.picture) == 20  # the default cap
    document.set_picture_rows(12)
    rows = [line.picture for line in document.lines(60) if line.picture]
    assert len(rows) == 12 and rows[0].columns == 24


def test_the_picture_settings_are_read_and_checked(tmp_path: Path) -> None:
    from broadsheet.config import load_config
    from broadsheet.errors import ConfigError

    path = tmp_path / "config.toml"
    assert (load_config(path).images, load_config(path).remote_images) == ("auto", "ask")
    path.write_text('images = "blocks"\nremote_images = "never"\n')
    config = load_config(path)
    assert (config.images, config.remote_images) == ("blocks", "never")
    path.write_text('images = "sixel-please"\n')
    with pytest.raises(ConfigError, match='images must be one of "auto", "blocks", "off"'):
        load_config(path)


def test_a_local_header_picture_is_drawn_in_the_header(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    png(root / "pics" / "head.png", (160, 80))
    pictures = Pictures(article=root / "post.md", root=root)
    document = Document.from_article(
        None, "Body text.", extra_links=[("headimg", "pics/head.png")], pictures=pictures
    )
    pictures.probe(document.links)
    document.pictures_changed()
    lines = document.lines(60)
    assert [bool(line.picture) for line in lines[:6]] == [True] * 5 + [False]
    assert lines[5].text.startswith("▣ Image 1: headimg")


def test_nothing_is_read_while_pictures_are_off(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    png(root / "pics" / "box.png")
    pictures = Pictures(article=root / "post.md", root=root, enabled=False)
    document = _document(root, pictures)
    assert not pictures.probe(document.links)
    pictures.enabled = True
    assert pictures.probe(document.links)


def test_transparency_is_drawn_over_the_background(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGBA", (8, 4), (255, 255, 255, 0)).save(tmp_path / "clear.png")
    ((segment,),) = decode(tmp_path / "clear.png", 8, 1, (10, 20, 30))
    assert segment.style is not None and segment.style.bgcolor is not None
    assert segment.style.bgcolor.get_truecolor() == (10, 20, 30)


def test_the_cell_shape_keeps_the_picture_shape(tmp_path: Path) -> None:
    two_tone_png(tmp_path / "a.png", (400, 400))
    link = Link(1, "a.png", "a", "image")
    for cell, height in (((10, 20), 400), ((8, 19), 337), ((10, 10), 800)):
        pictures = Pictures(article=tmp_path / "post.md", root=tmp_path, cell=cell)
        pictures.probe([link])
        assert pictures.shape(1) == PictureSize(400, height)


def test_show_on_a_terminal_prints_local_pictures_in_half_blocks(tmp_path: Path) -> None:
    from tests.render import test_document

    from broadsheet.cli.show import render

    two_tone_png(tmp_path / "pics" / "two.png", (160, 80))
    (tmp_path / "post.md").write_text("x", encoding="utf-8")
    body = "Before.\n\n![two](pics/two.png)\n\n![gone](pics/missing.png)\n\nAfter.\n"
    article = test_document.article(path=tmp_path / "post.md", id="post", body_kind="markdown")
    out = render(article, body, width=60, max_width=60, styled=True, pictures=(tmp_path, 20))
    assert out.count("▀") == 20 * 5, "a 160x80 picture is 20x5 cells of half blocks"
    assert "▣ Image 1: two" in out and "After." in out
    assert "picture not shown: not found" in out
    # Piped or --plain: the placeholders alone, not one escape byte.
    plain = render(article, body, width=60, max_width=60, styled=False, pictures=(tmp_path, 20))
    assert "▀" not in plain and "\x1b" not in plain and "▣ Image 1: two" in plain
