"""The quiz loop: ask, parse, grade, record, explain; then the summary and a retry.

The session reads and writes only through the Terminal it is given and saves each answer
through a `record` callback before showing the next question, so an answer is on disk the
moment its feedback is. Ctrl-C (KeyboardInterrupt), end of input and 'q' all end with the
summary of what was answered. When saving fails (disk full, read-only) the session says so
once and goes on without saving; the summary says what was not saved.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import NamedTuple, assert_never

from quizgen.bank.model import Bank, cited
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
from quizgen.study.grade import Outcome, correct_answer, grade
from quizgen.study.progress import ProgressError
from quizgen.study.replies import HELP, LETTERS, QUIT, SKIP, Answer, Command, Invalid, how_to_answer, parse
from quizgen.study.terminal import Terminal

Record = Callable[[Question, Answer, Outcome], None]

KEYS_HELP = "Keys: ? help, s skip, q quit or Ctrl-C (your answers so far are saved)."
KEYS_HELP_UNSAVED = "Keys: ? help, s skip, q quit or Ctrl-C. Answers are not being saved."


class Saving:
    """Saves each answer through `save` while it can. When a save fails it says so once and
    stops saving; the answers saved before stay saved (each was its own transaction)."""

    __slots__ = ("save", "saved", "term")

    def __init__(self, term: Terminal, save: Record | None) -> None:
        self.term = term
        self.save = save  # None: not saving (could not open the store, or a save failed)
        self.saved = 0

    def __call__(self, question: Question, answer: Answer, outcome: Outcome) -> None:
        if self.save is None:
            return
        try:
            self.save(question, answer, outcome)
        except ProgressError as exc:
            self.save = None
            self.term.say(f"Could not save this answer ({exc.reason}); progress is no longer being saved.", fg="yellow")
            return
        self.saved += 1

    @property
    def note(self) -> str:
        """What the summary adds: nothing while every answer was saved."""
        if self.save is not None:
            return ""
        if not self.saved:
            return " (not saved)"
        return f" (only the first {self.saved} answer{'s' if self.saved != 1 else ''} saved)"


def keys_help(record: Record) -> str:
    """The keys line, true to whether answers are being saved (never after a failed save)."""
    return KEYS_HELP_UNSAVED if isinstance(record, Saving) and record.save is None else KEYS_HELP


class Ending(Enum):
    FINISHED = "finished"
    QUIT = "quit"
    END_OF_INPUT = "end of input"
    INTERRUPTED = "interrupted"


class _Stop(Exception):
    def __init__(self, ending: Ending, last: Result | None = None) -> None:
        self.ending = ending
        self.last = last  # an answer saved just as the session was stopped


class Result(NamedTuple):
    question: Question
    outcome: Outcome | None  # None: skipped

    @property
    def missed(self) -> bool:
        return self.outcome is not None and not self.outcome.correct


class Round:
    """The results of one pass over the questions, and how it ended (filled in as it is played)."""

    __slots__ = ("ending", "results")

    def __init__(self, results: list[Result] | None = None, ending: Ending = Ending.FINISHED) -> None:
        self.results: list[Result] = [] if results is None else results
        self.ending = ending


def in_topic_order(bank: Bank, titles: Iterable[str]) -> list[str]:
    """Topic titles in the bank's order (as `quizgen check` and `facts` list them); others last."""
    order = {topic.title: index for index, topic in enumerate(bank.topics)}
    return sorted(titles, key=lambda title: (order.get(title, len(order)), title))


def play(term: Terminal, bank: Bank, questions: Sequence[Question], record: Record) -> Round:
    """Ask every question once; stops early on q, end of input or Ctrl-C."""
    played = Round()
    try:
        for number, question in enumerate(questions, start=1):
            played.results.append(ask(term, bank, question, number, len(questions), record))
    except _Stop as stop:
        played.ending = stop.ending
        if stop.last is not None:
            played.results.append(stop.last)
            term.say()
    except KeyboardInterrupt:
        term.say()
        played.ending = Ending.INTERRUPTED
    return played


def ask(term: Terminal, bank: Bank, question: Question, number: int, total: int, record: Record) -> Result:
    show_question(term, bank, question, number, total)
    while True:
        text = term.ask("> ")
        if text is None:
            raise _Stop(Ending.END_OF_INPUT)
        reply = parse(question, text)
        if isinstance(reply, Invalid):
            term.say(reply.hint, fg="yellow")
            continue
        if isinstance(reply, Command):
            if reply.name == HELP:
                term.say(how_to_answer(question))
                term.say(keys_help(record))
                continue
            if reply.name == QUIT:
                raise _Stop(Ending.QUIT)
            assert reply.name == SKIP
            term.say(f"Skipped. The answer: {correct_answer(question)}", dim=True)
            term.say()
            return Result(question, None)
        outcome = grade(question, reply)
        result = Result(question, outcome)
        try:
            show_feedback(term, question, outcome)
        except KeyboardInterrupt:
            record(question, reply, outcome)
            raise _Stop(Ending.INTERRUPTED, result) from None
        try:
            # Saved before the next question; review asks Hard/Easy here first.
            record(question, reply, outcome)
        except KeyboardInterrupt:  # held back until the answer was saved: count it
            raise _Stop(Ending.INTERRUPTED, result) from None
        return result


