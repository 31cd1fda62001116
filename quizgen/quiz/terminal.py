"""The terminal a session talks to: input and output streams, passed in, never global.

Like httpie's Environment: the session never touches sys.stdin or sys.stdout itself, so a
test can play a whole session with StringIO streams, and a pty test covers the real thing.
Text is word-wrapped to the terminal's width, read again for every line so that a resized
window takes effect at once (80 columns when output is not a terminal).
"""

from __future__ import annotations

import os
from typing import TextIO

import click

from quizgen.quiz.wrap import DEFAULT_WIDTH, wrap


def wants_colour(stream: TextIO, no_color_flag: bool = False, environ: dict[str, str] | None = None) -> bool:
    """Colour only on a terminal, never with --no-color or NO_COLOR (https://no-color.org)."""
    env = os.environ if environ is None else environ
    if no_color_flag or env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def columns_of(stream: TextIO) -> int:
    """The width of the terminal `stream` writes to; DEFAULT_WIDTH when it is no terminal."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH
    except (AttributeError, ValueError, OSError):
        return DEFAULT_WIDTH


class Terminal:
    __slots__ = ("stdin", "stdout", "colour", "echo_input", "fixed_width")

    def __init__(self, stdin: TextIO, stdout: TextIO, colour: bool = False, echo_input: bool = False,
                 width: int | None = None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.colour = colour
        # Echo replies read from a pipe, so a scripted session's output reads like a transcript.
        self.echo_input = echo_input
        self.fixed_width = width  # None: measure the terminal each time; 0: no wrapping

    def __repr__(self) -> str:
        return (f"Terminal({self.stdin!r}, {self.stdout!r}, colour={self.colour}, echo_input={self.echo_input}, "
                f"width={self.fixed_width})")

    @property
    def width(self) -> int:
        return self.fixed_width if self.fixed_width is not None else columns_of(self.stdout)

    @classmethod
    def of(cls, stdin: TextIO, stdout: TextIO, no_color: bool = False) -> Terminal:
        return cls(stdin, stdout, colour=wants_colour(stdout, no_color), echo_input=not _isatty(stdin))

    def say(self, text: str = "", **style: object) -> None:
        text = wrap(text, self.width)
        if self.colour and style:
            text = click.style(text, **style)  # type: ignore[arg-type]
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def paint(self, text: str, **style: object) -> str:
        return click.style(text, **style) if self.colour else text  # type: ignore[arg-type]

    def ask(self, prompt: str) -> str | None:
        """One line of input without its newline; None at end of input.

        Ctrl-C comes out as KeyboardInterrupt, which callers tell apart from end of input
        (click.prompt turns both into Abort).
        """
        self.stdout.write(self.paint(prompt, bold=True))
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            return None
        reply = line.rstrip("\r\n")
        if self.echo_input:
            self.stdout.write(reply + "\n")
        return reply
