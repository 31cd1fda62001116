"""Classroom exports: GIFT, Quizlet, CSV and JSON, against saved files and through real readers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.bank.loader import load
from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.questions import (
    Cloze,
    Kind,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
    question_set,
    select,
)
from quizgen.questions.reveal import revealing_pairs
from quizgen.writers import REGISTRY, csv_table, get, gift
from quizgen.writers.csv_table import COLUMNS, OPTION_SEPARATOR, shown_options
from quizgen.writers.options import RenderOptions
from quizgen.writers.quizlet import flatten
from quizgen.writers.scale import scaled
from tests import gift_parser
from tests.expected_files import SEED, TEXT_FORMATS, expected_path
from tests.gift_parser import GiftError, GiftQuestion, displayed, literal_answer
from tests.helpers import TESTS

ESCAPING_BANK = TESTS / "banks" / "escaping"


@pytest.fixture(scope="module")
def escaping() -> Bank:
    return load(ESCAPING_BANK)


def only(bank: Bank, format_name: str) -> bytes:
    artifacts = get(format_name).render(bank, RenderOptions(seed=SEED))
    assert len(artifacts) == 1
    return artifacts[0].data


# Saved expected files -------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", TEXT_FORMATS)
def test_small_bank_matches_the_saved_expected_file(small: Bank, format_name: str) -> None:
    for artifact in get(format_name).render(small, RenderOptions(seed=SEED)):
        path = expected_path(small.name, artifact.name)
        assert path.is_file(), f"{path} is missing: run `make expected`"
        assert artifact.data.decode("utf-8") == path.read_bytes().decode("utf-8"), (
            f"{path.name} differs from the writer's output: if the change is intended, run `make expected` "
            "and review the diff"
        )


def test_every_format_is_in_the_formats_list_and_the_single_file_ones_in_export_choices() -> None:
    for name in ("gift", "quizlet", "csv", "json"):
        assert name in REGISTRY
    result = CliRunner().invoke(cli, ["formats"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == list(REGISTRY)
    help_text = CliRunner().invoke(cli, ["export", "--help"]).output
    single = [name for name, writer in REGISTRY.items() if writer.single_file]
    assert "worksheet" not in single and "study-guide" in single
    assert "[" + "|".join(single) + "]" in help_text.replace("\n", "").replace(" ", "")


# GIFT -----------------------------------------------------------------------------------------


def feedback_text(question: Question) -> str:
    return f"{question.explanation} Source: {'; '.join(str(c) for c in question.citations)}."


def by_title(questions: list[GiftQuestion]) -> dict[str | None, GiftQuestion]:
    titles = [q.title for q in questions]
    assert len(set(titles)) == len(titles), "GIFT titles must be unique"
    return {q.title: q for q in questions}


def assert_round_trip(bank: Bank, question: Question, parsed: GiftQuestion) -> None:
    """What Moodle would store shows the question's own text, nothing lost or added."""
    fmt = parsed.format
    assert fmt == "html"
    assert parsed.category == f"{bank.namespace}/{question.topic}"
    assert displayed(parsed.general_feedback, fmt) == feedback_text(question)
    text = displayed(parsed.text, fmt)
    match question:
        case MultipleChoice():
            assert parsed.kind == "multichoice" and text == question.prompt
            assert [displayed(a.text, fmt) for a in parsed.answers] == list(question.options)
            assert [a.fraction for a in parsed.answers].index(1.0) == question.correct
        case TrueFalse():
            assert parsed.kind == "truefalse" and text == question.prompt
            assert parsed.truth is question.truth
        case ShortAnswer() | Cloze():
            typed = [a for a in dict.fromkeys(question.accepted) if "->" not in a]
            assert parsed.kind == "shortanswer"
            assert parsed.missing_word is isinstance(question, Cloze)
            assert text == question.prompt
            assert [literal_answer(a.text) for a in parsed.answers] == typed
            assert all(a.fraction == 1.0 for a in parsed.answers)
        case NumericAnswer():
            asked = scaled(question.numeric)  # 1.9 billion US dollars, not 1900000000
            assert parsed.kind == "numerical"
            assert text == f"{question.prompt} (a number, in {asked.unit})"
            [(value, tolerance)] = parsed.numbers
            assert (value * 10**asked.power, tolerance * 10**asked.power) == pytest.approx(
                (question.numeric.value, question.numeric.tolerance), rel=1e-12
            )
        case Matching():
            assert parsed.kind == "match" and text == question.prompt
            assert [(displayed(left, fmt), right) for left, right in parsed.pairs] == [
                (item, question.options[question.matches[i]]) for i, item in enumerate(question.items)
            ]
        case Ordering():
            assert parsed.kind == "match"
            places = {displayed(left, fmt): int(right) for left, right in parsed.pairs}
            chronological = sorted(places, key=places.__getitem__)
            assert chronological == [question.events[i] for i in question.order]


