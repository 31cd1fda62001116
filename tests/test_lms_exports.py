"""LMS exports (Moodle XML, Canvas QTI, Kahoot) read back by outside readers, field by field.

Every file is parsed by a library quizgen does not write with (tests/lms_readers.py: lxml,
openpyxl's reader) and compared with the JSON export of the same questions: every mismatch is
listed, and there must be none. The Canvas package is also checked against text2qti, which
writes the QTI dialect Canvas imports: the same quiz written by both must agree on question
types, points, answers, scoring and feedback.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from quizgen.bank.loader import load
from quizgen.bank.model import Bank, Numeric
from quizgen.questions import Kind, Question, question_set, select
from quizgen.questions.versions import points
from quizgen.writers import get, json_dump
from quizgen.writers.kahoot import ANSWER_LIMIT, HEADERS, QUESTION_LIMIT, TIME_LIMITS, length
from quizgen.writers.lms_text import ORDERING_PLACES, lines, one_line
from quizgen.writers.options import RenderOptions
from quizgen.writers.qti_topics import quizzes as topic_quizzes
from quizgen.writers.scale import scaled
from tests.expected_files import SEED
from tests.helpers import TESTS
from tests.lms_readers import (
    QTI,
    KahootSheet,
    MoodleQuestion,
    QtiItem,
    QtiQuiz,
    any_html_text,
    kahoot_sheet,
    moodle_questions,
    parse_xml,
    qti_item,
    qti_quizzes,
)

BANKS = ["small", "escaping", "bundled"]
LMS_FORMATS = ["moodle-xml", "qti", "qti-topics", "kahoot"]


@pytest.fixture(scope="module")
def escaping() -> Bank:
    return load(TESTS / "banks" / "escaping")


def only(bank: Bank, name: str) -> bytes:
    [artifact] = get(name).render(bank, RenderOptions(seed=SEED))
    return artifact.data


def exported(bank: Bank, questions: list[Question] | None = None) -> list[dict[str, Any]]:
    """The JSON export's questions: of the whole export, or of the JSON writer given a set."""
    if questions is None:
        data = only(bank, "json")
    else:
        data = json_dump.dumps(json_dump.document(bank, questions, SEED)).encode()
    return list(json.loads(data)["questions"])


class Mismatches(list[str]):
    def check(self, where: str, got: object, want: object) -> None:
        if got != want:
            self.append(f"{where}: got {got!r}, want {want!r}")


def text(value: str) -> str:
    """Text as a reader gets it back: one kind of line break, no white space at the ends."""
    return lines(value).strip()


def feedback(q: dict[str, Any]) -> str:
    return text(f"{q['explanation']} Source: {'; '.join(c['label'] for c in q['citations'])}.")


def title(bank: Bank, q: dict[str, Any]) -> str:
    return f"{bank.namespace}/{', '.join(q['fact_ids'])} {q['kind']}"


def numeric(q: dict[str, Any]) -> Numeric:
    return Numeric(q["numeric"]["value"], q["numeric"]["unit"], q["numeric"]["tolerance"])


def in_bank_unit(value: str | Decimal, power: int) -> Decimal:
    return Decimal(value) * Decimal(10) ** power


def exact(number: float) -> Decimal:
    """A bank's number as the decimal it was written as."""
    return Decimal(repr(float(number)))


def typed(q: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(one_line(a) for a in q["accepted"]))


def marks(questions: list[Question]) -> dict[str, int]:
    """Points per question id, as the printed worksheets give them."""
    return {q.id: points(q) for q in questions}


# ---- Moodle XML ------------------------------------------------------------------------------

MOODLE_TYPES = {
    "mcq": "multichoice",
    "tf": "truefalse",
    "cloze": "shortanswer",
    "short": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
}


