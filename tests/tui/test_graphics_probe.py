"""Asking the terminal which picture protocol it speaks: the answers of real terminals
(as they send them) through a pseudo-terminal, a terminal that never answers, and the
choice ``images = "auto"`` makes."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from broadsheet.tui.graphics_probe import (
    QUERY,
    TIMEOUT,
    Answers,
    choose,
    detect,
    parse_answers,
    query_terminal,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

KITTY_ANSWER = b"\x1b_Gi=31;OK\x1b\\"
CELL_ANSWER = b"\x1b[6;20;10t"
DA1_SIXEL = b"\x1b[?65;4;6;18;22c"  # WezTerm's
DA1_PLAIN = b"\x1b[?62;22c"
KITTY_ENV = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1", "COLORTERM": "truecolor"}
GHOSTTY_ENV = {"TERM": "xterm-ghostty", "TERM_PROGRAM": "ghostty", "COLORTERM": "truecolor"}
WEZTERM_ENV = {"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm", "COLORTERM": "truecolor"}
FOOT_ENV = {"TERM": "foot", "COLORTERM": "truecolor"}


def test_the_answers_are_read_in_any_order_with_noise_around() -> None:
    answers = parse_answers(b"x" + CELL_ANSWER + KITTY_ANSWER + DA1_SIXEL + b"y")
    assert answers == Answers(kitty=True, sixel=True, cell=(10, 20))
    assert parse_answers(DA1_PLAIN) == Answers(kitty=False, sixel=False, cell=None)
    assert parse_answers(b"\x1b[?64;40c") == Answers(False, False, None), "40 is not 4"
    assert parse_answers(KITTY_ANSWER) is None, "no DA1: the terminal did not finish"
    assert parse_answers(b"\x1b_Gi=31;ENOTSUPPORTED\x1b\\" + DA1_PLAIN) == Answers(
        False, False, None
    )


@pytest.mark.parametrize(
    ("env", "answers", "protocol"),
    [
        (KITTY_ENV, KITTY_ANSWER + DA1_PLAIN, "kitty"),
        (GHOSTTY_ENV, KITTY_ANSWER + DA1_PLAIN, "kitty"),
        # WezTerm and Konsole answer kitty's query but draw no placeholders: sixel.
        (WEZTERM_ENV, KITTY_ANSWER + DA1_SIXEL, "sixel"),
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, KITTY_ANSWER + DA1_SIXEL, "sixel"),
        (FOOT_ENV, DA1_SIXEL, "sixel"),
        ({"TERM": "xterm"}, b"\x1b[?63;1;2;4;6;9;15;16;22;28c", "sixel"),  # xterm -ti vt340
        ({"TERM": "xterm-256color"}, DA1_PLAIN, "blocks"),
        # kitty without true colour cannot carry the id in the colour.
        ({"TERM": "xterm-kitty"}, KITTY_ANSWER + DA1_PLAIN, "blocks"),
        ({**KITTY_ENV, "TMUX": "/tmp/tmux-0/default,1,0"}, KITTY_ANSWER + DA1_PLAIN, "blocks"),
        ({"TERM": "screen-256color"}, DA1_SIXEL, "blocks"),
        ({"TERM": "linux"}, DA1_PLAIN, "blocks"),
        (FOOT_ENV, b"", "blocks"),
    ],
)
def test_auto_chooses_what_the_terminal_draws(env, answers, protocol) -> None:
    assert choose(env, parse_answers(answers), None).protocol == protocol


def test_xtversion_says_which_kitty_draws_placeholders() -> None:
    old = parse_answers(KITTY_ANSWER + b"\x1bP>|kitty(0.26.5)\x1b\\" + DA1_PLAIN)
    new = parse_answers(KITTY_ANSWER + b"\x1bP>|kitty(0.35.2)\x1b\\" + DA1_PLAIN)
    ghostty = parse_answers(KITTY_ANSWER + b"\x1bP>|ghostty 1.1.3\x1b\\" + DA1_PLAIN)
    wezterm = parse_answers(KITTY_ANSWER + b"\x1bP>|WezTerm 20240203-110809\x1b\\" + DA1_SIXEL)
    assert old is not None and (old.name, old.version) == ("kitty", (0, 26, 5))
    assert choose(KITTY_ENV, old, None).protocol == "blocks", "placeholders came in 0.28"
    assert choose(KITTY_ENV, new, None).protocol == "kitty"
    assert choose(GHOSTTY_ENV, ghostty, None).protocol == "kitty"
    assert wezterm is not None and wezterm.name == "wezterm"
    # Its name wins over an environment inherited from a kitty it was started in.
    assert choose({**WEZTERM_ENV, "KITTY_WINDOW_ID": "3"}, wezterm, None).protocol == "sixel"


def test_sixel_uses_as_many_colours_as_the_terminal_has_registers() -> None:
    xterm = parse_answers(b"\x1b[?1;0;16S" + b"\x1b[?63;1;2;4;6;9;15;16;22;28c")
    assert xterm is not None and xterm.colours == 16
    assert choose({"TERM": "xterm"}, xterm, None).colours == 16
    foot = parse_answers(b"\x1b[?1;0;1024S" + DA1_SIXEL)
    assert choose(FOOT_ENV, foot, None).colours == 256
    assert choose(FOOT_ENV, parse_answers(DA1_SIXEL), None).colours == 256


def test_the_kernel_cell_size_wins_over_the_answer_and_a_default_stays() -> None:
    answers = parse_answers(CELL_ANSWER + DA1_SIXEL)
    assert choose(FOOT_ENV, answers, (9, 18)).cell == (9, 18)
    assert choose(FOOT_ENV, answers, None).cell == (10, 20)
    assert choose(FOOT_ENV, parse_answers(DA1_SIXEL), None).cell == (10, 20)


class FakeTerminal:
    """The far end of a pseudo-terminal that reads the query and sends ``answer``."""

    def __init__(self, answer: bytes | None) -> None:
        self.master, self.slave = os.openpty()
        self.answer = answer
        self.heard = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while len(self.heard) < len(QUERY):
            self.heard += os.read(self.master, 4096)
        if self.answer is not None:
            os.write(self.master, self.answer)

    def __enter__(self) -> FakeTerminal:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join(2)
        os.close(self.master)
        os.close(self.slave)


def test_a_terminal_is_asked_and_its_answers_read_up_to_da1() -> None:
    with FakeTerminal(KITTY_ANSWER + CELL_ANSWER + DA1_PLAIN + b"typed") as terminal:
        data = query_terminal(terminal.slave, terminal.slave)
    assert terminal.heard == QUERY.encode()
    assert parse_answers(data) == Answers(kitty=True, sixel=False, cell=(10, 20))


def test_a_terminal_that_never_answers_costs_the_timeout_and_no_more() -> None:
    with FakeTerminal(None) as terminal:
        started = time.monotonic()
        data = query_terminal(terminal.slave, terminal.slave, timeout=0.2)
        took = time.monotonic() - started
    assert data == b"" and parse_answers(data) is None
    assert 0.15 < took < 1.0
    assert TIMEOUT <= 0.5


def test_the_terminal_mode_is_restored_after_asking() -> None:
    import termios

    with FakeTerminal(DA1_SIXEL) as terminal:
        before = termios.tcgetattr(terminal.slave)
        query_terminal(terminal.slave, terminal.slave)
        assert termios.tcgetattr(terminal.slave) == before


class _Tty:
    """A text stream over a pseudo-terminal's descriptor."""

    def __init__(self, fd: int, tty: bool = True) -> None:
        self.fd = fd
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def fileno(self) -> int:
        return self.fd

    def flush(self) -> None:
        pass


