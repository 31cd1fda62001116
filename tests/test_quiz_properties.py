"""The terminal quiz shows hostile fact text intact: a scripted session over generated banks.

The quiz is no writer, so tests/readback.py cannot cover it; this plays the real `quizgen quiz`
through CliRunner, answering every question wrongly so that each shows its right answer, and
checks that every prompt, option, answer and explanation comes out as the bank holds it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import example, given, settings

from quizgen.bank.loader import load
from quizgen.cli import cli
from quizgen.questions import select
from quizgen.questions.reveal import shown_texts
from quizgen.study.grade import correct_answer
from tests.hostile import banks, many_facts, write_bank
from tests.quizplay import wrong
from tests.readback import squash

SEED = 3


@settings(max_examples=12)
@given(spec=banks())
@example(spec=many_facts(3))
def test_quiz_shows_hostile_text_intact(spec: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank_dir = write_bank(Path(tmp) / "Мой банк", *spec)
        bank = load(bank_dir)
        questions = select(bank, SEED, len(bank.facts))
        replies = "".join(f"{wrong(q)}\n" for q in questions) + "n\n"  # all wrong, then no retry
        result = CliRunner().invoke(
            cli,
            [
                "quiz",
                "--bank",
                str(bank_dir),
                "--data-dir",
                str(Path(tmp) / "data"),
                "--seed",
                str(SEED),
                "--count",
                str(len(bank.facts)),
                "--no-color",
            ],
            input=replies,
            env={"QUIZGEN_DATA_DIR": None, "NO_COLOR": "1"},
        )
        assert result.exit_code == 0, result.output
        assert result.exception is None
        shown = squash(result.output)
        for q in questions:
            expected = [*shown_texts(q), q.explanation, correct_answer(q)]
            missing = [text for text in expected if squash(text) not in shown]
            assert not missing, f"{q.id}: not shown intact: {missing[:2]!r}"
        assert f"Score: 0/{len(questions)}" in result.output
