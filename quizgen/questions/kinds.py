"""The seven kinds of question, each its own frozen record that owns its solution and grading.

Writers and the quiz handle a `Question` by an exhaustive `match` over these classes, ending in
`assert_never`, so a new kind is a type error wherever it is not handled yet, never a silent
fall-through to another kind's rendering.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import ClassVar, NamedTuple, Self

from quizgen.bank.model import Citation, Numeric
from quizgen.questions.answers import check_number, check_text

BLANK = "_____"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TRUE_FALSE = ("True", "False")


class Kind(StrEnum):
    MCQ = "mcq"
    TF = "tf"
    CLOZE = "cloze"
    SHORT = "short"
    NUMERIC = "numeric"
    MATCHING = "matching"
    ORDERING = "ordering"

    @property
    def title(self) -> str:  # type: ignore[override]  # a kind's display name, not str.title()
        return _TITLES[self]


_TITLES = {
    Kind.MCQ: "Multiple choice",
    Kind.TF: "True or false",
    Kind.CLOZE: "Fill in the blank",
    Kind.SHORT: "Short answer",
    Kind.NUMERIC: "Numeric answer",
    Kind.MATCHING: "Matching",
    Kind.ORDERING: "Timeline ordering",
}


class Outcome(NamedTuple):
    """A graded response."""

    correct: bool
    near_miss: bool = False
    note: str = ""  # e.g. "accepted as a near miss of '...'", "3 of 4 pairs right"
    facts: tuple[tuple[str, bool], ...] = ()  # (fact id, right) for each fact the question covers


# The two abstract bases make no __init__, __repr__ or __eq__ of their own: each kind makes
# its own over all its fields, and every generated method costs the quiz's start-up ~0.1 ms.
@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class _Question:
    """What every kind of question has: its id, facts, topic, prompt, explanation and citations."""

    id: str
    fact_ids: tuple[str, ...]
    topic: str
    prompt: str
    explanation: str
    citations: tuple[Citation, ...]
    difficulty: int = 2

    @property
    def fact_id(self) -> str:
        """The fact of a single-fact question."""
        return self.fact_ids[0]

    def _single(self, correct: bool, near_miss: bool = False, note: str = "") -> Outcome:
        return Outcome(correct, near_miss, note, ((self.fact_ids[0], correct),))


@dataclass(frozen=True, slots=True, kw_only=True)
class MultipleChoice(_Question):
    """Four options, one right (`correct`, its index)."""

    kind: ClassVar[Kind] = Kind.MCQ
    options: tuple[str, ...]
    correct: int  # index of the right option

    @property
    def answer(self) -> str:
        return self.options[self.correct]

    def grade(self, choice: int) -> Outcome:
        return self._single(choice == self.correct)

    def with_correct_at(self, position: int, rng: random.Random) -> MultipleChoice:
        """The same options with the right one at `position` and the wrong ones shuffled."""
        wrong = [option for index, option in enumerate(self.options) if index != self.correct]
        rng.shuffle(wrong)
        wrong.insert(position, self.answer)
        return replace(self, options=tuple(wrong), correct=position)

    def shuffled(self, rng: random.Random) -> MultipleChoice:
        return self.with_correct_at(rng.randrange(len(self.options)), rng)


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalse(_Question):
    """`prompt` is the statement; `truth` whether it is true."""

    kind: ClassVar[Kind] = Kind.TF
    truth: bool
    options: ClassVar[tuple[str, ...]] = TRUE_FALSE

    @property
    def answer(self) -> str:
        return TRUE_FALSE[0] if self.truth else TRUE_FALSE[1]

    @property
    def correct(self) -> int:
        return 0 if self.truth else 1

    def grade(self, says_true: bool) -> Outcome:
        return self._single(says_true == self.truth)

    def shuffled(self, rng: random.Random) -> Self:
        return self


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class _Typed(_Question):
    """A question answered by typing: graded against every accepted answer (and the number)."""

    answer: str
    accepted: tuple[str, ...]  # every typed answer that counts; the first is the main one
    numeric: Numeric | None = None

    def grade(self, text: str) -> Outcome:
        """By number when the fact is numeric and the reply holds one number (a wrong number is
        wrong, never a near miss of the text), else by lenient text match (quizgen.questions.answers)."""
        if self.numeric is not None:
            number = check_number(text, self.numeric.value, self.numeric.tolerance)
            if number is not None:
                note = "accepted within the tolerance" if number.correct and number.near_miss else ""
                return self._single(number.correct, number.near_miss, note)
        verdict = check_text(text, self.accepted)
        return self._single(verdict.correct, verdict.near_miss, verdict.note)

    def shuffled(self, rng: random.Random) -> Self:
        return self


@dataclass(frozen=True, slots=True, kw_only=True)
class Cloze(_Typed):
    """A sentence with a blank: `prompt` is `before + BLANK + after`."""

    kind: ClassVar[Kind] = Kind.CLOZE
    before: str
    after: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortAnswer(_Typed):
    """A question whose answer is typed."""

    kind: ClassVar[Kind] = Kind.SHORT


@dataclass(frozen=True, slots=True, kw_only=True)
class NumericAnswer(_Typed):
    """A question whose answer is a number, typed with or without its unit."""

    kind: ClassVar[Kind] = Kind.NUMERIC
    numeric: Numeric


def _pieces(right: tuple[bool, ...], fact_ids: tuple[str, ...], unit: str) -> Outcome:
    correct = all(right)
    note = "" if correct else f"{sum(right)} of {len(right)} {unit} right"
    return Outcome(correct, note=note, facts=tuple(zip(fact_ids, right, strict=True)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Matching(_Question):
    """Pair each item (a fact's question) with its option (the fact's answer)."""

    kind: ClassVar[Kind] = Kind.MATCHING
    items: tuple[str, ...]
    options: tuple[str, ...]
    matches: tuple[int, ...]  # for each item, the index of its option

    @property
    def answer(self) -> str:
        return "; ".join(f"{item} - {self.options[m]}" for item, m in zip(self.items, self.matches, strict=True))

    def grade(self, matches: tuple[int, ...]) -> Outcome:
        """Each fact is right or wrong on its own: its pair."""
        right = tuple(given == wanted for given, wanted in zip(matches, self.matches, strict=True))
        return _pieces(right, self.fact_ids, "pairs")

    def shuffled(self, rng: random.Random) -> Matching:
        # Move options, then items, and follow the pairs along; never show each item's answer
        # beside it (the first with A, the second with B, ...).
        while True:
            option_order = list(range(len(self.options)))
            rng.shuffle(option_order)
            moved = [option_order.index(m) for m in self.matches]
            item_order = list(range(len(self.items)))
            rng.shuffle(item_order)
            matches = tuple(moved[j] for j in item_order)
            if matches != tuple(range(len(matches))) or len(matches) < 2:
                break
        return replace(
            self,
            options=tuple(self.options[j] for j in option_order),
            items=tuple(self.items[j] for j in item_order),
            fact_ids=tuple(self.fact_ids[j] for j in item_order),
            matches=matches,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Ordering(_Question):
    """Put dated events in order. `events` as shown; `order` the shown indices, earliest first."""

    kind: ClassVar[Kind] = Kind.ORDERING
    events: tuple[str, ...]
    dates: tuple[str, ...]  # the date of each event as shown (YYYY, YYYY-MM or YYYY-MM-DD)
    order: tuple[int, ...]

    @property
    def answer(self) -> str:
        return "; ".join(f"{self.dates[i][:4]} {self.events[i]}" for i in self.order)

    @property
    def chronological_fact_ids(self) -> tuple[str, ...]:
        return tuple(self.fact_ids[i] for i in self.order)

    def grade(self, order: tuple[int, ...]) -> Outcome:
        """Each event is right or wrong on its own: its place."""
        right = tuple(given == wanted for given, wanted in zip(order, self.order, strict=True))
        return _pieces(right, self.chronological_fact_ids, "places")

    def shuffled(self, rng: random.Random) -> Ordering:
        # Never show the events already in order.
        shown = list(range(len(self.events)))
        while True:
            rng.shuffle(shown)
            order = tuple(shown.index(i) for i in self.order)
            if order != tuple(range(len(order))) or len(order) < 2:
                break
        return replace(
            self,
            events=tuple(self.events[j] for j in shown),
            dates=tuple(self.dates[j] for j in shown),
            fact_ids=tuple(self.fact_ids[j] for j in shown),
            order=order,
        )


Question = MultipleChoice | TrueFalse | Cloze | ShortAnswer | NumericAnswer | Matching | Ordering
TypedQuestion = Cloze | ShortAnswer | NumericAnswer
