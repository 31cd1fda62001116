"""Grading a parsed answer, and the correct answer written the way the learner types it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, assert_never

from quizgen.questions import (
    Cloze,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Outcome,
    Question,
    ShortAnswer,
    TrueFalse,
)
from quizgen.study.replies import LETTERS, Answer

if TYPE_CHECKING:
    from quizgen.study.progress import ProgressStore

__all__ = ["Outcome", "correct_answer", "grade", "save_answer"]


def grade(question: Question, answer: Answer) -> Outcome:
    """Each kind grades its own response; this only hands it the part of the reply it reads."""
    match question:
        case MultipleChoice():
            return question.grade(answer.choice[0])
        case TrueFalse():
            return question.grade(answer.choice[0] == 0)
        case Cloze() | ShortAnswer() | NumericAnswer():
            return question.grade(answer.text)
        case Matching() | Ordering():
            return question.grade(answer.choice)
        case _:
            assert_never(question)


def correct_answer(question: Question) -> str:
    """The right answer as the learner would have typed it, plus its text."""
    match question:
        case MultipleChoice():
            return f"{LETTERS[question.correct]}) {question.answer}"
        case TrueFalse():
            return question.answer
        case Ordering():
            typed = " ".join(str(i + 1) for i in question.order)
            return f"{typed}  ({question.answer})"
        case Matching():
            typed = " ".join(f"{i + 1}{LETTERS[o]}" for i, o in enumerate(question.matches))
            pairs = "; ".join(f"{i + 1}{LETTERS[o]} {question.options[o]}" for i, o in enumerate(question.matches))
            return f"{typed}  ({pairs})"
        case Cloze() | ShortAnswer() | NumericAnswer():
            return question.answer
        case _:
            assert_never(question)


def save_answer(
    store: ProgressStore,
    bank: str,
    mode: str,
    at: datetime,
    question: Question,
    answer: Answer,
    outcome: Outcome,
    cards: Mapping[str, tuple[str, datetime]] | None = None,
    logs: Sequence[tuple[str, str]] = (),
) -> None:
    """Save one answered question as the quiz and review both do (review also its cards)."""
    store.record_answer(
        bank=bank,
        mode=mode,
        at=at,
        question_id=question.id,
        kind=str(question.kind),
        topic=question.topic,
        reply=answer.raw,
        correct=outcome.correct,
        near_miss=outcome.near_miss,
        facts=outcome.facts,
        cards=cards,
        logs=logs,
    )
