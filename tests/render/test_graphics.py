"""The kitty and sixel encoders: what they write is what the protocols say, and only
from pixels (checked by decoding it back)."""

from __future__ import annotations

import base64
import random
import re
import zlib

import pytest
from tests.render.picture_files import BLUE, GREEN, RED, two_tone_png

from broadsheet.render.graphics import (
    CHUNK,
    DIACRITICS,
    PLACEHOLDER,
    kitty_delete,
    kitty_rows,
    kitty_transmit,
    sixel_image,
)
from broadsheet.render.pictures import draw

KITTY = re.compile(r"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\")


def kitty_messages(text: str) -> list[tuple[dict[str, str], str]]:
    """The kitty messages in ``text`` as (keys, payload); nothing else may be there."""
    found = [(m.group(1), m.group(2) or "") for m in KITTY.finditer(text)]
    assert KITTY.sub("", text) == "", "nothing but kitty messages"
    return [(dict(pair.split("=") for pair in keys.split(",")), payload) for keys, payload in found]


def test_a_kitty_picture_goes_in_chunks_of_at_most_4096_base64_bytes() -> None:
    rgb = random.Random(4).randbytes(320 * 480 * 3)  # noise: zlib cannot shrink it
    text = kitty_transmit(77, rgb, (320, 480), (32, 24))
    messages = kitty_messages(text)
    assert len(messages) > 2
    first, *rest = messages
    keys = first[0]
    assert keys | {"m": "1"} == {
        "a": "T",
        "U": "1",
        "q": "2",
        "f": "24",
        "o": "z",
        "s": "320",
        "v": "480",
        "i": "77",
        "c": "32",
        "r": "24",
        "m": "1",
    }
    assert all(keys == {"q": "2", "m": "1"} for keys, _ in rest[:-1])
    assert rest[-1][0] == {"q": "2", "m": "0"}
    assert all(len(payload) <= CHUNK for _, payload in messages)
    assert all(len(payload) % 4 == 0 for _, payload in messages)
    data = base64.standard_b64decode("".join(payload for _, payload in messages))
    assert zlib.decompress(data) == rgb


def test_a_small_kitty_picture_is_one_message() -> None:
    rgb = bytes(RED) * 4
    [(keys, payload)] = kitty_messages(kitty_transmit(5, rgb, (2, 2), (1, 1)))
    assert keys["m"] == "0"
    assert zlib.decompress(base64.standard_b64decode(payload)) == rgb


def test_kitty_placeholders_carry_the_id_as_colour_and_the_place_as_diacritics() -> None:
    image_id = 0x12_34_56
    rows = kitty_rows(image_id, 3, 2)
    assert len(rows) == 2
    for row_number, (segment,) in enumerate(rows):
        assert segment.style is not None and segment.style.color is not None
        triplet = segment.style.color.get_truecolor()
        assert (triplet.red, triplet.green, triplet.blue) == (0x12, 0x34, 0x56)
        cells = segment.text.split(PLACEHOLDER)[1:]
        assert cells == [DIACRITICS[row_number] + DIACRITICS[column] for column in range(3)]
        assert segment.cell_length == 3
    assert len(DIACRITICS) == 297 and DIACRITICS[0] == "\u0305" and DIACRITICS[-1] == "\U0001d244"


def test_kitty_delete_frees_the_image_data() -> None:
    assert kitty_delete(9) == "\x1b_Ga=d,d=I,i=9,q=2\x1b\\"


def decode_sixel(text: str) -> tuple[int, int, dict[int, tuple[int, int, int]], list[list[int]]]:
    """A small sixel decoder: (width, height, palette in percent, pixel colour numbers;
    -1 where nothing was drawn). Fails on anything it does not expect."""
    match = re.fullmatch(r'\x1bP0;1;0q"1;1;(\d+);(\d+)(.*)\x1b\\', text, re.DOTALL)
    assert match, text[:40]
    width, height, body = int(match.group(1)), int(match.group(2)), match.group(3)
    assert re.fullmatch(r"[#;0-9!$\-?-~]*", body), "only sixel characters in the body"
    pixels = [[-1] * width for _ in range(height + 6)]
    palette: dict[int, tuple[int, int, int]] = {}
    colour, x, band = 0, 0, 0
    for token in re.finditer(r"#(\d+)(?:;2;(\d+);(\d+);(\d+))?|!(\d+)(.)|([?-~])|(\$)|(-)", body):
        if token.group(1) is not None:
            colour = int(token.group(1))
            if token.group(2) is not None:
                palette[colour] = (int(token.group(2)), int(token.group(3)), int(token.group(4)))
            continue
        if token.group(8):
            x = 0
            continue
        if token.group(9):
            x, band = 0, band + 1
            continue
        if token.group(5):
            count, char = int(token.group(5)), token.group(6)
        else:
            count, char = 1, token.group(7)
        bits = ord(char) - 63
        for _ in range(count):
            for k in range(6):
                if bits & (1 << k):
                    pixels[band * 6 + k][x] = colour
            x += 1
    return width, height, palette, pixels


def test_a_sixel_band_holds_six_rows_and_each_colour_once_per_band() -> None:
    width, height = 5, 8
    indices = bytes([0] * width * 3 + [1] * width * 3 + [2] * width * 2)
    palette = [*RED, *GREEN, *BLUE] + [0] * (3 * 253)
    text = sixel_image(indices, width, height, palette)
    w, h, colours, pixels = decode_sixel(text)
    assert (w, h) == (width, height)
    assert colours == {0: (86, 8, 8), 1: (8, 78, 8), 2: (8, 8, 86)}
    assert [row[0] for row in pixels[:height]] == [0, 0, 0, 1, 1, 1, 2, 2]
    assert all(row == [-1] * width for row in pixels[height:]), "nothing below the picture"
    body = text.split("#2;2;8;8;86", 1)[1]
    assert body.count("-") == 2, "two bands"
    first_band = body.split("-")[0]
    assert first_band.count("#0") == first_band.count("#1") == 1


def test_long_runs_are_run_length_coded() -> None:
    indices = bytes(100 * 6)
    text = sixel_image(indices, 100, 6, [0] * 768)
    assert "!100~" in text


def test_sixel_rows_are_one_sixel_per_cell_row_of_the_picture(tmp_path) -> None:
    path = two_tone_png(tmp_path / "two.png", (40, 40))
    made = draw(path, 4, 2, (0, 0, 0), protocol="sixel", cell=(10, 20))
    assert len(made.sixels) == 2 and made.kitty == ""
    for number, text in enumerate(made.sixels):
        w, h, palette, pixels = decode_sixel(text)
        assert (w, h) == (40, 20)
        [colour] = {pixel for row in pixels[:h] for pixel in row}
        expected = RED if number == 0 else GREEN
        assert palette[colour] == tuple(round(c * 100 / 255) for c in expected)
    assert len(made.blocks) == 2, "the half blocks come with it"


def test_sixel_keeps_to_the_colours_the_terminal_has(tmp_path) -> None:
    from PIL import Image

    path = tmp_path / "gradient.png"
    Image.linear_gradient("L").convert("RGB").resize((64, 64)).save(path)
    made = draw(path, 8, 4, (0, 0, 0), protocol="sixel", cell=(8, 16), colours=16)
    used = {colour for text in made.sixels for colour in decode_sixel(text)[2]}
    assert 2 <= len(used) <= 16 and max(used) < 16


def test_a_kitty_drawing_has_its_transmission_and_placeholders(tmp_path) -> None:
    path = two_tone_png(tmp_path / "two.png", (40, 40))
    made = draw(path, 4, 2, (0, 0, 0), protocol="kitty", cell=(10, 20))
    [(keys, payload)] = kitty_messages(made.kitty)
    assert (keys["i"], keys["s"], keys["v"], keys["c"], keys["r"]) == (
        str(made.kitty_id),
        "40",
        "40",
        "4",
        "2",
    )
    rgb = zlib.decompress(base64.standard_b64decode(payload))
    assert rgb[:3] == bytes(RED) and rgb[-3:] == bytes(GREEN)
    assert len(made.placeholders) == 2 and len(made.blocks) == 2


@pytest.mark.parametrize("protocol", ["kitty", "sixel"])
def test_what_a_picture_file_holds_never_reaches_the_terminal(tmp_path, protocol) -> None:
    """A PNG whose text chunk holds escape sequences: only pixels are sent."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "\x1b]0;owned\x07\x1b[2J\x1bP+q\x1b\\")
    path = tmp_path / "evil.png"
    Image.new("RGB", (20, 20), BLUE).save(path, "PNG", pnginfo=info)
    made = draw(path, 2, 1, (0, 0, 0), protocol=protocol, cell=(10, 20))
    text = made.kitty + "".join(made.sixels)
    assert "owned" not in text and "\x07" not in text and "\x1b]" not in text
    assert "\x1b[" not in text
