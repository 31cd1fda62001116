"""The QTI and Moodle XML writers stream their documents one question at a time (xmlstream):
the bytes must be those of building the whole tree and serialising it at once, as they did."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from quizgen.bank.loader import load
from quizgen.bank.model import Bank
from quizgen.questions import question_set
from quizgen.writers import moodle_xml, qti, xmlstream, zipped
from tests.expected_files import SEED
from tests.helpers import TESTS


def whole_tree(root: ET.Element, short_empty_elements: bool) -> bytes:
    """The document as the writers made it before streaming: indent the whole tree, serialise it."""
    ET.indent(root, "  ")
    text = ET.tostring(root, encoding="unicode", short_empty_elements=short_empty_elements)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def same_document(streamed: bytes, reference: bytes) -> None:
    assert streamed == reference
    parser = etree.XMLParser(resolve_entities=False)  # lxml, not the ElementTree that wrote it
    assert etree.tostring(etree.fromstring(streamed, parser), method="c14n") == etree.tostring(
        etree.fromstring(reference, parser), method="c14n"
    )


@pytest.fixture(scope="module", params=["escaping", "bundled"])
def bank(request: pytest.FixtureRequest) -> Bank:
    if request.param == "escaping":
        return load(TESTS / "banks" / "escaping")
    return request.getfixturevalue("bundled")  # type: ignore[no-any-return]


def test_moodle_xml_streamed_is_the_whole_tree(bank: Bank) -> None:
    questions = question_set(bank, SEED)  # every kind of every fact
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {bank.name} {bank.version}: questions for Moodle (Moodle XML format) "))
    for topic in [t.id for t in bank.topics] + ["mixed"]:
        chosen = [q for q in questions if q.topic == topic]
        if chosen:
            quiz.append(moodle_xml.category(bank, topic))
            quiz.extend(moodle_xml.question_element(bank, q) for q in chosen)
    same_document(moodle_xml.document(bank, questions), whole_tree(quiz, short_empty_elements=False))


def test_qti_assessment_streamed_is_the_whole_tree(bank: Bank) -> None:
    quiz = qti.Quiz(f"quizgen-{bank.namespace}", bank.title, question_set(bank, SEED))
    root = ET.Element(
        "questestinterop",
        {
            "xmlns": qti.QTI_NS,
            "xmlns:xsi": qti.XSI_NS,
            "xsi:schemaLocation": f"{qti.QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
        },
    )
    element = qti._sub(root, "assessment", ident=quiz.ident, title=quiz.title)
    qti._metadata(element, [("cc_maxattempts", "1")])
    section = qti._sub(element, "section", ident="root_section")
    section.extend(qti.item(quiz, bank, question) for question in quiz.questions)
    streamed = b"".join(qti.assessment(bank, quiz))
    same_document(streamed, whole_tree(root, short_empty_elements=True))


@pytest.mark.parametrize("count", [0, 1, 3, 5000])  # 5000: many chunks, split between elements
@pytest.mark.parametrize("short", [True, False])
def test_stream_of_any_length_is_the_whole_tree(count: int, short: bool) -> None:
    def children() -> list[ET.Element]:
        made = []
        for index in range(count):
            element = ET.Element("entry", {"n": str(index)})
            ET.SubElement(element, "text").text = f"<{index}> & “{index}”"
            ET.SubElement(element, "empty")
            made.append(element)
        return made

    def frame() -> tuple[ET.Element, ET.Element]:
        root = ET.Element("root", {"xmlns": "urn:x"})
        ET.SubElement(root, "head").text = "first"
        body = ET.SubElement(ET.SubElement(root, "outer"), "body")
        ET.SubElement(body, "already")
        return root, body

    root, body = frame()
    chunks = list(xmlstream.document(root, body, children(), short_empty_elements=short))
    if count >= 5000:
        assert len(chunks) > 1
    reference_root, reference_body = frame()
    reference_body.extend(children())
    same_document(b"".join(chunks), whole_tree(reference_root, short_empty_elements=short))


def test_zip_of_chunks_is_the_zip_of_the_whole() -> None:
    data = b"".join(f"<line n='{n}'/>\n".encode() for n in range(50_000))
    chunks = [data[at : at + 7000] for at in range(0, len(data), 7000)]
    whole = zipped.archive([("dir/", b""), ("a.xml", data), ("b.xml", b"small")])
    assert zipped.archive([("dir/", b""), ("a.xml", iter(chunks)), ("b.xml", [b"sm", b"all"])]) == whole
    assert zipped.entries(whole) == [("dir/", b""), ("a.xml", data), ("b.xml", b"small")]
