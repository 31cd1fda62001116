"""Reading and writing answers and cards: each answer its own transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from quizgen.study.progress.errors import Damaged, write_error

# Held around every transaction: the CLI passes one that holds Ctrl-C back until the commit is
# done (quizgen.cli.signals); a library caller may pass its own.
Guard = Callable[[], AbstractContextManager[None]]


def moment(text: object, path: Path, what: str) -> datetime:
    """A time read back from the database: an aware ISO 8601 time, or Damaged."""
    try:
        value = datetime.fromisoformat(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Damaged(path, f"{what} {str(text)[:40]!r} is not a time") from None
    if value.tzinfo is None:
        raise Damaged(path, f"{what} {str(text)[:40]!r} has no time zone")
    return value


def iso(moment: datetime) -> str:
    """A sortable UTC timestamp; naive datetimes are refused, as fsrs refuses them."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class FactResult(NamedTuple):
    answer_id: int
    fact_id: str
    correct: bool
    answered_at: datetime


class CardRow(NamedTuple):
    fact_id: str
    card_json: str
    due: datetime


class AnswerRow(NamedTuple):
    topic: str
    correct: bool
    answered_at: datetime


class ProgressStore:
    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        unchecked: Callable[[], sqlite3.Connection] | None = None,
        guard: Guard = contextlib.nullcontext,
    ) -> None:
        self.conn = conn
        self.path = path
        self.guard = guard
        # Set while the integrity check waits for the first write: checks, and on damage
        # returns a connection to a fresh database (open_store(check_before_first_write=True)).
        self._unchecked = unchecked

    def close(self) -> None:
        self.conn.close()

    def _check_before_writing(self) -> None:
        check, self._unchecked = self._unchecked, None
        if check is not None:
            self.conn = check()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, with Ctrl-C held back until the commit is done. A failed
        write (disk full, read-only, I/O error, locked) rolls back and raises ProgressError:
        the earlier transactions stay committed."""
        self._check_before_writing()
        with self.guard():
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise write_error(self.path, exc) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                self._rollback()
                if isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError:
                    raise write_error(self.path, exc) from None
                raise

    def _rollback(self) -> None:
        # SQLite may already have rolled back by itself (it can after SQLITE_FULL or IOERR);
        # a second ROLLBACK would raise and hide the error that matters.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def record_answer(
        self,
        *,
        bank: str,
        mode: str,
        at: datetime,
        question_id: str,
        kind: str,
        topic: str,
        reply: str,
        correct: bool,
        near_miss: bool,
        facts: Sequence[tuple[str, bool]],
        cards: Mapping[str, tuple[str, datetime]] | None = None,
        logs: Sequence[tuple[str, str]] = (),
    ) -> int:
        """Save one answer, in one transaction. With `cards` (review) the facts' cards are
        updated in the same transaction; without (quiz) the results wait for review to
        schedule them."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO answers (bank, mode, answered_at, question_id, kind, topic, reply, correct, near_miss)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (bank, mode, iso(at), question_id, kind, topic, reply, int(correct), int(near_miss)),
            )
            answer_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO fact_results (answer_id, bank, fact_id, correct, scheduled) VALUES (?, ?, ?, ?, ?)",
                [(answer_id, bank, fact_id, int(ok), int(cards is not None)) for fact_id, ok in facts],
            )
            for fact_id, (card_json, due) in (cards or {}).items():
                self._put_card(db, bank, fact_id, card_json, due, at)
            db.executemany(
                "INSERT INTO review_logs (bank, fact_id, answer_id, log) VALUES (?, ?, ?, ?)",
                [(bank, fact_id, answer_id, log) for fact_id, log in logs],
            )
        return answer_id

    @staticmethod
    def _put_card(db: sqlite3.Connection, bank: str, fact_id: str, card_json: str, due: datetime, at: datetime) -> None:
        db.execute(
            "INSERT INTO cards (bank, fact_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (bank, fact_id) DO UPDATE SET card = excluded.card, due = excluded.due,"
            " updated_at = excluded.updated_at",
            (bank, fact_id, card_json, iso(due), iso(at)),
        )

    def schedule_pending(self, bank: str, apply: Callable[[FactResult, str | None], tuple[str, datetime, str]]) -> int:
        """Apply quiz results not yet scheduled to their cards, oldest first, in one transaction
        (so two processes never apply one twice). apply(result, card_json or None) returns
        (new card json, due, review log json)."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT r.answer_id, r.fact_id, r.correct, a.answered_at FROM fact_results r"
                " JOIN answers a ON a.id = r.answer_id WHERE r.bank = ? AND r.scheduled = 0"
                " ORDER BY a.answered_at, r.answer_id",
                (bank,),
            ).fetchall()
            for answer_id, fact_id, correct, answered_at in rows:
                result = FactResult(answer_id, fact_id, bool(correct), moment(answered_at, self.path, "answered_at"))
                found = db.execute("SELECT card FROM cards WHERE bank = ? AND fact_id = ?", (bank, fact_id)).fetchone()
                card_json, due, log = apply(result, found[0] if found else None)
                self._put_card(db, bank, fact_id, card_json, due, result.answered_at)
                db.execute(
                    "INSERT INTO review_logs (bank, fact_id, answer_id, log) VALUES (?, ?, ?, ?)",
                    (bank, fact_id, answer_id, log),
                )
                db.execute(
                    "UPDATE fact_results SET scheduled = 1 WHERE answer_id = ? AND fact_id = ?", (answer_id, fact_id)
                )
        return len(rows)

    def cards(self, bank: str) -> list[CardRow]:
        rows = self.conn.execute(
            "SELECT fact_id, card, due FROM cards WHERE bank = ? ORDER BY due, fact_id", (bank,)
        ).fetchall()
        return [CardRow(f, c, moment(d, self.path, "a card's due time")) for f, c, d in rows]

    def pending(self, bank: str) -> list[FactResult]:
        """Quiz results not yet applied to their cards, oldest first (reading only)."""
        rows = self.conn.execute(
            "SELECT r.answer_id, r.fact_id, r.correct, a.answered_at FROM fact_results r"
            " JOIN answers a ON a.id = r.answer_id WHERE r.bank = ? AND r.scheduled = 0"
            " ORDER BY a.answered_at, r.answer_id",
            (bank,),
        ).fetchall()
        return [
            FactResult(answer_id, fact_id, bool(correct), moment(at, self.path, "answered_at"))
            for answer_id, fact_id, correct, at in rows
        ]

    def answers(self, bank: str) -> list[AnswerRow]:
        rows = self.conn.execute(
            "SELECT topic, correct, answered_at FROM answers WHERE bank = ? ORDER BY answered_at", (bank,)
        ).fetchall()
        return [AnswerRow(t, bool(c), moment(a, self.path, "answered_at")) for t, c, a in rows]
