"""Items that answer each other: what a set of questions for one sheet must never hold.

Two questions may not share a sheet (a worksheet version, a quiz, an export) when:

- they ask about the same fact;
- the bank marks their facts as revealing each other (`reveals`);
- one shows the other's answer: an accepted answer of its facts, as words ("Lee Kuan Yew School"
  in a stem that another item asks for), or as a number however written ("30th anniversary",
  "thirty years" and "3 decades" all show 30; "G4 City" shows 4).

"Shows" means anything printed with the item: stem, statement, options, matching items,
events. Everything is compared after `answers.normalise` (case, accents, punctuation), and
numbers by value. `AnswerIndex` holds every fact's answer once per bank, so finding the facts
whose answers a text shows costs about the length of the text; `RevealIndex` keeps, for the
questions chosen so far, which facts they use and which answers they show, so checking a new
question costs about the length of its own text, whatever the size of the bank or the set.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import NamedTuple, assert_never

from quizgen.bank.compare import normalise, numbers_in
from quizgen.bank.model import Fact
from quizgen.questions.kinds import (
    Cloze,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)

# Ordering: knowing the dates of two of its events gives part of the order away.
_ORDERING_NEEDS = 2


class NumberMark(NamedTuple):
    numbers: frozenset[float]
    needed: int  # how many of them a text must show


class Marks(NamedTuple):
    """What gives a question's answer away: word sequences and numbers."""

    phrases: tuple[tuple[str, ...], ...]
    numbers: tuple[NumberMark, ...]


class Shown(NamedTuple):
    """What a question shows: its words in order, and its numbers."""

    tokens: tuple[str, ...]
    numbers: frozenset[float]


def shown_texts(question: Question) -> tuple[str, ...]:
    match question:
        case MultipleChoice():
            return (question.prompt, *question.options)
        case TrueFalse():
            return (question.prompt,)
        case Cloze():
            return (question.before, question.after)
        case ShortAnswer() | NumericAnswer():
            return (question.prompt,)
        case Matching():
            return (question.prompt, *question.items, *question.options)
        case Ordering():
            return (question.prompt, *question.events)
        case _:
            assert_never(question)


def shown(question: Question) -> Shown:
    texts = shown_texts(question)
    tokens: list[str] = []
    for text in texts:
        tokens += normalise(text).split()
        tokens.append("\x00")  # no phrase runs from one option into the next
    numbers: frozenset[float] = frozenset().union(*(numbers_in(text) for text in texts))
    return Shown(tuple(tokens), numbers)


def fact_marks(fact: Fact) -> Marks:
    """The forms of a fact's answer that give it away when another item shows them.

    The answer itself always counts; an alternative only when it is specific (a name or
    acronym, or two words or more): "similar" or "the same" in another stem reveal nothing.
    """
    forms = [fact.answer, *fact.alternatives]
    if fact.cloze:
        from quizgen.bank.cloze import parts

        forms.append(parts(fact.cloze)[1])
    phrases: dict[tuple[str, ...], None] = {}
    numbers: dict[frozenset[float], None] = {}
    for index, form in enumerate(forms):
        found = numbers_in(form)
        if found:
            numbers[found] = None
        words = tuple(normalise(form).split())
        if not words or all(word.replace(" ", "").isdigit() for word in words):
            continue
        specific = index == 0 or len(words) >= 2 or any(char.isupper() for char in form)
        if specific:
            phrases[words] = None
    if fact.numeric is not None:
        numbers[frozenset({fact.numeric.value})] = None
    return Marks(tuple(phrases), tuple(NumberMark(n, len(n)) for n in numbers))


