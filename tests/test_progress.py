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
from quizgen.study.progress import DB_NAME, SCHEMA_VERSION, ProgressError, open_store
from tests.helpers import ROOT, SMALL_BANK, no_crash

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def record(store, n: int = 0) -> int:  # type: ignore[no-untyped-def]
    return int(
        store.record_answer(
            bank="b",
            mode="quiz",
            at=T0,
            question_id=f"mcq:f{n}",
            kind="mcq",
            topic="t",
            reply="a",
            correct=True,
            near_miss=False,
            facts=[(f"f{n}", True)],
        )
    )


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
    data[4096 * 2 : 4096 * 4] = b"\xff" * 8192  # scribble over pages 3-4
    path.write_bytes(bytes(data))
    notices: list[str] = []
    fresh = open_store(tmp_path, notice=notices.append)
    assert notices and fresh.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 0
    assert "could not be read (*** in database main ***" in notices[0]  # SQLite's own verdict, said


def test_the_quiz_checks_before_its_first_write_and_saves_it_in_a_fresh_database(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for n in range(300):
        record(store, n)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xff" * 8192
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
    # stats only reads: it says what is wrong and what mends it, and changes nothing
    result = CliRunner().invoke(cli, ["stats", "--bank", str(SMALL_BANK), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "cannot be read (file is not a database); 'quizgen quiz' or 'quizgen review' moves it aside" in result.output
    assert [p.name for p in tmp_path.iterdir()] == [DB_NAME]
    no_crash(result)
    result = CliRunner().invoke(
        cli,
        ["quiz", "--bank", str(SMALL_BANK), "--data-dir", str(tmp_path)],
        input="q\n",
        env={"QUIZGEN_DATA_DIR": None},
    )
    assert result.exit_code == 0 and "moved to progress.sqlite3.corrupt-" in result.output, result.output
    no_crash(result)


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
    result = CliRunner().invoke(cli, ["review", "--bank", str(SMALL_BANK), "--data-dir", str(blocker / "sub")])
    assert result.exit_code == 2 and "Error: cannot create the data directory" in result.output
    # stats needs no folder to write in: nothing answered there yet
    result = CliRunner().invoke(cli, ["stats", "--bank", str(SMALL_BANK), "--data-dir", str(blocker / "sub")])
    assert result.exit_code == 0 and "No questions answered yet" in result.output


WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from pathlib import Path
    from quizgen.study.progress import open_store
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
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name, str(count), str(tmp_path)], cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for name in ("one", "two")
    ]
    errors = [proc.communicate(timeout=120)[1] for proc in procs]  # wait for both before judging
    assert [proc.returncode for proc in procs] == [0, 0], errors
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 2 * count
        assert db.execute("SELECT count(*) FROM fact_results").fetchone()[0] == 2 * count
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO answers (bank, mode, answered_at, question_id, kind, topic, reply, correct)"
                 " VALUES ('b', 'quiz', '2026-03-01T09:00:00+00:00', 'other', 'mcq', 't', 'a', 1)")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
