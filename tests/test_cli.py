from __future__ import annotations

from click.testing import CliRunner

from quizgen.cli import cli


def test_check_bundled_bank_prints_summary() -> None:
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "Facts by topic:" in result.output
    assert "Questions by kind" in result.output
