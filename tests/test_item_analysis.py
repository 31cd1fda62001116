"""Item analysis: difficulty, discrimination, option use and the flags `lint --results` reports.

A class is made without images: readings are built for every row of the bundled bank's sheets
A and B and scored by the real scorer, so the figures can be checked against what the class
was made to do.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.errors import UsageError
from quizgen.grading import analysis, score
from quizgen.grading.lint import results_flags, results_lines
from quizgen.grading.marks import Reading
from quizgen.grading.report import report_pdf
from quizgen.grading.run import FORMAT, SCHEMA_VERSION
from quizgen.writers import worksheet
from quizgen.writers.options import RenderOptions
from quizgen.writers.sheets import keydoc

LETTERS = "ABCD"


@pytest.fixture(scope="module")
def docs(bundled: Bank) -> dict[str, dict[str, Any]]:
    artifacts = {a.name: a.data for a in worksheet.render(bundled, RenderOptions(seed=1, key="none"))}
    docs: dict[str, dict[str, Any]] = {label: json.loads(artifacts[f"worksheet-{label}-key.json"]) for label in "AB"}
    return docs


def answers(
    doc: dict[str, Any], skill: float, rng: random.Random, choose: dict[str, str] | None = None
) -> dict[str, Reading]:
    """Readings of a student who knows each answer with probability `skill`; `choose` forces
    an option, by its text, for the questions named by id."""
    readings: dict[str, Reading] = {f"id.{i}": Reading(f"id.{i}", "answer", str(i), ()) for i in range(1, 7)}
    for q in doc["questions"]:
        n, kind = q["number"], q["kind"]
        knows = rng.random() < skill
        if kind in ("mcq", "tf"):
            index = q["key"][0] if knows else rng.choice([i for i in range(len(q["options"])) if i != q["key"][0]])
            if choose and q["id"] in choose:
                index = q["options"].index(choose[q["id"]])
            value = ("T", "F")[index] if kind == "tf" else LETTERS[index]
            readings[str(n)] = Reading(str(n), "answer", value, ())
        elif kind == "matching":
            for i, k in enumerate(q["key"]):
                letter = LETTERS[k if knows else (k + 1) % len(q["key"])]
                readings[f"{n}.{i + 1}"] = Reading(f"{n}.{i + 1}", "answer", letter, ())
        elif kind == "ordering":
            for i in range(len(q["options"])):
                place = q["key"].index(i) + 1 if knows else (q["key"].index(i) + 1) % len(q["options"]) + 1
                readings[f"{n}.{i + 1}"] = Reading(f"{n}.{i + 1}", "answer", str(place), ())
        else:
            readings[str(n)] = Reading(str(n), "answer", "right" if knows else "wrong", ())
    return readings


def results_of(docs: dict[str, dict[str, Any]], students: list[tuple[str, dict[str, Reading]]]) -> dict[str, Any]:
    sheets = []
    for index, (label, readings) in enumerate(students, 1):
        records = score.score(docs[label], readings)
        sheets.append(
            {
                "sheet": f"s{index}.png",
                "index": index,
                "student_number": f"{index:06d}",
                "version": label,
                "key_checksum": keydoc.checksum(docs[label]),
                "score": sum(r["points"] for r in records),
                "max_score": sum(r["max_points"] for r in records),
                "to_settle": [],
                "status": "graded",
                "questions": records,
            }
        )
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "sheets": sheets,
        "refused": [],
        "blank_pages": [],
        "keys": {keydoc.checksum(d): d for d in docs.values()},
    }


def first_mcq(doc: dict[str, Any], skip: int = 0) -> dict[str, Any]:
    chosen: dict[str, Any] = [q for q in doc["questions"] if q["kind"] == "mcq"][skip]
    return chosen


@pytest.fixture(scope="module")
def rigged(docs: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Twenty students of rising skill. On one question the strong half picks a distractor and
    the weak half the key (a wrong key, say); on another, everyone picks the key or one distractor."""
    rng = random.Random(4)
    wrong_key = first_mcq(docs["A"])
    narrow = first_mcq(docs["A"], 1)
    students = []
    for i in range(20):
        skill = 0.2 + 0.7 * i / 19
        distractor = next(o for o in wrong_key["options"] if o != wrong_key["options"][wrong_key["key"][0]])
        narrow_other = next(o for o in narrow["options"] if o != narrow["options"][narrow["key"][0]])
        choose = {
            wrong_key["id"]: distractor if i >= 10 else wrong_key["options"][wrong_key["key"][0]],
            narrow["id"]: narrow["options"][narrow["key"][0]] if i % 2 else narrow_other,
        }
        label = "AB"[i % 2]
        # Version B prints the options in another order: the choice is made by text, so it holds.
        students.append((label, answers(docs[label], skill, rng, choose)))
    return results_of(docs, students), wrong_key, narrow


