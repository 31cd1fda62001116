"""Helpers for quiz tests: the reply a learner would type to get a question right or wrong."""

from __future__ import annotations

from typing import assert_never

from quizgen.questions import (
    Cloze,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)
from quizgen.study.replies import LETTERS


def right(question: Question) -> str:
    match question:
        case MultipleChoice():
            return LETTERS[question.correct]
        case TrueFalse():
            return "t" if question.truth else "f"
        case Ordering():
            return " ".join(str(i + 1) for i in question.order)
        case Matching():
            return " ".join(f"{i + 1}{LETTERS[o]}" for i, o in enumerate(question.matches))
        case Cloze() | ShortAnswer() | NumericAnswer():
            return question.answer
        case _:
            assert_never(question)


def wrong(question: Question) -> str:
    match question:
        case MultipleChoice():
            return LETTERS[(question.correct + 1) % len(question.options)]
        case TrueFalse():
            return "f" if question.truth else "t"
        case Ordering():
            return " ".join(str(i + 1) for i in reversed(question.order))
        case Matching():
            n = len(question.matches)
            return " ".join(f"{i + 1}{LETTERS[(o + 1) % n]}" for i, o in enumerate(question.matches))
        case Cloze() | ShortAnswer() | NumericAnswer():
            return "nothing like it"
        case _:
            assert_never(question)