def show_question(term: Terminal, bank: Bank, question: Question, number: int, total: int) -> None:
    term.say(f"{number}/{total}  {bank.topic_title(question.topic)} · {question.kind.title}", fg="cyan")
    term.say(question.prompt, bold=True)
    match question:
        case Matching():
            for index, item in enumerate(question.items, start=1):
                term.say(f"  {index}. {item}")
            term.say("  with:")
            for index, option in enumerate(question.options):
                term.say(f"  {LETTERS[index]}) {option}")
        case TrueFalse():
            term.say("  t) True   f) False")
        case Ordering():
            for index, event in enumerate(question.events, start=1):
                term.say(f"  {index}. {event}")
        case MultipleChoice():
            for index, option in enumerate(question.options):
                term.say(f"  {LETTERS[index]}) {option}")
        case Cloze() | ShortAnswer() | NumericAnswer():
            pass
        case _:
            assert_never(question)
    term.say(how_to_answer(question), dim=True)


def show_feedback(term: Terminal, question: Question, outcome: Outcome) -> None:
    if outcome.correct:
        term.say("✓ Right." + (f" ({outcome.note})" if outcome.note else ""), fg="green", bold=True)
    else:
        term.say("✗ Wrong." + (f" ({outcome.note})" if outcome.note else ""), fg="red", bold=True)
    term.say(f"  Answer: {correct_answer(question)}")
    term.say(f"  {question.explanation}")
    sources = cited(question.citations)
    term.say(f"  Source: {sources}", dim=True)
    term.say()


def summary(term: Terminal, bank: Bank, results: Sequence[Result], title: str = "Summary") -> None:
    answered = [r for r in results if r.outcome is not None]
    right = sum(1 for r in answered if r.outcome and r.outcome.correct)
    skipped = len(results) - len(answered)
    term.say(f"── {title} ──", bold=True)
    if not answered:
        term.say("No questions answered." + (f" {skipped} skipped." if skipped else ""))
        return
    percent = round(100 * right / len(answered))
    term.say(f"Score: {right}/{len(answered)} ({percent}%)" + (f", {skipped} skipped" if skipped else ""), bold=True)
    by_topic: dict[str, list[bool]] = {}
    for result in answered:
        assert result.outcome is not None
        by_topic.setdefault(bank.topic_title(result.question.topic), []).append(result.outcome.correct)
    width = max(len("Topic"), *(len(t) for t in by_topic))
    term.say(f"  {'Topic':<{width}}  Right  Asked     %")
    for topic in in_topic_order(bank, by_topic):
        marks = by_topic[topic]
        term.say(f"  {topic:<{width}}  {sum(marks):>5}  {len(marks):>5}  {round(100 * sum(marks) / len(marks)):>3}%")
    missed = [r for r in answered if r.missed]
    if missed:
        term.say("Missed:")
        for result in missed:
            term.say(f"  - {result.question.prompt}")
            term.say(f"    {correct_answer(result.question)}", dim=True)


def offer(term: Terminal, prompt: str) -> bool:
    """A yes/no question; no at end of input."""
    text = term.ask(f"{prompt} [y/N] ")
    return text is not None and text.strip().casefold() in ("y", "yes")


def run_quiz(term: Terminal, bank: Bank, questions: Sequence[Question], record: Saving) -> Ending:
    """The whole quiz: questions, summary, and retries of the missed ones while wanted."""
    played = play(term, bank, questions, record)
    summary(term, bank, played.results, title="Summary" + record.note)
    ending = played.ending
    missed = [r.question for r in played.results if r.missed]
    try:
        while missed and ending is Ending.FINISHED:
            if not offer(term, f"Retry the {len(missed)} missed question{'s' if len(missed) > 1 else ''} now?"):
                break
            term.say()
            # The summary just listed the answers: ask again in a fresh order of options.
            rng = random.Random("retry:" + ":".join(q.id for q in missed))
            retry = play(term, bank, [question.shuffled(rng) for question in missed], record)
            summary(term, bank, retry.results, title="Retry" + record.note)
            ending = retry.ending
            missed = [r.question for r in retry.results if r.missed]
    except KeyboardInterrupt:
        term.say()
        ending = Ending.INTERRUPTED
    return ending
