"""Any reply, of any Unicode text up to a few kilobytes, gets an answer or a hint at once.

Replies that crashed the quiz or hung it: a multiple-choice `²` or `①` (str.isdigit accepts
them, int() does not; `²` sits left of `1` on AZERTY keyboards), a 5,000-digit number, and a
matching reply padded with 30,000 spaces (24 s of CPU in a quadratic pattern). A time limit
here only catches a hang (it is hundreds of times what a reply takes), never measures speed.
"""

from __future__ import annotations

import io
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizgen.bank.model import Bank
from quizgen.questions import Kind, Question, question_set
from quizgen.study.grade import grade
from quizgen.study.replies import MAX_REPLY, Answer, Command, Invalid, parse
from quizgen.study.session import play
from quizgen.study.terminal import Terminal

OBEYED = re.compile("[\x1b\x07\x80-\x9f]")
AWKWARD = [
    "²",
    "①",
    "¹²",
    "٣",
    "5" * 5000,
    "1" + " " * 30_000,
    "1" + " " * 30_000 + "b",
    "1 " * 10_000,
    "11-" * 10_000,
    "9" * 4301,
    "-" * 5000,
    "1" * 499,
    "1b" + " " * 498,
    "\x1b]0;pwned\x07",
    "\ud800",
    "a\x00b",
    "\u202e1b 2a",
    "１",
    "ⅰ",
]


def one_of_each_kind(bank: Bank) -> list[Question]:
    found: dict[Kind, Question] = {}
    for question in question_set(bank, 1):
        found.setdefault(question.kind, question)
    assert set(found) == set(Kind), set(Kind) - set(found)
    return list(found.values())


@contextmanager
def hang_guard(seconds: float = 5.0) -> Iterator[None]:
    """Fail, rather than hang, if the block runs away (SIGALRM; a reply takes well under a millisecond)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"a reply took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def answered(question: Question, reply: str) -> bool:
    """Parse (and grade, when it is an answer) one reply; True when it was graded."""
    parsed = parse(question, reply)
    assert isinstance(parsed, Answer | Invalid | Command), parsed
    if isinstance(parsed, Answer):
        grade(question, parsed)
        return True
    return False


@pytest.mark.parametrize("reply", AWKWARD, ids=lambda r: repr(r[:12]) + f"x{len(r)}")
def test_awkward_replies_get_an_answer_or_a_hint(small: Bank, reply: str) -> None:
    with hang_guard():
        for question in one_of_each_kind(small):
            answered(question, reply)


@pytest.mark.parametrize("reply", ["²", "①", "１", "٣"])
def test_digits_that_are_not_ascii_are_no_choice(small: Bank, reply: str) -> None:
    mcq = next(q for q in one_of_each_kind(small) if q.kind is Kind.MCQ)
    assert isinstance(parse(mcq, reply), Invalid)
    assert parse(mcq, "2") == Answer("2", (1,))


def test_a_reply_longer_than_the_bound_gets_a_hint_whatever_it_holds(small: Bank) -> None:
    for question in one_of_each_kind(small):
        hint = parse(question, "1b" + " " * MAX_REPLY + "2a")  # (white space at the ends is no part of it)
        assert isinstance(hint, Invalid) and f"longer than {MAX_REPLY} characters" in hint.hint
        at_the_bound = parse(question, "z" * MAX_REPLY)
        assert not isinstance(at_the_bound, Invalid) or "longer than" not in at_the_bound.hint


@settings(max_examples=150)
@given(reply=st.text(max_size=600) | st.text(st.sampled_from("0123456789 -=:,;abcdefghij\t²①"), max_size=3000))
@example(reply="1" + " " * 499)
def test_any_reply_parses_and_grades_without_an_error(small: Bank, reply: str) -> None:
    with hang_guard():
        for question in one_of_each_kind(small):
            answered(question, reply)


@settings(max_examples=40)
@given(reply=st.text(st.characters(codec="utf-8"), max_size=80))
@example(reply="\x1b]52;c;cHduZWQ=\x07")
@example(reply="\x9b2J\r\x1b[1A✓ Right.")
def test_a_played_reply_reaches_the_screen_inert(small: Bank, reply: str) -> None:
    """Piped replies are echoed: whatever they hold, nothing on the screen is a control."""
    out = io.StringIO()
    term = Terminal(io.StringIO(reply.replace("\n", " ") + "\ns\n"), out, echo_input=True)
    with hang_guard():
        play(term, small, one_of_each_kind(small), record=lambda question, answer, outcome: None)
    assert not OBEYED.search(out.getvalue())
