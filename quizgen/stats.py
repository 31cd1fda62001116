"""`quizgen stats`: what has been answered, how well, what is due, and the study streak."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from quizgen.model import Bank
from quizgen.progress import ProgressStore
from quizgen.quiz.run import Clock, utc_now
from quizgen.quiz.session import topic_title
from quizgen.quiz.terminal import Terminal
from quizgen.review import load_card, make_scheduler, schedule_pending

BAR = 20


def bar(fraction: float, width: int = BAR) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive study days up to today; a streak not yet extended today still counts."""
    studied = set(days)
    day = today if today in studied else today - timedelta(days=1)
    count = 0
    while day in studied:
        count += 1
        day -= timedelta(days=1)
    return count


def stats(term: Terminal, bank: Bank, store: ProgressStore, *, clock: Clock = utc_now,
          tz: tzinfo | None = None, fuzzing: bool = True) -> None:
    """tz: the time zone that says where a day ends (default: the computer's)."""
    scheduler = make_scheduler(fuzzing)
    schedule_pending(store, bank, scheduler)
    now = clock()
    local_now = now.astimezone(tz)
    answers = store.answers(bank.name)
    term.say(f"{bank.title}", bold=True)
    if not answers:
        term.say("No questions answered yet. Start with: quizgen quiz")
        return
    right = sum(a.correct for a in answers)
    term.say(f"Questions answered: {len(answers)}, {right} right ({round(100 * right / len(answers))}%)")
    term.say()
    by_topic: dict[str, list[bool]] = {}
    for answer in answers:
        by_topic.setdefault(topic_title(bank, answer.topic), []).append(answer.correct)
    width = max(len(t) for t in by_topic)
    term.say("Accuracy by topic:")
    for topic, marks in sorted(by_topic.items()):
        share = sum(marks) / len(marks)
        term.put(term.paint(f"  {topic:<{width}}  "), term.paint(bar(share), fg="green"),
                 term.paint(f" {round(100 * share):>3}%  ({sum(marks)}/{len(marks)})"))
    term.say()
    facts = {fact.id for fact in bank.facts}
    cards = [row for row in store.cards(bank.name) if row.fact_id in facts]
    end_of_today = datetime.combine(local_now.date() + timedelta(days=1), datetime.min.time(), local_now.tzinfo)
    due_today = sum(1 for row in cards if row.due < end_of_today)
    due_week = sum(1 for row in cards if row.due < end_of_today + timedelta(days=6))
    term.say(f"Cards: {len(cards)} of {len(facts)} facts started; due today {due_today}, this week {due_week}")
    if cards:
        loaded = [load_card(row.card_json, store.path) for row in cards]
        retention = sum(scheduler.get_card_retrievability(card, now) for card in loaded) / len(cards)
        term.say(f"Estimated retention now (FSRS, mean retrievability): {round(100 * retention)}%")
    days = streak((a.answered_at.astimezone(tz).date() for a in answers), local_now.date())
    term.say(f"Study streak: {days} day{'s' if days != 1 else ''}")