def assert_gift_holds(bank: Bank, text: str, questions: list[Question]) -> None:
    parsed = by_title(gift_parser.parse(text))
    for question in questions:
        title = f"{bank.namespace}/{', '.join(question.fact_ids)} {question.kind}"
        assert title in parsed, f"{question.id} is missing from the GIFT file"
        assert_round_trip(bank, question, parsed.pop(title))
    assert not parsed


@pytest.mark.parametrize("bank_name", ["small", "escaping", "bundled"])
def test_gift_round_trips_through_a_strict_parser(bank_name: str, request: pytest.FixtureRequest) -> None:
    """The export holds one set (select): read back, it is that set, question by question."""
    bank = request.getfixturevalue(bank_name)
    assert_gift_holds(bank, only(bank, "gift").decode("utf-8"), select(bank, SEED, None).questions)


@pytest.mark.parametrize("bank_name", ["small", "escaping", "bundled"])
def test_every_question_of_a_bank_round_trips_through_gift(bank_name: str, request: pytest.FixtureRequest) -> None:
    """The writer, given every question the bank supports (every kind of every fact), loses nothing."""
    bank = request.getfixturevalue(bank_name)
    questions = question_set(bank, SEED)
    assert_gift_holds(bank, gift.render_text(bank, questions), questions)


@pytest.mark.parametrize("format_name", ["gift", "csv", "json"])
def test_an_export_is_one_set_that_never_answers_itself(bundled: Bank, format_name: str) -> None:
    text = only(bundled, format_name).decode("utf-8-sig")
    questions = select(bundled, SEED, None).questions
    assert len(questions) >= 20
    assert all(question.id in text or ", ".join(question.fact_ids) in text for question in questions)
    assert revealing_pairs(questions, {fact.id: fact for fact in bundled.facts}) == []


def test_escaping_fixture_holds_what_it_claims(escaping: Bank) -> None:
    text = " ".join(
        str(value)
        for fact in escaping.facts
        for value in (
            fact.prompts,
            fact.answer,
            fact.alternatives,
            fact.distractors,
            fact.explanation,
            fact.cloze,
            fact.event,
        )
    )
    for needed in ("~", "=", "#", "{", "}", ":", "\\", ",", '"', "'", "\t", "\n", "->", "*", "%50%", "[html]"):
        assert needed in text, needed
    kinds = {q.kind for q in question_set(escaping, SEED)}
    assert kinds == set(Kind)


def test_gift_leaves_out_typed_answers_it_cannot_hold(escaping: Bank) -> None:
    # Moodle reads '->' in short answers as a matching question: such answers are dropped.
    parsed = by_title(gift_parser.parse(gift.render_text(escaping, question_set(escaping, SEED))))
    assert [a.text for a in parsed["esc/arrow-answer short"].answers] == ["a to b"]
    assert "p -> q" not in [a.text for a in parsed["esc/every-special short"].answers]


def test_gift_guards_what_moodle_would_misread_at_the_start_of_an_answer(escaping: Bank) -> None:
    text = gift.render_text(escaping, question_set(escaping, SEED))
    assert "\t=%100%%50% sign\n" in text  # else '%50%' is read as half marks
    assert "\t=[plain][html]sign\n" in text  # else '[html]' is read as the text format
    assert "\t=\\\\*star\\\\* sign\n" in text  # Moodle's short answers read a bare * as a wildcard


@pytest.mark.parametrize(
    "broken",
    [
        "::t::Q {=a ~b",  # unclosed
        "::t::Q: {=a ~b}",  # unescaped colon in text
        "::t::Q {=a ~b} {=c}",  # two answer parts
        "::t::Q \\x {=a ~b}",  # unknown escape
        "::t::Q {=a = b ~c}",  # unescaped = inside a choice... read as two right answers
        "::t::Q {~a ~b}",  # no right answer
    ],
)
def test_the_gift_parser_is_strict(broken: str) -> None:
    with pytest.raises(GiftError):
        gift_parser.parse(broken)


gift_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Co", "Cc", "Zl", "Zp"), blacklist_characters="\r\x85")
    | st.sampled_from("~=#{}:\\\t\n[]%*<>&-"),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip())


