"""Spaced repetition with FSRS: one card per fact, kept in the progress database.

A card is keyed by bank name + fact id, so editing a fact keeps its progress and a fact
removed from the bank is skipped. Quiz answers are scheduled here, late, in the order they
were given, so the quiz itself never imports fsrs. The clock and fuzzing are parameters:
tests pass a fixed clock and fuzzing=False for repeatable intervals. Review refuses to start
when the progress database cannot be written (its point is the saved schedule; `quizgen quiz`
practises unsaved); a save failing mid-session is said once and the review goes on unsaved.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.bank.model import Bank, Fact
from quizgen.plural import plural
from quizgen.questions import Kind, Question, ask_once, kinds_for
from quizgen.study.clock import Clock, utc_now
from quizgen.study.grade import Outcome, save_answer
from quizgen.study.progress import CardRow, Guard, ProgressError, ProgressStore, Unwritable, open_store
from quizgen.study.replies import Answer
from quizgen.study.scheduling import (
    due,
    later_today,
    load_card,
    make_scheduler,
    new_card,
    schedule_pending,
    when,
)
from quizgen.study.session import Ending, Record, Saving, offer, play, summary
from quizgen.study.terminal import Terminal

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

RECALL_KINDS = (Kind.SHORT, Kind.NUMERIC, Kind.CLOZE)


def open_for_review(
    data_dir: Path | None, notice: Callable[[str], None], guard: Guard = contextlib.nullcontext
) -> ProgressStore:
    """The progress store, or ProgressError saying why review cannot run without it."""
    try:
        return open_store(data_dir, notice=notice, guard=guard)
    except Unwritable as exc:
        raise ProgressError(
            f"{exc}. Review needs to save its schedule: use --data-dir to choose another "
            "folder, or 'quizgen quiz' to practise without saving",
            exc.reason,
        ) from None


def question_for(bank: Bank, fact: Fact, card: Card | None, seed: int) -> Question:
    """Recognition (multiple choice) while a fact is new or being learnt; recall (typed) once
    it is in review, when the fact has a typed form."""
    from fsrs import State

    typed = [k for k in kinds_for(fact) if k in RECALL_KINDS]
    kind = typed[0] if card is not None and card.state is State.Review and typed else Kind.MCQ
    return ask_once(fact, kind, seed)


def ask_rating(term: Terminal) -> Rating:
    """After a right answer: Enter for Good, or h / e for Hard / Easy."""
    from fsrs import Rating

    while True:
        text = term.ask("Enter = good, h = hard, e = easy: ")
        if text is None:
            return Rating.Good
        choice = {"": Rating.Good, "g": Rating.Good, "h": Rating.Hard, "e": Rating.Easy}.get(text.strip().casefold())
        if choice is not None:
            return choice
        term.say("Press Enter, or type h or e.", fg="yellow")


def review_recorder(
    term: Terminal, store: ProgressStore, bank: Bank, cards: dict[str, Card], scheduler: Scheduler, clock: Clock
) -> Record:
    from fsrs import Rating

    def save(question: Question, answer: Answer, outcome: Outcome, rating: Rating) -> None:
        fact_id = question.fact_ids[0]
        now = clock()
        card = cards.get(fact_id) or new_card(bank.name, fact_id, now)
        card, log = scheduler.review_card(card, rating, review_datetime=max(now, card.last_review or now))
        cards[fact_id] = card
        save_answer(
            store,
            bank.name,
            "review",
            now,
            question,
            answer,
            outcome,
            cards={fact_id: (card.to_json(), card.due)},
            logs=[(fact_id, log.to_json())],
        )
        term.say(f"  Next review: {when(card.due, now)}.", dim=True)
        term.say()

    def record(question: Question, answer: Answer, outcome: Outcome) -> None:
        if not outcome.correct:
            save(question, answer, outcome, Rating.Again)
            return
        try:
            rating = ask_rating(term)
        except KeyboardInterrupt:
            save(question, answer, outcome, Rating.Good)
            raise
        save(question, answer, outcome, rating)

    return record


def review(
    term: Terminal,
    bank: Bank,
    store: ProgressStore,
    *,
    limit: int,
    new: int,
    clock: Clock = utc_now,
    fuzzing: bool = True,
    seed: int | None = None,
    scheduler_factory: Callable[[bool], Scheduler] = make_scheduler,
    tz: tzinfo | None = None,
) -> Ending:
    scheduler = scheduler_factory(fuzzing)
    schedule_pending(store, bank, scheduler)
    now = clock()
    facts = {fact.id: fact for fact in bank.facts}
    rows = store.cards(bank.name)
    kept: list[CardRow] = [row for row in rows if row.fact_id in facts]
    if len(kept) < len(rows):
        gone = len(rows) - len(kept)
        term.say(
            f"({plural(gone, 'card')} for facts no longer in the bank {'is' if gone == 1 else 'are'} skipped.)",
            dim=True,
        )
    rng = random.Random(seed if seed is not None else random.SystemRandom().randrange(2**31))
    when_due = due(kept, now, tz)
    due_now = [row.fact_id for row in when_due.now[:limit]]
    # New facts in a fresh order each session, so every learner does not start with the bank's first fact.
    has_card = {row.fact_id for row in kept}
    unseen = [fact.id for fact in bank.facts if fact.id not in has_card]
    unseen = rng.sample(unseen, k=min(new, len(unseen)))
    held_back = f" (the first {limit} this time: --limit)" if len(when_due.now) > limit else ""
    term.say(f"{bank.title}: {len(when_due.now)} due for review{held_back}, {len(unseen)} new.", bold=True)
    plan = due_now + unseen
    if not plan:
        if kept:
            soon = later_today(when_due, now) or f"The next review is {when(kept[0].due, now)}."
            term.say(f"Nothing is due now. {soon}")
        else:
            term.say("Nothing to review yet.")
        if not kept or not offer(term, f"Practise the {min(limit, len(kept))} soonest anyway?"):
            return Ending.FINISHED
        plan = [row.fact_id for row in kept[:limit]]
    term.say("Keys: ? help, s skip, q quit. After a right answer: Enter good, h hard, e easy.", dim=True)
    term.say()
    # Only the cards this session asks are read (fsrs parses each from JSON): a few of thousands.
    row_of = {row.fact_id: row for row in kept}
    cards = {fact_id: load_card(row_of[fact_id].card_json, store.path) for fact_id in plan if fact_id in row_of}
    questions = [question_for(bank, facts[fact_id], cards.get(fact_id), rng.randrange(2**31)) for fact_id in plan]
    saving = Saving(term, review_recorder(term, store, bank, cards, scheduler, clock))
    played = play(term, bank, questions, saving)
    summary(term, bank, played.results, title="Review" + saving.note)
    upcoming = min(
        [*(card.due for card in cards.values()), *(row.due for row in kept if row.fact_id not in cards)], default=None
    )
    if upcoming is not None and played.ending is not Ending.INTERRUPTED and not saving.note:
        term.say(f"Next review: {when(upcoming, clock())}.")
    return played.ending
