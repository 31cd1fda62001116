"""Read each writer's output back with a real reader, to check that fact text survives intact.

THE HOOK for new writers: add a row to READERS, `writer name -> function(bytes) -> text`,
where the function parses one artifact the way a user's program would (pypdf or pdftotext
for a PDF, a GIFT parser, the csv module, a scripted quiz session) and returns the text a
person would see. tests/test_properties.py then feeds every registered writer banks full of
hostile text and checks that everything in `must_show(bank, name)` comes back. A writer that
by design shows less (a worksheet of a sample of questions) gets its own row in MUST_SHOW.

Text is compared after `squash` (Unicode NFC, runs of whitespace as one space): Anki
normalises fields to NFC on import, and line breaks are layout, not content.
"""

from __future__ import annotations

import functools
import html
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from quizgen.bank.model import Bank

SEED = 7  # the seed the property tests render with


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def json_strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys excluded."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)


def json_text(data: bytes) -> str:
    return "\n".join(json_strings(json.loads(data.decode("utf-8"))))


def _field_text(field_html: str) -> str:
    # Fact text is escaped, so every '<' left in a field starts one of the writer's own tags.
    return html.unescape(re.sub(r"<[^>]*>", "\n", field_html))


def anki_notes(data: bytes) -> list[dict[str, str]]:
    """The notes of an .apkg as the real Anki importer stores them: field name -> HTML."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory(prefix="quizgen-readback-") as tmp:
        package = Path(tmp) / "deck.apkg"
        package.write_bytes(data)
        col = Collection(str(Path(tmp) / "collection.anki2"))
        try:
            col.import_anki_package(
                ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions())
            )
            notes = [dict(col.get_note(nid).items()) for nid in col.find_notes("")]
            decks = [d.name for d in col.decks.all_names_and_ids()]
        finally:
            col.close()
    return notes + [{"Deck": name} for name in decks]


def anki_text(data: bytes) -> str:
    return "\n".join(_field_text(value) for note in anki_notes(data) for value in note.values())


def gift_text(data: bytes) -> str:
    """Every field of every question, as Moodle's importer stores and shows it."""
    from tests.gift_parser import displayed, literal_answer, parse

    parts = []
    for question in parse(data.decode("utf-8")):
        fmt = question.format
        parts += [displayed(question.text, fmt), displayed(question.general_feedback, fmt)]
        for answer in question.answers:
            plain = question.kind == "shortanswer"
            parts.append(literal_answer(answer.text) if plain else displayed(answer.text, fmt))
        # Moodle keeps a matching pair's right side as plain text, its left side in the question's format.
        parts += [text for left, right in question.pairs for text in (displayed(left, fmt), right)]
    return "\n".join(parts)


def csv_text(data: bytes) -> str:
    import csv
    import io

    return "\n".join(cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row)


def quizlet_text(data: bytes) -> str:
    lines = data.decode("utf-8").split("\n")
    assert all(line.count("\t") == 1 for line in lines if line), "a card split or lost its tab"
    return "\n".join(lines)


def printable(text: str) -> str:
    """What a PDF can show of a text: the characters the embedded font (DejaVu Sans) draws.

    A PDF prints glyphs, and DejaVu has none for most emoji or for invisible format
    characters (bidi controls, zero-width joiners): those cannot be printed, so they cannot
    be read back. Characters beyond U+FFFF that DejaVu does draw (a few emoji) print, but
    ReportLab writes their ToUnicode entries as odd-length hex (<1F600>) that readers cannot
    decode, so copying them out of the PDF fails. And ReportLab has no bidirectional layout:
    right-to-left scripts (Hebrew, Arabic) print in logical order, and a long RTL word broken
    across lines comes back out of order. Both are known limitations, named in the README.
    Everything else must come back intact, in order; white space is compared away, since a
    word too long for its column is broken across lines.
    """
    covered = _dejavu_cmap()
    return "".join(
        c
        for c in unicodedata.normalize("NFC", text)
        if unicodedata.category(c) != "Cf"
        and ord(c) in covered
        and ord(c) <= 0xFFFF
        and unicodedata.bidirectional(c) not in ("R", "AL")
        and not c.isspace()
    )


@functools.cache
def _dejavu_cmap() -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    from quizgen.writers.pdf.fonts import FONT_DIR

    return frozenset(TTFontFile(str(FONT_DIR / "DejaVuSans.ttf")).charToGlyph)


def pdf_text(data: bytes) -> str:
    """The text of every page as pypdf extracts it (the fonts' ToUnicode maps make it exact);
    a worksheet's JSON key beside its PDFs reads as JSON."""
    import io
    import logging

    if data.startswith(b"{"):
        return json_text(data)

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about the unprintable ones
    # Layout mode keeps the content stream's order; the default mode reorders neutral
    # characters around right-to-left text ('&#' came back as '#&').
    pages = [page.extract_text(extraction_mode="layout") or "" for page in PdfReader(io.BytesIO(data)).pages]
    # Each page's footer ('... Page 2 of 4') stands between the two parts of a paragraph that
    # runs over a page break: read the pages without it.
    text = "\n".join(re.sub(r"(?m)^.*Page \d+ of \d+\s*$", "", page) for page in pages)
    return printable(text)


