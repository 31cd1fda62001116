"""Word wrap for the terminal: lines break between words, never inside one.

A line that fits is left exactly as it is (tables keep their spacing). A longer one breaks at
spaces; its continuation lines hang under the text after the line's indent and list marker
(`  a) `, `  3. `, `  - `) or short label (`Due now     `, `1/10  `: text, then two spaces or
more), so options, feedback and figures keep their shape. A word wider than the
whole line is not cut: it stands on a line of its own and the terminal folds it.
Widths are display columns: East Asian wide letters and most emoji take two, combining marks
and format characters none, and colour escape sequences none.
"""

from __future__ import annotations

import re
import unicodedata

DEFAULT_WIDTH = 80  # when output is not a terminal (a pipe, a file)
_MARKER = re.compile(r" *(?:(?:[a-z]\)|\d{1,3}\.|-) +|[^ ](?:[^ ]| (?! )){0,38}  +)?")
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_NARROWEST = 20  # below this many columns of text a hanging indent costs more than it shows


def columns(text: str) -> int:
    """How many terminal columns `text` takes."""
    if text.isascii():
        return len(_SGR.sub("", text)) if "\x1b" in text else len(text)
    total = 0
    for char in _SGR.sub("", text):
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def wrap(text: str, width: int) -> str:
    """`text` with each of its lines broken between words to at most `width` columns."""
    if width <= 0:
        return text
    return "\n".join(_wrap_line(line, width) for line in text.split("\n"))


def _wrap_line(line: str, width: int) -> str:
    if columns(line) <= width:
        return line
    head = _MARKER.match(line)
    lead = head.group(0) if head else ""
    hang = " " * columns(lead)
    if width - len(hang) < _NARROWEST:
        hang = ""
    lines: list[str] = []
    current, used, gap = lead, columns(lead), ""  # gap: the spaces after the last word, kept inside a line
    for word, spaces in re.findall(r"([^ ]+)( *)", line[len(lead) :]):
        size = columns(word)
        if current.strip() and used + len(gap) + size > width:
            lines.append(current)
            current, used, gap = hang, len(hang), ""
        current += gap + word
        used += len(gap) + size
        gap = spaces
    lines.append(current)
    return "\n".join(lines)
