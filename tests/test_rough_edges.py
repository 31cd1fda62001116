"""Smaller faults found by trying quizgen as an attacker would: each one stated as its rule."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.writers.anki_notes import deck_part
from quizgen.writers.csv_table import cell
from tests.helpers import ROOT, SMALL_BANK


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_cannot_encode_gets_plain_symbols(encoding: str, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONIOENCODING=encoding, QUIZGEN_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "quizgen", "quiz", "--bank", str(SMALL_BANK), "--count", "3", "--seed", "1"],
        input=b"t\na\nq\n",
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode(encoding)
    assert "Summary" in text and ("+ Right." in text or "x Wrong." in text), text
    assert "\\u04" in text  # Kazakh letters, escaped rather than a crash


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        result = CliRunner().invoke(
            cli, ["export", "--format", "json", "--bank", str(SMALL_BANK), "--out", str(tmp_path / "private.json")]
        )
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600
    result = CliRunner().invoke(
        cli, ["export", "--format", "json", "--bank", str(SMALL_BANK), "--out", str(tmp_path / "shared.json")]
    )
    assert stat.S_IMODE((tmp_path / "shared.json").stat().st_mode) == 0o666 & ~previous


def test_bump_writes_through_a_symlinked_manifest(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    (bank / "bank.yaml").rename(tmp_path / "real-manifest.yaml")
    (bank / "bank.yaml").symlink_to(tmp_path / "real-manifest.yaml")
    (bank / "facts.yaml").write_text(
        (bank / "facts.yaml").read_text().replace("Paragraph 5 dates the anthem.", "Paragraph 5 gives the year.")
    )
    result = CliRunner().invoke(cli, ["bump", "--bank", str(bank)])
    assert result.exit_code == 0, result.output
    assert (bank / "bank.yaml").is_symlink()
    assert 'version: "1.1"' in (tmp_path / "real-manifest.yaml").read_text()
    assert CliRunner().invoke(cli, ["check", "--bank", str(bank)]).exit_code == 0


@pytest.mark.parametrize("version", ["1.0", "0.9", "1.0.0", "1", "0.10", "01.0"])
def test_bump_refuses_a_version_that_does_not_go_up(version: str, tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    before = (bank / "bank.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["bump", "--bank", str(bank), "--version", version])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: version {version} is not later than the current version 1.0\n"
    assert (bank / "bank.yaml").read_bytes() == before


@pytest.mark.parametrize("version", ["1.0.1", "1.1", "2", "1.10", "1." + "9" * 5000])
def test_bump_takes_a_later_version(version: str, tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    result = CliRunner().invoke(cli, ["bump", "--bank", str(bank), "--version", version])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [["quiz"], ["worksheet", "--out", "sheets"]])
def test_an_empty_kinds_option_is_a_usage_error(command: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [*command, "--kinds", "", "--bank", str(SMALL_BANK), "--data-dir", str(tmp_path)]
        if command == ["quiz"]
        else [*command, "--kinds", " , ", "--bank", str(SMALL_BANK)],
        input="",
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1].startswith("Error: no question kind given; choose from mcq, tf,")


def test_a_reader_that_stops_early_is_no_failure(tmp_path: Path) -> None:
    """`quizgen facts | head -1`: the rest of the output is dropped, the status is the command's.
    (Thousands of facts: more output than a pipe holds, so writing meets the closed pipe.)"""
    from tests.bench.synth import make_bank

    bank = make_bank(tmp_path / "bank", 3000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "quizgen", "facts", "--bank", str(bank)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()  # as head does after its line
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0 and stderr == b"", stderr


@pytest.mark.parametrize(
    "title, deck",
    [("A ::: B", "A : B"), ("A::B", "A:B"), ("A :::: B", "A : B"), ("::Lead", ":Lead"), ("Time 10:30", "Time 10:30")],
)
def test_a_deck_title_never_nests_decks(title: str, deck: str) -> None:
    assert deck_part(title) == deck and "::" not in deck_part(title)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("1-2", "1-2"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_a_spreadsheet_cell_that_starts_like_a_formula_gets_an_apostrophe(text: str, shown: str) -> None:
    assert cell(text) == shown
