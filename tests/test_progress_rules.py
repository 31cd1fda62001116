"""The progress store's rules, one by one: what each failure of the database is called, what
the learner is told, and that a failure never leaves a transaction open.

Found with `make mutation` (docs/mutation.md): small changes to quizgen/study/progress/ that the
suite let through. Read-only folders and files are met for real: as root (CI), by switching
the effective user to 'nobody' inside this process, which is what SQLite and the kernel check.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quizgen.study.progress import (
    DB_NAME,
    Damaged,
    FactResult,
    ProgressError,
    Unwritable,
    iso,
    moment,
    move_aside,
    open_store,
)
from quizgen.study.progress.errors import is_locked as _is_locked
from quizgen.study.progress.errors import os_reason as _os_reason
from quizgen.study.progress.errors import write_error as _write_error

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LOCKED = "is locked by another program; close other quizgen sessions (or tools holding it open) and try again"


@contextmanager
def as_learner() -> Iterator[None]:
    """Root writes through any permission: become 'nobody' for the block (effective ids only,
    so root comes back). An ordinary user already meets permissions as a learner does."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def sqlite_error(code: int | None, text: str = "boom") -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(text)
    if code is not None:
        error.sqlite_errorcode = code  # as SQLite sets it on the errors it raises
    return error


# ---- what a failure is called -----------------------------------------------------------------


@pytest.mark.parametrize(
    "number, reason",
    [
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "permission denied"),
        (errno.ENOSPC, "disk full"),
        (errno.EDQUOT, "disk full"),
        (errno.ENOTDIR, "not a folder"),
        (errno.EEXIST, "not a folder"),
        (errno.ENOENT, "cannot create"),
        (None, "cannot create"),
    ],
)
def test_an_os_error_is_named_by_its_cause(number: int | None, reason: str) -> None:
    assert _os_reason(OSError(number, "x") if number is not None else OSError("x")) == reason


@pytest.mark.parametrize(
    "code, locked", [(5, True), (6, True), (517, True), (262, True), (1, False), (8, False), (13, False), (None, False)]
)
def test_busy_and_locked_are_told_by_their_code(code: int | None, locked: bool) -> None:
    """SQLITE_BUSY and SQLITE_LOCKED with any extended code (517 is BUSY_SNAPSHOT)."""
    assert _is_locked(sqlite_error(code, "database is locked" if code is None else "boom")) is locked


@pytest.mark.parametrize(
    "code, kind, message, reason",
    [
        (5, ProgressError, "the progress database {db} " + LOCKED, "locked by another program"),
        (517, ProgressError, "the progress database {db} " + LOCKED, "locked by another program"),
        (3, Unwritable, "cannot write the progress database {db} (permission denied: boom)", "permission denied"),
        (8, Unwritable, "the progress database {db} is read-only (boom)", "read-only"),
        (264, Unwritable, "the progress database {db} is read-only (boom)", "read-only"),  # READONLY_RECOVERY
        (10, Unwritable, "cannot write the progress database {db} (I/O error: boom)", "I/O error"),
        (13, Unwritable, "the disk holding {db} is full (boom)", "disk full"),
        (14, Unwritable, "cannot write the progress database {db} (cannot open: boom)", "cannot open"),
        (1, ProgressError, "cannot write the progress database {db}: boom", "database error"),
        (None, ProgressError, "cannot write the progress database {db}: boom", "database error"),
    ],
)
def test_a_failed_write_is_named_by_its_code(
    tmp_path: Path, code: int | None, kind: type, message: str, reason: str
) -> None:
    db = tmp_path / DB_NAME
    error = _write_error(db, sqlite_error(code))
    assert type(error) is kind and str(error) == message.format(db=db) and error.reason == reason


@pytest.mark.parametrize("code", [3, 8, 14])
def test_a_write_refused_in_a_folder_that_cannot_be_written_blames_the_folder(tmp_path: Path, code: int) -> None:
    db = tmp_path / "gone" / DB_NAME  # a folder this process cannot write (it does not even exist)
    error = _write_error(db, sqlite_error(code))
    assert type(error) is Unwritable and error.reason == "read-only"
    assert str(error) == f"the data directory {db.parent} is read-only (boom)"


def test_errors_carry_their_short_cause(tmp_path: Path) -> None:
    assert ProgressError("anything").reason == "database error"
    damaged = Damaged(tmp_path / DB_NAME, "a card cannot be read")
    assert damaged.reason == "damaged"
    assert str(damaged) == (
        f"the progress database {tmp_path / DB_NAME} is damaged (a card cannot be read); "
        "rename or delete it to start afresh (quizgen then makes a new one)"
    )


# ---- times ------------------------------------------------------------------------------------


