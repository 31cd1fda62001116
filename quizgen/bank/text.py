"""What text may enter the model: the one rule for every string of a bank.

Bank text is data in every output, so it may hold any letter, mark, digit, symbol, space,
emoji or script, line breaks and tabs, but nothing that acts instead of showing:

- control characters other than tab and newline (C0, DEL and C1: ESC starts terminal
  escapes, BEL rings, CR rewrites a line, U+001F splits Anki fields, NUL is dropped);
- bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which
  make text read differently from what it holds ("Trojan Source");
- invisible characters no script needs: zero-width space, soft hyphen, word joiner, byte
  order mark, invisible operators, Hangul fillers and their like (Unicode's
  default-ignorable code points), which let two options look equal but differ;
- lone surrogates and noncharacters, which are no characters at all.

Allowed although invisible, because scripts and emoji need them: zero-width joiner and
non-joiner (Persian, Indic scripts, emoji sequences), the left-to-right, right-to-left and
Arabic letter marks, variation selectors, and tag characters inside an emoji flag sequence.
Answer checking ignores them (quizgen.bank.compare.normalise), so they cannot make look-alikes.

Text that passes is stored in Unicode NFC form, with line and paragraph separators
(U+2028, U+2029) as plain newlines. Each output then makes this text safe for its own
medium next to its writer (terminal, Anki fields and deck names, CSV cells, GIFT, PDF).
"""

from __future__ import annotations

import re
import unicodedata

# Character classes (for [...] in a regular expression), shared with the terminal's printable().
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
BIDI = "\u202a-\u202e\u2066-\u2069"
# Default-ignorable code points (Unicode's DerivedCoreProperties) less those scripts need:
# U+034F grapheme joiner, U+061C and U+200E/F marks, U+180B-D/F and U+FE00-F/U+E0100-E01EF
# variation selectors, U+200C/D joiners; tags (U+E0020-E007F) are checked on their own.
INVISIBLE = (
    "\u00ad\u115f\u1160\u17b4\u17b5\u180e\u200b\u2060-\u2065\u206a-\u206f\u3164\ufeff\uffa0"
    "\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e001f\U000e0080-\U000e00ff"
    "\U000e01f0-\U000e0fff"
)
NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
SURROGATES = "\ud800-\udfff"
_TAGS = "\U000e0020-\U000e007f"
# One pass finds anything to look at; a flag's tag sequence (🏴 + tags + cancel tag) is allowed.
_SUSPECT = re.compile(f"[{CONTROLS}{BIDI}{INVISIBLE}{NONCHARACTERS}{SURROGATES}{_TAGS}]")
_EMOJI_TAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_SEPARATORS = re.compile("[\u2028\u2029]")
_ASCII_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # all of _SUSPECT an ASCII text can hold

_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESC",
    0x1F: "UNIT SEPARATOR",
    0x7F: "DEL",
    0x85: "NEXT LINE",
    0x9B: "CSI",
}


def describe(char: str) -> str:
    """'U+001B (ESC)': a character named without writing it."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def plainly_allowed(text: str) -> bool:
    """ASCII without control characters (tab and newline aside): then `text`, and every part of
    it, passes refusal(). Quick enough to ask of a whole file before its strings."""
    return text.isascii() and _ASCII_CONTROLS.search(text) is None


def refusal(text: str) -> str | None:
    """Why `text` may not enter the model (the first offending character), or None."""
    found = _SUSPECT.search(text)
    if found is None:
        return None
    allowed = [match.span() for match in _EMOJI_TAG_SEQUENCE.finditer(text)] if "\U0001f3f4" in text else []
    for match in _SUSPECT.finditer(text, found.start()):
        at = match.start()
        if any(start <= at < end for start, end in allowed):
            continue
        return f"{_kind(match.group())} {describe(match.group())} at character {at + 1}; {_advice(match.group())}"
    return None


def _kind(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "holds the control character"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "holds the bidirectional control"
    if 0xD800 <= code <= 0xDFFF:
        return "holds the lone surrogate"
    if code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return "holds the noncharacter"
    return "holds the invisible character"


def _advice(char: str) -> str:
    code = ord(char)
    if code == 0x0D:
        return "use a plain line break"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "write the text without it (YAML escapes like \\e or \\x1b become real control characters)"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "right-to-left text needs no controls; use U+200E/U+200F marks if needed"
    return "delete it: it shows nothing, and only makes equal-looking text differ"


def clean(text: str) -> str:
    """Accepted text as the model stores it: NFC, line and paragraph separators as newlines."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", _SEPARATORS.sub("\n", text))
    return text


def own(text: str) -> str:
    """A new string equal to text, for a text kept for the whole run whose file is let go (a fact's
    texts, ids). The parser's own strings sit among its nodes, which are freed: each one kept keeps
    its block of memory from being reused whole for the next file (reading 100,000 facts took
    5 s longer)."""
    return "".join((text, ""))  # a join of two strings always makes a new one
