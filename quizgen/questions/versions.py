"""Versions of one question set (R/exams' replications): the same questions, re-ordered per label.

Each version orders its questions within each section, its options and its matching/ordering
columns with its own `random.Random`, derived from the seed and the label, so a version is
repeatable on its own. The correct letters of a version are dealt balanced over A-D. Any two
versions are made to differ, and checked when made: in the order of their questions (when
some section has two or more) and in the correct letter of at least half of their
multiple-choice questions, so a neighbour's sheet is no use.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, assert_never

from quizgen.bank.model import Bank
from quizgen.errors import UsageError
from quizgen.questions.engine import Dealer
from quizgen.questions.kinds import (
    LETTERS,
    Cloze,
    Kind,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)

# Sections in the order they are printed.
SECTION_ORDER = (Kind.MCQ, Kind.TF, Kind.CLOZE, Kind.SHORT, Kind.NUMERIC, Kind.MATCHING, Kind.ORDERING)
DEFAULT_LABELS = ("A", "B")
KEY_FORMAT = "quizgen-worksheet-key"
KEY_SCHEMA_VERSION = 1
_POINTS = {Kind.MCQ: 1, Kind.TF: 1, Kind.CLOZE: 1, Kind.SHORT: 2, Kind.NUMERIC: 2, Kind.ORDERING: 2}
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")
_TRIES = 500  # dealings tried per version before saying the versions cannot differ enough


def points(question: Question) -> int:
    """Marks for a question: matching earns one per pair."""
    if isinstance(question, Matching):
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


@dataclass(frozen=True, slots=True)
class Section:
    kind: Kind
    questions: tuple[Question, ...]

    @property
    def points(self) -> int:
        return sum(points(q) for q in self.questions)


@dataclass(frozen=True, slots=True)
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

    @property
    def letters(self) -> dict[str, int]:
        """Question id -> index of the correct option, for the multiple-choice questions."""
        return {q.id: q.correct for q in self.questions if isinstance(q, MultipleChoice)}


def make_versions(questions: Sequence[Question], seed: int, labels: Sequence[str]) -> list[Version]:
    versions: list[Version] = []
    for label in labels:
        versions.append(_version_unlike(questions, seed, label, versions))
    return versions


def _version_unlike(questions: Sequence[Question], seed: int, label: str, others: Sequence[Version]) -> Version:
    rng = random.Random(f"quizgen-worksheet:{seed}:{label}")
    for _ in range(_TRIES):
        version = _deal(questions, rng, label)
        if all(not differences(version, other) for other in others):
            return version
    faults = "; ".join(differences(version, other)[0] for other in others if differences(version, other))
    raise UsageError(
        f"cannot make version {label} differ enough from the others ({faults}): "
        "ask for fewer versions or more (multiple-choice) questions"
    )


def _deal(questions: Sequence[Question], rng: random.Random, label: str) -> Version:
    sections = []
    dealer = Dealer(rng)
    for kind in SECTION_ORDER:
        chosen = [q for q in questions if q.kind is kind]
        if not chosen:
            continue
        rng.shuffle(chosen)
        moved: list[Question] = []
        for question in chosen:
            if isinstance(question, MultipleChoice):
                question = question.with_correct_at(dealer.next_position(), rng)
                dealer.take(question)
            else:
                question = question.shuffled(rng)
            moved.append(question)
        sections.append(Section(kind, tuple(moved)))
    return Version(label, tuple(sections))


def differences(a: Version, b: Version) -> list[str]:
    """How two versions fail to differ as they must (empty when they differ enough)."""
    faults = []
    orderable = any(len(section.questions) > 1 for section in a.sections)
    if orderable and [q.id for q in a.questions] == [q.id for q in b.questions]:
        faults.append(f"versions {a.label} and {b.label} list their questions in the same order")
    letters_a, letters_b = a.letters, b.letters
    same = sum(1 for qid, letter in letters_a.items() if letters_b.get(qid) == letter)
    if letters_a and 2 * (len(letters_a) - same) < len(letters_a):
        faults.append(f"versions {a.label} and {b.label} share {same} of {len(letters_a)} correct letters")
    return faults


def key_answer(q: Question) -> str:
    """The answer as the key prints it: a letter, True/False, the text, or letters/numbers in shown order."""
    match q:
        case MultipleChoice():
            return LETTERS[q.correct]
        case TrueFalse():
            return q.answer
        case Cloze() | ShortAnswer() | NumericAnswer():
            return q.answer
        case Matching():
            return ", ".join(LETTERS[m] for m in q.matches)
        case Ordering():
            return ", ".join(str(q.order.index(i) + 1) for i in range(len(q.events)))
        case _:
            assert_never(q)


def key_entry(number: int, q: Question) -> dict[str, Any]:
    """One question of a version's key, for programs and for marking (see key_document)."""
    entry: dict[str, Any] = {
        "number": number,
        "id": q.id,
        "kind": str(q.kind),
        "points": points(q),
        "fact_ids": list(q.fact_ids),
        "prompt": q.prompt,
    }
    match q:
        case MultipleChoice() | TrueFalse():
            entry |= {"options": list(q.options), "key": [q.correct]}
        case Cloze() | ShortAnswer() | NumericAnswer():
            entry["accepted"] = list(q.accepted)
            if q.numeric is not None:
                entry["numeric"] = {"value": q.numeric.value, "unit": q.numeric.unit, "tolerance": q.numeric.tolerance}
        case Matching():
            entry |= {"items": list(q.items), "options": list(q.options), "key": list(q.matches)}
        case Ordering():
            entry |= {"options": list(q.events), "key": list(q.order)}
        case _:
            assert_never(q)
    entry["answer"] = key_answer(q)
    return entry


def key_document(bank: Bank, version: Version, seed: int, title: str, paper: str) -> dict[str, Any]:
    """A version's answer key as data: what `worksheet-<label>-key.json` holds."""
    return {
        "format": KEY_FORMAT,
        "schema_version": KEY_SCHEMA_VERSION,
        "bank": {"name": bank.name, "version": bank.version, "fingerprint": bank.fingerprint},
        "seed": seed,
        "version": version.label,
        "title": title,
        "paper": paper,
        "questions": [key_entry(number, q) for number, q in enumerate(version.questions, start=1)],
    }


def key_json(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def key_checksum(document: dict[str, Any]) -> str:
    """A short checksum of what marking needs (kinds, keys, answers), e.g. for a sheet's QR code."""
    marking = [[q["kind"], q.get("key"), q["answer"], q.get("accepted")] for q in document["questions"]]
    canonical = json.dumps(marking, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