@contextmanager
def local_time_zone(spec: str) -> Iterator[None]:
    """This process's local time zone, for the block (a POSIX TZ string needs no tz database)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = spec
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_times_are_stored_in_utc_whatever_the_local_zone() -> None:
    with local_time_zone("QZG-5"):  # UTC+5, Almaty's offset
        assert (
            iso(datetime(2026, 3, 1, 14, 0, tzinfo=timezone(timedelta(hours=5)))) == "2026-03-01T09:00:00.000000+00:00"
        )
    with pytest.raises(ValueError, match=r"^naive datetime$"):
        iso(datetime(2026, 3, 1, 9, 0))


def test_a_time_read_back_must_be_a_time_with_a_zone(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    assert moment("2026-03-01T09:00:00+00:00", db, "x") == T0
    garbage = "g" * 60
    with pytest.raises(Damaged) as refused:
        moment(garbage, db, "answered_at")
    assert f"(answered_at {'g' * 40!r} is not a time)" in str(refused.value)  # quoted, cut at 40 characters
    with pytest.raises(Damaged) as naive:
        moment("2026-03-01T09:00:00", db, "due")
    assert "(due '2026-03-01T09:00:00' has no time zone)" in str(naive.value)


# ---- opening ----------------------------------------------------------------------------------


def test_the_default_folder_is_the_user_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    store = open_store()
    assert store.path == tmp_path / "xdg" / "quizgen" / DB_NAME and store.path.is_file()


def test_a_data_directory_is_made_with_its_parents(tmp_path: Path) -> None:
    assert open_store(tmp_path / "a" / "b" / "c").path == tmp_path / "a" / "b" / "c" / DB_NAME


def test_a_data_directory_under_a_file_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(Unwritable) as refused:
        open_store(tmp_path / "file" / "data")
    assert str(refused.value) == f"cannot create the data directory {tmp_path / 'file' / 'data'}: Not a directory"
    assert refused.value.reason == "not a folder"


def test_a_database_moved_aside_is_named_and_the_fresh_one_takes_its_place(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    db.write_bytes(b"not a database" * 100)
    notices: list[str] = []
    store = open_store(tmp_path, notice=notices.append)
    assert store.path == db
    (aside,) = tmp_path.glob(f"{DB_NAME}.corrupt-*Z")
    assert aside.read_bytes() == b"not a database" * 100
    assert notices == [
        f"The progress database {db} could not be read (file is not a database); it was moved to "
        f"{aside.name} and a fresh one started."
    ]


def test_move_aside_takes_the_journal_files_along_and_stamps_utc(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    db.write_bytes(b"x")
    for suffix in ("-wal", "-shm"):
        (tmp_path / (DB_NAME + suffix)).write_bytes(suffix.encode())
    with local_time_zone("QZG-5"):
        aside = move_aside(db)
    stamp = re.fullmatch(rf"{re.escape(DB_NAME)}\.corrupt-(\d{{8}}T\d{{12}})Z", aside.name)
    assert stamp is not None
    taken = datetime.strptime(stamp.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - taken) < timedelta(minutes=5)  # UTC, not the local time
    assert sorted(p.name for p in tmp_path.iterdir()) == [aside.name, aside.name + "-shm", aside.name + "-wal"]
    assert (tmp_path / (aside.name + "-wal")).read_bytes() == b"-wal"
    assert (tmp_path / (aside.name + "-shm")).read_bytes() == b"-shm"


def test_move_aside_moves_only_what_is_there(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    db.write_bytes(b"x")
    aside = move_aside(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == [aside.name]


def test_a_damaged_database_that_cannot_be_moved_aside_is_unwritable(shared_dir: Path) -> None:
    data = shared_dir / "data"
    data.mkdir(mode=0o755)
    (data / DB_NAME).write_bytes(b"not a database" * 100)
    data.chmod(0o555)
    with as_learner(), pytest.raises(Unwritable) as refused:
        open_store(data)
    assert str(refused.value) == (
        f"the progress database {data / DB_NAME} could not be read (file is not a database)"
        " nor moved aside: Permission denied"
    )
    assert refused.value.reason == "permission denied"


def test_a_read_only_folder_is_unwritable(shared_dir: Path) -> None:
    data = shared_dir / "data"
    data.mkdir(mode=0o555)
    with as_learner(), pytest.raises(Unwritable) as refused:
        open_store(data)
    assert str(refused.value) == (f"the data directory {data} is read-only (unable to open database file)")
    assert refused.value.reason == "read-only" and not (data / DB_NAME).exists()


def test_a_read_only_database_that_needs_its_tables_is_unwritable_and_left_as_it_was(shared_dir: Path) -> None:
    """Creating the tables fails after BEGIN: the migration rolls back and says why."""
    data = shared_dir / "data"
    data.mkdir()
    data.chmod(0o777)  # the folder may be written (for the WAL files), the database not
    with sqlite3.connect(data / DB_NAME, isolation_level=None) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE scratch (x)")
        db.execute("DROP TABLE scratch")
    (data / DB_NAME).chmod(0o444)
    with as_learner(), pytest.raises(Unwritable) as refused:
        open_store(data)
    assert str(refused.value) == (
        f"the progress database {data / DB_NAME} is read-only (attempt to write a readonly database)"
    )
    with sqlite3.connect(data / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def rollback_journal_database(folder: Path) -> Path:
    """A quizgen database as an older quizgen (or another tool) may leave it: not yet in WAL mode."""
    open_store(folder).close()
    with sqlite3.connect(folder / DB_NAME, isolation_level=None) as db:
        db.execute("PRAGMA journal_mode = DELETE")
    return folder / DB_NAME


def test_set_up_tries_again_while_another_writer_holds_the_file(tmp_path: Path) -> None:
    """Switching to WAL while another connection holds the write lock gets SQLITE_BUSY at once
    (SQLite's busy handler does not wait there): set-up is tried again until the timeout."""
    holder = sqlite3.connect(rollback_journal_database(tmp_path), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        store = open_store(tmp_path, busy_timeout_ms=5000)
    finally:
        release.join()
        holder.close()
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not list(tmp_path.glob("*.corrupt-*"))  # waited for, not taken for damage


def test_set_up_gives_up_on_a_lock_that_outlasts_the_timeout(tmp_path: Path) -> None:
    holder = sqlite3.connect(rollback_journal_database(tmp_path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProgressError) as refused:
            open_store(tmp_path, busy_timeout_ms=200)
    finally:
        holder.execute("ROLLBACK")
    assert str(refused.value) == f"the progress database {tmp_path / DB_NAME} " + LOCKED
    assert refused.value.reason == "locked by another program"


# ---- transactions -----------------------------------------------------------------------------


def test_an_error_inside_a_transaction_rolls_it_back_and_surfaces(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with pytest.raises(ZeroDivisionError), store.transaction() as db:
        db.execute(
            "INSERT INTO answers (bank, mode, answered_at, question_id, kind, topic, reply, correct)"
            " VALUES ('b', 'quiz', '2026-03-01T09:00:00+00:00', 'q', 'mcq', 't', 'a', 1)"
        )
        1 / 0  # noqa: B018 - the failure under test
    assert not store.conn.in_transaction
    assert store.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_scheduling_hands_each_result_with_its_answer(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    first = store.record_answer(
        bank="b",
        mode="quiz",
        at=T0,
        question_id="q1",
        kind="mcq",
        topic="t",
        reply="a",
        correct=True,
        near_miss=False,
        facts=[("f1", True)],
    )
    second = store.record_answer(
        bank="b",
        mode="quiz",
        at=T0 + timedelta(minutes=1),
        question_id="q2",
        kind="mcq",
        topic="t",
        reply="b",
        correct=False,
        near_miss=False,
        facts=[("f2", False)],
    )
    seen: list[tuple[FactResult, str | None]] = []

    def apply(result: FactResult, card: str | None) -> tuple[str, datetime, str]:
        seen.append((result, card))
        return '{"card": 1}', T0, '{"log": 1}'

    assert store.schedule_pending("b", apply) == 2
    assert seen == [
        (FactResult(first, "f1", True, T0), None),
        (FactResult(second, "f2", False, T0 + timedelta(minutes=1)), None),
    ]


def test_a_damaged_answer_time_stops_scheduling_with_its_name(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.record_answer(
        bank="b",
        mode="quiz",
        at=T0,
        question_id="q1",
        kind="mcq",
        topic="t",
        reply="a",
        correct=True,
        near_miss=False,
        facts=[("f1", True)],
    )
    store.conn.execute("UPDATE answers SET answered_at = 'garbage'")
    with pytest.raises(Damaged) as refused:
        store.schedule_pending("b", lambda result, card: ("{}", T0, "{}"))
    assert str(refused.value).startswith(
        f"the progress database {tmp_path / DB_NAME} is damaged (answered_at 'garbage' is not a time)"
    )
    assert not store.conn.in_transaction


def test_the_busy_timeout_is_the_one_asked_for(tmp_path: Path) -> None:
    """How long a write waits for another program's lock (SQLite's own setting, read back)."""
    assert open_store(tmp_path, busy_timeout_ms=1234).conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1234


def test_a_database_from_a_newer_quizgen_names_itself(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("PRAGMA user_version = 7")
    with pytest.raises(ProgressError) as refused:
        open_store(tmp_path)
    assert str(refused.value) == (
        f"the progress database {tmp_path / DB_NAME} was made by a newer quizgen "
        "(schema 7, this one knows 1); upgrade quizgen"
    )
