"""Counts read as English: '1 question', '2 questions', in the terminal and on paper."""

from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.plural import plural
from quizgen.questions.summary import summary_lines
from quizgen.writers import worksheet
from quizgen.writers.options import RenderOptions
from tests.helpers import SMALL_BANK


def test_plural() -> None:
    assert plural(1, "question") == "1 question" and plural(0, "question") == "0 questions"
    assert plural(2, "learnt card") == "2 learnt cards" and plural(2, "child", "children") == "2 children"


def test_quiz_header_counts_one_question(tmp_path: Path) -> None:
    for count, header in [(1, ": 1 question (seed 11)."), (2, ": 2 questions (seed 11).")]:
        result = CliRunner().invoke(
            cli,
            [
                "quiz",
                "--bank",
                str(SMALL_BANK),
                "--data-dir",
                str(tmp_path),
                "--seed",
                "11",
                "--count",
                str(count),
                "--kinds",
                "mcq",
            ],
            input="s\n" * count,
        )
        assert result.exit_code == 0, result.output
        assert header in result.output.splitlines()[0], result.output


def test_quiz_header_when_fewer_questions_can_be_made(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "quiz",
            "--bank",
            str(SMALL_BANK),
            "--data-dir",
            str(tmp_path),
            "--seed",
            "1",
            "--count",
            "2",
            "--kinds",
            "matching",
        ],
        input="s\n",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(": 1 question (seed 1)."), result.output
    assert lines[1].startswith("1 question of the 2 asked for: "), result.output


def test_check_counts_one_source(small: Bank) -> None:
    assert f"  {len(small.facts)} facts from 1 source" in summary_lines(small, 1)


def test_worksheet_header_with_one_question_of_one_point(small: Bank) -> None:
    sheets = {a.name: a.data for a in worksheet.render(small, RenderOptions(seed=1, count=1, kinds="tf"))}
    text = re.sub(r"\s+", " ", PdfReader(io.BytesIO(sheets["worksheet-A.pdf"])).pages[0].extract_text())
    assert "· 1 question · 1 point in all" in text, text
