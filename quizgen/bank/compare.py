"""How texts and numbers compare: text folded for equality, the distance between two words,
numbers read however they are written ("1.9 billion", "$1.9bn", "three decades", "30th").

The bank's checks (a distractor equal to the answer), the question engine (which items give
each other away) and the grading of typed answers all compare text this one way.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


_ASCII_OTHER = re.compile(r"[^a-z0-9]+")


# Checks ask about the same few texts of a fact many times in a row (lint's rules, the reveal
# index): a small cache of the latest answers serves them.
@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Fold text for comparison: no case, accents, punctuation, extra spaces or invisible joiners."""
    if text.isascii():  # the same result as below, without a Python step per character
        folded = " ".join(_ASCII_OTHER.sub(" ", text.lower()).split())
        # = _LEADING_ARTICLE.sub("", folded), without a regex call
        return folded[folded.index(" ") + 1 :] if folded.startswith(("the ", "a ", "an ")) else folded
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


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap counts once), stopping early past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if limit == 1:  # "one edit apart?" (lint asks it of every option pair): no table needed
        return _within_one(a, b)
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


def _within_one(a: str, b: str) -> int:
    """edit_distance(a, b, 1) for strings whose lengths differ by at most one."""
    if a == b:
        return 0
    same = 0
    for char_a, char_b in zip(a, b, strict=False):  # lengths may differ by one
        if char_a != char_b:
            break
        same += 1
    if len(a) == len(b):  # one substitution, or one swap of neighbours
        swapped = a[same + 1 : same + 2] + a[same : same + 1] == b[same : same + 2] and a[same + 2 :] == b[same + 2 :]
        return 1 if a[same + 1 :] == b[same + 1 :] or swapped else 2
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return 1 if longer[same + 1 :] == shorter[same:] else 2


_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "thousands": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mio": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "trillions": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "decade": 10,
    "decades": 10,
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
    if not matches:
        return words_number(cleaned)
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
    rest = cleaned[match.end() :].strip()
    word = re.match(r"[a-z]+", rest)
    # A one-letter scale counts only when attached ("310m", "$2b"): "100 m" is 100 metres.
    attached = not match.group()[-1].isspace()
    if word and word.group() in _SCALES and (len(word.group()) > 1 or attached):
        value *= _SCALES[word.group()]
    return value


_UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_TENS = {
    word: 10 * value for value, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_WORD_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINALS = {
    word: value
    for value, word in enumerate(
        "third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
        "sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        3,
    )
} | {
    word: 10 * value
    for value, word in enumerate("thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), 3)
}
_NUMBER_WORD = re.compile(r"[a-z]+")
# Every word that can be part of a number written in words.
_NUMBER_WORDS = frozenset([*_UNITS, *_TENS, *_WORD_SCALES, *_ORDINALS, "decade", "decades"])


def _word_runs(text: str) -> list[list[str]]:
    """Runs of number words in a text: 'thirty-five years and four' -> [['thirty', 'five'], ['four']]."""
    return _runs(_NUMBER_WORD.findall(text.casefold()))


def _runs(words: list[str]) -> list[list[str]]:
    runs: list[list[str]] = []
    current: list[str] = []
    for word in words:
        if (
            word in _UNITS
            or word in _TENS
            or word in _WORD_SCALES
            or word in ("decade", "decades")
            or (word == "and" and current)
        ):
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run[:-1] if run[-1] == "and" else run for run in runs]


def _run_value(run: list[str]) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for word in run:
        if word in _UNITS:
            current, seen = current + _UNITS[word], True
        elif word in _TENS:
            current, seen = current + _TENS[word], True
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _WORD_SCALES:
            total, current = total + (current or 1) * _WORD_SCALES[word], 0.0
        elif word in ("decade", "decades"):
            current = (current or 1) * 10
    return total + current if seen else None


def words_number(text: str) -> float | None:
    """A number written in words: 'four', 'thirty-five', 'one hundred and nineteen', 'three
    decades' (30). None when the text holds no such number, or more than one."""
    values = [value for value in map(_run_value, _word_runs(text)) if value is not None]
    return values[0] if len(values) == 1 else None


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_NEXT_WORD = re.compile(r"\s*([a-z]+)")


@functools.lru_cache(maxsize=4096)
def numbers_in(text: str) -> frozenset[float]:
    """Every number a reader sees in a text: digits ('30th' is 30, 'G4' is 4), with their
    scale word ('1.9 billion'), number words ('thirty', 'three decades') and ordinals ('thirtieth')."""
    low = text.casefold()
    found: set[float] = set()
    for match in _DIGITS.finditer(low):
        digits = match.group()
        if "," not in digits:  # neither thousands nor a decimal comma
            pass
        elif _THOUSANDS.fullmatch(digits):
            digits = digits.replace(",", "")
        elif digits.count(",") == 1 and "." not in digits:
            digits = digits.replace(",", ".")  # a decimal comma, as parse_number reads it
        try:
            value = float(digits)
        except ValueError:  # '1.2.3'
            continue
        word = _NEXT_WORD.match(low, match.end())
        if word and word.group(1) in _SCALES and len(word.group(1)) > 1:
            value *= _SCALES[word.group(1)]
        found.add(value)
    words = _NUMBER_WORD.findall(low)
    if not _NUMBER_WORDS.isdisjoint(words):  # most texts hold no number word: nothing more to read
        found.update(value for value in map(_run_value, _runs(words)) if value is not None)
        found.update(_ORDINALS[word] for word in words if word in _ORDINALS)
    return frozenset(found)
