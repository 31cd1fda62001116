"""The corpus of malformed banks (tests/malformed/): each case overlays files on the small bank.

Every case gives exit status 2, one line per fault that names a file of the bank (and its
line where there is one), the expected message, no traceback, and an output directory whose
existing files are untouched.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from tests.helpers import SMALL_BANK, TESTS, no_crash

CORPUS = TESTS / "malformed"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
GENERATED = ["ten-megabyte-file", "symlink-loop", "fact-file-is-a-directory"]


def overlay(case: str, tmp_path: Path) -> tuple[Path, str]:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    source = CORPUS / case
    removed = (source / "REMOVE").read_text().split() if (source / "REMOVE").exists() else []
    for name in removed:
        (bank / name).unlink()
    for path in source.iterdir():
        if path.name not in ("EXPECT", "REMOVE"):
            shutil.copyfile(path, bank / path.name)
    return bank, (source / "EXPECT").read_text(encoding="utf-8").strip()


def generated(case: str, tmp_path: Path) -> tuple[Path, str]:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    if case == "ten-megabyte-file":
        (bank / "huge.yaml").write_bytes(b"facts:\n" + b"  # padding\n" * (10 * 1024 * 1024 // 12))
        return bank, r"huge\.yaml: file is larger than 5 MB"
    if case == "symlink-loop":
        os.symlink("loop.yaml", bank / "loop.yaml")
        return bank, r"loop\.yaml: cannot read file"
    (bank / "folder.yaml").mkdir()
    return bank, r"folder\.yaml: cannot read file|folder\.yaml: .*not a file"


def run_case(bank: Path, expect: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "kazakhstan-singapore.json"
    keep.write_bytes(b"previous build\n")
    result = CliRunner().invoke(cli, ["build", "--bank", str(bank), "--out", str(out)])
    assert result.exit_code == 2, result.output
    no_crash(result)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message"
    for line in lines:  # one line per fault, each naming a file of the bank
        named = Path(line.split(":", 1)[0])
        assert named.is_relative_to(bank) or named == bank, line
    assert any(re.search(expect, line) for line in lines), f"expected /{expect}/ in:\n{result.stderr}"
    assert sorted(p.name for p in out.iterdir()) == [keep.name] and keep.read_bytes() == b"previous build\n"


def test_the_corpus_has_at_least_twenty_faults() -> None:
    assert len(CASES) + len(GENERATED) >= 20


@pytest.mark.parametrize("case", CASES)
def test_malformed_bank(case: str, tmp_path: Path) -> None:
    run_case(*overlay(case, tmp_path), tmp_path)


@pytest.mark.parametrize("case", GENERATED)
def test_generated_malformed_bank(case: str, tmp_path: Path) -> None:
    run_case(*generated(case, tmp_path), tmp_path)


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    bank, _ = overlay("python-object-tag", tmp_path)
    marker = tmp_path / "pwned"
    facts = bank / "facts.yaml"
    facts.write_text(facts.read_text().replace("echo pwned", f"touch {marker}"))
    CliRunner().invoke(cli, ["check", "--bank", str(bank)])
    assert not marker.exists()
