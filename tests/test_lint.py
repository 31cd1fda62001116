"""`quizgen lint`: each item-writing rule fires on a bank made to break it, and only there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.questions.lint import RULE_NAMES
from tests.helpers import ROOT, TESTS

CASES = TESTS / "lint"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): fact '(?P<fact>[a-z0-9-]+)': (?P<rule>[a-z-]+): \S.*$")


def lint(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_the_bundled_bank_lints_clean_under_strict() -> None:
    code, lines, summary = lint("--strict")
    assert (code, lines) == (0, []), lines
    assert "0 warnings" in summary


def test_every_rule_has_a_bank_that_breaks_it() -> None:
    assert sorted(p.name for p in CASES.iterdir() if p.is_dir()) == sorted([*RULE_NAMES, "clean"])


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_each_rule_fires_on_its_own_bank_and_no_other_rule_does(rule: str) -> None:
    code, lines, summary = lint("--bank", str(CASES / rule), "--strict")
    assert code == 1 and lines, summary
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["rule"] == rule, line
        assert Path(match["path"]).name == "facts.yaml" and int(match["line"]) >= 1
    assert f"{len(lines)} warning" in summary
    # Without --strict warnings are only said: the exit status stays 0.
    assert lint("--bank", str(CASES / rule))[0] == 0


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_a_rule_can_be_run_alone(rule: str) -> None:
    _, lines, _ = lint("--bank", str(CASES / rule), "--rule", rule)
    assert lines
    others = [name for name in RULE_NAMES if name != rule]
    assert lint("--bank", str(CASES / rule), *(x for name in others for x in ("--rule", name)))[1] == []


def test_the_clean_case_and_bad_rule_names() -> None:
    assert lint("--bank", str(CASES / "clean"), "--strict")[:2] == (0, [])
    code, _, message = lint("--rule", "essay")
    assert code == 2 and "unknown rule 'essay'" in message


def test_check_ends_with_the_lint_summary() -> None:
    result = CliRunner().invoke(cli, ["check", "--bank", str(CASES / "converging")])
    assert result.exit_code == 0
    assert "Item-writing lint: 1 warning (converging 1); see 'quizgen lint'" in result.output
    assert "Item-writing lint: no warnings." in CliRunner().invoke(cli, ["check"]).output


def test_every_rule_is_documented_with_a_bad_and_a_good_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Writing good items") :]
    section = section[: section.index("\n## ", 5)]
    for rule in RULE_NAMES:
        assert f"`{rule}`" in section, f"README's 'Writing good items' does not explain {rule}"
    assert section.count("Bad:") >= len(RULE_NAMES) and section.count("Good:") >= len(RULE_NAMES)
