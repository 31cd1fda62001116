"""Progress faults: a data directory that cannot be written, a disk that fills up mid-session,
and kill -9 during a quiz. Real failures of the real filesystem and SQLite, no mocks."""

from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest
from click.testing import CliRunner

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.questions import Kind, select
from quizgen.study.progress import DB_NAME, Unwritable, open_store
from quizgen.study.quiz import quiz
from quizgen.study.review import review
from quizgen.study.session import KEYS_HELP_UNSAVED, Ending
from quizgen.study.terminal import Terminal
from tests.helpers import ROOT, SMALL_BANK, no_crash
from tests.quizplay import right, wrong

NOT_SAVED = "Progress will not be saved: "
STOPPED = "progress is no longer being saved."


def answers_in(folder: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(folder / DB_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT question_id, correct FROM answers ORDER BY id").fetchall()


def cli_quiz(data: Path, replies: list[str], *args: str) -> Any:
    text = "".join(line + "\n" for line in replies)
    return CliRunner().invoke(
        cli,
        ["quiz", "--bank", str(SMALL_BANK), "--data-dir", str(data), "--seed", "1", *args],
        input=text,
        env={"QUIZGEN_DATA_DIR": None},
    )


# ---- a data directory that cannot be written -------------------------------------------------


def test_data_dir_under_a_file_runs_the_quiz_unsaved(small: Bank, tmp_path: Path) -> None:
    """ENOTDIR: the data directory's parent is a file, so it cannot be made (even by root)."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    q1, q2 = select(small, 1, 2, [Kind.MCQ])
    result = cli_quiz(blocker / "sub", [right(q1), wrong(q2)], "--count", "2", "--kinds", "mcq")
    assert result.exit_code == 0, result.output
    assert result.stderr.count(NOT_SAVED) == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert f"cannot create the data directory {blocker / 'sub'}" in result.stderr
    assert KEYS_HELP_UNSAVED in result.stdout and "answers so far are saved" not in result.stdout
    assert "Saved." not in result.stdout
    assert "Use --data-dir to choose another folder." in result.stderr
    assert "── Summary (not saved) ──" in result.stdout and "Score: 1/2 (50%)" in result.stdout
    assert STOPPED not in result.output
    no_crash(result)


def test_review_refuses_an_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(
        cli, ["review", "--bank", str(SMALL_BANK), "--data-dir", str(blocker / "sub")], input=""
    )
    assert result.exit_code == 2, result.output
    assert "Review needs to save its schedule" in result.stderr and "'quizgen quiz'" in result.stderr
    no_crash(result)


def as_learner(command: list[str]) -> list[str]:
    """Run a child as 'nobody' (util-linux setpriv) when the tests run as root: root writes
    through any chmod, so only an ordinary user meets a read-only folder as a learner does."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip(
            "needs setpriv on PATH (Debian package util-linux) to run as an unprivileged user: "
            "root writes through read-only permissions"
        )
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]


def learner_copy(folder: Path) -> tuple[dict[str, str], Path]:
    """quizgen, the packages a quiz imports and the small bank, copied into `folder`: the learner
    must reach them wherever the checkout lives (a checkout in a 0700 folder, as `mktemp -d`
    makes, or in root's home, is closed to 'nobody'). Returns the environment and the bank."""
    import click
    import platformdirs
    import yaml

    import quizgen

    site = folder / "site"
    for package in (quizgen, click, yaml, platformdirs):
        source = Path(package.__file__).parent  # type: ignore[arg-type]
        shutil.copytree(source, site / source.name, ignore=shutil.ignore_patterns("__pycache__", "fonts"))
    bank = folder / "bank"
    shutil.copytree(SMALL_BANK, bank)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return {"PYTHONPATH": str(site), "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1"}, bank


