"""What only a real terminal shows: Ctrl-C in a pty, and a fast start without heavy imports."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect

from quizgen.model import Bank
from quizgen.questions import Kind, select
from tests.conftest import ROOT, SMALL_BANK
from tests.quizplay import right

HEAVY = ("genanki", "reportlab", "anki", "fsrs")


def test_ctrl_c_in_a_pty_prints_the_summary_exits_130_and_keeps_the_answer(small: Bank, tmp_path: Path) -> None:
    first, second, _ = select(small, 1, 3, [Kind.MCQ])
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm"}
    child = pexpect.spawn(sys.executable, ["-m", "quizgen", "quiz", "--bank", str(SMALL_BANK), "--data-dir",
                                           str(tmp_path), "--seed", "1", "--count", "3", "--kinds", "mcq"],
                          cwd=str(ROOT), env=env, encoding="utf-8", timeout=30, dimensions=(40, 200))
    try:
        child.expect("1/3")
        child.expect("> ")
        child.sendline(right(first))
        child.expect("Right")
        child.expect("2/3")
        child.expect("> ")
        assert "\x1b[" in child.before  # colour on a terminal
        child.sendcontrol("c")
        child.expect("Summary")
        child.expect(r"Score: 1/1 \(100%\)")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus)
    assert "Traceback" not in (child.before or "")
    with sqlite3.connect(tmp_path / "progress.sqlite3") as db:
        assert db.execute("SELECT question_id, correct FROM answers").fetchall() == [(first.id, 1)]


def loaded_by(code: str, *args: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=60)
    return {name.split(".")[0] for name in done.stdout.split()}


def test_quiz_path_imports_no_heavy_module() -> None:
    modules = loaded_by("import quizgen.cli, quizgen.quiz.run, quizgen.quiz.session, quizgen.progress")
    assert not modules & set(HEAVY), modules & set(HEAVY)
    modules = loaded_by("from quizgen.cli import cli\ntry:\n    cli(['quiz', '--help'])\nexcept SystemExit:\n    pass")
    assert "quizgen" in modules and not modules & set(HEAVY)


def test_a_whole_quiz_run_imports_no_heavy_module(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "quizgen", "quiz", "--bank", str(SMALL_BANK),
                           "--data-dir", str(tmp_path), "--count", "2", "--seed", "1"],
                          cwd=ROOT, input="s\ns\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "sqlite3" in imported and "click" in imported  # the log is real
    assert not imported & set(HEAVY), imported & set(HEAVY)
