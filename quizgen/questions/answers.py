"""Lenient, honest checking of typed answers.

Case, accents, punctuation and spacing never matter; accepted alternatives count; a small
typo budget scaled by length forgives slips (and says so); numbers are read with their scale
words and currency marks, so "1.9 billion", "1,9 bn" and "$1.9bn" are one value (quizgen.bank.compare).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from quizgen.bank.compare import edit_distance, normalise, parse_number

_LEADING_PREPOSITION = re.compile(r"^(in|on|at|by|from|during|around|about|approximately|circa) ")


def typo_budget(length: int) -> int:
    """Edits forgiven in an answer of this many characters: none for short words."""
    if length <= 4:
        return 0
    if length <= 10:
        return 1
    return 2 if length <= 20 else 3


class Verdict(NamedTuple):
    correct: bool
    near_miss: bool = False  # right, but only within the typo budget or tolerance
    matched: str = ""  # the accepted answer it matched

    @property
    def note(self) -> str:
        if self.correct and self.near_miss:
            return f"accepted as a near miss of '{self.matched}'" if self.matched else "accepted within the tolerance"
        return ""


def check_text(given: str, accepted: tuple[str, ...]) -> Verdict:
    """Check a typed answer against the accepted answers (the first is the main one)."""
    reply = normalise(given)
    if not reply:
        return Verdict(False)
    if (
        " " in reply
        and _LEADING_PREPOSITION.match(reply)
        and not any(_LEADING_PREPOSITION.match(normalise(answer)) for answer in accepted)
    ):
        reply = _LEADING_PREPOSITION.sub("", reply)  # "in 1993" for "1993": the question asked "in what year"
    forms = [(answer, normalise(answer)) for answer in accepted]
    for answer, form in forms:
        if reply == form or reply.replace(" ", "") == form.replace(" ", ""):
            return Verdict(True, False, answer)
    for answer, form in forms:
        # A list ("multidirectional, balanced"; "trade and investment") in any order.
        if _is_list(answer) and _list_words(reply) == _list_words(form):
            return Verdict(True, False, answer)
    for answer, form in forms:
        budget = typo_budget(len(form))
        if budget and edit_distance(reply, form, budget) <= budget:
            return Verdict(True, True, answer)
    return Verdict(False)


def _is_list(answer: str) -> bool:
    return "," in answer or bool(re.search(r"\s(and|or|&)\s", answer))


def _list_words(form: str) -> list[str]:
    return sorted(word for word in form.split() if word not in ("and", "or"))


def check_number(given: str, value: float, tolerance: float) -> Verdict | None:
    """Check a typed number; None when the reply holds no single number."""
    number = parse_number(given)
    if number is None:
        return None
    difference = abs(number - value)
    if difference <= max(tolerance, abs(value) * 1e-9):
        return Verdict(True, difference > abs(value) * 1e-9, "")
    return Verdict(False)