def moodle_mismatches(bank: Bank, data: bytes, questions: list[Question] | None = None) -> Mismatches:
    """Against the JSON export (or the JSON writer given these questions)."""
    found, categories = moodle_questions(data)
    want = exported(bank, questions)
    grades = marks(questions or select(bank, SEED, None).questions)
    out = Mismatches()
    out.check("question count", len(found), len(want))
    by_name = {q.name: q for q in found}
    for q in want:
        name = title(bank, q)
        got: MoodleQuestion | None = by_name.get(name)
        if got is None:
            out.append(f"{name}: missing")
            continue
        kind = q["kind"]
        out.check(f"{name} type", got.type, MOODLE_TYPES[kind])
        out.check(f"{name} category", got.category, f"{bank.namespace}/{q['topic']}")
        out.check(
            f"{name} idnumber",
            got.idnumber,
            f"{kind}:{q['fact_ids'][0]}" if kind in ("matching", "ordering") else q["fact_ids"][0],
        )
        out.check(f"{name} grade", got.grade, str(grades[q["id"]]))
        out.check(f"{name} feedback", got.feedback.strip(), feedback(q))
        out.check(f"{name} format", got.text_format, "html")
        prompt = q["prompt"]
        if kind == "numeric":
            prompt += f" (a number, in {scaled(numeric(q)).unit})"
        out.check(f"{name} text", got.text.strip(), text(prompt))
        match kind:
            case "mcq":
                out.check(
                    f"{name} answers",
                    got.answers,
                    [(text(o), "100" if i == q["key"][0] else "0") for i, o in enumerate(q["options"])],
                )
            case "tf":
                truth = q["key"] == [0]
                out.check(
                    f"{name} answers",
                    got.answers,
                    [("true", "100" if truth else "0"), ("false", "0" if truth else "100")],
                )
            case "cloze" | "short":
                out.check(f"{name} answers", got.answers, [(a, "100") for a in typed(q)])
                out.check(f"{name} case", got.options.get("usecase"), "0")
            case "numeric":
                asked = scaled(numeric(q))
                [(value, fraction)] = got.answers
                out.check(f"{name} value", in_bank_unit(value, asked.power), exact(q["numeric"]["value"]))
                out.check(
                    f"{name} tolerance", in_bank_unit(got.tolerance, asked.power), exact(q["numeric"]["tolerance"])
                )
                out.check(f"{name} fraction", fraction, "100")
                units = dict(got.units)
                out.check(f"{name} unit", got.units[0], (asked.unit, "1"))
                # A typed "1900000000 US dollars" is converted to the asked scale by the multiplier.
                out.check(
                    f"{name} base unit", Decimal(units.get(q["numeric"]["unit"], "0")) * 1, Decimal(10) ** asked.power
                )
                out.check(
                    f"{name} units optional", (got.options["unitgradingtype"], got.options["showunits"]), ("0", "0")
                )
            case "matching":
                out.check(
                    f"{name} pairs",
                    got.subquestions,
                    [(text(item), text(q["options"][q["key"][i]])) for i, item in enumerate(q["items"])],
                )
            case "ordering":
                out.check(f"{name} order", [t for t, _ in got.answers], [text(q["options"][i]) for i in q["key"]])
                out.check(
                    f"{name} grading",
                    (got.options["gradingtype"], got.options["selecttype"]),
                    ("ABSOLUTE_POSITION", "ALL"),
                )
    topics = {f"{bank.namespace}/{t.id}": t.title for t in bank.topics}
    for path, description in categories.items():
        if path in topics:
            out.check(f"category {path}", description, text(topics[path]))
    return out


@pytest.mark.parametrize("bank_name", BANKS)
def test_moodle_xml_reads_back_as_the_json_export(bank_name: str, request: pytest.FixtureRequest) -> None:
    bank = request.getfixturevalue(bank_name)
    assert moodle_mismatches(bank, only(bank, "moodle-xml")) == []


@pytest.mark.parametrize("bank_name", BANKS)
def test_every_question_of_a_bank_reads_back_from_moodle_xml(bank_name: str, request: pytest.FixtureRequest) -> None:
    """The writer, given every question the bank supports (every kind of every fact), loses nothing."""
    from quizgen.writers.moodle_xml import document

    bank = request.getfixturevalue(bank_name)
    questions = question_set(bank, SEED)
    assert {q.kind for q in questions} == set(Kind)
    assert moodle_mismatches(bank, document(bank, questions), questions) == []


