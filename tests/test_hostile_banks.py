"""The hostile corpus (tests/hostile/, see its README): each bank is refused with exactly the
expected lines, or builds with every writer, imports into real Anki and holds its text inert.

Whatever a case holds, no command prints an ESC, BEL or C1 control character. Cases git cannot
hold (a FIFO, links out of the bank, a huge sparse file, escapes in a file name) are made here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from quizgen.cli import cli
from tests.helpers import ROOT, SMALL_BANK, TESTS
from tests.readback import anki_notes, json_strings, pdf_text, printable, squash

CORPUS = TESTS / "hostile"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
# What a terminal would obey: ESC, BEL, and the C1 controls (U+0080-U+009F, which UTF-8
# writes as two bytes, so they are looked for in the decoded text).
OBEYED = re.compile("[\x1b\x07\x80-\x9f]")


def overlay(case: str, tmp_path: Path) -> Path:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    for path in (CORPUS / case).iterdir():
        if path.name != "EXPECT":
            shutil.copyfile(path, bank / path.name)
    return bank


def expectation(case: str) -> tuple[str, list[str]]:
    """The verdict and its lines; in the checks of a bank that builds, \\t, \\n, \\uXXXX and
    \\UXXXXXXXX stand for the characters (invisible ones among them)."""
    verdict, *lines = (CORPUS / case / "EXPECT").read_text(encoding="utf-8").splitlines()
    if verdict == "builds":
        lines = [_ESCAPE.sub(_unescape, line) for line in lines]
    return verdict, [line for line in lines if line]


_ESCAPE = re.compile(r"\\(t|n|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return {"t": "\t", "n": "\n"}.get(code) or chr(int(code[1:], 16))


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"QUIZGEN_DATA_DIR": None})
    for stream in (result.stdout, result.stderr):
        assert not OBEYED.search(stream), f"{args}: a terminal would obey {OBEYED.findall(stream)!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_corpus_covers_every_class() -> None:
    verdicts = [expectation(case)[0] for case in CASES]
    assert set(verdicts) == {"refused", "builds"} and len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_hostile_bank(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay(case, tmp_path)
    monkeypatch.chdir(tmp_path)  # messages then name files as bank/...
    verdict, lines = expectation(case)
    if verdict == "refused":
        result = run("check", "--bank", "bank")
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines() == lines
        assert result.stdout == ""
        return
    assert verdict == "builds", verdict
    assert run("bump", "--bank", "bank").exit_code == 0
    for args in (["check"], ["facts"], ["build", "--out", "out"]):
        result = run(*args, "--bank", "bank")
        assert result.exit_code == 0, (args, result.output)
    outputs = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    notes = anki_notes(outputs["small-fixture.apkg"])  # real Anki: it refused a deck with U+001F in a field
    assert sum("FactId" in note for note in notes) >= 6
    for line in lines:
        what, _, text = line.partition(": ")
        assert holds(what, text, outputs, notes), line


def holds(what: str, text: str, outputs: dict[str, bytes], notes: list[dict[str, str]]) -> bool:
    if what == "csv":
        rows = csv.reader(io.StringIO(outputs["small-fixture.csv"].decode("utf-8-sig"), newline=""))
        return any(text == cell for row in rows for cell in row)
    if what == "quizlet":
        return any(line.split("\t")[0] == text for line in outputs["small-fixture.quizlet.tsv"].decode().splitlines())
    if what == "json":
        return text in json_strings(json.loads(outputs["small-fixture.json"]))
    if what == "anki-deck":
        return any(note.get("Deck") == text for note in notes)
    if what == "anki-field":
        return any(text == value for note in notes for value in note.values())
    if what == "study-guide":
        return squash(printable(text)) in squash(pdf_text(outputs["study-guide.pdf"]))
    if what == "run":
        result = run(*text.split(), "--bank", "bank", "--out", "sheets")
        return result.exit_code == 0 and bool(os.listdir("sheets"))
    raise AssertionError(f"unknown check {what!r}")


# ---- cases git cannot hold --------------------------------------------------------------------


def check_in_a_process(bank: Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """A separate process with a time limit: a read that blocks (a FIFO) must fail the test, not hang it."""
    env = dict(os.environ, QUIZGEN_NO_CACHE="", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "quizgen", "check", "--bank", str(bank)],
        cwd=cwd,
        capture_output=True,
        timeout=60,
        env=env,
    )


def made(case: str, bank: Path, outside: Path) -> str:
    """Make the case in `bank` (a copy of the small bank); return the line expected on stderr."""
    if case == "fifo":
        os.mkfifo(bank / "pipe.yaml")
        return "bank/pipe.yaml: is a pipe (FIFO), not a file; a bank holds plain files"
    if case == "link-to-dev-zero":
        os.symlink("/dev/zero", bank / "zero.yaml")
        return "bank/zero.yaml: is a symbolic link to a file outside the bank; copy the file into the bank folder"
    if case == "link-out-of-the-bank":
        (outside / "secret.yaml").write_text("facts: []\n")
        os.symlink(outside / "secret.yaml", bank / "secret.yaml")
        return "bank/secret.yaml: is a symbolic link to a file outside the bank; copy the file into the bank folder"
    if case == "sparse-3-gb":
        with open(bank / "huge.yaml", "wb") as handle:
            handle.truncate(3 * 1024**3)
        return "bank/huge.yaml: file is larger than 5 MB"
    if case == "escapes-in-a-file-name":
        (bank / "facts\x1b]0;pwned\x07\x9b2J.yaml").write_text("facts: [not a fact]\n", encoding="utf-8")
        return "bank/facts\\x1b]0;pwned\\x07\\x9b2J.yaml:1: 'facts[1]' must be a mapping of fields, not text"
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case", ["fifo", "link-to-dev-zero", "link-out-of-the-bank", "sparse-3-gb", "escapes-in-a-file-name"]
)
def test_made_hostile_bank(case: str, tmp_path: Path) -> None:
    bank, outside = tmp_path / "bank", tmp_path / "outside"
    shutil.copytree(SMALL_BANK, bank)
    outside.mkdir()
    expected = made(case, bank, outside)
    done = check_in_a_process(Path("bank"), tmp_path)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2, stderr
    assert stderr.splitlines() == [expected]
    assert not OBEYED.search(stderr) and not OBEYED.search(done.stdout.decode("utf-8"))


def test_a_link_inside_the_bank_is_a_fact_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    (bank / "kept").mkdir()
    (bank / "facts.yaml").rename(bank / "kept" / "facts.txt")
    os.symlink(Path("kept") / "facts.txt", bank / "facts.yaml")
    monkeypatch.chdir(tmp_path)
    assert run("check", "--bank", "bank").exit_code == 0


def test_bank_text_obeys_the_text_rule_everywhere(tmp_path: Path) -> None:
    """The corpus's refusals, as a rule over every piece the rule refuses and every text field."""
    from quizgen.bank.loader import load
    from quizgen.errors import BankError
    from tests.hostile import REFUSED_PIECES, write_bank

    manifest, facts = _plain_bank()
    for index, piece in enumerate(REFUSED_PIECES):
        for field in ("statement", "answer", "explanation"):
            broken = [dict(facts[0], **{field: f"Text {piece} in the {field}"})]
            bank = write_bank(tmp_path / f"bank-{index}-{field}", manifest, broken)
            with pytest.raises(BankError) as refused:
                load(bank, check_fingerprint=False)
            lines = refused.value.lines()
            assert any(re.search(rf"facts\.yaml:\d+: fact 'only': '{field}' holds the ", line) for line in lines), (
                piece,
                lines,
            )


def _plain_bank() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    manifest = {
        "name": "plain",
        "title": "Plain",
        "description": "Plain.",
        "language": "en",
        "namespace": "pl",
        "version": "1.0",
        "released": "2024-01-01T00:00:00Z",
        "fingerprint": "",
        "sources": [{"id": "src", "title": "Source", "publisher": "Press", "date": "2024-01-01", "paragraphs": 3}],
        "topics": [{"id": "alpha", "title": "Alpha"}],
    }
    fact = {
        "id": "only",
        "topic": "alpha",
        "statement": "A statement.",
        "source": {"id": "src", "paragraph": 1},
        "prompts": ["A prompt?"],
        "answer": "The answer",
        "distractors": ["One", "Two", "Three"],
        "explanation": "An explanation.",
    }
    return manifest, [fact]
