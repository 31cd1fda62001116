"""Progress on disk: one SQLite database of answers and spaced-repetition cards.

Every answer is its own transaction, committed before the next question is shown, so
nothing answered is lost to Ctrl-C, end of input, a closed terminal or a crash. WAL mode and
a busy timeout let two sessions write at once. The schema is versioned with PRAGMA
user_version; MIGRATIONS[n] takes a database from version n to n + 1. A file SQLite cannot
read, or whose tables are not those its version promises (a negative version, a dropped
table), is moved aside and a fresh database started; a row that cannot be read (a time that
is no time) raises Damaged, a clear message; a locked one is reported, not waited on forever.
A database that cannot be written (read-only folder or file, permission denied, disk full,
I/O error) raises Unwritable, at open or at any write, so the quiz can go on unsaved.
"""

from __future__ import annotations

import errno
import functools
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from quizgen.errors import ExitStatus, QuizgenError

DB_NAME = "progress.sqlite3"
BUSY_TIMEOUT_MS = 5000

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: answers, the facts each answer covered, FSRS cards and their review logs.
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        bank TEXT NOT NULL,
        mode TEXT NOT NULL,              -- quiz | review
        answered_at TEXT NOT NULL,       -- ISO 8601, UTC
        question_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        topic TEXT NOT NULL,
        reply TEXT NOT NULL,
        correct INTEGER NOT NULL,
        near_miss INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX answers_by_bank_topic ON answers (bank, topic);
    CREATE INDEX answers_by_bank_time ON answers (bank, answered_at);
    CREATE TABLE fact_results (
        answer_id INTEGER NOT NULL REFERENCES answers (id),
        bank TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        correct INTEGER NOT NULL,
        scheduled INTEGER NOT NULL DEFAULT 0,   -- 1 once applied to the fact's card
        PRIMARY KEY (answer_id, fact_id)
    );
    CREATE INDEX fact_results_unscheduled ON fact_results (bank) WHERE scheduled = 0;
    CREATE TABLE cards (
        bank TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        card TEXT NOT NULL,              -- fsrs Card.to_json()
        due TEXT NOT NULL,               -- ISO 8601, UTC, copied out of card for queries
        updated_at TEXT NOT NULL,
        PRIMARY KEY (bank, fact_id)
    );
    CREATE INDEX cards_by_due ON cards (bank, due);
    CREATE TABLE review_logs (
        id INTEGER PRIMARY KEY,
        bank TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        answer_id INTEGER REFERENCES answers (id),
        log TEXT NOT NULL                -- fsrs ReviewLog.to_json()
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class ProgressError(QuizgenError):
    """The progress database cannot be used (locked, unwritable, from a newer quizgen)."""

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, message: str, reason: str = "database error") -> None:
        super().__init__(message)
        self.reason = reason  # the short cause ("disk full"), for a one-line message mid-session


class Unwritable(ProgressError):
    """The progress database cannot be written: read-only, permission denied, disk full, I/O
    error. Quizzing can go on without saving; waiting would not help."""