def test_moodle_xml_has_what_moodles_importer_reads(bundled: Bank) -> None:
    """No schema exists for Moodle XML: check the elements question/format/xml/format.php reads."""
    root = parse_xml(only(bundled, "moodle-xml"))
    questions = [q for q in root.iterchildren("question") if q.get("type") != "category"]
    kinds = {q.get("type") for q in questions}
    assert {"multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering"} <= kinds
    for question in questions:
        for path in (
            "name/text",
            "questiontext/text",
            "generalfeedback/text",
            "defaultgrade",
            "penalty",
            "hidden",
            "idnumber",
        ):
            assert question.find(path) is not None, (question.get("type"), path)
        assert len(question.findtext("idnumber")) <= 100  # Moodle's column
        if question.get("type") in ("multichoice", "truefalse", "shortanswer", "numerical", "ordering"):
            assert question.findall("answer"), question.findtext("name/text")
    for category in root.iterfind("question[@type='category']"):
        assert re.fullmatch(r"kz-sg/[a-z0-9-]+", category.findtext("category/text"))


def test_moodle_numbers_are_asked_in_a_scale_a_student_types(bundled: Bank) -> None:
    found, _ = moodle_questions(only(bundled, "moodle-xml"))
    by_id = {q.idnumber: q for q in found}
    # Not necessarily in the exported set: render the trade figure's numeric question alone.
    from quizgen.questions import ask_once
    from quizgen.writers.moodle_xml import document

    trade = ask_once(bundled.fact("trade-volume-2022"), Kind.NUMERIC, SEED)
    [question], _ = moodle_questions(document(bundled, [trade]))
    assert question.text.endswith("(a number, in billion US dollars)")
    assert question.answers == [("1.9", "100")] and question.tolerance == "0.05"
    assert question.units == [("billion US dollars", "1"), ("million US dollars", "1000"), ("US dollars", "1000000000")]
    assert by_id  # the bundled export itself read back


# ---- Canvas QTI ------------------------------------------------------------------------------

QTI_TYPES = {
    "mcq": "multiple_choice_question",
    "tf": "true_false_question",
    "cloze": "short_answer_question",
    "short": "short_answer_question",
    "numeric": "numerical_question",
    "matching": "matching_question",
    "ordering": "matching_question",
}


def qti_item_mismatches(bank: Bank, q: dict[str, Any], got: QtiItem, grades: dict[str, int]) -> Mismatches:
    out = Mismatches()
    name = title(bank, q)
    kind = q["kind"]
    out.check(f"{name} title", got.title, name)
    out.check(f"{name} type", got.question_type, QTI_TYPES[kind])
    out.check(f"{name} points", got.points, str(grades[q["id"]]))
    out.check(f"{name} feedback", text(got.feedback), feedback(q))
    prompt = q["prompt"]
    if kind == "numeric":
        prompt += f" (a number, in {scaled(numeric(q)).unit})"
    if kind == "ordering":
        prompt += f" {ORDERING_PLACES}"
    out.check(f"{name} text", text(got.text), text(prompt))
    match kind:
        case "mcq" | "tf":
            out.check(f"{name} choices", [text(t) for _, t in got.choices], [text(o) for o in q["options"]])
            out.check(f"{name} correct", got.correct, [got.choices[q["key"][0]][0]] if got.choices else [])
        case "cloze" | "short":
            out.check(f"{name} answers", got.correct, typed(q))
        case "numeric":
            asked = scaled(numeric(q))
            assert got.numeric is not None
            given, low, high = got.numeric
            value, tolerance = exact(q["numeric"]["value"]), exact(q["numeric"]["tolerance"])
            out.check(f"{name} exact", in_bank_unit(given, asked.power), value)
            out.check(
                f"{name} range",
                (in_bank_unit(low, asked.power), in_bank_unit(high, asked.power)),
                (value - tolerance, value + tolerance),
            )
        case "matching" | "ordering":
            if kind == "matching":
                left, right, key = q["items"], q["options"], q["key"]
            else:  # each place in time, 1 the earliest, with its event
                left, right, key = [str(n) for n in range(1, len(q["options"]) + 1)], q["options"], q["key"]
            out.check(f"{name} left", [text(t) for _, t in got.left], [text(t) for t in left])
            out.check(f"{name} right", [text(t) for _, t in got.right], [text(t) for t in right])
            out.check(
                f"{name} pairs",
                {r: c for r, (c, _) in got.pairs.items()},
                {got.left[i][0]: got.right[key[i]][0] for i in range(len(left))},
            )
            total = sum((score for _, score in got.pairs.values()), Decimal(0))
            out.check(f"{name} marks", abs(total - 100) <= Decimal("0.01") * len(left), True)
    return out