def worksheet_text(data: bytes) -> str:
    """The worksheets' PDFs as text. The key and answer-sheet JSON beside them must parse but add
    no text: the key holds every prompt, so counting it would hide text a PDF lost."""
    if data.startswith(b"%PDF"):
        return pdf_text(data)
    json.loads(data.decode("utf-8"))
    return ""


def moodle_xml_text(data: bytes) -> str:
    from tests.lms_readers import moodle_text

    return str(moodle_text(data))


def qti_package_text(data: bytes) -> str:
    from tests.lms_readers import qti_text

    return str(qti_text(data))


def kahoot_sheet_text(data: bytes) -> str:
    from tests.lms_readers import kahoot_text

    return str(kahoot_text(data))


READERS: dict[str, Callable[[bytes], str]] = {
    "json": json_text,
    "anki": anki_text,
    "gift": gift_text,
    "moodle-xml": moodle_xml_text,  # lxml, walked as Moodle's importer walks the file
    "qti": qti_package_text,  # zipfile + lxml, as Canvas reads the package
    "qti-topics": qti_package_text,
    "kahoot": kahoot_sheet_text,  # openpyxl's reader
    "csv": csv_text,
    "quizlet": quizlet_text,
    "worksheet": worksheet_text,
    "study-guide": pdf_text,
    # The terminal quiz is no writer: tests/test_quiz_properties.py plays it with hostile banks.
}
# Writers whose read-back goes through a slow real program: fewer hypothesis examples.
SLOW_READERS = {"anki", "worksheet", "study-guide"}


def fact_texts(bank: Bank) -> list[str]:
    """What the Anki deck shows of each fact: its question, answer, wrong answers and explanation."""
    return [text for fact in bank.facts for text in (fact.prompts[0], fact.answer, *fact.distractors, fact.explanation)]


def exported_set(bank: Bank) -> list[str]:
    """What a question export (one set, quizgen.questions.select) shows of each question."""
    from quizgen.questions import select
    from quizgen.questions.reveal import shown_texts

    return [text for q in select(bank, SEED, None) for text in (*shown_texts(q), q.explanation)]


def gift_set(bank: Bank) -> list[str]:
    """The exported set as GIFT can hold it: a typed question whose every answer holds '->' is left
    out (README), and timeline ordering is asked with GIFT's own matching prompt."""
    from quizgen.questions import Cloze, NumericAnswer, Ordering, ShortAnswer, select
    from quizgen.questions.reveal import shown_texts
    from quizgen.writers.gift import typable

    texts = []
    for q in select(bank, SEED, None):
        if isinstance(q, Cloze | ShortAnswer) and not isinstance(q, NumericAnswer) and not typable(q.accepted):
            continue
        shown = shown_texts(q)[1:] if isinstance(q, Ordering) else shown_texts(q)
        texts += [*shown, q.explanation]
    return texts


def topic_sets(bank: Bank) -> list[str]:
    """The QTI package with a quiz per topic: each topic's own set."""
    from quizgen.questions.reveal import shown_texts
    from quizgen.writers.qti_topics import quizzes

    return [text for quiz in quizzes(bank, SEED) for q in quiz.questions for text in (*shown_texts(q), q.explanation)]


def kahoot_rows(bank: Bank) -> list[str]:
    """The multiple-choice and true/false set, less the questions longer than Kahoot allows."""
    from quizgen.writers.kahoot import rows

    kept, _ = rows(bank, SEED)
    return [text for entry in kept for text in (entry.question, *entry.answers)]


def quizlet_cards(bank: Bank) -> list[str]:
    return [text for fact in bank.facts for text in (fact.prompts[0], fact.answer)]


def worksheet_questions(bank: Bank) -> list[str]:
    """A worksheet shows a sample of questions: their prompts and options must print intact."""
    from quizgen.questions import select
    from quizgen.questions.reveal import shown_texts
    from quizgen.writers.options import DEFAULT_COUNT

    questions = select(bank, SEED, DEFAULT_COUNT)
    return [printable(text) for q in questions for text in (q.prompt, *shown_texts(q))]


def guide_facts(bank: Bank) -> list[str]:
    return [printable(fact.statement) for fact in bank.facts]


MUST_SHOW: dict[str, Callable[[Bank], list[str]]] = {
    "json": exported_set,
    "gift": gift_set,
    "moodle-xml": exported_set,
    "qti": exported_set,
    "qti-topics": topic_sets,
    "kahoot": kahoot_rows,
    "csv": exported_set,
    "quizlet": quizlet_cards,
    "worksheet": worksheet_questions,
    "study-guide": guide_facts,
}


def must_show(bank: Bank, name: str) -> list[str]:
    return MUST_SHOW.get(name, fact_texts)(bank)
