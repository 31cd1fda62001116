"""Outside readers for the LMS exports: what Moodle, Canvas and Kahoot would read from our files.

Each reader parses a file with a library quizgen does not write with (lxml for the XML,
openpyxl's reader for the spreadsheet) into plain records, the way the platform's importer
walks it: Moodle's qformat_xml (question/format/xml/format.php), Canvas's QTI importer and
its own QTI exporter (lib/cc/qti/qti_items.rb), Kahoot's template rows. Tests compare the
records field by field with the JSON export.

No schema validation here: Moodle publishes no XML schema, and the IMS QTI 1.2 schema is
not available offline here (and not ours to ship), so `check_moodle` and `check_qti` check
the structure each importer relies on instead.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lxml import etree

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
_TAG = re.compile(r"<[^>]*>")


def parse_xml(data: bytes) -> Any:
    """Strict XML: no DTDs, entities or network; any fault raises."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def html_text(markup: str) -> str:
    """What a browser shows of one of our HTML fields: <br> is a line break, and since fact
    text is escaped, any other tag would be fact text that escaped escaping."""
    with_breaks = markup.replace("<br>", "\n")
    assert not _TAG.search(with_breaks), f"markup in a field: {markup!r}"
    return html.unescape(with_breaks)


def any_html_text(markup: str) -> str:
    """The text of HTML written by another tool (text2qti wraps paragraphs in <p>)."""
    return html.unescape(_TAG.sub("", markup.replace("<br>", "\n").replace("<br />", "\n")))


def moodle_short_answer(text: str) -> str:
    """A short answer as Moodle matches it: '\\*' is a literal star."""
    return text.replace("\\*", "*")


# ---- Moodle XML --------------------------------------------------------------------------------


@dataclass
class MoodleQuestion:
    type: str
    category: str
    name: str = ""
    text: str = ""
    text_format: str = ""
    feedback: str = ""
    grade: str = ""
    idnumber: str = ""
    answers: list[tuple[str, str]] = field(default_factory=list)  # (text as shown, fraction)
    tolerance: str = ""
    units: list[tuple[str, str]] = field(default_factory=list)  # (unit name, multiplier)
    options: dict[str, str] = field(default_factory=dict)  # single, usecase, layouttype, ...
    subquestions: list[tuple[str, str]] = field(default_factory=list)


def _text_of(element: Any, path: str) -> str:
    """Moodle's getpath(..., istext=true): the <text> child, trimmed."""
    node = element.find(path)
    return "" if node is None or node.text is None else node.text.strip()


def moodle_questions(data: bytes) -> tuple[list[MoodleQuestion], dict[str, str]]:
    """The questions as Moodle's importer reads them, and the categories with their descriptions."""
    root = parse_xml(data)
    assert root.tag == "quiz"
    questions: list[MoodleQuestion] = []
    categories: dict[str, str] = {}
    current = ""
    for element in root.iterchildren("question"):
        qtype = element.get("type")
        if qtype == "category":
            current = _text_of(element, "category/text")
            categories[current] = html_text(_text_of(element, "info/text"))
            continue
        q = MoodleQuestion(
            type=qtype,
            category=current,
            name=_text_of(element, "name/text"),
            text_format=element.find("questiontext").get("format"),
            text=html_text(_text_of(element, "questiontext/text")),
            feedback=html_text(_text_of(element, "generalfeedback/text")),
            grade=_text_of(element, "defaultgrade"),
            idnumber=_text_of(element, "idnumber"),
        )
        for answer in element.iterchildren("answer"):
            raw = _text_of(answer, "text")
            shown = html_text(raw) if answer.get("format") == "html" else raw
            q.answers.append((moodle_short_answer(shown) if qtype == "shortanswer" else shown, answer.get("fraction")))
            if qtype == "numerical":
                q.tolerance = _text_of(answer, "tolerance")
        for unit in element.iterfind("units/unit"):
            q.units.append((_text_of(unit, "unit_name"), _text_of(unit, "multiplier")))
        for sub in element.iterchildren("subquestion"):
            q.subquestions.append((html_text(_text_of(sub, "text")), _text_of(sub, "answer/text")))
        for tag in (
            "single",
            "shuffleanswers",
            "usecase",
            "unitgradingtype",
            "showunits",
            "unitsleft",
            "layouttype",
            "selecttype",
            "selectcount",
            "gradingtype",
            "showgrading",
        ):
            if element.find(tag) is not None:
                q.options[tag] = _text_of(element, tag)
        questions.append(q)
    return questions, categories


def moodle_text(data: bytes) -> str:
    questions, categories = moodle_questions(data)
    parts = list(categories.values())
    for q in questions:
        parts += [
            q.text,
            q.feedback,
            *(text for text, _ in q.answers),
            *(text for pair in q.subquestions for text in pair),
        ]
    return "\n".join(parts)


# ---- QTI for Canvas ----------------------------------------------------------------------------


@dataclass
class QtiItem:
    ident: str
    title: str
    question_type: str
    points: str
    text: str
    feedback: str
    choices: list[tuple[str, str]] = field(default_factory=list)  # (ident, text)
    correct: list[str] = field(default_factory=list)  # idents (choices) or answers (short answer)
    numeric: tuple[Decimal, Decimal, Decimal] | None = None  # exact, min, max
    left: list[tuple[str, str]] = field(default_factory=list)  # matching: (response ident, text)
    right: list[tuple[str, str]] = field(default_factory=list)  # matching: (choice ident, text)
    pairs: dict[str, tuple[str, Decimal]] = field(default_factory=dict)  # response -> (choice, score)


@dataclass
class QtiQuiz:
    ident: str
    title: str
    meta: dict[str, str]
    items: list[QtiItem]


