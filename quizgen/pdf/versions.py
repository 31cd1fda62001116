"""Worksheet versions: one question set, re-ordered per version label.

Every version holds the same questions. Each version orders its questions within each
section, its options and its matching/ordering columns with its own `random.Random`, derived
from the seed and the label, so a version is repeatable on its own. The correct option of
four-option questions is dealt from a balanced, shuffled list of positions, as the question
engine does, so no letter collects the answers by chance.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizgen.errors import UsageError
from quizgen.questions import Kind, Question

# Sections in the order they are printed.
SECTION_ORDER = (Kind.MCQ, Kind.TF, Kind.CLOZE, Kind.SHORT, Kind.NUMERIC, Kind.MATCHING, Kind.ORDERING)
DEFAULT_LABELS = ("A", "B")
LETTERS = string.ascii_uppercase
_POINTS = {Kind.MCQ: 1, Kind.TF: 1, Kind.CLOZE: 1, Kind.SHORT: 2, Kind.NUMERIC: 2, Kind.ORDERING: 2}
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")


def points(question: Question) -> int:
    """Marks for a question: matching earns one per pair."""
    if question.kind is Kind.MATCHING:
        return len(question.items)
    return _POINTS[question.kind]


def parse_labels(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """'A,B,C' -> ('A', 'B', 'C'); labels become file names, so they stay short and plain."""
    if text is None:
        return DEFAULT_LABELS
    labels = [s.strip() for s in (text.split(",") if isinstance(text, str) else text) if s.strip()]
    if not labels:
        raise UsageError("give at least one version label, e.g. --versions A,B")
    for label in labels:
        if not _LABEL.fullmatch(label):
            raise UsageError(f"bad version label '{label}': use up to 16 letters, digits, '-' or '_'")
    if len({label.lower() for label in labels}) != len(labels):
        raise UsageError("version labels must differ (ignoring case): they name the files")
    return tuple(labels)


@dataclass(frozen=True)
class Section:
    kind: Kind
    questions: tuple[Question, ...]

    @property
    def points(self) -> int:
        return sum(points(q) for q in self.questions)


@dataclass(frozen=True)
class Version:
    label: str
    sections: tuple[Section, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        """In printed order: question n of the sheet is questions[n - 1]."""
        return tuple(q for s in self.sections for q in s.questions)

    @property
    def total_points(self) -> int:
        return sum(s.points for s in self.sections)


def make_versions(questions: Sequence[Question], seed: int, labels: Sequence[str]) -> list[Version]:
    return [make_version(questions, seed, label) for label in labels]


def make_version(questions: Sequence[Question], seed: int, label: str) -> Version:
    rng = random.Random(f"quizgen-worksheet:{seed}:{label}")
    sections = []
    for kind in SECTION_ORDER:
        chosen = [q for q in questions if q.kind is kind]
        if not chosen:
            continue
        rng.shuffle(chosen)
        if kind is Kind.MCQ:
            chosen = _deal_positions(chosen, rng)
        elif kind is Kind.MATCHING:
            chosen = [_reorder_matching(q, rng) for q in chosen]
        elif kind is Kind.ORDERING:
            chosen = [_reorder_events(q, rng) for q in chosen]
        sections.append(Section(kind, tuple(chosen)))
    return Version(label, tuple(sections))


def _deal_positions(questions: list[Question], rng: random.Random) -> list[Question]:
    by_size: dict[int, list[int]] = {}
    for size in {len(q.options) for q in questions}:
        count = sum(1 for q in questions if len(q.options) == size)
        values = [i % size for i in range(count)]
        rng.shuffle(values)
        by_size[size] = values
    dealt = []
    for q in questions:
        position = by_size[len(q.options)].pop()
        wrong = [o for i, o in enumerate(q.options) if i != q.key[0]]
        rng.shuffle(wrong)
        wrong.insert(position, q.correct_option)
        dealt.append(q._replace(options=tuple(wrong), key=(position,)))
    return dealt


def _reorder_matching(q: Question, rng: random.Random) -> Question:
    # key[i] is the option index of item i; move options, then items, and follow the key along.
    # Never print the pairs side by side (A with the first item, B with the second, ...).
    while True:
        option_order = list(range(len(q.options)))
        rng.shuffle(option_order)
        moved = [option_order.index(k) for k in q.key]
        item_order = list(range(len(q.items)))
        rng.shuffle(item_order)
        key = tuple(moved[j] for j in item_order)
        if key != tuple(range(len(key))) or len(key) < 2:
            break
    return q._replace(options=tuple(q.options[j] for j in option_order),
                   items=tuple(q.items[j] for j in item_order), key=key)


def _reorder_events(q: Question, rng: random.Random) -> Question:
    # key lists shown indices in chronological order; never show the events already in order.
    order = list(range(len(q.options)))
    key = tuple(order)
    while key == tuple(range(len(order))):
        rng.shuffle(order)
        key = tuple(order.index(k) for k in q.key)
    return q._replace(options=tuple(q.options[j] for j in order), key=key)


def key_answer(q: Question) -> str:
    """The answer as the key prints it: a letter, True/False, the text, or letters/numbers in shown order."""
    if q.kind is Kind.MCQ:
        return LETTERS[q.key[0]]
    if q.kind is Kind.TF:
        return q.answer
    if q.kind is Kind.MATCHING:
        return ", ".join(LETTERS[k] for k in q.key)
    if q.kind is Kind.ORDERING:
        return ", ".join(str(q.key.index(i) + 1) for i in range(len(q.options)))
    return q.answer
