"""FSRS review and stats against a fixed clock, with fuzzing off."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from quizgen.bank.model import Bank
from quizgen.questions import Kind, Question
from quizgen.study.progress import ProgressStore, open_store
from quizgen.study.review import review
from quizgen.study.scheduling import card_id, schedule_pending
from quizgen.study.session import Ending
from quizgen.study.stats import bar, stats, streak
from quizgen.study.terminal import Terminal
from tests.quizplay import right, wrong

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def session(replies: list[str]) -> tuple[Terminal, io.StringIO]:
    out = io.StringIO()
    return Terminal(io.StringIO("".join(r + "\n" for r in replies)), out, echo_input=True, width=0), out


def quiz_answer(store: ProgressStore, bank: Bank, fact_id: str, correct: bool, at: datetime) -> None:
    store.record_answer(
        bank=bank.name,
        mode="quiz",
        at=at,
        question_id=f"mcq:{fact_id}",
        kind="mcq",
        topic=bank.fact(fact_id).topic,
        reply="a",
        correct=correct,
        near_miss=False,
        facts=[(fact_id, correct)],
    )


def stored_card(store: ProgressStore, bank: Bank, fact_id: str) -> Card:
    (row,) = [r for r in store.cards(bank.name) if r.fact_id == fact_id]
    return Card.from_json(row.card_json)


def expected(*steps: tuple[Rating, datetime], fact_id: str, bank: Bank) -> Card:
    scheduler = Scheduler(enable_fuzzing=False)
    card = Card(card_id=card_id(bank.name, fact_id), due=steps[0][1])
    for rating, at in steps:
        card, _ = scheduler.review_card(card, rating, review_datetime=at)
    return card


def planned(store: ProgressStore, bank: Bank, clock: Clock, new: int = 0) -> list[Question]:
    """The questions a review with seed 7 will ask, found by a dry run with no input (which
    answers nothing), so a test can choose its replies."""
    from quizgen.study import review as module

    asked: list[Question] = []
    original = module.question_for

    def spy(*args: Any) -> Question:
        asked.append(original(*args))
        return asked[-1]

    module.question_for = spy
    try:
        review(session([])[0], bank, store, clock=clock, fuzzing=False, seed=7, limit=20, new=new)
    finally:
        module.question_for = original
    return asked


def test_quiz_answers_are_scheduled_by_review(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    quiz_answer(store, small, "founder", True, T0)
    quiz_answer(store, small, "treaty-year", False, T0 + timedelta(seconds=5))
    assert schedule_pending(store, small, Scheduler(enable_fuzzing=False)) == 2
    assert schedule_pending(store, small, Scheduler(enable_fuzzing=False)) == 0  # never twice
    founder = stored_card(store, small, "founder")
    assert founder.due == expected((Rating.Good, T0), fact_id="founder", bank=small).due == T0 + timedelta(minutes=10)
    assert founder.card_id == card_id(small.name, "founder")
    assert stored_card(store, small, "treaty-year").due == T0 + timedelta(seconds=5, minutes=1)


def test_review_of_due_cards_with_a_fixed_clock(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    quiz_answer(store, small, "founder", True, T0)
    clock = Clock(T0 + timedelta(minutes=11))
    plan = planned(store, small, clock)
    assert [q.fact_ids for q in plan] == [("founder",)] and plan[0].kind is Kind.MCQ
    term, out = session([right(plan[0]), "e"])  # right, then Easy
    ending = review(term, small, store, clock=clock, fuzzing=False, seed=7, limit=20, new=0)
    assert ending is Ending.FINISHED, out.getvalue()
    text = out.getvalue()
    assert "1 due for review, 0 new" in text and "✓ Right." in text and "Next review: in" in text
    card = stored_card(store, small, "founder")
    want = expected((Rating.Good, T0), (Rating.Easy, clock.now), fact_id="founder", bank=small)
    assert card.due == want.due and card.state is State.Review
    logs = [json.loads(row[0]) for row in store.conn.execute("SELECT log FROM review_logs ORDER BY id")]
    assert [log["rating"] for log in logs] == [Rating.Good, Rating.Easy]


def test_wrong_answer_rates_again_and_new_facts_are_introduced(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    clock = Clock(T0)
    plan = planned(store, small, clock, new=2)
    assert len(plan) == 2 and all(q.kind is Kind.MCQ for q in plan)
    term, out = session([wrong(plan[0]), right(plan[1]), ""])
    review(term, small, store, clock=clock, fuzzing=False, seed=7, limit=20, new=2)
    assert "0 due for review, 2 new" in out.getvalue()
    first = stored_card(store, small, plan[0].fact_ids[0])
    assert first.due == T0 + timedelta(minutes=1)  # Again: the first learning step
    second = stored_card(store, small, plan[1].fact_ids[0])
    assert second.due == T0 + timedelta(minutes=10)  # Good


def test_nothing_due_says_when_and_offers_practice(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    quiz_answer(store, small, "founder", True, T0)
    term, out = session(["n"])
    ending = review(term, small, store, clock=Clock(T0 + timedelta(minutes=2)), fuzzing=False, seed=7, limit=20, new=0)
    assert ending is Ending.FINISHED
    assert "Nothing is due now. 1 card comes due later today, the first in 8 min" in out.getvalue()
    assert "Practise the 1 soonest anyway? [y/N]" in out.getvalue()
    term, out = session(["y", "s"])
    review(term, small, store, clock=Clock(T0 + timedelta(minutes=2)), fuzzing=False, seed=7, limit=20, new=0)
    assert "1/1" in out.getvalue() and "Skipped" in out.getvalue()


def test_edited_fact_keeps_progress_and_removed_fact_is_skipped(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    clock = Clock(T0)
    for fact_id in ("founder", "anthem-year"):
        quiz_answer(store, small, fact_id, True, T0)
        quiz_answer(store, small, fact_id, True, T0 + timedelta(minutes=10))  # -> Review state
    edited = small.fact("anthem-year").replace(answer="2007", distractors=("2001", "2002", "2003"))
    bank = small.replace(facts=tuple(edited if f.id == "anthem-year" else f for f in small.facts if f.id != "founder"))
    clock.now = T0 + timedelta(days=30)
    plan = planned(store, bank, clock)
    assert [q.fact_ids for q in plan] == [("anthem-year",)]
    assert plan[0].kind is Kind.SHORT and plan[0].answer == "2007"  # in review: typed recall, new answer
    term, out = session(["2007"])
    review(term, bank, store, clock=clock, fuzzing=False, seed=7, limit=20, new=0)
    assert "(1 card for facts no longer in the bank is skipped.)" in out.getvalue()
    assert stored_card(store, bank, "anthem-year").last_review == clock.now


def test_stats_after_answers(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    quiz_answer(store, small, "founder", True, T0 - timedelta(days=1))
    quiz_answer(store, small, "river-length", False, T0)
    quiz_answer(store, small, "city-name", True, T0)
    term, out = session([])
    stats(term, small, store, clock=Clock(T0 + timedelta(minutes=30)), tz=UTC, fuzzing=False)
    text = out.getvalue()
    assert "Answered      3 questions, 2 right (67%), in quizzes and reviews" in text
    assert "░" in text and "50%  (1/2)" in text and "100%  (1/1)" in text
    assert "Cards         3 of 6 facts (a fact gets its card when first answered)" in text
    assert "Due now       3 (what 'quizgen review' asks now)" in text  # all past their first learning step
    assert "Later today   0\n" in text and "Next 7 days   3 (now and later today included)" in text
    assert "New           3 facts never answered (review brings in up to 5 at a time)" in text
    assert "Retention     not estimated yet: all cards are still in learning steps" in text
    assert "Study streak  2 days (days in a row with an answer, up to today)" in text


def test_streak_and_bar() -> None:
    today = date(2026, 3, 10)
    assert streak([today, today - timedelta(days=1), today - timedelta(days=3)], today) == 2
    assert streak([today - timedelta(days=1), today - timedelta(days=2)], today) == 2  # not broken yet
    assert streak([today - timedelta(days=2)], today) == 0
    assert bar(0.5, 10) == "█████░░░░░"


# ---- stats, review and the quiz tell one story -------------------------------------------------


def figure(text: str, label: str) -> str:
    """The value stats shows on the line of `label`."""
    [found] = [line[14:] for line in text.splitlines() if line.startswith(f"{label:<13} ")]
    return found


def test_right_after_a_quiz_stats_and_review_agree_nothing_is_due_yet(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for second, (fact_id, correct) in enumerate([("founder", False), ("river-length", False), ("city-name", True)]):
        quiz_answer(store, small, fact_id, correct, T0 + timedelta(seconds=second))
    for after, due_now, later in [
        (timedelta(seconds=30), 0, "3, the first in 1 min"),
        (timedelta(minutes=2), 2, "1, the first in 8 min"),
        (timedelta(minutes=11), 3, "0"),
    ]:
        clock = Clock(T0 + after)
        term, out = session([])
        stats(term, small, store, clock=clock, tz=UTC, fuzzing=False)
        shown = out.getvalue()
        assert figure(shown, "Due now").startswith(f"{due_now} "), shown
        assert figure(shown, "Later today").startswith(later), shown
        term, out = session(["n"])
        review(term, small, store, clock=clock, fuzzing=False, seed=7, limit=20, new=0, tz=UTC)
        asked = out.getvalue()
        assert f": {due_now} due for review, 0 new." in asked, asked
        if not due_now:
            assert "Nothing is due now. 3 cards come due later today, the first in 1 min" in asked


def test_review_says_how_many_are_due_when_the_limit_holds_some_back(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for fact_id in ("founder", "river-length", "city-name"):
        quiz_answer(store, small, fact_id, False, T0)
    term, out = session([])
    review(term, small, store, clock=Clock(T0 + timedelta(hours=1)), fuzzing=False, seed=7, limit=2, new=0)
    assert "3 due for review (the first 2 this time: --limit), 0 new." in out.getvalue()


def test_retention_is_not_shown_as_100_percent_after_five_wrong_answers(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for second, fact_id in enumerate(["founder", "river-length", "city-name", "anthem-year", "founder"]):
        quiz_answer(store, small, fact_id, False, T0 + timedelta(seconds=second))
    term, out = session([])
    stats(term, small, store, clock=Clock(T0 + timedelta(minutes=1)), tz=UTC, fuzzing=False)
    text = out.getvalue()
    assert "Answered      5 questions, 0 right (0%)" in text
    assert figure(text, "Retention") == "not estimated yet: all cards are still in learning steps", text
    assert "100%" not in text


def test_retention_counts_learnt_cards_only_and_falls_with_time(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    quiz_answer(store, small, "founder", True, T0)
    quiz_answer(store, small, "founder", True, T0 + timedelta(minutes=10))  # learnt: in review
    for minute in range(5):  # and five wrong answers on another fact, still being learnt
        quiz_answer(store, small, "city-name", False, T0 + timedelta(minutes=20 + minute))
    shown = []
    for days in (3, 60):
        term, out = session([])
        stats(term, small, store, clock=Clock(T0 + timedelta(days=days)), tz=UTC, fuzzing=False)
        shown.append(figure(out.getvalue(), "Retention"))
    soon, late = (int(text.split("%")[0]) for text in shown)
    assert 0 < late < soon < 100, shown
    assert shown[0].endswith("% chance of recall now (FSRS), 1 learnt card; 1 still learning"), shown


def test_new_facts_come_in_a_fresh_order_each_review(small: Bank, tmp_path: Path) -> None:
    store = open_store(tmp_path)
    first_asked = set()
    for seed in range(8):
        term, out = session([])  # no input: the first question is shown, nothing is answered
        review(term, small, store, clock=Clock(T0), fuzzing=False, seed=seed, limit=20, new=2)
        lines = out.getvalue().splitlines()
        first_asked.add(lines[lines.index(next(line for line in lines if line.startswith("1/2  "))) + 1])
    assert len(first_asked) > 2, first_asked