def qti_quiz_mismatches(bank: Bank, quiz: QtiQuiz, questions: list[Question], quiz_title: str) -> Mismatches:
    """A quiz of the package against the JSON writer's document of the same questions."""
    out = Mismatches()
    want = exported(bank, questions)
    grades = marks(questions)
    out.check("quiz title", quiz.title, quiz_title)
    out.check(f"{quiz.title} item count", len(quiz.items), len(want))
    out.check(f"{quiz.title} points", Decimal(quiz.meta["points_possible"]), sum(grades[q["id"]] for q in want))
    for q, got in zip(want, quiz.items, strict=False):
        out += qti_item_mismatches(bank, q, got, grades)
    return out


def _topic_set(bank: Bank, topic: str) -> list[Question]:
    from quizgen.questions import pick_facts

    return select(bank, SEED, None, topic=topic).questions if pick_facts(bank, topic) else []


@pytest.mark.parametrize("bank_name", BANKS)
def test_qti_reads_back_as_the_json_export(bank_name: str, request: pytest.FixtureRequest) -> None:
    bank = request.getfixturevalue(bank_name)
    [quiz] = qti_quizzes(only(bank, "qti"))
    assert qti_quiz_mismatches(bank, quiz, select(bank, SEED, None).questions, bank.title) == []
    assert exported(bank, select(bank, SEED, None).questions) == exported(bank)  # that is the JSON export


@pytest.mark.parametrize("bank_name", BANKS)
def test_every_question_of_a_bank_reads_back_from_qti(bank_name: str, request: pytest.FixtureRequest) -> None:
    from quizgen.writers.qti import Quiz, package

    bank = request.getfixturevalue(bank_name)
    questions = question_set(bank, SEED)
    [quiz] = qti_quizzes(package(bank, [Quiz("quizgen-all", bank.title, questions)]))
    assert qti_quiz_mismatches(bank, quiz, questions, bank.title) == []


@pytest.mark.parametrize("bank_name", BANKS)
def test_qti_per_topic_reads_back_as_the_json_export_of_each_topic(
    bank_name: str, request: pytest.FixtureRequest
) -> None:
    bank = request.getfixturevalue(bank_name)
    found = qti_quizzes(only(bank, "qti-topics"))
    topics = [t for t in bank.topics if _topic_set(bank, t.id)]
    assert [quiz.ident for quiz in found] == [quiz.ident for quiz in topic_quizzes(bank, SEED)]
    assert len(found) == len(topics) >= 2
    mismatches = Mismatches()
    for quiz, topic in zip(found, topics, strict=True):
        questions = _topic_set(bank, topic.id)
        assert {q.topic for q in questions} == {topic.id}
        mismatches += qti_quiz_mismatches(bank, quiz, questions, f"{bank.title}: {topic.title}")
    assert mismatches == []


def test_qti_package_is_what_canvas_opens(bundled: Bank) -> None:
    """The manifest names every file, idents are unique, every scored answer exists; fixed dates."""
    data = only(bundled, "qti-topics")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
        names = {info.filename for info in infos}
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert "imsmanifest.xml" in names and "non_cc_assessments/" in names
    quizzes = qti_quizzes(data)
    idents = [item.ident for quiz in quizzes for item in quiz.items]
    assert len(set(idents)) == len(idents)
    kinds = {item.question_type for quiz in quizzes for item in quiz.items}
    assert {
        "multiple_choice_question",
        "true_false_question",
        "short_answer_question",
        "numerical_question",
        "matching_question",
    } <= kinds
    for quiz in quizzes:
        assert quiz.meta["available"] == "false" and quiz.meta["quiz_type"] == "assignment"
        for item in quiz.items:
            labels = {ident for ident, _ in item.choices} | {ident for ident, _ in item.right}
            if item.question_type in ("multiple_choice_question", "true_false_question"):
                assert set(item.correct) <= labels and len(item.correct) == 1
            if item.question_type == "matching_question":
                assert {choice for choice, _ in item.pairs.values()} <= labels
                assert set(item.pairs) == {ident for ident, _ in item.left}