@pytest.mark.parametrize("state", ["fresh folder", "folder with a database", "read-only database file"])
def test_read_only_data_dir_runs_the_quiz_unsaved(small: Bank, shared_dir: Path, state: str) -> None:
    data = shared_dir / "data"
    data.mkdir()
    q1, q2 = select(small, 1, 2, [Kind.MCQ])
    if state != "fresh folder":
        store = open_store(data)
        store.record_answer(
            bank=small.name,
            mode="quiz",
            at=datetime(2026, 3, 1, tzinfo=UTC),
            question_id="x",
            kind="mcq",
            topic="t",
            reply="a",
            correct=True,
            near_miss=False,
            facts=[],
        )
        store.close()
    if state == "read-only database file":
        data.chmod(0o777)  # the folder may be written, the file not
        (data / DB_NAME).chmod(0o444)
    else:
        data.chmod(0o555)
    probe = subprocess.run(
        as_learner(
            [
                sys.executable,
                "-c",
                "import sys; open(sys.argv[1], 'a').close()",
                str(data / (DB_NAME if state == "read-only database file" else "probe")),
            ]
        ),
        capture_output=True,
    )
    if probe.returncode == 0:
        pytest.skip(
            f"needs a user that read-only permissions stop; user {os.geteuid()} could write in {data} despite them"
        )
    reachable, bank = learner_copy(shared_dir / "runtime")
    env = (
        {k: v for k, v in os.environ.items() if k != "QUIZGEN_DATA_DIR"}
        | {"QUIZGEN_NO_CACHE": "1", "HOME": str(shared_dir)}
        | reachable
    )
    done = subprocess.run(
        as_learner(
            [
                sys.executable,
                "-m",
                "quizgen",
                "quiz",
                "--bank",
                str(bank),
                "--data-dir",
                str(data),
                "--seed",
                "1",
                "--count",
                "2",
                "--kinds",
                "mcq",
            ]
        ),
        input=f"{right(q1)}\n{right(q2)}\n",
        capture_output=True,
        text=True,
        cwd=shared_dir,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(NOT_SAVED) == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "is read-only" in done.stderr and "Traceback" not in done.stderr
    assert "── Summary (not saved) ──" in done.stdout and "Score: 2/2 (100%)" in done.stdout
    if state == "fresh folder":
        assert not (data / DB_NAME).exists()
    else:
        assert answers_in(data) == [("x", 1)]  # the earlier answer untouched, nothing added


# ---- the disk fills up during a session ------------------------------------------------------


def full_after_open(folder: Path, page_size: int = 4096) -> Any:
    """The real store, with SQLite's own limit set so the database may not grow by one page:
    the next write that needs a page fails with the real SQLITE_FULL ("database or disk is
    full") inside the real record_answer. Small answers still fit in the pages there are;
    with small pages (512 bytes) an answer of a few hundred characters needs a new one."""
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute(f"PRAGMA page_size = {page_size}")
        db.execute("VACUUM")  # an empty file takes its page size at its first write
    store = open_store(folder)
    assert store.conn.execute("PRAGMA page_size").fetchone()[0] == page_size
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    return store


def test_disk_full_mid_quiz_says_so_once_and_carries_on(small: Bank, tmp_path: Path) -> None:
    store = full_after_open(tmp_path, page_size=512)
    questions = select(small, 3, 4, [Kind.SHORT])
    assert len(questions) == 4
    long_reply = "a long, long answer " * 24  # 480 characters need an overflow page: the disk is "full"
    replies = [right(questions[0]), wrong(questions[1]), long_reply, "?", right(questions[3])]
    out = io.StringIO()
    term = Terminal(io.StringIO("".join(r + "\n" for r in replies)), out)
    ending = quiz(term, small, store, count=4, kinds=[Kind.SHORT], topic=None, seed=3)
    text = out.getvalue()
    assert ending is Ending.FINISHED, text
    assert text.count("Could not save this answer (disk full); progress is no longer being saved.") == 1, text
    assert text.index("4/4") > text.index("Could not save")  # the quiz went on
    assert text.index(KEYS_HELP_UNSAVED) > text.index("4/4")  # and help no longer says answers are saved
    assert "── Summary (only the first 2 answers saved) ──" in text and "Score: 2/4 (50%)" in text
    assert answers_in(tmp_path) == [(questions[0].id, 1), (questions[1].id, 0)]


def test_disk_full_mid_review_carries_on_unsaved(small: Bank, tmp_path: Path) -> None:
    store = full_after_open(tmp_path)
    now = datetime(2026, 3, 1, 9, tzinfo=UTC)
    filled = 0
    with pytest.raises(Unwritable, match="disk is full") as full:  # fill the pages there are, with tiny rows
        while True:
            store.record_answer(
                bank="o",
                mode="quiz",
                at=now,
                question_id="",
                kind="",
                topic="",
                reply="",
                correct=True,
                near_miss=False,
                facts=[],
            )
            filled += 1
    assert full.value.reason == "disk full" and filled > 10
    out = io.StringIO()
    term = Terminal(io.StringIO("a\n\n" * 3), out)
    ending = review(
        term, small, store, clock=lambda: now + timedelta(seconds=1), fuzzing=False, seed=7, limit=20, new=2
    )
    text = out.getvalue()
    assert ending in (Ending.FINISHED, Ending.END_OF_INPUT), text
    assert "0 due for review, 2 new" in text and "2/2" in text  # went on after the failed save
    assert text.count("Could not save this answer (disk full); progress is no longer being saved.") == 1, text
    assert "── Review (not saved) ──" in text and "Next review" not in text
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == filled  # all committed, none more
        assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == 0
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---- kill -9 ---------------------------------------------------------------------------------


def test_kill_9_loses_only_the_answer_being_typed(small: Bank, tmp_path: Path) -> None:
    first, second, third = select(small, 1, 3, [Kind.MCQ])
    args = [
        "-m",
        "quizgen",
        "quiz",
        "--bank",
        str(SMALL_BANK),
        "--data-dir",
        str(tmp_path),
        "--seed",
        "1",
        "--count",
        "3",
        "--kinds",
        "mcq",
    ]
    child = pexpect.spawn(
        sys.executable,
        args,
        cwd=str(ROOT),
        env=dict(os.environ, TERM="dumb"),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
    try:
        for reply in (right(first), wrong(second)):
            child.expect("> ")
            child.sendline(reply)
            child.expect("Source: ")
        child.expect("3/3")
        child.expect("> ")
        child.send(right(third))  # typed, not yet entered
        child.kill(signal.SIGKILL)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.signalstatus == signal.SIGKILL
    assert answers_in(tmp_path) == [(first.id, 1), (second.id, 0)]  # integrity_check passes too
    again = subprocess.run(
        [sys.executable, *args], input=f"{right(first)}\n", capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert again.returncode == 0 and not again.stderr, again.stderr
    assert answers_in(tmp_path) == [(first.id, 1), (second.id, 0), (first.id, 1)]


def test_a_lock_held_past_the_busy_timeout_mid_quiz_stops_saving(small: Bank, tmp_path: Path) -> None:
    """Another program holding the write lock longer than the busy timeout: that answer is
    not saved, said once, and the quiz goes on (the lock is real, taken by a second connection)."""
    store = open_store(tmp_path, busy_timeout_ms=50)
    q1, q2 = select(small, 1, 2, [Kind.MCQ])
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        out = io.StringIO()
        term = Terminal(io.StringIO(f"{right(q1)}\n{right(q2)}\n"), out, width=0)  # unwrapped: whole messages
        ending = quiz(term, small, store, count=2, kinds=[Kind.MCQ], topic=None, seed=1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    text = out.getvalue()
    assert ending is Ending.FINISHED and "2/2" in text, text
    assert text.count(f"Could not save this answer (locked by another program); {STOPPED}") == 1, text
    assert "── Summary (not saved) ──" in text
    assert answers_in(tmp_path) == []
