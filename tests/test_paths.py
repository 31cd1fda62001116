"""Output and bank paths: clear refusals for unusable --out targets; spaces and non-ASCII work.

The --out checks run over every command that has an --out option, so commands merged later
are covered without a new test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.writers.options import RenderOptions
from tests.helpers import SMALL_BANK, no_crash


def out_options() -> list[tuple[str, str]]:
    """(command, 'file', 'dir' or 'either') for every command with an --out option."""
    found = []
    kinds = {"out_dir": "dir", "out_path": "either"}
    for name, command in cli.every_command().items():
        for param in command.params:
            if "--out" in getattr(param, "opts", []):
                found.append((name, kinds.get(param.name or "", "file")))
    return found


OUT_OPTIONS = out_options()
REQUIRED = {"export": ["--format", "json"], "grade": ["scan.png"]}  # what a command cannot run without


def args_for(command: str, out: Path | str) -> list[str]:
    bank = [] if command in ("schema", "grade") else ["--bank", str(SMALL_BANK)]
    return [command, *REQUIRED.get(command, []), *bank, "--out", str(out)]


def test_the_commands_with_out_options_are_found() -> None:
    assert ("build", "dir") in OUT_OPTIONS and ("anki", "either") in OUT_OPTIONS and ("schema", "file") in OUT_OPTIONS


def assert_refused(result_code: int, output: str, path: Path | str) -> None:
    assert result_code == 2, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1 and str(path) in lines[0], output


@pytest.mark.parametrize(("command", "kind"), OUT_OPTIONS)
def test_out_refuses_the_wrong_kind_of_path(command: str, kind: str, tmp_path: Path) -> None:
    # A directory where a file is expected, a regular file where a directory is, and /dev/null.
    wrong = tmp_path / "a directory"
    wrong.mkdir()
    if kind == "dir":
        wrong = tmp_path / "a file.txt"
        wrong.write_text("keep me\n")
    for target in (wrong, Path(os.devnull)) if kind != "either" else (Path(os.devnull),):
        before = sorted(p.name for p in tmp_path.iterdir())
        result = CliRunner().invoke(cli, args_for(command, target))
        no_crash(result)
        assert_refused(result.exit_code, result.output, target)
        assert sorted(p.name for p in tmp_path.iterdir()) == before
    if kind == "dir":
        assert wrong.read_text() == "keep me\n"
    assert Path(os.devnull).is_char_device()


@pytest.mark.parametrize(("command", "kind"), OUT_OPTIONS)
def test_out_refuses_a_fifo_without_blocking_on_it(command: str, kind: str, tmp_path: Path) -> None:
    # Opening a FIFO for writing would hang until a reader comes: a subprocess with a timeout.
    fifo = tmp_path / "a pipe"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", *args_for(command, fifo)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert_refused(result.returncode, result.stderr, fifo)
    assert fifo.is_fifo()


def test_bank_and_output_paths_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    bank = tmp_path / "tmp" / "Мой банк фактов"
    shutil.copytree(SMALL_BANK, bank)
    out = tmp_path / "вывод с пробелами"
    deck = tmp_path / "колода «тест».apkg"
    # A C locale must not matter either: Python then reads and prints paths as UTF-8.
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    for args in (["check"], ["build", "--out", str(out)], ["anki", "--out", str(deck)]):
        result = subprocess.run(
            [sys.executable, "-m", "quizgen", *args, "--bank", str(bank)], capture_output=True, env=env, timeout=120
        )
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    from quizgen.bank.loader import load
    from quizgen.writers import DEFAULT_SEED, WRITERS

    every_output = sorted(a.name for w in WRITERS for a in w.render(load(bank), RenderOptions(seed=DEFAULT_SEED)))
    assert sorted(p.name for p in out.iterdir()) == every_output
    assert (out / "small-fixture.apkg").read_bytes() == deck.read_bytes()
    assert "wrote" in result.stdout.decode("utf-8") and deck.name in result.stdout.decode("utf-8")

    # A fault in such a bank is reported with its path spelled right.
    facts = bank / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("topic: beta", "topic: gamma", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", "check", "--bank", str(bank)],
        capture_output=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "Мой банк фактов/facts.yaml:" in result.stderr.decode(
        "utf-8"
    ) and "unknown topic 'gamma'" in result.stderr.decode("utf-8")