class AnswerIndex:
    """Every fact's answer marks, to find the facts whose answers a text shows; and which facts
    the bank marks as revealing each other (`reveals`, read both ways)."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        self.numbers: dict[float, list[tuple[NumberMark, str]]] = {}
        self.related: dict[str, set[str]] = {}
        for fact in facts:
            marks = fact_marks(fact)
            for phrase in marks.phrases:
                self.phrases.setdefault(phrase, []).append(fact.id)
            for mark in marks.numbers:
                for number in mark.numbers:
                    self.numbers.setdefault(number, []).append((mark, fact.id))
            for other in fact.reveals:
                self.related.setdefault(fact.id, set()).add(other)
                self.related.setdefault(other, set()).add(fact.id)
        self.lengths = sorted({len(phrase) for phrase in self.phrases})

    def shown_in(self, seen: Shown) -> dict[str, str]:
        """The facts whose answer the text shows: fact id -> the form it shows."""
        found: dict[str, str] = {}
        tokens = seen.tokens
        for length in self.lengths:
            for start in range(len(tokens) - length + 1):
                for fact_id in self.phrases.get(tokens[start : start + length], ()):
                    found.setdefault(fact_id, " ".join(tokens[start : start + length]))
        for number in seen.numbers:
            for mark, fact_id in self.numbers.get(number, ()):
                if mark.numbers <= seen.numbers:
                    found.setdefault(fact_id, _figure(mark.numbers))
        return found


@functools.lru_cache(maxsize=2)  # every writer of one build selects from the same bank
def answer_index(facts: tuple[Fact, ...]) -> AnswerIndex:
    return AnswerIndex(facts)


def _ordering_years(question: Ordering) -> frozenset[float]:
    return frozenset(float(date[:4]) for date in question.dates)


class RevealIndex:
    """The questions chosen for one sheet, and what each checks a new one against."""

    def __init__(self, answers: AnswerIndex) -> None:
        self.answers = answers
        self.owner: dict[str, str] = {}  # fact id -> id of the chosen question that asks about it
        self.marked: dict[str, str] = {}  # fact id -> chosen question with a fact the bank marks as revealing it
        self.shows: dict[str, tuple[str, str]] = {}  # fact id -> (chosen question showing its answer, the form)
        self.numbers: dict[str, frozenset[float]] = {}  # chosen question -> the numbers it shows
        self.orderings: list[tuple[frozenset[float], str]] = []  # the chosen orderings' years

    def __len__(self) -> int:
        return len(self.numbers)

    def conflict(self, question: Question) -> str | None:
        """Why `question` may not join the chosen ones, or None."""
        for fact_id in question.fact_ids:
            if fact_id in self.owner:
                return f"asks again about fact '{fact_id}' (in {self.owner[fact_id]})"
            if fact_id in self.marked:
                return f"the bank marks fact '{fact_id}' and a fact of {self.marked[fact_id]} as revealing each other"
        if isinstance(question, Ordering):  # its answer is an order: two of its dates give part of it
            years = _ordering_years(question)
            for owner, numbers in self.numbers.items():
                if len(years & numbers) >= _ORDERING_NEEDS:
                    return f"{owner} shows {_figure(years & numbers)}, the dates of its events"
        else:
            for fact_id in question.fact_ids:
                if fact_id in self.shows:
                    owner, form = self.shows[fact_id]
                    return f"its answer '{form}' is shown by {owner}"
        seen = shown(question)
        for fact_id, form in self.answers.shown_in(seen).items():
            if fact_id in self.owner and fact_id not in question.fact_ids:
                return f"shows '{form}', the answer of {self.owner[fact_id]}"
        for years, owner in self.orderings:
            if len(years & seen.numbers) >= _ORDERING_NEEDS:
                return f"shows {_figure(years & seen.numbers)}, the dates of the events of {owner}"
        return None

    def add(self, question: Question) -> None:
        seen = shown(question)
        for fact_id in question.fact_ids:
            self.owner[fact_id] = question.id
            for other in self.answers.related.get(fact_id, ()):
                self.marked.setdefault(other, question.id)
        for fact_id, form in self.answers.shown_in(seen).items():
            if fact_id not in question.fact_ids:
                self.shows.setdefault(fact_id, (question.id, form))
        self.numbers[question.id] = seen.numbers
        if isinstance(question, Ordering):
            self.orderings.append((_ordering_years(question), question.id))


def _figure(numbers: Iterable[float]) -> str:
    return ", ".join(f"{n:g}" for n in sorted(numbers))


def revealing_pairs(questions: Iterable[Question], facts: Mapping[str, Fact]) -> list[tuple[str, str, str]]:
    """Every (question id, question id, why) pair of a set that may not share a sheet."""
    chosen = list(questions)
    answers = AnswerIndex(facts.values())
    pairs = []
    for index, question in enumerate(chosen):
        for other in chosen[index + 1 :]:
            single = RevealIndex(answers)
            single.add(other)
            reason = single.conflict(question)
            if reason:
                pairs.append((other.id, question.id, reason))
    return pairs
