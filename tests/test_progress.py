"""The progress database: migrations, a corrupted or locked file, two writers at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.progress import DB_NAME, SCHEMA_VERSION, ProgressError, open_store
from tests.conftest import ROOT, SMALL_BANK

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def record(store, n: int = 0) -> int:  # type: ignore[no-untyped-def]
    return int(store.record_answer(bank="b", mode="quiz", at=T0, question_id=f"mcq:f{n}", kind="mcq", topic="t",
                                   reply="a", correct=True, near_miss=False, facts=[(f"f{n}", True)]))


def test_fresh_database_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"answers_by_bank_topic", "cards_by_due", "fact_results_unscheduled"} <= indexes
    record(store)
    store.close()
    again = open_store(tmp_path)  # reopening keeps the data and migrates nothing
    assert again.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 1


def test_database_from_a_newer_quizgen_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ProgressError, match="newer quizgen"):
        open_store(tmp_path)


def test_corrupted_database_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database, just bytes\n" * 200)
    notices: list[str] = []
    store = open_store(tmp_path, notice=notices.append)
    record(store)
    (aside,) = tmp_path.glob(f"{DB_NAME}.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")
    assert len(notices) == 1 and aside.name in notices[0]


def test_damaged_pages_are_found_too(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for n in range(300):
        record(store, n)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 4] = b"\xff" * 8192  # scribble over pages 3-4
    path.write_bytes(bytes(data))
    notices: list[str] = []
    fresh = open_store(tmp_path, notice=notices.append)
    assert notices and fresh.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_the_quiz_checks_before_its_first_write_and_saves_it_in_a_fresh_database(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for n in range(300):
        record(store, n)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 4] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    notices: list[str] = []
    quiz = open_store(tmp_path, notice=notices.append, check_before_first_write=True)
    assert notices == []  # not checked yet: the first question does not wait for it
    record(quiz, 1)
    (aside,) = tmp_path.glob(f"{DB_NAME}.corrupt-*")
    assert len(notices) == 1 and aside.name in notices[0]
    assert quiz.conn.execute("SELECT question_id FROM answers").fetchall() == [("mcq:f1",)]
    record(quiz, 2)  # checked once
    assert len(notices) == 1 and quiz.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 2
    quiz.close()


def test_corrupted_database_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"\x00garbage" * 1000)
    result = CliRunner().invoke(cli, ["stats", "--bank", str(SMALL_BANK), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "moved to progress.sqlite3.corrupt-" in result.output and "No questions answered yet" in result.output
    assert "Traceback" not in result.output


def test_locked_database_gives_a_clear_error(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = open_store(tmp_path, busy_timeout_ms=50)
        with pytest.raises(ProgressError, match="locked by another program"):
            record(store)
    finally:
        holder.execute("ROLLBACK")
    record(store)  # free again


def test_unwritable_data_dir_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["stats", "--bank", str(SMALL_BANK), "--data-dir", str(blocker / "sub")])
    assert result.exit_code == 2 and "Error: cannot create the data directory" in result.output


WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from pathlib import Path
    from quizgen.progress import open_store
    name, count, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    (folder / f"ready-{name}").touch()
    while len(list(folder.glob("ready-*"))) < 2:  # start writing together
        pass
    store = open_store(folder)
    for n in range(count):
        store.record_answer(bank="b", mode="quiz", at=datetime.now(UTC), question_id=f"{name}:{n}", kind="mcq",
                            topic="t", reply="a", correct=True, near_miss=False, facts=[(f"{name}-{n}", True)])
""")


def test_two_processes_writing_at_once_lose_no_row(tmp_path: Path) -> None:
    count = 150
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, name, str(count), str(tmp_path)], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for name in ("one", "two")]
    errors = [proc.communicate(timeout=120)[1] for proc in procs]  # wait for both before judging
    assert [proc.returncode for proc in procs] == [0, 0], errors
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 2 * count
        assert db.execute("SELECT count(*) FROM fact_results").fetchone()[0] == 2 * count
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
