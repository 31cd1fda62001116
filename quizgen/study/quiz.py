"""`quizgen quiz`: pick the questions, play them, save every answer as it is given."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

from quizgen.bank.model import Bank
from quizgen.plural import plural
from quizgen.questions import Kind, Question, select
from quizgen.study.clock import Clock, utc_now
from quizgen.study.grade import Outcome, save_answer
from quizgen.study.progress import Guard, ProgressStore, Unwritable, open_store
from quizgen.study.replies import Answer
from quizgen.study.session import Ending, Record, Saving, keys_help, run_quiz
from quizgen.study.terminal import Terminal


def open_or_unsaved(
    data_dir: Path | None, notice: Callable[[str], None], guard: Guard = contextlib.nullcontext
) -> ProgressStore | None:
    """The progress store; None when it cannot be written (read-only, disk full), after one
    line through `notice`: the quiz then runs without saving. A locked database, or one from
    a newer quizgen, still raises ProgressError: closing the other program or upgrading fixes
    those, and a quiz the learner thinks is saved but is not would be worse."""
    try:
        # The quiz only writes: its first question need not wait for the integrity check.
        return open_store(data_dir, notice=notice, check_before_first_write=True, guard=guard)
    except Unwritable as exc:
        notice(f"Progress will not be saved: {exc}. Use --data-dir to choose another folder.")
        return None


def quiz_recorder(store: ProgressStore, bank: Bank, clock: Clock = utc_now) -> Record:
    """Save a quiz answer; review schedules its facts later (so the quiz never loads fsrs)."""

    def record(question: Question, answer: Answer, outcome: Outcome) -> None:
        save_answer(store, bank.name, "quiz", clock(), question, answer, outcome)

    return record


def quiz(
    term: Terminal,
    bank: Bank,
    store: ProgressStore | None,
    *,
    count: int,
    kinds: Sequence[Kind] | None,
    topic: str | None,
    seed: int,
    clock: Clock = utc_now,
) -> Ending:
    selection = select(bank, seed, count, kinds, topic)
    questions = selection.questions
    term.say(f"{bank.title}: {plural(len(questions), 'question')} (seed {seed}).", bold=True)
    if selection.short:
        term.say(selection.shortfall() + ".", dim=True)
    saving = Saving(term, quiz_recorder(store, bank, clock) if store is not None else None)
    term.say(keys_help(saving), dim=True)
    term.say()
    ending = run_quiz(term, bank, questions, saving)
    if saving.saved and not saving.note and ending is not Ending.INTERRUPTED:
        # Said here so the quiz, review and stats tell one story about what comes back when.
        term.say("Saved. 'quizgen review' asks these again when due; 'quizgen stats' shows when.", dim=True)
    return ending
