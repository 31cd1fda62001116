"""Canvas: a QTI 1.2 package (.qti.zip) in the dialect Canvas imports, one quiz for all topics.

Settings > Import Course Content > QTI .zip file. The package is laid out as text2qti lays
out its packages (`imsmanifest.xml`, one folder per quiz with the QTI assessment and Canvas's
`assessment_meta.xml`), and each item is written as text2qti writes it, with Canvas's
`question_type` in the item metadata; matching, which text2qti cannot write, as Canvas's own
exporter writes it (lib/cc/qti/qti_items.rb). Canvas puts every imported question into a
question bank named after its quiz, where it stays when the quiz is deleted.

- multiple choice, true/false: `multiple_choice_question`, `true_false_question`;
- fill in the blank, short answer: `short_answer_question` (Canvas calls it "Fill In the
  Blank"), every accepted answer typed on one line; the cloze shows its blank as `_____`;
- numeric: `numerical_question`, exact answer with a margin, in a scale a student can type
  (1.9, in billion US dollars);
- matching: `matching_question`, one point per pair;
- timeline ordering: Classic Quizzes has no ordering type, so, as Canvas's importer turns a
  QTI ordering into matching, a `matching_question` from each place (1 the earliest) to its event.

Feedback (shown after answering) holds the explanation and the citation. Item identifiers
come from the question ids, so re-importing a newer package updates the same quiz and
questions instead of adding copies. The quiz holds one set that never gives itself away
(`select`); `qti_topics` writes one quiz (and so one bank) per topic instead.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, assert_never

from quizgen.bank.model import Bank
from quizgen.questions import (
    Cloze,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
    select,
)
from quizgen.questions.versions import points
from quizgen.writers import Artifact, scale, xmlstream, zipped
from quizgen.writers.lms_text import (
    ORDERING_PLACES,
    feedback,
    html_field,
    lines,
    title,
    typed_answers,
)
from quizgen.writers.options import RenderOptions

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"  # content package, as text2qti and Canvas write it
MD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
HTML = "text/html"
GENERAL_FEEDBACK = "general_fb"
QUESTION_TYPES = {
    MultipleChoice: "multiple_choice_question",
    TrueFalse: "true_false_question",
    Cloze: "short_answer_question",
    ShortAnswer: "short_answer_question",
    NumericAnswer: "numerical_question",
    Matching: "matching_question",
    Ordering: "matching_question",
}


class Quiz(NamedTuple):
    ident: str  # the quiz's migration id in Canvas, and its folder in the package
    title: str
    questions: Sequence[Question]


def same_content(a: bytes, b: bytes) -> bool:
    return zipped.same_entries(a, b)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def item_ident(quiz: Quiz, question: Question) -> str:
    return f"{quiz.ident}-{question.kind}-{digest(question.id)}"


def shown_prompt(question: Question) -> str:
    match question:
        case NumericAnswer():
            return f"{question.prompt} (a number, in {scale.scaled(question.numeric).unit})"
        case Ordering():
            return f"{question.prompt} {ORDERING_PLACES}"
        case _:
            return question.prompt


def pairs(question: Matching | Ordering) -> tuple[list[str], list[str], list[int]]:
    """Left column, right-hand choices as shown, and for each left entry the index of its choice.
    Ordering: the places 1..n on the left, the events on the right."""
    if isinstance(question, Matching):
        return list(question.items), list(question.options), list(question.matches)
    places = [str(place) for place in range(1, len(question.events) + 1)]
    return places, list(question.events), list(question.order)


# ---- XML building blocks ----------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _material(parent: ET.Element, text: str, texttype: str | None = HTML) -> None:
    material = _sub(parent, "material")
    if texttype:
        _sub(material, "mattext", text, texttype=texttype)
    else:
        _sub(material, "mattext", text)


def _metadata(parent: ET.Element, fields: Sequence[tuple[str, str]]) -> None:
    meta = _sub(parent, "qtimetadata")
    for label, entry in fields:
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _condition(parent: ET.Element, *, continue_: str | None = None) -> tuple[ET.Element, ET.Element]:
    condition = _sub(parent, "respcondition", **({"continue": continue_} if continue_ else {}))
    return condition, _sub(condition, "conditionvar")


# ---- items ------------------------------------------------------------------------------------


def item(quiz: Quiz, bank: Bank, question: Question) -> ET.Element:
    ident = item_ident(quiz, question)
    element = ET.Element("item", {"ident": ident, "title": title(bank, question)})
    answer_ids = _answer_ids(ident, question)
    _metadata(
        _sub(element, "itemmetadata"),
        [
            ("question_type", QUESTION_TYPES[type(question)]),
            ("points_possible", str(points(question))),
            ("original_answer_ids", ",".join(answer_ids)),
            ("assessment_question_identifierref", f"{ident}-ref"),
        ],
    )
    presentation = _sub(element, "presentation")
    _material(presentation, html_field(shown_prompt(question)))
    processing = _sub(element, "resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general, when = _condition(processing, continue_="Yes")
    _sub(when, "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid=GENERAL_FEEDBACK)
    match question:
        case MultipleChoice() | TrueFalse():
            _choices(presentation, processing, question.options, answer_ids, question.correct)
        case Cloze() | ShortAnswer():
            _typed(presentation, processing, question)
        case NumericAnswer():
            _numerical(presentation, processing, question)
        case Matching() | Ordering():
            _matching(presentation, processing, question, ident)
        case _:
            assert_never(question)
    itemfeedback = _sub(element, "itemfeedback", ident=GENERAL_FEEDBACK)
    _material(_sub(itemfeedback, "flow_mat"), html_field(feedback(question)))
    return element


def _answer_ids(ident: str, question: Question) -> list[str]:
    match question:
        case MultipleChoice() | TrueFalse():
            return [f"{ident}-choice-{i + 1}" for i in range(len(question.options))]
        case Cloze() | ShortAnswer():
            return [f"{ident}-answer-{i + 1}" for i in range(len(typed_answers(question.accepted)))]
        case NumericAnswer():
            return [f"{ident}-numerical"]
        case Matching() | Ordering():
            return [f"{ident}-left-{i + 1}" for i in range(len(pairs(question)[0]))]
        case _:
            assert_never(question)


def _choices(
    presentation: ET.Element, processing: ET.Element, options: Sequence[str], ids: list[str], correct: int
) -> None:
    response = _sub(presentation, "response_lid", ident="response1", rcardinality="Single")
    render = _sub(response, "render_choice")
    for ident, option in zip(ids, options, strict=True):
        _material(_sub(render, "response_label", ident=ident), html_field(option))
    condition, when = _condition(processing, continue_="No")
    _sub(when, "varequal", ids[correct], respident="response1")
    _sub(condition, "setvar", "100", action="Set", varname="SCORE")


def _typed(presentation: ET.Element, processing: ET.Element, question: Cloze | ShortAnswer) -> None:
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
    condition, when = _condition(processing, continue_="No")
    for answer in typed_answers(question.accepted):  # any one of them is right
        _sub(when, "varequal", answer, respident="response1")
    _sub(condition, "setvar", "100", action="Set", varname="SCORE")


def _numerical(presentation: ET.Element, processing: ET.Element, question: NumericAnswer) -> None:
    asked = scale.scaled(question.numeric)
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
    condition, when = _condition(processing, continue_="No")
    either = _sub(when, "or")
    _sub(either, "varequal", scale.text(asked.value), respident="response1")
    within = _sub(either, "and")
    _sub(within, "vargte", scale.text(asked.value - asked.tolerance), respident="response1")
    _sub(within, "varlte", scale.text(asked.value + asked.tolerance), respident="response1")
    _sub(condition, "setvar", "100", action="Set", varname="SCORE")


def _matching(presentation: ET.Element, processing: ET.Element, question: Matching | Ordering, ident: str) -> None:
    left, right, matches = pairs(question)
    ids = _answer_ids(ident, question)
    right_ids = [f"{ident}-right-{i + 1}" for i in range(len(right))]
    for ident, entry in zip(ids, left, strict=True):
        response = _sub(presentation, "response_lid", ident=f"response_{ident}")
        _material(response, html_field(entry))
        render = _sub(response, "render_choice")
        for choice_ident, choice in zip(right_ids, right, strict=True):
            # Canvas keeps matching choices as plain text (its own exporter writes them so).
            _material(_sub(render, "response_label", ident=choice_ident), lines(choice), None)
    share = f"{100 / len(left):.2f}"  # each pair its share of the marks, as Canvas exports it
    for ident, match in zip(ids, matches, strict=True):
        condition, when = _condition(processing)
        _sub(when, "varequal", right_ids[match], respident=f"response_{ident}")
        _sub(condition, "setvar", share, varname="SCORE", action="Add")


# ---- the package ------------------------------------------------------------------------------


def assessment(bank: Bank, quiz: Quiz) -> Iterator[bytes]:
    """The quiz's QTI assessment, written item by item (xmlstream): the items never all exist at once."""
    root = ET.Element(
        "questestinterop",
        {
            "xmlns": QTI_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
        },
    )
    element = _sub(root, "assessment", ident=quiz.ident, title=quiz.title)
    _metadata(element, [("cc_maxattempts", "1")])
    section = _sub(element, "section", ident="root_section")
    return xmlstream.document(root, section, (item(quiz, bank, question) for question in quiz.questions))


