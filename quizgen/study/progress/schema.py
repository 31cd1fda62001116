"""The progress database's tables, versioned with PRAGMA user_version: MIGRATIONS[n] takes a
database from version n to n + 1. A database whose tables are not those its version promises
(a negative version, a dropped table) is Corrupt: moved aside, and a fresh one started."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from quizgen.study.progress.errors import Corrupt, ProgressError

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


def check_readable(conn: sqlite3.Connection, path: Path) -> None:
    """A database opened read-only holds this quizgen's schema: Corrupt, or ProgressError when
    it is older (a write brings it up to date) or newer (upgrade quizgen)."""
    version = _known_version(conn, path)
    if version < SCHEMA_VERSION:
        raise ProgressError(
            f"the progress database {path} is from an older quizgen; 'quizgen quiz' or "
            "'quizgen review' brings it up to date"
        )
    check_tables(conn)


def _known_version(conn: sqlite3.Connection, path: Path) -> int:
    """The database's schema version: Corrupt when no quizgen writes it, ProgressError when newer."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 0 or (version == 0 and tables(conn)):
        raise Corrupt(f"its schema version is {version}, which no quizgen writes")
    if version > SCHEMA_VERSION:
        raise ProgressError(
            f"the progress database {path} was made by a newer quizgen "
            f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade quizgen"
        )
    return version


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = _known_version(conn, path)
    if version == SCHEMA_VERSION:
        check_tables(conn)
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise
    check_tables(conn)


def tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each table's columns (SQLite's own tables left out)."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        )
    ]
    return {
        name: tuple(row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (name,))) for name in names
    }


@functools.cache
def expected_tables() -> dict[str, tuple[str, ...]]:
    """The tables and columns MIGRATIONS make, found by running them on an empty database."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS:
            for statement in statements(script):
                conn.execute(statement)
        return tables(conn)
    finally:
        conn.close()


def check_tables(conn: sqlite3.Connection) -> None:
    """A database of the current version holds every table and column it promises."""
    found = tables(conn)
    for table, columns in expected_tables().items():
        if table not in found:
            raise Corrupt(f"its table {table} is missing")
        missing = [column for column in columns if column not in found[table]]
        if missing:
            raise Corrupt(f"its table {table} has no column {missing[0]}")


def statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction; split instead (no ';' inside our SQL text).
    lines = [line.split("--")[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
