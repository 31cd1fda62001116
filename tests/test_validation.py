"""Each validation fault in its own fixture bank: one line naming file, line, fact and fault."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.bank.loader import load
from quizgen.bank.releases import bump
from quizgen.cli import cli
from quizgen.errors import BankError
from tests.helpers import SMALL_BANK, no_crash


def make_bank(
    tmp_path: Path,
    edit: dict[str, tuple[str, str]] | None = None,
    raw: dict[str, bytes] | None = None,
    rebump: bool = True,
) -> Path:
    """Copy the small bank, apply text edits {file: (old, new)} or raw bytes, keep it fresh."""
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    for name, (old, new) in (edit or {}).items():
        path = bank / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture edit not applicable: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, data in (raw or {}).items():
        (bank / name).write_bytes(data)
    return bank


def problems(bank: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load(bank)
    return caught.value.lines()


def line_of(bank: Path, name: str, needle: str) -> int:
    for number, line in enumerate((bank / name).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


F = "facts.yaml"
FAULTS = {
    # name: (edit, file, line needle or None, fact id or None, message pattern)
    "yaml-syntax": (
        {F: ("prompts: [How long is the test river?]", "prompts: [How long is the test river?")},
        F,
        None,
        None,
        r"YAML syntax error",
    ),
    "duplicate-key": (
        {F: ("    answer: 1500 kilometres\n", "    answer: 1500 kilometres\n    answer: 1600 km\n")},
        F,
        "answer: 1600 km",
        "river-length",
        r"duplicate key 'answer' \(first on line \d+\)",
    ),
    "unknown-field": (
        {F: ("    difficulty: 1\n", "    difficulty: 1\n    colour: red\n")},
        F,
        "colour: red",
        "river-length",
        r"unknown field 'colour'",
    ),
    "missing-field": (
        {F: ('    explanation: Paragraph 3 names the founder; quotes "like this" and commas, semicolons; stay.\n', "")},
        F,
        "- id: founder",
        "founder",
        r"missing field 'explanation'",
    ),
    "wrong-type": (
        {F: ("    difficulty: 3\n", "    difficulty: hard\n")},
        F,
        "difficulty: hard",
        "founder",
        r"'difficulty' must be a whole number",
    ),
    "duplicate-id": (
        {F: ("- id: anthem-year", "- id: treaty-year")},
        F,
        None,
        "treaty-year",
        r"duplicate fact id \(first at .*facts\.yaml:\d+\)",
    ),
    "unknown-source": (
        {F: ("source: {id: fixture-source, paragraph: 3}", "source: {id: no-such-source, paragraph: 3}")},
        F,
        "no-such-source",
        "founder",
        r"unknown source id 'no-such-source'",
    ),
    "paragraph-out-of-range": (
        {F: ("source: {id: fixture-source, paragraph: 4}", "source: {id: fixture-source, paragraph: 9}")},
        F,
        "paragraph: 9",
        "treaty-year",
        r"paragraph 9 is out of range",
    ),
    "bad-date": ({F: ('date: "2001-05"', 'date: "2001-13"')}, F, "2001-13", "city-name", r"not a real date"),
    "malformed-date": ({F: ('date: "2010"', 'date: "2010/05"')}, F, "2010/05", "treaty-year", r"is not a date"),
    "too-few-distractors": (
        {F: ('distractors: ["2004", "2007", "2009"]', 'distractors: ["2004", "2007"]')},
        F,
        '"2004", "2007"',
        "anthem-year",
        r"needs at least 3 item",
    ),
    "distractor-equals-answer": (
        {F: ('distractors: ["2008", "2012", "2015"]', 'distractors: ["2008", "2010", "2015"]')},
        F,
        '"2008", "2010"',
        "treaty-year",
        r"distractor '2010' equals the answer",
    ),
    "distractor-repeats": (
        {F: ('distractors: ["1991", "1999", "2001"]', 'distractors: ["1991", "1999", " 1999."]')},
        F,
        '"1991", "1999"',
        "first-census",
        r"distractor ' 1999.' repeats '1999'",
    ),
    # The tolerance is inclusive, for distractors as for replies: one at its edge counts as the answer.
    "distractor-at-the-tolerance": (
        {
            F: (
                "distractors: [900 kilometres, 2500 kilometres, 3000 kilometres]",
                "distractors: [900 kilometres, 1510 kilometres, 3000 kilometres]",
            )
        },
        F,
        "1510 kilometres",
        "river-length",
        r"distractor '1510 kilometres' is within the tolerance of the answer",
    ),
    "malformed-cloze": (
        {
            F: (
                "cloze: The test treaty was signed in {{c1::2010}}.",
                "cloze: The test treaty was signed in {{c1::2010}.",
            )
        },
        F,
        "cloze: The test treaty",
        "treaty-year",
        r"malformed cloze",
    ),
    "cloze-not-answer": (
        {F: ("{{c1::1995}}", "{{c1::1996}}")},
        F,
        "{{c1::1996}}",
        "first-census",
        r"malformed cloze: the hidden text '1996' is not the answer",
    ),
    "empty-string": (
        {F: ("explanation: Paragraph 4 dates the treaty.", 'explanation: "  "')},
        F,
        'explanation: "  "',
        "treaty-year",
        r"'explanation' is empty",
    ),
    "unknown-topic": (
        {
            F: (
                "topic: beta\n    tags: [dates]\n    statement: The test treaty",
                "topic: gamma\n    tags: [dates]\n    statement: The test treaty",
            )
        },
        F,
        "topic: gamma",
        "treaty-year",
        r"unknown topic 'gamma'",
    ),
    "event-without-date": (
        {F: ("dates the anthem.\n", "dates the anthem.\n    event: Anthem adopted\n")},
        F,
        "event: Anthem adopted",
        "anthem-year",
        r"'event' needs a 'date'",
    ),
    "changed-without-bump": (
        {F: ("Paragraph 5 dates the anthem.", "Paragraph 5 of the source dates the anthem.")},
        F,
        "- id: anthem-year",
        "anthem-year",
        r"changed since version 1\.0.*quizgen bump",
    ),
    "new-without-bump": (
        {F: ("- id: anthem-year", "- id: anthem-adopted")},
        F,
        "- id: anthem-adopted",
        "anthem-adopted",
        r"new since version 1\.0.*quizgen bump",
    ),
    "stale-fingerprint": (
        {"bank.yaml": ("title: Alpha & Omega", "title: Alpha and Omega")},
        "bank.yaml",
        "fingerprint:",
        None,
        r"the facts changed since version 1\.0.*quizgen bump",
    ),
    "malformed-releases": (
        {"releases.json": ('"format": 1', '"format": 9')},
        "releases.json",
        None,
        None,
        r"not a releases file quizgen wrote \(format 9; this quizgen reads format 1\)",
    ),
}


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_each_fault_is_one_clear_line(tmp_path: Path, fault: str) -> None:
    edit, file, needle, fact_id, pattern = FAULTS[fault]
    bank = make_bank(tmp_path, edit)
    lines = problems(bank)
    assert len(lines) == 1, lines
    line = lines[0]
    where = Path(line.split(":", 1)[0])
    assert where.name == file and where.parent.name == "bank", line
    if needle is not None:
        assert line.split(":")[1] == str(line_of(bank, file, needle)), line
    if fact_id is not None:
        assert f"fact '{fact_id}':" in line
    assert re.search(pattern, line), line


@pytest.mark.parametrize("fault", ["unknown-field", "changed-without-bump", "stale-fingerprint", "yaml-syntax"])
def test_cli_exits_2_with_the_problem_and_no_traceback(tmp_path: Path, fault: str) -> None:
    bank = make_bank(tmp_path, FAULTS[fault][0])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--bank", str(bank), "--out", str(out)])
    assert result.exit_code == 2
    no_crash(result)
    assert re.search(FAULTS[fault][4], result.output)
    assert not out.exists(), "nothing may be written for a bad bank"


def test_not_utf8(tmp_path: Path) -> None:
    data = (SMALL_BANK / F).read_bytes().replace("Өскемен".encode(), "Öskemen".encode("latin-1"))
    bank = make_bank(tmp_path, raw={F: data})
    [line] = problems(bank)
    assert re.search(r"facts\.yaml:\d+: not valid UTF-8", line)
    assert line.split(":")[1] == str(data[: data.index(b"\xd6")].count(b"\n") + 1)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    edit_text = (SMALL_BANK / F).read_text(encoding="utf-8")
    edit_text = edit_text.replace("    difficulty: 3\n", "    difficulty: hard\n")
    edit_text = edit_text.replace('distractors: ["2004", "2007", "2009"]', 'distractors: ["2004"]')
    edit_text = edit_text.replace("    difficulty: 1\n", "    difficulty: 1\n    colour: red\n", 1)
    bank = make_bank(tmp_path, raw={F: edit_text.encode()})
    lines = problems(bank)
    assert len(lines) == 3, lines
    assert {"founder", "anthem-year", "river-length"} == {re.search(r"fact '([^']+)'", x).group(1) for x in lines}


def test_manifest_faults(tmp_path: Path) -> None:
    bank = make_bank(tmp_path, {"bank.yaml": ('version: "1.0"', "version: 1.0")})
    [line] = problems(bank)
    assert re.search(r"bank\.yaml:\d+: 'version' must be text, not a number: put it in quotes", line)


def test_no_manifest(tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_text("facts: []\n")
    result = CliRunner().invoke(cli, ["check", "--bank", str(tmp_path)])
    assert result.exit_code == 2
    assert "no bank.yaml manifest here" in result.output


def test_bump_records_a_new_release(tmp_path: Path) -> None:
    bank = make_bank(tmp_path, FAULTS["changed-without-bump"][0])
    with pytest.raises(BankError):
        load(bank)
    old, new, when = bump(bank, released=datetime(2025, 1, 1, tzinfo=UTC))
    assert (old, new, when) == ("1.0", "1.1", "2025-01-01T00:00:00Z")
    loaded = load(bank)
    assert loaded.version == "1.1" and loaded.released.year == 2025
    assert "# A small fixture bank" in (bank / "bank.yaml").read_text(encoding="utf-8"), "comments are kept"


def recorded(bank: Path) -> dict[str, tuple[str, str]]:
    """Fact id -> (version added, version last changed), from releases.json."""
    data = json.loads((bank / "releases.json").read_text(encoding="utf-8"))
    return {fact_id: (entry["added"], entry["changed"]) for fact_id, entry in data["facts"].items()}


def test_bump_records_which_facts_changed_in_which_release(tmp_path: Path) -> None:
    bank = make_bank(tmp_path)
    facts = bank / F
    text = facts.read_text(encoding="utf-8")
    # An edited fact, a field added to another (as a schema extension would), a new fact, a removed one.
    text = text.replace("Paragraph 4 dates the treaty.", "Paragraph 4 gives the year of the treaty.")
    text = text.replace("    answer: Ұлан Әбу\n", "    answer: Ұлан Әбу\n    alternatives: [Ulan Abu]\n")
    text = text.replace("- id: anthem-year", "- id: anthem-adopted")
    start = text.index("  - id: first-census")
    text = text[:start] + text[text.index("  - id: anthem-adopted") :]
    facts.write_text(text, encoding="utf-8")
    lines = problems(bank)
    assert sorted(re.search(r"fact '([^']+)': (\w+)", x).groups() for x in lines) == [
        ("anthem-adopted", "new"),
        ("founder", "changed"),
        ("treaty-year", "changed"),
    ], lines

    bump(bank, released=datetime(2025, 1, 1, tzinfo=UTC))
    assert recorded(bank) == {
        "anthem-adopted": ("1.1", "1.1"),
        "city-name": ("1.0", "1.0"),
        "founder": ("1.0", "1.1"),
        "river-length": ("1.0", "1.0"),
        "treaty-year": ("1.0", "1.1"),
    }
    loaded = load(bank)
    assert loaded.release_of("founder").changed == datetime(2025, 1, 1, tzinfo=UTC)
    assert (
        loaded.release_of("city-name").changed
        == loaded.release_of("city-name").added
        == datetime(2024, 1, 1, tzinfo=UTC)
    )

    (bank / "bank.yaml").write_text(
        (bank / "bank.yaml")
        .read_text(encoding="utf-8")
        .replace("title: A made-up source for tests", "title: A made-up source for the tests"),
        encoding="utf-8",
    )
    assert len(problems(bank)) == 5, "a source's title is on every card citing it: every such fact changed"
    bump(bank, version="2.0", released=datetime(2025, 2, 1, tzinfo=UTC))
    assert {changed for _, changed in recorded(bank).values()} == {"2.0"}
    text = (bank / "releases.json").read_text(encoding="utf-8")
    assert [line.split('"')[1] for line in text.splitlines() if '"sha256"' in line] == sorted(recorded(bank)), (
        "one line a fact, sorted by id: a release's diff shows what changed"
    )


def test_bump_refuses_a_version_released_before(tmp_path: Path) -> None:
    bank = make_bank(tmp_path)
    result = CliRunner().invoke(cli, ["bump", "--bank", str(bank), "--version", "1.0"])
    assert result.exit_code == 2 and "version 1.0 is not later than the current version 1.0" in result.output
    assert (bank / "releases.json").read_bytes() == (SMALL_BANK / "releases.json").read_bytes()


def test_a_bank_without_releases_file_loads_and_bump_writes_one(tmp_path: Path) -> None:
    bank = make_bank(tmp_path)
    (bank / "releases.json").unlink()
    loaded = load(bank)
    assert loaded.fact_releases == () and loaded.release_of("founder").changed == loaded.released
    bump(bank, released=datetime(2025, 1, 1, tzinfo=UTC))
    assert set(recorded(bank).values()) == {("1.1", "1.1")}
    assert load(bank).release_of("founder").added == datetime(2025, 1, 1, tzinfo=UTC)


def test_faults_in_other_facts_do_not_hide_cross_checks(tmp_path: Path) -> None:
    """A schema fault in one fact, or an unknown field in the same fact, still lets the
    cross-checks (distractor equals answer, unknown source) report in the same run."""
    text = (SMALL_BANK / F).read_text(encoding="utf-8")
    text = text.replace(
        'distractors: ["2008", "2012", "2015"]', 'distractors: ["2008", "2010", "2015"]\n    colour: red'
    )
    text = text.replace("    difficulty: 3\n", "    difficulty: hard\n")
    text = text.replace("source: {id: fixture-source, paragraph: 5}", "source: {id: nowhere, paragraph: 5}", 1)
    lines = problems(make_bank(tmp_path, raw={F: text.encode()}))
    assert len(lines) == 4, lines
    assert any("treaty-year': unknown field 'colour'" in x for x in lines)
    assert any("treaty-year': distractor '2010' equals the answer" in x for x in lines)
    assert any("founder': 'difficulty' must be a whole number" in x for x in lines)
    assert any("first-census': unknown source id 'nowhere'" in x for x in lines)
