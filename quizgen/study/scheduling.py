"""FSRS scheduling, shared by review and stats: one card per fact, and what is due when.

A card is keyed by bank name + fact id, so editing a fact keeps its progress. Quiz answers are
applied to their cards late, in the order they were given, so the quiz itself never imports
fsrs: review saves them (`schedule_pending`); stats, which only reads, applies them in memory
(`cards_with_pending`), so both tell the same story.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

from quizgen.bank.model import Bank
from quizgen.plural import plural
from quizgen.study.progress import Damaged, FactResult, ProgressStore

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

WEEK = 7  # days, today included
R = TypeVar("R", bound="Scheduled")


class Scheduled(Protocol):
    """A card's fact and when it is due (a CardRow of the store, or a card worked out in memory)."""

    @property
    def fact_id(self) -> str: ...

    @property
    def due(self) -> datetime: ...


class DueAt(NamedTuple):
    """A card worked out in memory: its fact and when it is due."""

    fact_id: str
    due: datetime


class Due(NamedTuple, Generic[R]):
    """What is due, worked out once so that review and stats say the same: review asks `now`."""

    now: list[R]  # due at this moment, soonest first
    later_today: list[R]  # due after now but before the local day ends
    within_week: int  # due before the end of the 7th local day, today and now included

    @property
    def next_later(self) -> datetime | None:
        return self.later_today[0].due if self.later_today else None


def due(rows: Sequence[R], now: datetime, tz: tzinfo | None = None) -> Due[R]:
    """Sort cards (ordered by due) by when they are due; tz says where a day ends (default:
    the computer's time zone)."""
    local = now.astimezone(tz)
    end_of_today = datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)
    end_of_week = end_of_today + timedelta(days=WEEK - 1)
    return Due(
        now=[row for row in rows if row.due <= now],
        later_today=[row for row in rows if now < row.due < end_of_today],
        within_week=sum(1 for row in rows if row.due < end_of_week),
    )


def make_scheduler(fuzzing: bool = True) -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=fuzzing)


def card_id(bank_name: str, fact_id: str) -> int:
    """A stable card id (fsrs would otherwise use the clock and sleep 1 ms per card)."""
    digest = hashlib.sha256(f"{bank_name}\0{fact_id}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def new_card(bank_name: str, fact_id: str, now: datetime) -> Card:
    from fsrs import Card

    return Card(card_id=card_id(bank_name, fact_id), due=now)


def load_card(card_json: str, where: Path) -> Card:
    """A card saved in the progress database at `where`; Damaged when it cannot be read back."""
    from fsrs import Card

    try:
        card = Card.from_json(card_json)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # json's errors are ValueErrors
        raise Damaged(where, f"a card cannot be read: {type(exc).__name__}: {str(exc)[:60]}") from None
    if card.due.tzinfo is None or (card.last_review is not None and card.last_review.tzinfo is None):
        raise Damaged(where, "a card's times have no time zone")
    return card


def schedule_pending(store: ProgressStore, bank: Bank, scheduler: Scheduler) -> int:
    """Bring the cards up to date with quiz answers not yet scheduled."""
    from fsrs import Rating

    def apply(result: FactResult, card_json: str | None) -> tuple[str, datetime, str]:
        card = (
            load_card(card_json, store.path) if card_json else new_card(bank.name, result.fact_id, result.answered_at)
        )
        when = max(result.answered_at, card.last_review or result.answered_at)
        card, log = scheduler.review_card(card, Rating.Good if result.correct else Rating.Again, review_datetime=when)
        return card.to_json(), card.due, log.to_json()

    return store.schedule_pending(bank.name, apply)


def cards_with_pending(store: ProgressStore, bank: Bank, scheduler: Scheduler) -> dict[str, Card]:
    """Every card of the bank as it stands with the quiz answers not yet scheduled applied, in
    memory only (for a store opened read-only)."""
    from fsrs import Rating

    cards = {row.fact_id: load_card(row.card_json, store.path) for row in store.cards(bank.name)}
    for result in store.pending(bank.name):
        card = cards.get(result.fact_id) or new_card(bank.name, result.fact_id, result.answered_at)
        when = max(result.answered_at, card.last_review or result.answered_at)
        cards[result.fact_id], _ = scheduler.review_card(
            card, Rating.Good if result.correct else Rating.Again, review_datetime=when
        )
    return cards


def later_today(when_due: Due[Any], now: datetime) -> str:
    """'3 cards come due later today, the first in 8 min (09:10).' or '' when none do."""
    first = when_due.next_later
    if first is None:
        return ""
    count = len(when_due.later_today)
    return f"{plural(count, 'card')} {'comes' if count == 1 else 'come'} due later today, the first {when(first, now)}."


def when(moment: datetime, now: datetime) -> str:
    """'in 10 min (14:32)', 'in 3 days (2026-12-04)' in local time."""
    delta = moment - now
    local = moment.astimezone()
    if delta <= timedelta(0):
        return "now"
    if delta < timedelta(hours=1):
        return f"in {max(1, round(delta.total_seconds() / 60))} min ({local:%H:%M})"
    if delta < timedelta(days=1):
        return f"in {round(delta.total_seconds() / 3600)} h ({local:%H:%M})"
    return f"in {delta.days} day{'s' if delta.days != 1 else ''} ({local:%Y-%m-%d})"
