"""The terminal a session talks to: input and output streams, passed in, never global.

Like httpie's Environment: the session never touches sys.stdin or sys.stdout itself, so a
test can play a whole session with StringIO streams, and a pty test covers the real thing.

Everything written to a terminal goes through `printable` first, here and in every message
of the CLI: bank text holds no control characters (quizgen.bank.text refuses them at load), but
replies, file names and option values may, and a terminal would obey them (ESC sequences
set the window title, write the clipboard, clear the screen, move the cursor; BEL rings;
CR overwrites a line). They are shown escaped instead (`\x1b`), as are bidi overrides, the
invisible characters the text rule refuses (`\u200b`), line separators and lone surrogates.
A terminal whose encoding cannot show a character (PYTHONIOENCODING=ascii) gets plain
symbols for quizgen's own (✓ becomes +) and a backslash escape for the rest.
Text is word-wrapped to the terminal's width, read again for every line so that a resized
window takes effect at once (80 columns when output is not a terminal).
"""

from __future__ import annotations

import codecs
import os
import re
from typing import TextIO

import click

from quizgen.bank import text as rule
from quizgen.study.wrap import DEFAULT_WIDTH, wrap

# What quizgen.bank.text keeps out of bank text (controls but newline and tab, bidi controls,
# invisible characters, noncharacters, lone surrogates: undecodable bytes of a file name),
# and line and paragraph separators. Joiners and direction marks that scripts need stay.
_UNPRINTABLE = re.compile(
    f"[{rule.CONTROLS}{rule.BIDI}{rule.INVISIBLE}{rule.NONCHARACTERS}{rule.SURROGATES}\u2028\u2029]"
)
# quizgen's own symbols, for a terminal that cannot encode them.
_PLAIN = str.maketrans(
    {
        "✓": "+",
        "✗": "x",
        "·": "-",
        "─": "-",
        "█": "#",
        "░": ".",
        "–": "-",
        "—": "-",
        "…": "...",
        "→": "->",
        "«": '"',
        "»": '"',
    }
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str, encoding: str | None = None) -> str:
    """Text a terminal shows as text and never obeys; fitted to `encoding` when one is given."""
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(_escaped, text)
    if encoding is not None and not _is_utf(encoding):
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            text = text.translate(_PLAIN).encode(encoding, "backslashreplace").decode(encoding)
        except LookupError:  # an encoding Python does not know: leave the text to the stream
            pass
    return text


def _is_utf(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def stream_encoding(stream: TextIO) -> str | None:
    return getattr(stream, "encoding", None)


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
    __slots__ = ("colour", "echo_input", "encoding", "fixed_width", "stdin", "stdout")

    def __init__(
        self, stdin: TextIO, stdout: TextIO, colour: bool = False, echo_input: bool = False, width: int | None = None
    ) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.colour = colour
        # Echo replies read from a pipe, so a scripted session's output reads like a transcript.
        self.echo_input = echo_input
        self.fixed_width = width  # None: measure the terminal each time; 0: no wrapping
        encoding = stream_encoding(stdout)
        self.encoding = None if encoding is None or _is_utf(encoding) else encoding

    def __repr__(self) -> str:
        return (
            f"Terminal({self.stdin!r}, {self.stdout!r}, colour={self.colour}, echo_input={self.echo_input}, "
            f"width={self.fixed_width})"
        )

    @property
    def width(self) -> int:
        return self.fixed_width if self.fixed_width is not None else columns_of(self.stdout)

    @classmethod
    def of(cls, stdin: TextIO, stdout: TextIO, no_color: bool = False) -> Terminal:
        return cls(stdin, stdout, colour=wants_colour(stdout, no_color), echo_input=not _isatty(stdin))

    def say(self, text: str = "", **style: object) -> None:
        """One line (wrapped between words), made printable, then styled when colour is on."""
        text = wrap(printable(text, self.encoding), self.width)
        if self.colour and style:
            text = click.style(text, **style)  # type: ignore[arg-type]
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def put(self, *painted: str) -> None:
        """One line of pieces that paint() made safe (and styled), wrapped between words."""
        self.stdout.write(wrap("".join(painted), self.width) + "\n")
        self.stdout.flush()

    def paint(self, text: str, **style: object) -> str:
        """Text made printable for this terminal, then styled when colour is on."""
        text = printable(text, self.encoding)
        return click.style(text, **style) if self.colour and style else text  # type: ignore[arg-type]

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
            self.stdout.write(self.paint(reply) + "\n")
        return reply
