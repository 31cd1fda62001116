"""Opening the progress database: created or migrated, checked, ready to write; or read-only."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from quizgen.study.progress.errors import (
    Corrupt,
    ProgressError,
    Unwritable,
    is_locked,
    locked_error,
    os_reason,
    write_error,
)
from quizgen.study.progress.schema import SCHEMA_VERSION, check_readable, migrate
from quizgen.study.progress.store import Guard, ProgressStore

DB_NAME = "progress.sqlite3"
BUSY_TIMEOUT_MS = 5000


def default_data_dir() -> Path:
    from quizgen.userdirs import user_data_dir

    return Path(user_data_dir())


def open_store(
    data_dir: Path | None = None,
    *,
    notice: Callable[[str], None] = lambda _: None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    check_before_first_write: bool = False,
    guard: Guard = contextlib.nullcontext,
) -> ProgressStore:
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
        raise Unwritable(f"cannot create the data directory {folder}: {exc.strerror or exc}", os_reason(exc)) from None
    path = folder / DB_NAME
    try:
        conn = _connect(path, busy_timeout_ms, check=not check_before_first_write)
    except Corrupt as exc:
        return ProgressStore(_fresh(path, str(exc), notice, busy_timeout_ms), path, guard=guard)
    if not check_before_first_write:
        return ProgressStore(conn, path, guard=guard)

    def check() -> sqlite3.Connection:
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            verdict = str(exc)
        if verdict == "ok":
            return conn
        conn.close()
        return _fresh(path, verdict, notice, busy_timeout_ms)

    return ProgressStore(conn, path, check, guard=guard)


def open_read_only(data_dir: Path | None = None) -> ProgressStore | None:
    """The progress database opened for reading only (for `quizgen stats`), or None when there
    is none yet. Reading repairs nothing: a database it cannot read, or whose schema is not this
    quizgen's, raises ProgressError saying what to do ('quizgen quiz' or 'quizgen review' move a
    damaged one aside and start afresh, or bring an older one up to date)."""
    path = (data_dir if data_dir is not None else default_data_dir()) / DB_NAME
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            check_readable(conn, path)
        except BaseException:
            conn.close()
            raise
    except (sqlite3.DatabaseError, Corrupt) as exc:
        raise ProgressError(
            f"the progress database {path} cannot be read ({exc}); 'quizgen quiz' or "
            "'quizgen review' moves it aside and starts afresh"
        ) from None
    return ProgressStore(conn, path)


def _fresh(path: Path, reason: str, notice: Callable[[str], None], busy_timeout_ms: int) -> sqlite3.Connection:
    """Move a damaged database aside and connect to a fresh one in its place."""
    try:
        aside = move_aside(path)
    except OSError as move:
        raise Unwritable(
            f"the progress database {path} could not be read ({reason}) nor moved aside: {move.strerror or move}",
            os_reason(move),
        ) from None
    notice(
        f"The progress database {path} could not be read ({reason}); "
        f"it was moved to {aside.name} and a fresh one started."
    )
    try:
        return _connect(path, busy_timeout_ms)
    except Corrupt as again:
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
                raise locked_error(path) from None
            time.sleep(0.02)


class _Locked(Exception):
    """Set-up met SQLITE_BUSY or SQLITE_LOCKED: worth another try until the timeout."""


def _connect_once(path: Path, busy_timeout_ms: int, check: bool = True) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as exc:
        raise write_error(path, exc) from None
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable across a crashed process
        conn.execute("PRAGMA foreign_keys = ON")
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
        if verdict != "ok":
            raise Corrupt(verdict)
        migrate(conn, path)
        _check_writable(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        if is_locked(exc):
            raise _Locked from None
        raise write_error(path, exc) from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
        conn.close()
        raise Corrupt(str(exc)) from None
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
        if not is_locked(exc):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")


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
