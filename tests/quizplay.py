"""Helpers for quiz tests: the reply a learner would type to get a question right or wrong."""

from __future__ import annotations

from quizgen.questions import Kind, Question
from quizgen.quiz.parse import LETTERS


def right(question: Question) -> str:
    if question.kind is Kind.MCQ:
        return LETTERS[question.key[0]]
    if question.kind is Kind.TF:
        return "t" if question.key[0] == 0 else "f"
    if question.kind is Kind.ORDERING:
        return " ".join(str(i + 1) for i in question.key)
    if question.kind is Kind.MATCHING:
        return " ".join(f"{i + 1}{LETTERS[o]}" for i, o in enumerate(question.key))
    return question.answer


def wrong(question: Question) -> str:
    if question.kind is Kind.MCQ:
        return LETTERS[(question.key[0] + 1) % len(question.options)]
    if question.kind is Kind.TF:
        return "f" if question.key[0] == 0 else "t"
    if question.kind is Kind.ORDERING:
        return " ".join(str(i + 1) for i in reversed(question.key))
    if question.kind is Kind.MATCHING:
        n = len(question.key)
        return " ".join(f"{i + 1}{LETTERS[(o + 1) % n]}" for i, o in enumerate(question.key))
    return "nothing like it"
