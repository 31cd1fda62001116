"""Grading a parsed answer, and the correct answer written the way the learner types it."""

from __future__ import annotations

from typing import NamedTuple

from quizgen.questions import Kind, Question, grade_typed
from quizgen.quiz.parse import LETTERS, Answer


class Outcome(NamedTuple):
    correct: bool
    near_miss: bool = False
    note: str = ""  # e.g. "accepted as a near miss of '...'", "3 of 4 pairs right"
    facts: tuple[tuple[str, bool], ...] = ()  # (fact id, right) for each fact the question covers


def grade(question: Question, answer: Answer) -> Outcome:
    kind = question.kind
    if question.is_typed:
        verdict = grade_typed(question, answer.text)
        note = verdict.note or ("accepted within the tolerance" if verdict.correct and verdict.near_miss else "")
        return Outcome(verdict.correct, verdict.near_miss, note, ((question.fact_ids[0], verdict.correct),))
    if kind in (Kind.MCQ, Kind.TF):
        right = answer.choice == question.key[:1]
        return Outcome(right, facts=((question.fact_ids[0], right),))
    # Matching and ordering: each fact is right or wrong on its own (its pair, its place).
    each = tuple(given == wanted for given, wanted in zip(answer.choice, question.key, strict=True))
    right = all(each)
    unit = "pairs" if kind is Kind.MATCHING else "places"
    note = "" if right else f"{sum(each)} of {len(each)} {unit} right"
    return Outcome(right, note=note, facts=tuple(zip(question.fact_ids, each, strict=True)))


def correct_answer(question: Question) -> str:
    """The right answer as the learner would have typed it, plus its text."""
    kind = question.kind
    if kind is Kind.MCQ:
        return f"{LETTERS[question.key[0]]}) {question.correct_option}"
    if kind is Kind.TF:
        return question.correct_option
    if kind is Kind.ORDERING:
        typed = " ".join(str(i + 1) for i in question.key)
        return f"{typed}  ({question.answer})"
    if kind is Kind.MATCHING:
        typed = " ".join(f"{i + 1}{LETTERS[o]}" for i, o in enumerate(question.key))
        pairs = "; ".join(f"{i + 1}{LETTERS[o]} {question.options[o]}" for i, o in enumerate(question.key))
        return f"{typed}  ({pairs})"
    return question.answer