def assessment_meta(bank: Bank, quiz: Quiz) -> ET.Element:
    """Canvas's quiz settings: unpublished, one attempt, answers not shuffled (the set already
    deals the right answers evenly over A-D), correct answers shown after submitting."""
    root = ET.Element(
        "quiz",
        {
            "identifier": quiz.ident,
            "xmlns": CANVAS_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd",
        },
    )
    total = sum(points(q) for q in quiz.questions)
    sources = "; ".join(f"{s.label}: {s.title}" for s in bank.sources)
    description = f"{lines(bank.description)}\nVersion {bank.version}. Sources: {sources}."
    for tag, text in (
        ("title", quiz.title),
        ("description", html_field(description)),
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("hide_results", ""),
        ("quiz_type", "assignment"),
        ("points_possible", f"{total:.1f}"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ):
        _sub(root, tag, text)
    return root


def manifest(bank: Bank, quizzes: Sequence[Quiz]) -> ET.Element:
    root = ET.Element(
        "manifest",
        {
            "identifier": f"quizgen-{bank.namespace}-manifest",
            "xmlns": CP_NS,
            "xmlns:imsmd": MD_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd "
            f"{MD_NS} http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd",
        },
    )
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    lom = _sub(metadata, "imsmd:lom")
    _sub(_sub(_sub(lom, "imsmd:general"), "imsmd:title"), "imsmd:string", f"{bank.title}: QTI package made by quizgen")
    date = _sub(_sub(_sub(lom, "imsmd:lifeCycle"), "imsmd:contribute"), "imsmd:date")
    _sub(date, "imsmd:dateTime", bank.released.strftime("%Y-%m-%d"))
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for quiz in quizzes:
        meta = f"{quiz.ident}-meta"
        resource = _sub(resources, "resource", identifier=quiz.ident, type="imsqti_xmlv1p2")
        _sub(resource, "file", href=f"{quiz.ident}/{quiz.ident}.xml")
        _sub(resource, "dependency", identifierref=meta)
        dependency = _sub(
            resources,
            "resource",
            identifier=meta,
            href=f"{quiz.ident}/assessment_meta.xml",
            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        )
        _sub(dependency, "file", href=f"{quiz.ident}/assessment_meta.xml")
    return root


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, xmlstream.SPACE)
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return f"{xmlstream.DECLARATION}{text}\n".encode()


def package(bank: Bank, quizzes: Sequence[Quiz]) -> bytes:
    files: list[tuple[str, bytes | Iterable[bytes]]] = [
        ("imsmanifest.xml", xml_bytes(manifest(bank, quizzes))),
        ("non_cc_assessments/", b""),
    ]
    for quiz in quizzes:  # each assessment is made as the zip takes it in
        files += [
            (f"{quiz.ident}/assessment_meta.xml", xml_bytes(assessment_meta(bank, quiz))),
            (f"{quiz.ident}/{quiz.ident}.xml", assessment(bank, quiz)),
        ]
    return zipped.archive(files)


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    quiz = Quiz(f"quizgen-{bank.namespace}", bank.title, select(bank, options.seed, None).questions)
    return [Artifact(f"{bank.name}.qti.zip", package(bank, [quiz]))]
