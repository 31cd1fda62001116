from __future__ import annotations

import pytest

from quizgen.bank.model import Bank
from quizgen.questions import Kind, Matching, Ordering, Question, select
from quizgen.study.grade import correct_answer, grade
from quizgen.study.replies import HELP, QUIT, SKIP, Answer, Command, Invalid, parse
from tests.quizplay import right, wrong


def one(bank: Bank, kind: Kind) -> Question:
    return select(bank, 1, 4 if kind in (Kind.MATCHING, Kind.ORDERING) else 1, [kind])[0]


@pytest.mark.parametrize("kind", list(Kind))
def test_right_and_wrong_replies_grade_as_such(small: Bank, kind: Kind) -> None:
    question = one(small, kind)
    good, bad = parse(question, right(question)), parse(question, wrong(question))
    assert isinstance(good, Answer) and isinstance(bad, Answer)
    assert grade(question, good).correct
    assert not grade(question, bad).correct


@pytest.mark.parametrize("kind", list(Kind))
def test_commands_and_empty_reply(small: Bank, kind: Kind) -> None:
    question = one(small, kind)
    assert parse(question, " ? ") == Command(HELP)
    assert parse(question, "S") == Command(SKIP)
    assert parse(question, "q") == Command(QUIT)
    assert isinstance(parse(question, "   "), Invalid)


def test_multiple_choice_takes_letters_and_numbers(small: Bank) -> None:
    question = one(small, Kind.MCQ)
    assert parse(question, "B") == Answer("B", (1,))
    assert parse(question, "4") == Answer("4", (3,))
    for bad in ("e", "5", "0", "ab", "maybe"):
        assert isinstance(parse(question, bad), Invalid), bad


def test_true_false(small: Bank) -> None:
    question = one(small, Kind.TF)
    assert parse(question, "T") == Answer("T", (0,))
    assert parse(question, "false") == Answer("false", (1,))
    assert isinstance(parse(question, "yes"), Invalid)


def test_ordering_needs_each_number_once(small: Bank) -> None:
    question = one(small, Kind.ORDERING)
    assert isinstance(question, Ordering)
    n = len(question.events)
    typed = " ".join(str(i) for i in range(n, 0, -1))
    assert parse(question, typed) == Answer(typed, tuple(range(n - 1, -1, -1)))
    assert parse(question, typed.replace(" ", "")) == Answer(typed.replace(" ", ""), tuple(range(n - 1, -1, -1)))
    assert isinstance(parse(question, "1 1 2"), Invalid)
    assert isinstance(parse(question, "1 2"), Invalid)
    assert isinstance(parse(question, "1a 2b"), Invalid)


def test_matching_needs_every_pair_once(small: Bank) -> None:
    question = one(small, Kind.MATCHING)
    assert isinstance(question, Matching)
    n = len(question.items)
    typed = " ".join(f"{i + 1}{'abcd'[i]}" for i in range(n))
    assert parse(question, typed) == Answer(typed, tuple(range(n)))
    assert parse(question, typed.upper().replace(" ", ", ")) == Answer(
        typed.upper().replace(" ", ", "), tuple(range(n))
    )
    assert "missing" in parse(question, "1a").hint  # type: ignore[union-attr]
    assert isinstance(parse(question, "1a 1b 2c"), Invalid)
    assert isinstance(parse(question, "1a 2a 3a"), Invalid)
    assert isinstance(parse(question, "9a 2b 3c"), Invalid)


def test_partly_right_matching_says_how_many(small: Bank) -> None:
    question = one(small, Kind.MATCHING)
    assert isinstance(question, Matching)
    key = list(question.matches)
    key[0], key[1] = key[1], key[0]
    reply = parse(question, " ".join(f"{i + 1}{'abcd'[o]}" for i, o in enumerate(key)))
    assert isinstance(reply, Answer)
    outcome = grade(question, reply)
    assert not outcome.correct and outcome.note == f"{len(key) - 2} of {len(key)} pairs right"
    assert [ok for _, ok in outcome.facts] == [False, False] + [True] * (len(key) - 2)
    assert correct_answer(question).startswith(right(question))


def test_typed_near_miss_is_accepted_and_said(small: Bank) -> None:
    question = next(q for q in select(small, 1, 6, [Kind.CLOZE]) if "city-name" in q.fact_ids)
    outcome = grade(question, Answer("Karagandi", text="Karagandi"))
    assert outcome.correct and outcome.near_miss and "near miss" in outcome.note