class Damaged(ProgressError):
    """A row of the progress database that cannot be read: someone or something changed it."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"the progress database {path} is damaged ({detail}); rename or delete it to start "
                         "afresh (quizgen then makes a new one)", "damaged")


class _Corrupt(Exception):
    pass


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


def default_data_dir() -> Path:
    from quizgen.userdirs import user_data_dir

    return Path(user_data_dir())


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
    def __init__(self, conn: sqlite3.Connection, path: Path,
                 unchecked: Callable[[], sqlite3.Connection] | None = None) -> None:
        self.conn = conn
        self.path = path
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
        with interrupts_deferred():
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _write_error(self.path, exc) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                self._rollback()
                if isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError:
                    raise _write_error(self.path, exc) from None
                raise

    def _rollback(self) -> None:
        # SQLite may already have rolled back by itself (it can after SQLITE_FULL or IOERR);
        # a second ROLLBACK would raise and hide the error that matters.
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def record_answer(self, *, bank: str, mode: str, at: datetime, question_id: str, kind: str, topic: str,
                      reply: str, correct: bool, near_miss: bool, facts: Sequence[tuple[str, bool]],
                      cards: Mapping[str, tuple[str, datetime]] | None = None,
                      logs: Sequence[tuple[str, str]] = ()) -> int:
        """Save one answer, in one transaction. With `cards` (review) the facts' cards are
        updated in the same transaction; without (quiz) the results wait for review to
        schedule them."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO answers (bank, mode, answered_at, question_id, kind, topic, reply, correct, near_miss)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (bank, mode, iso(at), question_id, kind, topic, reply, int(correct), int(near_miss)))
            answer_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO fact_results (answer_id, bank, fact_id, correct, scheduled) VALUES (?, ?, ?, ?, ?)",
                [(answer_id, bank, fact_id, int(ok), int(cards is not None)) for fact_id, ok in facts])
            for fact_id, (card_json, due) in (cards or {}).items():
                self._put_card(db, bank, fact_id, card_json, due, at)
            db.executemany("INSERT INTO review_logs (bank, fact_id, answer_id, log) VALUES (?, ?, ?, ?)",
                           [(bank, fact_id, answer_id, log) for fact_id, log in logs])
        return answer_id

    @staticmethod
    def _put_card(db: sqlite3.Connection, bank: str, fact_id: str, card_json: str, due: datetime,
                  at: datetime) -> None:
        db.execute("INSERT INTO cards (bank, fact_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT (bank, fact_id) DO UPDATE SET card = excluded.card, due = excluded.due,"
                   " updated_at = excluded.updated_at", (bank, fact_id, card_json, iso(due), iso(at)))

    def schedule_pending(self, bank: str,
                         apply: Callable[[FactResult, str | None], tuple[str, datetime, str]]) -> int:
        """Apply quiz results not yet scheduled to their cards, oldest first, in one transaction
        (so two processes never apply one twice). apply(result, card_json or None) returns
        (new card json, due, review log json)."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT r.answer_id, r.fact_id, r.correct, a.answered_at FROM fact_results r"
                " JOIN answers a ON a.id = r.answer_id WHERE r.bank = ? AND r.scheduled = 0"
                " ORDER BY a.answered_at, r.answer_id", (bank,)).fetchall()
            for answer_id, fact_id, correct, answered_at in rows:
                result = FactResult(answer_id, fact_id, bool(correct), moment(answered_at, self.path, "answered_at"))
                found = db.execute("SELECT card FROM cards WHERE bank = ? AND fact_id = ?", (bank, fact_id)).fetchone()
                card_json, due, log = apply(result, found[0] if found else None)
                self._put_card(db, bank, fact_id, card_json, due, result.answered_at)
                db.execute("INSERT INTO review_logs (bank, fact_id, answer_id, log) VALUES (?, ?, ?, ?)",
                           (bank, fact_id, answer_id, log))
                db.execute("UPDATE fact_results SET scheduled = 1 WHERE answer_id = ? AND fact_id = ?",
                           (answer_id, fact_id))
        return len(rows)

    def cards(self, bank: str) -> list[CardRow]:
        rows = self.conn.execute("SELECT fact_id, card, due FROM cards WHERE bank = ? ORDER BY due, fact_id",
                                 (bank,)).fetchall()
        return [CardRow(f, c, moment(d, self.path, "a card's due time")) for f, c, d in rows]

    def answers(self, bank: str) -> list[AnswerRow]:
        rows = self.conn.execute("SELECT topic, correct, answered_at FROM answers WHERE bank = ? ORDER BY answered_at",
                                 (bank,)).fetchall()
        return [AnswerRow(t, bool(c), moment(a, self.path, "answered_at")) for t, c, a in rows]


def open_store(data_dir: Path | None = None, *, notice: Callable[[str], None] = lambda _: None,
               busy_timeout_ms: int = BUSY_TIMEOUT_MS, check_before_first_write: bool = False) -> ProgressStore:
    """Open (creating or migrating) the progress database in data_dir, ready to write.

    Its integrity is checked (PRAGMA quick_check, whose time grows with the database) at open,
    or with check_before_first_write just before the first write: the quiz shows its first
    question without waiting for it, and still never writes into a damaged file. A damaged
    database is moved aside and a fresh one started, with a notice.

    Raises Unwritable when it cannot be written, ProgressError when it is locked or newer."""
    folder = data_dir if data_dir is not None else default_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Unwritable(f"cannot create the data directory {folder}: {exc.strerror or exc}", _os_reason(exc)) from None
    path = folder / DB_NAME
    try:
        conn = _connect(path, busy_timeout_ms, check=not check_before_first_write)
    except _Corrupt as exc:
        return ProgressStore(_fresh(path, str(exc), notice, busy_timeout_ms), path)
    if not check_before_first_write:
        return ProgressStore(conn, path)

    def check() -> sqlite3.Connection:
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            verdict = str(exc)
        if verdict == "ok":
            return conn
        conn.close()
        return _fresh(path, verdict, notice, busy_timeout_ms)

    return ProgressStore(conn, path, check)


def _fresh(path: Path, reason: str, notice: Callable[[str], None], busy_timeout_ms: int) -> sqlite3.Connection:
    """Move a damaged database aside and connect to a fresh one in its place."""
    try:
        aside = move_aside(path)
    except OSError as move:
        raise Unwritable(f"the progress database {path} could not be read ({reason}) nor moved aside: "
                         f"{move.strerror or move}", _os_reason(move)) from None
    notice(f"The progress database {path} could not be read ({reason}); "
           f"it was moved to {aside.name} and a fresh one started.")
    try:
        return _connect(path, busy_timeout_ms)
    except _Corrupt as again:
        raise ProgressError(f"cannot start a fresh progress database at {path}: {again}") from None


def _connect(path: Path, busy_timeout_ms: int, check: bool = True) -> sqlite3.Connection:
    # Switching a new file to WAL, or reading while another process does, can report
    # SQLITE_BUSY without calling the busy handler; retry the set-up until the timeout.
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            return _connect_once(path, busy_timeout_ms, check)
        except _Locked:
            if time.monotonic() >= deadline:
                raise _locked_error(path) from None
            time.sleep(0.02)


class _Locked(Exception):
    """Set-up met SQLITE_BUSY or SQLITE_LOCKED: worth another try until the timeout."""


def _connect_once(path: Path, busy_timeout_ms: int, check: bool = True) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as exc:
        raise _write_error(path, exc) from None
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable across a crashed process
        conn.execute("PRAGMA foreign_keys = ON")
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
        if verdict != "ok":
            raise _Corrupt(verdict)
        _migrate(conn, path)
        _check_writable(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        if _is_locked(exc):
            raise _Locked from None
        raise _write_error(path, exc) from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
        conn.close()
        raise _Corrupt(str(exc)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _check_writable(conn: sqlite3.Connection) -> None:
    """SQLite opens a file it may not write read-only without a word (and in WAL mode even
    takes the write lock); rewriting user_version unchanged, then rolling back, finds that
    out now rather than at the first answer, writing nothing. A lock held by another writer
    is no answer either way: don't wait for it here."""
    waits = conn.execute("PRAGMA busy_timeout").fetchone()[0]  # sqlite3.connect's timeout, put back after
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if not _is_locked(exc):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        _check_tables(conn)
        return
    if version < 0 or (version == 0 and _tables(conn)):
        raise _Corrupt(f"its schema version is {version}, which no quizgen writes")
    if version > SCHEMA_VERSION:
        raise ProgressError(f"the progress database {path} was made by a newer quizgen "
                            f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade quizgen")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise
    _check_tables(conn)


def _tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each table's columns (SQLite's own tables left out)."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")]
    return {name: tuple(row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (name,)))
            for name in names}


