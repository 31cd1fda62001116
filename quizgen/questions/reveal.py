"""Items that answer each other: what a set of questions for one sheet must never hold.

Two questions may not share a sheet (a worksheet version, a quiz, an export) when:

- they ask about the same fact;
- the bank marks their facts as revealing each other (`reveals`);
- one shows the other's answer: an accepted answer of its facts, as words ("Lee Kuan Yew School"
  in a stem that another item asks for), or as a number however written ("30th anniversary",
  "thirty years" and "3 decades" all show 30; "G4 City" shows 4).

"Shows" means anything printed with the item: stem, statement, options, matching items,
events. Everything is compared after `answers.normalise` (case, accents, punctuation), and
numbers by value. `RevealIndex` keeps the chosen questions indexed both ways, so each check
costs about the length of one item's text, not the size of the set.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import NamedTuple, assert_never

from quizgen.answers import normalise, numbers_in
from quizgen.model import Fact
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


@functools.lru_cache(maxsize=4096)  # each fact's marks serve every question and sheet that uses it
def fact_marks(fact: Fact) -> Marks:
    """The forms of a fact's answer that give it away when another item shows them.

    The answer itself always counts; an alternative only when it is specific (a name or
    acronym, or two words or more): "similar" or "the same" in another stem reveal nothing.
    """
    forms = [fact.answer, *fact.alternatives]
    if fact.cloze:
        from quizgen.cloze import parts

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


def question_marks(question: Question, facts: Mapping[str, Fact]) -> Marks:
    if isinstance(question, Ordering):
        years = frozenset(float(date[:4]) for date in question.dates)
        return Marks((), (NumberMark(years, _ORDERING_NEEDS),))
    marks = [fact_marks(facts[fact_id]) for fact_id in question.fact_ids]
    return Marks(tuple(p for m in marks for p in m.phrases), tuple(n for m in marks for n in m.numbers))


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...], start: int) -> bool:
    return tokens[start:start + len(phrase)] == phrase


class RevealIndex:
    """The questions chosen for one sheet, indexed so a new one is checked against all of them."""

    def __init__(self, facts: Mapping[str, Fact]) -> None:
        self.facts = facts
        self.owner: dict[str, str] = {}  # fact id -> id of the chosen question that uses it
        self.order: dict[str, int] = {}  # fact id -> when it was chosen
        # fact id -> the first chosen fact whose `reveals` names it: (fact id, its question)
        self.revealed_by: dict[str, tuple[str, str]] = {}
        self.shown: dict[str, Shown] = {}
        # first word -> phrase length -> phrase -> (order added, question): a text's phrases are
        # looked up, not compared with every chosen answer that starts alike.
        self.marks_by_first_word: dict[str, dict[int, dict[tuple[str, ...], tuple[int, str]]]] = {}
        self.marks_by_number: dict[float, list[tuple[NumberMark, str]]] = {}
        self.word_postings: dict[str, set[str]] = {}
        self.number_postings: dict[float, set[str]] = {}
        self._last: tuple[Question, Shown, Marks] | None = None

    def __len__(self) -> int:
        return len(self.shown)

    def conflict(self, question: Question) -> str | None:
        """Why `question` may not join the chosen ones, or None."""
        for fact_id in question.fact_ids:
            if fact_id in self.owner:
                return f"asks again about fact '{fact_id}' (in {self.owner[fact_id]})"
            for other in self.facts[fact_id].reveals:
                if other in self.owner:
                    return f"the bank marks fact '{fact_id}' as revealing '{other}' (in {self.owner[other]})"
        marked = [self.revealed_by[mine] for mine in question.fact_ids if mine in self.revealed_by]
        if marked:
            fact_id, owner = min(marked, key=lambda found: self.order[found[0]])
            return f"the bank marks fact '{fact_id}' (in {owner}) as revealing this one"
        seen, marks = self._read(question)
        reason = self._shows_a_chosen_answer(seen)
        if reason:
            return reason
        return self._answer_shown_by_chosen(marks)

    def _read(self, question: Question) -> tuple[Shown, Marks]:
        """What a question shows and what gives it away, kept for the add() that follows a check."""
        if self._last is None or self._last[0] is not question:
            self._last = (question, shown(question), question_marks(question, self.facts))
        return self._last[1], self._last[2]

    def _shows_a_chosen_answer(self, seen: Shown) -> str | None:
        for start, word in enumerate(seen.tokens):
            found = [(mark, phrase) for length, phrases in self.marks_by_first_word.get(word, {}).items()
                     for phrase in (seen.tokens[start:start + length],) if (mark := phrases.get(phrase))]
            if found:
                (_, owner), phrase = min(found)
                return f"shows '{' '.join(phrase)}', the answer of {owner}"
        for number in seen.numbers:
            for mark, owner in self.marks_by_number.get(number, ()):
                if len(mark.numbers & seen.numbers) >= mark.needed:
                    return f"shows {_figure(mark.numbers & seen.numbers)}, the answer of {owner}"
        return None

    def _answer_shown_by_chosen(self, marks: Marks) -> str | None:
        for phrase in marks.phrases:
            postings = sorted((self.word_postings.get(word, set()) for word in phrase), key=len)
            for owner in sorted(postings[0].intersection(*postings[1:])):
                tokens = self.shown[owner].tokens
                if any(_contains(tokens, phrase, i) for i, word in enumerate(tokens) if word == phrase[0]):
                    return f"its answer '{' '.join(phrase)}' is shown by {owner}"
        for mark in marks.numbers:
            counts: dict[str, int] = {}
            for number in mark.numbers:
                for owner in self.number_postings.get(number, ()):
                    counts[owner] = counts.get(owner, 0) + 1
            for owner, count in sorted(counts.items()):
                if count >= mark.needed:
                    return f"its answer ({_figure(mark.numbers)}) is shown by {owner}"
        return None

    def add(self, question: Question) -> None:
        for fact_id in question.fact_ids:
            self.owner[fact_id] = question.id
            self.order[fact_id] = len(self.order)
            for other in self.facts[fact_id].reveals:
                self.revealed_by.setdefault(other, (fact_id, question.id))
        seen, marks = self._read(question)
        self.shown[question.id] = seen
        for word in seen.tokens:
            self.word_postings.setdefault(word, set()).add(question.id)
        for number in seen.numbers:
            self.number_postings.setdefault(number, set()).add(question.id)
        for phrase in marks.phrases:
            by_length = self.marks_by_first_word.setdefault(phrase[0], {}).setdefault(len(phrase), {})
            by_length.setdefault(phrase, (len(self.shown), question.id))
        for mark in marks.numbers:
            for number in mark.numbers:
                self.marks_by_number.setdefault(number, []).append((mark, question.id))


def _figure(numbers: Iterable[float]) -> str:
    return ", ".join(f"{n:g}" for n in sorted(numbers))


def revealing_pairs(questions: Iterable[Question], facts: Mapping[str, Fact]) -> list[tuple[str, str, str]]:
    """Every (question id, question id, why) pair of a set that may not share a sheet."""
    chosen = list(questions)
    pairs = []
    for index, question in enumerate(chosen):
        for other in chosen[index + 1:]:
            single = RevealIndex(facts)
            single.add(other)
            reason = single.conflict(question)
            if reason:
                pairs.append((other.id, question.id, reason))
    return pairs