def test_detect_asks_a_terminal_only_for_auto() -> None:
    with FakeTerminal(KITTY_ANSWER + DA1_PLAIN) as terminal:
        tty = _Tty(terminal.slave)
        graphics = detect("auto", KITTY_ENV, tty, tty)  # type: ignore[arg-type]
    assert graphics.protocol == "kitty"
    tty = _Tty(0)
    for setting in ("blocks", "off"):
        assert detect(setting, KITTY_ENV, tty, tty).protocol == "blocks"  # type: ignore[arg-type]


def test_detect_never_asks_through_tmux_or_a_pipe() -> None:
    asked = _Tty(-1)  # any read or write on it would fail
    env = {**KITTY_ENV, "TMUX": "x"}
    assert detect("auto", env, asked, asked).protocol == "blocks"  # type: ignore[arg-type]
    piped = _Tty(-1, tty=False)
    assert detect("auto", KITTY_ENV, piped, piped).protocol == "blocks"  # type: ignore[arg-type]


def test_the_environment_can_force_a_protocol() -> None:
    piped = _Tty(-1, tty=False)
    env = {"BROADSHEET_GRAPHICS": "sixel", "TMUX": "x"}
    assert detect("auto", env, piped, piped).protocol == "sixel"  # type: ignore[arg-type]
    env = {"BROADSHEET_GRAPHICS": "nonsense"}
    assert detect("auto", env, piped, piped).protocol == "blocks"  # type: ignore[arg-type]
