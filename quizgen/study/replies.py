"""Reading a learner's reply for each kind of question.

A reply is a command (help, skip, quit), an answer in the form the kind needs, or invalid
with a short hint; invalid replies are never graded, the question is simply asked again.
"""

from __future__ import annotations

import re
from typing import NamedTuple, assert_never

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
from quizgen.questions.kinds import LETTERS as OPTION_LETTERS

HELP, SKIP, QUIT = "?", "s", "q"
# No answer is this long (a bank's answers hold at most 200 characters), and below it every
# check here answers at once: a longer reply gets a hint, whatever it holds.
MAX_REPLY = 500
COMMANDS = {"?": HELP, "h": HELP, "help": HELP, "s": SKIP, "skip": SKIP, "q": QUIT, "quit": QUIT}
LETTERS = OPTION_LETTERS.lower()  # replies may be typed in either case


class Command(NamedTuple):
    name: str  # HELP, SKIP or QUIT


class Invalid(NamedTuple):
    hint: str


class Answer(NamedTuple):
    """choice: mcq/tf the option index; ordering the shown indices, earliest first;
    matching for each item its option index. text: a typed answer."""

    raw: str
    choice: tuple[int, ...] = ()
    text: str = ""


Reply = Command | Invalid | Answer


def how_to_answer(question: Question) -> str:
    match question:
        case MultipleChoice():
            n = len(question.options)
            return f"Answer with a letter a-{LETTERS[n - 1]} (or a number 1-{n})."
        case TrueFalse():
            return "Answer t for true or f for false."
        case Ordering():
            return f"Type the numbers 1-{len(question.events)} of the events, earliest first, separated by spaces."
        case Matching():
            return "Pair each numbered question with a lettered answer, written like '1c 2a ...'."
        case Cloze() | ShortAnswer() | NumericAnswer():
            return "Type your answer; case, accents and small typos do not matter."
        case _:
            assert_never(question)


def parse(question: Question, text: str) -> Reply:
    reply = text.strip()
    if reply.casefold() in COMMANDS:
        return Command(COMMANDS[reply.casefold()])
    if not reply:
        return Invalid("Please type an answer (? for help, s to skip, q to quit).")
    if len(reply) > MAX_REPLY:
        return Invalid(f"That reply is longer than {MAX_REPLY} characters. " + how_to_answer(question))
    match question:
        case MultipleChoice():
            return _choice(reply, len(question.options)) or Invalid(how_to_answer(question))
        case TrueFalse():
            value = {"t": 0, "true": 0, "f": 1, "false": 1}.get(reply.casefold())
            return Answer(reply, (value,)) if value is not None else Invalid(how_to_answer(question))
        case Ordering():
            return _ordering(reply, len(question.events), question)
        case Matching():
            return _matching(reply, len(question.items), len(question.options), question)
        case Cloze() | ShortAnswer() | NumericAnswer():
            return Answer(reply, text=reply)
        case _:
            assert_never(question)


def _choice(reply: str, count: int) -> Answer | None:
    low = reply.casefold().rstrip(").")
    if len(low) == 1 and low in LETTERS[:count]:
        return Answer(reply, (LETTERS.index(low),))
    if low.isascii() and low.isdigit() and 1 <= int(low) <= count:  # not '²' or '①', which int() refuses
        return Answer(reply, (int(low) - 1,))
    return None


def _ordering(reply: str, count: int, question: Question) -> Reply:
    parts = re.findall(r"[0-9]+", reply)
    if len(parts) == 1 and len(parts[0]) == count:  # '3142' without spaces
        parts = list(parts[0])
    if re.search(r"[^0-9\s,;>-]", reply):
        return Invalid(how_to_answer(question))
    numbers = [int(p) for p in parts]
    if sorted(numbers) != list(range(1, count + 1)):
        return Invalid(f"Use each number 1-{count} exactly once. " + how_to_answer(question))
    return Answer(reply, tuple(n - 1 for n in numbers))


# '1b', '2 - a', '3: c'. Possessive and anchored to a number's start, so a long reply of
# spaces or digits is scanned once (`\s*[-=:]?\s*` took seconds on 30,000 spaces).
_PAIR = re.compile(r"(?<![0-9])([0-9]++)\s*+(?:[-=:]\s*+)?([a-z])")


def _matching(reply: str, items: int, options: int, question: Question) -> Reply:
    pairs = _PAIR.findall(reply.casefold())
    leftover = _PAIR.sub("", reply.casefold())
    if not pairs or re.search(r"[^\s,;]", leftover):
        return Invalid(how_to_answer(question))
    chosen: dict[int, int] = {}
    for number, letter in pairs:
        item, option = int(number) - 1, LETTERS.find(letter)
        if not 0 <= item < items or not 0 <= option < options:
            return Invalid(f"Questions are numbered 1-{items}, answers lettered a-{LETTERS[options - 1]}.")
        if item in chosen:
            return Invalid(f"Question {item + 1} is paired twice.")
        chosen[item] = option
    if len(chosen) != items:
        missing = ", ".join(str(i + 1) for i in range(items) if i not in chosen)
        return Invalid(f"Pair every question; missing: {missing}.")
    if len(set(chosen.values())) != len(chosen):
        return Invalid("Use each letter once.")
    return Answer(reply, tuple(chosen[i] for i in range(items)))
