"""Lenient, honest checking of typed answers.

Case, accents, punctuation and spacing never matter; accepted alternatives count; a small
typo budget scaled by length forgives slips (and says so); numbers are read with their scale
words and currency marks, so "1.9 billion", "1,9 bn" and "$1.9bn" are one value.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def normalise(text: str) -> str:
    """Fold text for comparison: no case, accents, punctuation, extra spaces or invisible joiners."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        # Accents and other combining marks; format characters (joiners, direction marks),
        # which the text rule lets in for scripts that need them but which show nothing.
        if category == "Mn" or category == "Cf":
            continue
        kept.append(char if category[0] in "LN" else " ")
    folded = " ".join("".join(kept).split())
    return _LEADING_ARTICLE.sub("", folded)


def typo_budget(length: int) -> int:
    """Edits forgiven in an answer of this many characters: none for short words."""
    if length <= 4:
        return 0
    if length <= 10:
        return 1
    return 2 if length <= 20 else 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap counts once), stopping early past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


_SCALES = {
    "thousand": 1e3, "k": 1e3, "thousands": 1e3,
    "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "mio": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
}
_NUMBER = re.compile(r"[-+]?\d[\d,. \u00a0']*")


def parse_number(text: str) -> float | None:
    """Read a number with an optional scale word: '1.9 billion', '1,9 bn', '$1.9bn', '310m'.

    A comma is a thousands separator only before groups of exactly three digits
    (1,900,000); otherwise it is a decimal comma (1,9). Returns None when the text holds
    no number, or more than one.
    """
    cleaned = text.strip().casefold().replace("us$", " ").replace("$", " ").replace("€", " ")
    matches = [m for m in _NUMBER.finditer(cleaned) if any(c.isdigit() for c in m.group())]
    if len(matches) != 1:
        return None
    match = matches[0]
    digits = match.group().strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    digits = digits.rstrip(".,")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", digits):
        digits = digits.replace(",", "")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+,\d+", digits):  # 1.900,5 (European)
        digits = digits.replace(".", "").replace(",", ".")
    elif digits.count(",") == 1 and "." not in digits:
        digits = digits.replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    rest = cleaned[match.end():].strip()
    word = re.match(r"[a-z]+", rest)
    # A one-letter scale counts only when attached ("310m", "$2b"): "100 m" is 100 metres.
    attached = not match.group()[-1].isspace()
    if word and word.group() in _SCALES and (len(word.group()) > 1 or attached):
        value *= _SCALES[word.group()]
    return value


class Verdict(NamedTuple):
    correct: bool
    near_miss: bool = False  # right, but only within the typo budget or tolerance
    matched: str = ""  # the accepted answer it matched

    @property
    def note(self) -> str:
        if self.correct and self.near_miss:
            return f"accepted as a near miss of '{self.matched}'"
        return ""


def check_text(given: str, accepted: tuple[str, ...]) -> Verdict:
    """Check a typed answer against the accepted answers (the first is the main one)."""
    reply = normalise(given)
    if not reply:
        return Verdict(False)
    forms = [(answer, normalise(answer)) for answer in accepted]
    for answer, form in forms:
        if reply == form or reply.replace(" ", "") == form.replace(" ", ""):
            return Verdict(True, False, answer)
    for answer, form in forms:
        budget = typo_budget(len(form))
        if budget and edit_distance(reply, form, budget) <= budget:
            return Verdict(True, True, answer)
    return Verdict(False)


def check_number(given: str, value: float, tolerance: float) -> Verdict | None:
    """Check a typed number; None when the reply holds no single number."""
    number = parse_number(given)
    if number is None:
        return None
    difference = abs(number - value)
    if difference <= max(tolerance, abs(value) * 1e-9):
        return Verdict(True, difference > abs(value) * 1e-9, "")
    return Verdict(False)
