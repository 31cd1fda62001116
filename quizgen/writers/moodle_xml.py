"""Moodle XML: Question bank > Import > Moodle XML format. Richer than GIFT where it matters.

Written for Moodle's own reader (question/format/xml/format.php) and the Ordering question
type (qtype_ordering, part of Moodle since 4.4):

- one category per topic (`kz-sg/economy`, its title as the category's description), and
  `kz-sg/mixed` for questions that combine topics;
- each question named with its facts and kind, its idnumber the fact id (matching and
  ordering: kind and first fact id), so a re-imported question can be matched to the one
  already there; general feedback with the explanation and the source;
- timeline ordering as a real ordering question, each event scored by its place;
- numeric answers in a scale a student can type: 1.9 with the unit "billion US dollars"
  (million and plain US dollars also accepted, converted by Moodle), units optional;
- HTML fields escaped (fact text shows as written); short answers are plain text, where
  Moodle reads `*` as a wildcard, so it is written `\\*`.

The file holds one set of questions that never give each other away (`select`), like the
GIFT file: a quiz drawn from these categories cannot ask one fact twice.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, assert_never

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
from quizgen.writers import Artifact, scale, xmlstream
from quizgen.writers.lms_text import (
    chronological,
    feedback,
    html_field,
    one_line,
    title,
    topic_title,
)
from quizgen.writers.options import RenderOptions

PENALTY = "0.3333333"  # Moodle's default: a third off per extra try in interactive quizzes


def idnumber(question: Question) -> str:
    """The fact id; for matching and ordering, kind and first fact id (Moodle keeps 100 characters)."""
    if isinstance(question, Matching | Ordering):
        return f"{question.kind}:{question.fact_ids[0]}"
    return question.fact_id


def short_answer(text: str) -> str:
    """A typed answer as Moodle's short-answer type matches it: one line, '*' literal."""
    return one_line(text).replace("*", "\\*")


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def _answer(parent: ET.Element, fraction: str, text: str, fmt: str = "html") -> ET.Element:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", "")
    return answer


def _combined_feedback(element: ET.Element) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(element, tag, "")
    ET.SubElement(element, "shownumcorrect")


def category(bank: Bank, topic: str) -> ET.Element:
    element = ET.Element("question", {"type": "category"})
    _text(element, "category", f"{bank.namespace}/{topic}", None)
    _text(element, "info", html_field(topic_title(bank, topic)))
    return element


def question_element(bank: Bank, question: Question) -> ET.Element:
    qtype = {
        MultipleChoice: "multichoice",
        TrueFalse: "truefalse",
        Cloze: "shortanswer",
        ShortAnswer: "shortanswer",
        NumericAnswer: "numerical",
        Matching: "matching",
        Ordering: "ordering",
    }[type(question)]
    element = ET.Element("question", {"type": qtype})
    _text(element, "name", title(bank, question), None)
    _text(element, "questiontext", html_field(_shown_prompt(question)))
    _text(element, "generalfeedback", html_field(feedback(question)))
    _value(element, "defaultgrade", str(points(question)))
    _value(element, "penalty", "1" if isinstance(question, TrueFalse) else PENALTY)
    _value(element, "hidden", "0")
    _value(element, "idnumber", idnumber(question))
    match question:
        case MultipleChoice():
            for tag, value in (
                ("single", "true"),
                ("shuffleanswers", "true"),
                ("answernumbering", "ABCD"),
                ("showstandardinstruction", "0"),
            ):
                _value(element, tag, value)
            _combined_feedback(element)
            for index, option in enumerate(question.options):
                _answer(element, "100" if index == question.correct else "0", html_field(option))
        case TrueFalse():
            _answer(element, "100" if question.truth else "0", "true", "moodle_auto_format")
            _answer(element, "0" if question.truth else "100", "false", "moodle_auto_format")
        case Cloze() | ShortAnswer():
            _value(element, "usecase", "0")
            for answer in dict.fromkeys(short_answer(a) for a in question.accepted):
                _answer(element, "100", answer, "moodle_auto_format")
        case NumericAnswer():
            _numerical(element, question)
        case Matching():
            _value(element, "shuffleanswers", "true")
            _combined_feedback(element)
            for index, item in enumerate(question.items):
                sub = _text(element, "subquestion", html_field(item))
                # Moodle keeps the choices as plain text and escapes them when it shows them.
                _text(sub, "answer", question.options[question.matches[index]], None)
        case Ordering():
            for tag, value in (
                ("layouttype", "VERTICAL"),
                ("selecttype", "ALL"),
                ("selectcount", str(len(question.events))),
                ("gradingtype", "ABSOLUTE_POSITION"),
                ("showgrading", "SHOW"),
                ("numberingstyle", "none"),
            ):
                _value(element, tag, value)
            _combined_feedback(element)
            for place, event in enumerate(chronological(question), start=1):
                _answer(element, str(place), html_field(event))  # listed earliest first: the right order
        case _:
            assert_never(question)
    return element


def _shown_prompt(question: Question) -> str:
    if isinstance(question, NumericAnswer):
        return f"{question.prompt} (a number, in {scale.scaled(question.numeric).unit})"
    return question.prompt


def _numerical(element: ET.Element, question: NumericAnswer) -> None:
    asked = scale.scaled(question.numeric)
    answer = _answer(element, "100", scale.text(asked.value), "moodle_auto_format")
    _value(answer, "tolerance", scale.text(asked.tolerance))
    units = ET.SubElement(element, "units")
    for name, multiplier in asked.units():
        unit = ET.SubElement(units, "unit")
        _value(unit, "multiplier", scale.text(multiplier))
        _value(unit, "unit_name", name)
    # Units optional and typed in the answer box: "1.9", "1.9 billion US dollars" and
    # "1900 million US dollars" are all right; no penalty for leaving the unit out.
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0.1000000"), ("showunits", "0"), ("unitsleft", "0")):
        _value(element, tag, value)


def document(bank: Bank, questions: list[Question]) -> bytes:
    quiz = ET.Element("quiz")
    # <text></text> rather than <text />, as Moodle writes its own files.
    return xmlstream.joined(xmlstream.document(quiz, quiz, _elements(bank, questions), short_empty_elements=False))


def _elements(bank: Bank, questions: list[Question]) -> Iterator[ET.Element[Any]]:
    """The file's comment, then each topic's category and questions: made one at a time as the
    file is written (xmlstream), never all at once."""
    yield ET.Comment(f" {bank.name} {bank.version}: questions for Moodle (Moodle XML format) ")
    by_topic: dict[str, list[Question]] = {}
    for question in questions:
        by_topic.setdefault(question.topic, []).append(question)
    for topic in [t.id for t in bank.topics] + ["mixed"]:
        chosen = by_topic.get(topic)
        if chosen:
            yield category(bank, topic)
            yield from (question_element(bank, q) for q in chosen)


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    return [Artifact(f"{bank.name}.moodle.xml", document(bank, select(bank, options.seed, None).questions))]
