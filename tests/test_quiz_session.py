"""Whole quiz sessions through the CLI with scripted input (CliRunner), read back from SQLite."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.questions import Kind, select
from quizgen.study.terminal import Terminal, wants_colour
from tests.helpers import SMALL_BANK, no_crash
from tests.quizplay import right, wrong

KINDS = [Kind.MCQ, Kind.TF, Kind.SHORT, Kind.NUMERIC, Kind.CLOZE]


def run(data: Path, replies: list[str], *args: str, seed: int = 1) -> Result:
    text = "".join(line + "\n" for line in replies)
    return CliRunner().invoke(
        cli,
        ["quiz", "--bank", str(SMALL_BANK), "--data-dir", str(data), "--seed", str(seed), *args],
        input=text,
        env={"QUIZGEN_DATA_DIR": None},
    )


def saved(data: Path) -> list[tuple[str, int, int]]:
    with sqlite3.connect(data / "progress.sqlite3") as db:
        return db.execute("SELECT question_id, correct, near_miss FROM answers ORDER BY id").fetchall()


def test_right_wrong_invalid_skip_then_end_of_input(small: Bank, tmp_path: Path) -> None:
    questions = select(small, 1, 5, KINDS)
    q1, q2, q3, q4, q5 = questions
    assert q4.kind is Kind.MCQ  # so "z" is invalid there
    replies = [right(q1), wrong(q2), "?", "", right(q3), "z", "s", right(q5)]
    result = run(tmp_path, replies, "--count", "5", "--kinds", "mcq,tf,short,numeric,cloze")
    out = result.output
    assert result.exit_code == 0, out
    assert out.count("✓ Right.") == 3 and out.count("✗ Wrong.") == 1
    assert "1/5" in out and "5/5" in out and "Skipped" in out
    assert "Please type an answer" in out and "Keys: ? help" in out and "Answer with a letter a-d" in out
    assert "Score: 3/4 (75%), 1 skipped" in out
    assert "Missed:" in out and q2.prompt in out.split("Missed:")[1]
    assert "Source: " in out and "paragraph" in out
    assert saved(tmp_path) == [(q1.id, 1, 0), (q2.id, 0, 0), (q3.id, 1, 0), (q5.id, 1, 0)]
    retry, saved_line = out.rstrip().splitlines()[-2:]  # input ended: no retry
    assert retry == "Retry the 1 missed question now? [y/N] "
    assert saved_line == "Saved. 'quizgen review' asks these again when due; 'quizgen stats' shows when."


def test_quit_keeps_the_answers_given(small: Bank, tmp_path: Path) -> None:
    q1, q2, *_ = select(small, 1, 4, [Kind.MCQ])
    result = run(tmp_path, [wrong(q1), "q", right(q2)], "--count", "4", "--kinds", "mcq")
    assert result.exit_code == 0, result.output
    assert "2/4" in result.output and "3/4" not in result.output
    assert "Score: 0/1 (0%)" in result.output and "Retry" not in result.output
    assert saved(tmp_path) == [(q1.id, 0, 0)]


def test_near_miss_is_accepted_and_said(small: Bank, tmp_path: Path) -> None:
    questions = select(small, 1, 3, [Kind.CLOZE], topic="alpha")
    replies = ["Karagandi" if "city-name" in q.fact_ids else right(q) for q in questions]
    result = run(tmp_path, replies, "--count", "3", "--kinds", "cloze", "--topic", "alpha")
    assert result.exit_code == 0, result.output
    assert "accepted as a near miss of 'Karagandy'" in result.output
    assert ("cloze:city-name", 1, 1) in saved(tmp_path) and len(saved(tmp_path)) == len(questions)


def test_retry_missed_questions(small: Bank, tmp_path: Path) -> None:
    q1, q2 = select(small, 2, 2, [Kind.TF])
    result = run(tmp_path, [wrong(q1), right(q2), "y", right(q1)], "--count", "2", "--kinds", "tf", seed=2)
    assert result.exit_code == 0, result.output
    assert "Retry the 1 missed question now? [y/N]" in result.output
    assert "── Retry ──" in result.output and "Score: 1/1 (100%)" in result.output
    assert saved(tmp_path) == [(q1.id, 0, 0), (q2.id, 1, 0), (q1.id, 1, 0)]


def test_group_kinds_through_the_cli(small: Bank, tmp_path: Path) -> None:
    questions = select(small, 3, 2, [Kind.MATCHING, Kind.ORDERING])
    result = run(
        tmp_path, ["1z", *(right(q) for q in questions)], "--count", "2", "--kinds", "matching,ordering", seed=3
    )
    assert result.exit_code == 0, result.output
    # In the small bank the matching and the ordering question share facts: one sheet holds one.
    assert len(questions) == 1 and "1 question of the 2 asked for: " in result.output
    assert "would share facts with another question" in result.output
    assert "Score: 1/1 (100%)" in result.output


def test_bad_options_exit_2(tmp_path: Path) -> None:
    assert run(tmp_path, [], "--kinds", "essay").exit_code == 2
    assert run(tmp_path, [], "--count", "0").exit_code == 2
    assert run(tmp_path, [], "--topic", "nope").exit_code == 2
    result = CliRunner().invoke(cli, ["quiz", "--bank", str(tmp_path / "missing"), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    no_crash(result)


def test_data_dir_from_the_environment(small: Bank, tmp_path: Path) -> None:
    (q1,) = select(small, 1, 1, [Kind.MCQ])
    result = CliRunner().invoke(
        cli,
        ["quiz", "--bank", str(SMALL_BANK), "--seed", "1", "--count", "1", "--kinds", "mcq"],
        input=right(q1) + "\n",
        env={"QUIZGEN_DATA_DIR": str(tmp_path)},
    )
    assert result.exit_code == 0, result.output
    assert saved(tmp_path) == [(q1.id, 1, 0)]


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    assert wants_colour(FakeTty(), environ={})
    assert not wants_colour(io.StringIO(), environ={})
    assert not wants_colour(FakeTty(), environ={"NO_COLOR": "1"})
    assert not wants_colour(FakeTty(), no_color_flag=True, environ={})
    out = FakeTty()
    Terminal(io.StringIO(), out, colour=True).say("hi", fg="green")
    assert "\x1b[" in out.getvalue()
    plain = io.StringIO()
    Terminal(io.StringIO(), plain, colour=False).say("hi", fg="green")
    assert plain.getvalue() == "hi\n"


def test_a_retry_asks_again_in_a_fresh_order_of_options(tmp_path: Path) -> None:
    """The summary just listed the answers: the retry must not be a matter of remembering a letter."""
    from quizgen.bank.loader import load
    from quizgen.bank.locate import bundled_path

    bank = load(bundled_path())
    questions = select(bank, 4, 4, [Kind.MCQ])
    replies = "".join(f"{wrong(q)}\n" for q in questions) + "y\n" + "q\n" * 5
    result = CliRunner().invoke(
        cli,
        ["quiz", "--data-dir", str(tmp_path), "--seed", "4", "--count", "4", "--kinds", "mcq", "--no-color"],
        input=replies,
        env={"QUIZGEN_DATA_DIR": None},
    )
    assert result.exit_code == 0, result.output
    first = result.output.partition("── Summary")[0]
    retried = result.output.split("Retry the 4 missed questions now?")[1]
    shown_first = [line for line in first.splitlines() if line.startswith("  a) ")]
    shown_again = [line for line in retried.splitlines() if line.startswith("  a) ")]
    assert len(shown_first) == 4 and len(shown_again) == 1  # one question retried, then q
    assert shown_again[0] != shown_first[0]
