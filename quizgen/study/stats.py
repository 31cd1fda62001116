"""`quizgen stats`: what has been answered, how well, what is due, and the study streak."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta, tzinfo

from quizgen import NEW_PER_REVIEW
from quizgen.bank.model import Bank
from quizgen.plural import plural
from quizgen.study.clock import Clock, utc_now
from quizgen.study.progress import ProgressStore
from quizgen.study.scheduling import WEEK, DueAt, cards_with_pending, due, make_scheduler, when
from quizgen.study.session import in_topic_order
from quizgen.study.terminal import Terminal

BAR = 20
LABEL = 14  # the width of the labels stats puts before its figures


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


def stats(
    term: Terminal,
    bank: Bank,
    store: ProgressStore | None,
    *,
    clock: Clock = utc_now,
    tz: tzinfo | None = None,
    fuzzing: bool = True,
) -> None:
    """Each figure on one line with what it counts. tz: the time zone that says where a day
    ends (default: the computer's). Stats only reads (the store may be opened read-only, or be
    None when there is none yet): quiz answers not yet scheduled are applied in memory, and what
    is due comes from scheduling.due, as review's own count."""
    from fsrs import State

    now = clock()
    answers = store.answers(bank.name) if store is not None else []
    term.say(f"{bank.title}", bold=True)
    if not answers:
        term.say("No questions answered yet. Start with: quizgen quiz")
        return
    right = sum(a.correct for a in answers)
    line(
        term,
        "Answered",
        f"{plural(len(answers), 'question')}, {right} right ({percent(right, len(answers))}), in quizzes and reviews",
    )
    term.say()
    by_topic: dict[str, list[bool]] = {}
    for answer in answers:
        by_topic.setdefault(bank.topic_title(answer.topic), []).append(answer.correct)
    width = max(len(t) for t in by_topic)
    term.say("Accuracy by topic (right of answered):")
    for topic in in_topic_order(bank, by_topic):
        marks = by_topic[topic]
        share = sum(marks) / len(marks)
        term.put(
            term.paint(f"  {topic:<{width}}  "),
            term.paint(bar(share), fg="green"),
            term.paint(f" {round(100 * share):>3}%  ({sum(marks)}/{len(marks)})"),
        )
    term.say()
    assert store is not None  # answers came from it
    facts = {fact.id for fact in bank.facts}
    scheduler = make_scheduler(fuzzing)
    cards = {fact_id: card for fact_id, card in cards_with_pending(store, bank, scheduler).items() if fact_id in facts}
    when_due = due(
        sorted((DueAt(fact_id, card.due) for fact_id, card in cards.items()), key=lambda row: (row.due, row.fact_id)),
        now,
        tz,
    )
    line(term, "Cards", f"{len(cards)} of {plural(len(facts), 'fact')} (a fact gets its card when first answered)")
    line(term, "Due now", f"{len(when_due.now)} (what 'quizgen review' asks now)")
    first = when_due.next_later
    line(term, "Later today", f"{len(when_due.later_today)}" + (f", the first {when(first, now)}" if first else ""))
    line(term, f"Next {WEEK} days", f"{when_due.within_week} (now and later today included)")
    unseen = len(facts) - len(cards)
    line(term, "New", f"{plural(unseen, 'fact')} never answered (review brings in up to {NEW_PER_REVIEW} at a time)")
    learnt = [card for card in cards.values() if card.state is State.Review]
    learning = len(cards) - len(learnt)
    if learnt:
        retention = sum(scheduler.get_card_retrievability(card, now) for card in learnt) / len(learnt)
        extra = f"; {learning} still learning" if learning else ""
        line(
            term,
            "Retention",
            f"{round(100 * retention)}% chance of recall now (FSRS), {plural(len(learnt), 'learnt card')}{extra}",
        )
    elif cards:
        line(
            term,
            "Retention",
            f"not estimated yet: {'the card is' if len(cards) == 1 else 'all cards are'} still in learning steps",
        )
    days = streak((a.answered_at.astimezone(tz).date() for a in answers), now.astimezone(tz).date())
    line(term, "Study streak", f"{plural(days, 'day')} (days in a row with an answer, up to today)")


def line(term: Terminal, label: str, text: str) -> None:
    term.say(f"{label:<{LABEL - 1}} {text}")


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"