def test_qti_identifiers_stay_when_the_bank_is_rebuilt(small: Bank) -> None:
    """Canvas matches a re-imported quiz and its questions by these identifiers."""
    first, again = qti_quizzes(only(small, "qti")), qti_quizzes(only(small, "qti"))
    assert [i.ident for i in first[0].items] == [i.ident for i in again[0].items]
    assert first[0].ident == f"quizgen-{small.namespace}"


# ---- text2qti as the oracle for Canvas's dialect -----------------------------------------------


def _md(value: str) -> str:
    """Text as text2qti's Markdown input that comes out as this text: escaped for HTML (which
    Markdown passes through) and for Markdown; '$' as an entity, since text2qti reads $...$ as math."""
    from text2qti.export import md_escape

    return md_escape(html.escape(lines(value), quote=True)).replace("$", "&#36;").replace("\n", "<br>")


def text2qti_source(bank: Bank, questions: list[Question]) -> str:
    from quizgen.questions import Cloze, MultipleChoice, NumericAnswer, ShortAnswer, TrueFalse
    from quizgen.writers import scale
    from quizgen.writers.lms_text import feedback as feedback_text
    from quizgen.writers.lms_text import title as title_text
    from quizgen.writers.lms_text import typed_answers

    blocks = [f"Quiz title: {bank.title}"]
    for number, question in enumerate(questions, start=1):
        prompt = question.prompt
        if isinstance(question, NumericAnswer):
            prompt += f" (a number, in {scaled(question.numeric).unit})"
        block = [
            f"Title: {title_text(bank, question)}",
            f"Points: {points(question)}",
            f"{number}.  {_md(prompt)}",
            f"... {_md(feedback_text(question))}",
        ]
        if isinstance(question, MultipleChoice | TrueFalse):
            block += [
                f"{'*' if i == question.correct else ''}{'abcd'[i]})  {_md(option)}"
                for i, option in enumerate(question.options)
            ]
        elif isinstance(question, Cloze | ShortAnswer):
            block += [f"*   {answer}" for answer in typed_answers(question.accepted)]
        elif isinstance(question, NumericAnswer):
            asked = scaled(question.numeric)
            block.append(f"=   {scale.text(asked.value)} +- {scale.text(asked.tolerance)}")
        blocks.append("\n".join(block))
    return "\n\n".join(blocks) + "\n"


def text2qti_items(source: str) -> list[QtiItem]:
    from text2qti.config import Config
    from text2qti.qti import QTI as Text2qtiPackage
    from text2qti.quiz import Quiz

    package = Text2qtiPackage(Quiz(source, config=Config())).zip_bytes()  # Config() unloaded: no ~/.text2qti
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".xml") and "/" in n and "meta" not in n]
        root = parse_xml(archive.read(name))
    return [qti_item(e, any_html_text) for e in root.iterfind(f"{QTI}assessment/{QTI}section/{QTI}item")]


def _comparable(item: QtiItem) -> dict[str, Any]:
    """What Canvas makes of an item, without the identifiers each tool picks."""
    labels = dict(item.choices)
    return {
        "title": item.title,
        "type": item.question_type,
        "points": item.points,
        "text": " ".join(item.text.split()),
        "feedback": " ".join(item.feedback.split()),
        "choices": [" ".join(t.split()) for _, t in item.choices],
        "correct": [labels.get(c, c) for c in item.correct],
        "numeric": item.numeric,
    }


@pytest.mark.parametrize("bank_name", ["small", "bundled"])
def test_qti_agrees_with_text2qti_on_every_kind_it_writes(bank_name: str, request: pytest.FixtureRequest) -> None:
    """Every question of these kinds the bank supports (not only the exported set), written by
    quizgen and by text2qti; text2qti refuses two questions with one text, so the first is kept."""
    from quizgen.questions import SINGLE_FACT_KINDS, question_set
    from quizgen.writers.qti import Quiz, package, shown_prompt

    bank = request.getfixturevalue(bank_name)
    questions = list({shown_prompt(q): q for q in reversed(question_set(bank, SEED, SINGLE_FACT_KINDS))}.values())
    [quiz] = qti_quizzes(package(bank, [Quiz("quizgen-oracle", bank.title, questions)]))
    ours = {item.title: _comparable(item) for item in quiz.items}
    theirs = [_comparable(item) for item in text2qti_items(text2qti_source(bank, questions))]
    assert {t["type"] for t in theirs} == {
        "multiple_choice_question",
        "true_false_question",
        "short_answer_question",
        "numerical_question",
    }
    assert [ours[t["title"]] for t in theirs] == theirs