@settings(max_examples=150, deadline=None)
@given(prompt=gift_text, answer=gift_text, wrong=gift_text, explanation=gift_text)
def test_any_text_survives_gift_as_a_choice_and_a_short_answer(
    small: Bank, prompt: str, answer: str, wrong: str, explanation: str
) -> None:
    citation = small.facts[0].citation
    choice = MultipleChoice(
        id="mcq:f",
        fact_ids=("f",),
        topic="alpha",
        prompt=prompt,
        explanation=explanation,
        citations=(citation,),
        options=(wrong, answer),
        correct=1,
    )
    typed = ShortAnswer(
        id="short:f",
        fact_ids=("f",),
        topic="alpha",
        prompt=prompt,
        explanation=explanation,
        citations=(citation,),
        answer=answer,
        accepted=(answer,),
    )
    for question in (choice, typed):
        text = "$CATEGORY: fx/alpha\n\n" + gift.render_question(small, question)
        if question.kind is Kind.SHORT and "->" in answer:
            assert text.endswith("left out, GIFT cannot hold '->' in a typed answer\n")
            continue
        [parsed] = gift_parser.parse(text)
        assert_round_trip(small, question, parsed)


# CSV and Quizlet ------------------------------------------------------------------------------


@pytest.mark.parametrize("bank_name", ["small", "escaping"])
def test_csv_round_trips_through_the_csv_module(bank_name: str, request: pytest.FixtureRequest) -> None:
    bank = request.getfixturevalue(bank_name)
    assert only(bank, "csv") == csv_table.table(bank, select(bank, SEED, None).questions)
    questions = question_set(bank, SEED)
    data = csv_table.table(bank, questions)
    assert data.startswith("\ufeff".encode())  # so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(questions) + 1
    for question, values in zip(questions, rows[1:], strict=True):
        row = dict(zip(COLUMNS, values, strict=True))
        assert row["id"] == question.id and row["kind"] == str(question.kind)
        # Cells that start like a formula carry the documented apostrophe (README, Safety).
        assert (row["prompt"], row["answer"], row["explanation"]) == (
            csv_table.cell(question.prompt),
            csv_table.cell(question.answer),
            csv_table.cell(question.explanation),
        )
        assert row["options"] == csv_table.cell(OPTION_SEPARATOR.join(shown_options(question)))
        assert row["source"] == "; ".join(str(c) for c in question.citations)
        facts = [bank.fact(i) for i in question.fact_ids]
        assert set(row["tags"].split()) == {tag for fact in facts for tag in fact.tags}


def test_escaping_csv_really_holds_line_breaks_tabs_and_quotes(escaping: Bank) -> None:
    data = csv_table.table(escaping, question_set(escaping, SEED))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    prompts = "".join(row["prompt"] for row in rows)
    assert "\n" in prompts and "\t" in prompts and '"' in prompts and "," in prompts


@pytest.mark.parametrize("bank_name", ["small", "escaping", "bundled"])
def test_quizlet_has_one_card_a_fact_split_by_one_tab(bank_name: str, request: pytest.FixtureRequest) -> None:
    bank = request.getfixturevalue(bank_name)
    text = only(bank, "quizlet").decode("utf-8")
    assert text.endswith("\n") and "\r" not in text
    lines = text.removesuffix("\n").split("\n")
    assert len(lines) == len(bank.facts)
    for fact, line in zip(bank.facts, lines, strict=True):
        term, definition = line.split("\t")  # exactly one tab
        assert term == flatten(fact.prompts[0])
        assert definition == flatten(fact.answer)


def test_quizlet_flattens_tabs_and_line_breaks(escaping: Bank) -> None:
    lines = only(escaping, "quizlet").decode("utf-8").splitlines()
    assert lines[0].startswith("Which sign joins {a} and {b} in \"a ~ b = c # d: e \\ f\", 'g'? Tabbed, and on")
    assert flatten("a\t\tb\r\nc\u2028d ") == "a b c d"


def test_json_carries_the_schema_version_and_every_question(small: Bank) -> None:
    document = json.loads(only(small, "json"))
    assert document["schema_version"] == 2
    assert [q["id"] for q in document["questions"]] == [q.id for q in select(small, SEED, None)]


# The export command ---------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", [writer.name for writer in REGISTRY.values() if writer.single_file])
def test_export_writes_the_same_file_as_the_writer(small: Bank, tmp_path: Path, format_name: str) -> None:
    out = tmp_path / "sub" / "out.file"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--format",
            format_name,
            "--bank",
            str(TESTS / "banks" / "small"),
            "--out",
            str(out),
            "--seed",
            str(SEED),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert out.read_bytes() == only(small, format_name)


def test_export_defaults_to_dist_and_the_artifacts_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "--format", "gift", "--bank", str(TESTS / "banks" / "small")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "small-fixture.gift").is_file()


def test_export_refuses_bad_formats_and_directories(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "docx"])
    assert result.exit_code == 2 and "docx" in result.output
    result = CliRunner().invoke(cli, ["export", "--format", "worksheet"])
    assert result.exit_code == 2
    assert "'worksheet' writes several files; use 'quizgen worksheet --out DIR'" in result.output
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output
    assert list(tmp_path.iterdir()) == []
