"""What only a real terminal shows: Ctrl-C in a pty, word wrap at the window's width, and a fast
start without heavy imports."""

from __future__ import annotations

import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from quizgen.bank.model import Bank
from quizgen.questions import Kind, Question, parse_kinds, select
from quizgen.study.wrap import columns
from tests.helpers import ROOT, SMALL_BANK
from tests.quizplay import right, wrong

HEAVY = ("genanki", "reportlab", "anki", "fsrs")


def test_ctrl_c_in_a_pty_prints_the_summary_exits_130_and_keeps_the_answer(small: Bank, tmp_path: Path) -> None:
    first, _second, _ = select(small, 1, 3, [Kind.MCQ])
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        [
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
        ],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
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
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return {name.split(".")[0] for name in done.stdout.split()}


def test_quiz_path_imports_no_heavy_module() -> None:
    modules = loaded_by("import quizgen.cli, quizgen.study.quiz, quizgen.study.session, quizgen.study.progress")
    assert not modules & set(HEAVY), modules & set(HEAVY)
    modules = loaded_by("from quizgen.cli import cli\ntry:\n    cli(['quiz', '--help'])\nexcept SystemExit:\n    pass")
    assert "quizgen" in modules and not modules & set(HEAVY)


def test_a_whole_quiz_run_imports_no_heavy_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "quizgen",
            "quiz",
            "--bank",
            str(SMALL_BANK),
            "--data-dir",
            str(tmp_path),
            "--count",
            "2",
            "--seed",
            "1",
        ],
        cwd=ROOT,
        input="s\ns\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "sqlite3" in imported and "click" in imported  # the log is real
    assert not imported & set(HEAVY), imported & set(HEAVY)


# ---- word wrap at the terminal's width ---------------------------------------------------------

WRAP_KINDS = "mcq,tf,cloze,short,numeric,matching,ordering"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def squash(text: str) -> str:
    return " ".join(text.split())


def shown_texts(question: Question) -> list[str]:
    """What the quiz shows of a question: its text and options, the answer and the explanation."""
    from quizgen.questions.reveal import shown_texts as printed
    from quizgen.study.grade import correct_answer

    return [question.prompt, *printed(question), correct_answer(question), question.explanation]


def play_in_a_pty(
    tmp_path: Path, columns: int, questions: list[Question], *, resize_after: int = 0, resize_to: int = 0
) -> list[str]:
    """A whole quiz over the bundled bank in a real pseudo-terminal `columns` wide, every answer
    wrong (so every answer and explanation is shown), no retry: the lines it printed, without
    colour. With resize_after, the window becomes resize_to wide after that question."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")} | {"TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "quizgen",
            "quiz",
            "--data-dir",
            str(tmp_path),
            "--seed",
            "5",
            "--count",
            str(len(questions)),
            "--kinds",
            WRAP_KINDS,
        ],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, columns),
    )
    child.logfile_read = screen = io.StringIO()
    try:
        for number, question in enumerate(questions, start=1):
            child.expect(f"{number}/{len(questions)}  ")
            child.expect("> ")
            child.sendline(wrong(question))
            child.expect("Source: ")
            if number == resize_after:
                child.setwinsize(50, resize_to)
        child.expect(r"\[y/N\] ")
        child.sendline("n")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, screen.getvalue()
    return SGR.sub("", screen.getvalue()).replace("\r\n", "\n").split("\n")


def assert_no_word_split(lines: list[str], questions: list[Question]) -> None:
    """Every question's text is on screen with its words whole: a break inside a word would
    put a space into it once the lines are joined."""
    flat = squash("\n".join(lines))
    for question in questions:
        split = [text for text in shown_texts(question) if squash(text) not in flat]
        assert not split, f"{question.id}: broken inside a word or missing: {split[:2]!r}"


@pytest.mark.parametrize("width", [60, 100])
def test_quiz_wraps_between_words_at_the_terminal_width(bundled: Bank, tmp_path: Path, width: int) -> None:
    questions = select(bundled, 5, 8, parse_kinds(WRAP_KINDS))
    lines = play_in_a_pty(tmp_path, width, questions)
    too_wide = [line for line in lines if columns(line) > width]
    assert not too_wide, too_wide  # so the terminal itself never folds a line, inside a word or not
    assert sum(width - 15 < columns(line) for line in lines) >= 5  # wrapped at this width, not narrower
    assert_no_word_split(lines, questions)


def test_a_resized_window_wraps_the_next_question_to_its_new_width(bundled: Bank, tmp_path: Path) -> None:
    questions = select(bundled, 5, 8, parse_kinds(WRAP_KINDS))
    lines = play_in_a_pty(tmp_path, 60, questions, resize_after=3, resize_to=100)
    fourth = next(i for i, line in enumerate(lines) if line.startswith("4/8  "))
    assert max(columns(line) for line in lines[:fourth]) <= 60
    assert 60 < max(columns(line) for line in lines[fourth:]) <= 100
    assert_no_word_split(lines, questions)