def test_qti_matching_is_written_as_canvas_exports_it(small: Bank) -> None:
    """text2qti has no matching; Canvas's own exporter (lib/cc/qti/qti_items.rb) is the model:
    one response_lid per left entry, each listing every choice, a varequal + Add per pair."""
    [quiz] = qti_quizzes(only(small, "qti"))
    matching = [item for item in quiz.items if item.question_type == "matching_question"]
    assert matching
    for item in matching:
        assert all(ident.startswith("response_") for ident, _ in item.left)
        assert len({score for _, score in item.pairs.values()}) == 1  # an equal share per pair


# ---- Kahoot ----------------------------------------------------------------------------------


def kahoot_mismatches(bank: Bank, sheet: KahootSheet) -> Mismatches:
    out = Mismatches()
    want = exported(bank, select(bank, SEED, None, kinds=(Kind.MCQ, Kind.TF)).questions)
    fitting = [
        q
        for q in want
        if length(one_line(q["prompt"])) <= QUESTION_LIMIT
        and all(length(one_line(o)) <= ANSWER_LIMIT for o in q["options"])
    ]
    out.check("headers", sheet.headers, list(HEADERS))
    out.check("formulas", sheet.formulas, 0)
    left_out = len(want) - len(fitting)
    out.check(
        "left-out note",
        [n for n in sheet.notes if n.startswith("Left out")],
        [f"Left out: {left_out} question{'s' if left_out != 1 else ''} longer than Kahoot allows."],
    )
    out.check("row count", len(sheet.rows), len(fitting))
    for number, (q, row) in enumerate(zip(fitting, sheet.rows, strict=False), start=1):
        answers = [one_line(o) for o in q["options"]] + [None] * (4 - len(q["options"]))
        out.check(
            f"row {number}",
            row,
            (number, one_line(q["prompt"]), *answers, 20 if q["kind"] == "tf" else 30, q["key"][0] + 1),
        )
        out.check(f"row {number} time", row[6] in TIME_LIMITS, True)
    return out


@pytest.mark.parametrize("bank_name", BANKS)
def test_kahoot_sheet_reads_back_as_the_json_export(bank_name: str, request: pytest.FixtureRequest) -> None:
    bank = request.getfixturevalue(bank_name)
    assert kahoot_mismatches(bank, kahoot_sheet(only(bank, "kahoot"))) == []


def test_kahoot_leaves_out_what_is_too_long_and_says_so(escaping: Bank) -> None:
    sheet = kahoot_sheet(only(escaping, "kahoot"))
    questions = [row[1] for row in sheet.rows]
    assert not any("runs just past what Kahoot allows" in q for q in questions)  # 120 code points, 121 counted
    assert "Left out: 1 question longer than Kahoot allows." in sheet.notes
    assert any(q.startswith("=SUM(Alpha;Gamma)") for q in questions)  # text, never a formula
    assert all(length(q) <= QUESTION_LIMIT for q in questions)


def test_kahoot_cells_are_text_not_formulas(escaping: Bank) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(only(escaping, "kahoot"))).active
    starts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert starts and all(c.data_type == "s" for c in starts)


# ---- every LMS format -------------------------------------------------------------------------

READ_BACK: dict[str, Callable[[Bank, bytes], list[str]]] = {
    "moodle-xml": moodle_mismatches,
    "qti": lambda bank, data: qti_quiz_mismatches(
        bank, qti_quizzes(data)[0], select(bank, SEED, None).questions, bank.title
    ),
    "kahoot": lambda bank, data: kahoot_mismatches(bank, kahoot_sheet(data)),
}


@pytest.mark.parametrize("format_name", sorted(READ_BACK))
def test_each_lms_file_reads_back_as_the_questions_it_holds(small: Bank, format_name: str) -> None:
    """What `quizgen export --format NAME` writes (the same bytes: tests/test_exports.py)."""
    assert READ_BACK[format_name](small, only(small, format_name)) == []


def test_lms_files_are_the_same_bytes_on_every_run(bundled: Bank) -> None:
    for name in LMS_FORMATS:
        assert only(bundled, name) == only(bundled, name), name
