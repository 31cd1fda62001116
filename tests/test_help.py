"""Every command has help with a one-line summary and an example (as sqlite-utils checks)."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from tests.helpers import ROOT

COMMANDS = list(cli.every_command())


def test_version() -> None:
    from quizgen import __version__

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"quizgen {__version__}"


def test_root_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_summary_and_example(name: str) -> None:
    command = cli.every_command()[name]
    assert isinstance(command, click.Command)
    summary = command.get_short_help_str(limit=200)
    assert summary and not summary.endswith("..."), f"{name}: first docstring line must be a short summary"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"quizgen {name}" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented_in_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`quizgen {name}" in readme, f"README's Commands table lacks quizgen {name}"


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "quizgen", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("quizgen ")


def test_bad_option_exits_2() -> None:
    result = CliRunner().invoke(cli, ["check", "--no-such-option"])
    assert result.exit_code == 2


@pytest.mark.parametrize("columns", [60, 100])
def test_option_help_wraps_between_words(columns: int) -> None:
    """'--kinds' once wrapped as 'cloz e': every option's help must come out with its words whole
    (a compound may still break after its hyphen)."""
    for name, command in cli.every_command().items():
        result = CliRunner().invoke(cli, [name, "--help"], env={"COLUMNS": str(columns)})
        shown = " ".join(re.sub(r"-\n\s+", "-", result.output).split())
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                assert " ".join(text.split()) in shown, (name, param.name, result.output)


EVERYDAY = ["quizgen quiz ", "quizgen build ", "quizgen check --bank"]


@pytest.mark.parametrize("args", [[], ["--help"]], ids=["no-arguments", "help"])
def test_quizgen_alone_and_its_help_open_with_the_three_everyday_tasks(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Usage: ")  # CliRunner names the program "cli"
    first_command_section = next(i for i, line in enumerate(lines) if line.endswith("commands:"))
    for task in EVERYDAY:
        assert any(task in line for line in lines[:first_command_section]), (task, result.output)
    assert lines[first_command_section] == "Study commands:"
    assert max(len(line) for line in lines) <= 80


def test_root_help_lists_each_command_once_in_a_section() -> None:
    output = CliRunner().invoke(cli, ["--help"]).output
    listed = [
        line.split()[0]
        for line in output.split("Study commands:")[1].split("Options:")[0].splitlines()
        if line.startswith("  ")
    ]
    assert sorted(listed) == COMMANDS


def test_every_command_is_found_where_the_group_looks_for_it() -> None:
    """Commands load lazily from the module app.HOMES names: one defined anywhere else would
    never load, and one named there but defined elsewhere would be missing."""
    import importlib
    import pkgutil

    import quizgen.cli
    from quizgen.cli.app import HOMES

    for module in pkgutil.iter_modules(quizgen.cli.__path__):
        importlib.import_module(f"quizgen.cli.{module.name}")
    assert set(cli.commands) == set(HOMES)
    for name, command in cli.commands.items():
        assert command.callback is not None and command.callback.__module__ == HOMES[name], name