@functools.cache
def _expected_tables() -> dict[str, tuple[str, ...]]:
    """The tables and columns MIGRATIONS make, found by running them on an empty database."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS:
            for statement in _statements(script):
                conn.execute(statement)
        return _tables(conn)
    finally:
        conn.close()


def _check_tables(conn: sqlite3.Connection) -> None:
    """A database of the current version holds every table and column it promises."""
    found = _tables(conn)
    for table, columns in _expected_tables().items():
        if table not in found:
            raise _Corrupt(f"its table {table} is missing")
        missing = [column for column in columns if column not in found[table]]
        if missing:
            raise _Corrupt(f"its table {table} has no column {missing[0]}")


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction; split instead (no ';' inside our SQL text).
    lines = [line.split("--")[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _is_locked(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED, whatever the extended code (BUSY_SNAPSHOT, ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (5, 6)


def _locked_error(path: Path) -> ProgressError:
    return ProgressError(f"the progress database {path} is locked by another program; "
                         "close other quizgen sessions (or tools holding it open) and try again",
                         "locked by another program")


# SQLite's primary result codes (the low byte of the extended code) that mean "cannot write".
_SQLITE_REASONS = {3: "permission denied", 8: "read-only", 10: "I/O error", 13: "disk full", 14: "cannot open"}


def _write_error(path: Path, exc: sqlite3.Error) -> QuizgenError:
    """The error for a failed write: locked, Unwritable, or (a cause we do not know) ProgressError."""
    if _is_locked(exc):
        return _locked_error(path)
    code = getattr(exc, "sqlite_errorcode", None)
    reason = _SQLITE_REASONS.get(code & 0xFF) if isinstance(code, int) else None
    if reason is None:
        return ProgressError(f"cannot write the progress database {path}: {exc}")
    # Effective ids: they decide what this process may write (os.access asks for the real ones).
    if reason in ("cannot open", "read-only", "permission denied") and not os.access(
            path.parent, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
        return Unwritable(f"the data directory {path.parent} is read-only ({exc})", "read-only")
    if reason == "read-only":
        return Unwritable(f"the progress database {path} is read-only ({exc})", reason)
    if reason == "disk full":
        return Unwritable(f"the disk holding {path} is full ({exc})", reason)
    return Unwritable(f"cannot write the progress database {path} ({reason}: {exc})", reason)


def _os_reason(exc: OSError) -> str:
    return {errno.EROFS: "read-only", errno.EACCES: "permission denied", errno.EPERM: "permission denied",
            errno.ENOSPC: "disk full", errno.EDQUOT: "disk full", errno.ENOTDIR: "not a folder",
            errno.EEXIST: "not a folder"}.get(exc.errno or 0, "cannot create")


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) to '<name>.corrupt-<timestamp>'."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    return aside


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, so an answer's transaction is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and previous is signal.default_int_handler:
            raise KeyboardInterrupt