""")


def test_a_read_then_write_waits_for_another_process_instead_of_failing(tmp_path: Path) -> None:
    """Each transaction takes the write lock first (BEGIN IMMEDIATE). A deferred BEGIN would read,
    let another process commit, then fail at its first write at once (SQLITE_BUSY_SNAPSHOT)
    instead of waiting: review would stop with 'locked' while another session saved an answer."""
    store = open_store(tmp_path)
    record(store)  # a quiz answer, not yet scheduled
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / DB_NAME), "0.5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        # Reads the unscheduled results, then writes the card: waits for the holder's commit.
        applied = store.schedule_pending("b", lambda result, card: ('{"card": 1}', T0, '{"log": 1}'))
    finally:
        holder.communicate(timeout=60)
    assert holder.returncode == 0
    assert applied == 1
    assert store.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 2  # the holder's row too
    assert store.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 1


def test_ctrl_c_inside_a_transaction_commits_it_then_interrupts(tmp_path: Path) -> None:
    """SIGINT arriving mid-transaction is held back until COMMIT, then raised: the answer is
    saved whole and the session still stops (neither half an answer nor a swallowed Ctrl-C)."""
    import os
    import signal

    from quizgen.cli.signals import interrupts_deferred

    store = open_store(tmp_path, guard=interrupts_deferred)  # as the CLI opens it
    with pytest.raises(KeyboardInterrupt), store.transaction() as db:
        db.execute(
            "INSERT INTO answers (bank, mode, answered_at, question_id, kind, topic, reply, correct)"
            " VALUES ('b', 'quiz', '2026-03-01T09:00:00+00:00', 'q', 'mcq', 't', 'a', 1)"
        )
        os.kill(os.getpid(), signal.SIGINT)  # delivered here, in the main thread
        db.execute(
            "INSERT INTO fact_results (answer_id, bank, fact_id, correct) VALUES (last_insert_rowid(), 'b', 'f', 1)"
        )
    assert not store.conn.in_transaction
    again = sqlite3.connect(tmp_path / DB_NAME)
    assert again.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    assert again.execute("SELECT count(*) FROM fact_results").fetchone()[0] == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def played_then_tampered(folder: Path, tamper: str) -> None:
    """A quiz answered and reviewed, so the database holds answers and cards; then `tamper` run on it."""
    runner = CliRunner()
    args = ["--bank", str(SMALL_BANK), "--data-dir", str(folder)]
    assert (
        runner.invoke(
            cli,
            ["quiz", *args, "--seed", "1", "--count", "2", "--kinds", "mcq"],
            input="a\nb\n",
            env={"QUIZGEN_DATA_DIR": None},
        ).exit_code
        == 0
    )
    assert runner.invoke(cli, ["review", *args], input="", env={"QUIZGEN_DATA_DIR": None}).exit_code == 0
    with sqlite3.connect(folder / DB_NAME) as db:
        db.executescript(tamper)


@pytest.mark.parametrize(
    "tamper, why",
    [
        ("PRAGMA user_version = -1", "its schema version is -1, which no quizgen writes"),
        ("PRAGMA user_version = 0", "its schema version is 0, which no quizgen writes"),
        ("DROP TABLE cards", "its table cards is missing"),
        ("DROP TABLE answers", "its table answers is missing"),
        ("ALTER TABLE cards DROP COLUMN updated_at", "its table cards has no column updated_at"),
    ],
)
def test_a_tampered_schema_is_moved_aside_like_a_corrupt_file(tmp_path: Path, tamper: str, why: str) -> None:
    played_then_tampered(tmp_path, tamper)
    for command in ("stats", "review", "quiz", "stats"):
        result = CliRunner().invoke(
            cli,
            [command, "--bank", str(SMALL_BANK), "--data-dir", str(tmp_path)],
            input="q\n",
            env={"QUIZGEN_DATA_DIR": None},
        )
        no_crash(result)
        if command == "stats" and not list(tmp_path.glob(f"{DB_NAME}.corrupt-*Z")):
            # stats only reads: one line, exit status 2, and the file left as it is
            assert result.exit_code == 2 and f"cannot be read ({why})" in result.stderr, result.output
            continue
        assert result.exit_code == 0, (command, result.output)
        if command == "review":
            assert f"could not be read ({why}); it was moved to progress.sqlite3.corrupt-" in result.stderr
    # Moved aside once (with its -wal and -shm files): the fresh database is sound.
    assert len(list(tmp_path.glob(f"{DB_NAME}.corrupt-*Z"))) == 1


@pytest.mark.parametrize(
    "tamper, why",
    [
        ("UPDATE answers SET answered_at = 'garbage'", "answered_at 'garbage' is not a time"),
        (
            "UPDATE answers SET answered_at = '2026-03-01T09:00:00'",
            "answered_at '2026-03-01T09:00:00' has no time zone",
        ),
        ("UPDATE cards SET due = 'soon'", "a card's due time 'soon' is not a time"),
        ("UPDATE cards SET card = 'not json'", "a card cannot be read: JSONDecodeError"),
        ("UPDATE cards SET card = '{\"a\": 1}'", "a card cannot be read: KeyError"),
        ("UPDATE cards SET card = replace(card, '+00:00', '')", "a card's times have no time zone"),
    ],
)
def test_a_tampered_row_is_one_clear_line_and_exit_status_2(tmp_path: Path, tamper: str, why: str) -> None:
    played_then_tampered(tmp_path, tamper)
    result = CliRunner().invoke(
        cli, ["stats", "--bank", str(SMALL_BANK), "--data-dir", str(tmp_path)], env={"QUIZGEN_DATA_DIR": None}
    )
    assert result.exit_code == 2, result.output
    no_crash(result)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: the progress database {tmp_path / DB_NAME} is damaged ({why}"), line
    assert line.endswith("); rename or delete it to start afresh (quizgen then makes a new one)"), line
    assert not list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))  # the learner's data stays where it is