def _read_mattext(element: Any, read_html: Callable[[str], str] = html_text) -> str:
    node = element.find(f"{QTI}material/{QTI}mattext")
    text = node.text or ""
    return read_html(text) if node.get("texttype") == "text/html" else text


def _metadata(element: Any) -> dict[str, str]:
    return {
        f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") or ""
        for f in element.iterfind(f"{QTI}itemmetadata/{QTI}qtimetadata/{QTI}qtimetadatafield")
    }


def qti_item(element: Any, read_html: Callable[[str], str] = html_text) -> QtiItem:
    """One item as Canvas reads it; `read_html` turns a text/html field into text."""

    def _mattext(node: Any) -> str:
        return _read_mattext(node, read_html)

    meta = _metadata(element)
    presentation = element.find(f"{QTI}presentation")
    feedback = element.find(f"{QTI}itemfeedback[@ident='general_fb']/{QTI}flow_mat")
    item = QtiItem(
        ident=element.get("ident"),
        title=element.get("title"),
        question_type=meta["question_type"],
        points=meta["points_possible"],
        text=_mattext(presentation),
        feedback=_mattext(feedback),
    )
    conditions = element.findall(f"{QTI}resprocessing/{QTI}respcondition")
    scoring = [c for c in conditions if c.find(f"{QTI}setvar") is not None]
    if item.question_type == "matching_question":
        for response in presentation.iterfind(f"{QTI}response_lid"):
            item.left.append((response.get("ident"), _mattext(response)))
        first = presentation.find(f"{QTI}response_lid/{QTI}render_choice")
        item.right = [(label.get("ident"), _mattext(label)) for label in first.iterfind(f"{QTI}response_label")]
        for condition in scoring:
            equal = condition.find(f"{QTI}conditionvar/{QTI}varequal")
            setvar = condition.find(f"{QTI}setvar")
            assert setvar.get("action") == "Add"
            item.pairs[equal.get("respident")] = (equal.text, Decimal(setvar.text))
        return item
    [condition] = scoring
    assert (condition.get("continue"), condition.findtext(f"{QTI}setvar")) == ("No", "100")
    if item.question_type in ("multiple_choice_question", "true_false_question"):
        item.choices = [
            (label.get("ident"), _mattext(label))
            for label in presentation.iterfind(f"{QTI}response_lid/{QTI}render_choice/{QTI}response_label")
        ]
        item.correct = [v.text for v in condition.iterfind(f"{QTI}conditionvar/{QTI}varequal")]
    elif item.question_type == "short_answer_question":
        item.correct = [v.text or "" for v in condition.iterfind(f"{QTI}conditionvar/{QTI}varequal")]
    elif item.question_type == "numerical_question":
        bounds = condition.find(f"{QTI}conditionvar/{QTI}or")
        item.numeric = (
            Decimal(bounds.findtext(f"{QTI}varequal")),
            Decimal(bounds.findtext(f"{QTI}and/{QTI}vargte")),
            Decimal(bounds.findtext(f"{QTI}and/{QTI}varlte")),
        )
    return item


def qti_quizzes(data: bytes) -> list[QtiQuiz]:
    """Every quiz the package's manifest lists, read as Canvas's importer reads it."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        files = {name: package.read(name) for name in package.namelist()}
    manifest = parse_xml(files["imsmanifest.xml"])
    quizzes = []
    for resource in manifest.iterfind(f"{CP}resources/{CP}resource[@type='imsqti_xmlv1p2']"):
        href = resource.find(f"{CP}file").get("href")
        dependency = resource.find(f"{CP}dependency").get("identifierref")
        meta_href = manifest.find(f"{CP}resources/{CP}resource[@identifier='{dependency}']").get("href")
        meta_root = parse_xml(files[meta_href])
        meta = {child.tag.removeprefix(CANVAS): child.text or "" for child in meta_root if isinstance(child.tag, str)}
        root = parse_xml(files[href])
        assessment = root.find(f"{QTI}assessment")
        items = [qti_item(e) for e in assessment.iterfind(f"{QTI}section/{QTI}item")]
        quizzes.append(QtiQuiz(assessment.get("ident"), assessment.get("title"), meta, items))
    return quizzes


def qti_text(data: bytes) -> str:
    parts = []
    for quiz in qti_quizzes(data):
        parts += [quiz.title, html_text(quiz.meta.get("description", ""))]
        for item in quiz.items:
            parts += [
                item.text,
                item.feedback,
                *(t for _, t in item.choices),
                *item.correct,
                *(t for _, t in item.left),
                *(t for _, t in item.right),
            ]
    return "\n".join(parts)


# ---- Kahoot ------------------------------------------------------------------------------------


@dataclass
class KahootSheet:
    notes: list[str]
    headers: list[str]
    rows: list[tuple[Any, ...]]  # (number, question, a1, a2, a3, a4, time, correct)
    formulas: int  # cells the spreadsheet would compute


def kahoot_sheet(data: bytes) -> KahootSheet:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    cells = list(sheet.iter_rows(min_row=1, max_col=8))
    notes = [c.value for row in cells[:7] for c in row if c.value is not None]
    headers = [c.value or "" for c in cells[7]]
    rows = [tuple(c.value for c in row) for row in cells[8:] if any(c.value is not None for c in row)]
    formulas = sum(1 for row in cells for c in row if c.data_type == "f")
    return KahootSheet(notes, headers, rows, formulas)


def kahoot_text(data: bytes) -> str:
    sheet = kahoot_sheet(data)
    assert sheet.formulas == 0, "a cell became a formula"
    return "\n".join(str(value) for row in sheet.rows for value in row[1:6] if value is not None)
