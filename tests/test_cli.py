from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.questions import select
from tests.quizplay import wrong


def test_check_bundled_bank_prints_summary() -> None:
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "Facts by topic:" in result.output
    assert "Questions by kind" in result.output


def test_facts_lists_topics_in_the_order_check_counts_them(bundled: Bank) -> None:
    checked = CliRunner().invoke(cli, ["check"]).output
    counted = checked.split("Facts by topic:\n")[1].split("\n\n")[0].splitlines()
    titles = {topic.id: topic.title for topic in bundled.topics}
    listed = CliRunner().invoke(cli, ["facts"]).output
    order = list(dict.fromkeys(re.findall(r"^\S+  \[(\S+)\]$", listed, flags=re.MULTILINE)))
    assert [titles[topic] for topic in order] == [line.rsplit(None, 1)[0].strip() for line in counted]
    assert len(order) == len(bundled.topics) > 2


def test_quiz_summary_lists_topics_in_the_bank_order(bundled: Bank, tmp_path: Path) -> None:
    questions = select(bundled, 3, 12)
    result = CliRunner().invoke(
        cli,
        ["quiz", "--data-dir", str(tmp_path), "--seed", "3", "--count", "12"],
        input="".join(f"{wrong(q)}\n" for q in questions) + "n\n",
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    table = result.output.split("Right  Asked     %\n")[1].split("Missed:")[0].splitlines()
    shown = [row.strip().rsplit(None, 3)[0] for row in table]
    order = [topic.title for topic in bundled.topics] + ["Mixed topics"]  # matching, ordering: last
    assert len(shown) > 2 and shown == sorted(shown, key=order.index), shown