def test_difficulty_discrimination_and_option_use(
    rigged: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    results, wrong_key, narrow = rigged
    found = analysis.analyse(results)
    assert found.sheets == 20 and len(found.scores) == 20 and found.mean is not None
    items = {item.id: item for item in found.items}
    assert len(items) == len(results["keys"][next(iter(results["keys"]))]["questions"])
    bad = items[wrong_key["id"]]
    assert bad.difficulty == 0.5 and bad.discrimination is not None and bad.discrimination < -0.5
    assert bad.upper_lower is not None and bad.upper_lower < 0
    assert sum(count for _, count, _ in bad.options) == 20
    assert set(bad.numbers) == {"A", "B"}
    used = {text: count for text, count, _ in items[narrow["id"]].options}
    assert sorted(used.values()) == [0, 0, 10, 10]
    assert found.alpha is not None and found.alpha > 0.5  # skill drives every answer: a consistent test


def test_flags_name_the_facts(rigged: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    results, wrong_key, narrow = rigged
    flags = analysis.flags(results)
    rules = {(f.fact_id, f.rule) for f in flags}
    assert (wrong_key["fact_ids"][0], "negative-discrimination") in rules
    unused = [f for f in flags if f.rule == "unused-distractor" and f.fact_id == narrow["fact_ids"][0]]
    assert len(unused) == 2 and all("nobody of 20 chose" in f.message for f in unused)


def test_lint_results_lines_point_at_the_facts(
    bundled: Bank, rigged: tuple[dict[str, Any], dict[str, Any], dict[str, Any]], tmp_path: Path
) -> None:
    results, wrong_key, _ = rigged
    path = tmp_path / "grades.json"
    path.write_text(json.dumps(results))
    assert results_flags(path) == analysis.flags(results)
    lines = results_lines(bundled, path)
    fact = next(f for f in bundled.facts if f.id == wrong_key["fact_ids"][0])
    assert any(line.startswith(f"{fact.origin}: fact '{fact.id}': negative-discrimination: ") for line in lines)
    result = CliRunner().invoke(cli, ["lint", "--results", str(path)])
    assert result.exit_code == 0 and set(lines) <= set(result.output.splitlines()), result.output
    strict = CliRunner().invoke(cli, ["lint", "--results", str(path), "--strict"])
    assert strict.exit_code == 1
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(results | {"keys": {"x": {"bank": {"name": "another-bank"}, "version": "A", "questions": []}}})
    )
    with pytest.raises(UsageError, match="for the bank another-bank"):
        results_lines(bundled, other)
    (tmp_path / "junk.json").write_text("{}")
    with pytest.raises(UsageError, match=r"not a grades\.json"):
        results_flags(tmp_path / "junk.json")


def test_a_small_class_is_analysed_but_not_flagged(docs: dict[str, dict[str, Any]]) -> None:
    rng = random.Random(1)
    results = results_of(docs, [("A", answers(docs["A"], 0.5, rng)) for _ in range(analysis.MIN_SHEETS - 1)])
    assert analysis.flags(results) == []
    assert all(item.difficulty is not None for item in analysis.analyse(results).items)


def test_unsettled_rows_stay_out_of_the_figures(docs: dict[str, dict[str, Any]]) -> None:
    rng = random.Random(2)
    readings = answers(docs["A"], 1.0, rng)
    mcq = first_mcq(docs["A"])
    readings[str(mcq["number"])] = Reading(str(mcq["number"]), "ambiguous", "", (), "marks in A, B")
    results = results_of(docs, [("A", readings), ("A", answers(docs["A"], 1.0, rng))])
    item = next(i for i in analysis.analyse(results).items if i.id == mcq["id"])
    assert item.n == 1 and item.difficulty == 1.0


def test_report_pdf_shows_the_analysis(rigged: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    results, wrong_key, _ = rigged
    data = report_pdf(results)
    assert report_pdf(results) == data  # the same results give the same bytes
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)
    for needed in (
        "Score distribution",
        "Difficulty",
        "20 sheets graded",
        "negative-discrimination",
        "unused-distractor",
        wrong_key["fact_ids"][0],
        "Cronbach",
    ):
        assert needed in text, needed
