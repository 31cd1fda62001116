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

import html
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from quizgen.model import Bank


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
            col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package),
                                                             options=ImportAnkiPackageOptions()))
            notes = [dict(col.get_note(nid).items()) for nid in col.find_notes("")]
            decks = [d.name for d in col.decks.all_names_and_ids()]
        finally:
            col.close()
    return notes + [{"Deck": name} for name in decks]


def anki_text(data: bytes) -> str:
    return "\n".join(_field_text(value) for note in anki_notes(data) for value in note.values())


READERS: dict[str, Callable[[bytes], str]] = {
    "json": json_text,
    "anki": anki_text,
    # "pdf": pdf_text,     (e.g. pypdf PdfReader(...).pages[i].extract_text(), or pdftotext)
    # "gift": gift_text,   (a GIFT parser: question text, = right answer, ~ wrong answers, unescaped)
    # "csv": csv_text,     (csv.reader over the decoded file, every cell)
    # "quiz": ...          (the terminal quiz is no writer: check it with a scripted session)
}
# Writers whose read-back goes through a slow real program: fewer hypothesis examples.
SLOW_READERS = {"anki"}


def fact_texts(bank: Bank) -> list[str]:
    """What every full export shows of each fact: its question, answer, wrong answers and explanation."""
    return [text for fact in bank.facts
            for text in (fact.prompts[0], fact.answer, *fact.distractors, fact.explanation)]


MUST_SHOW: dict[str, Callable[[Bank], list[str]]] = {}


def must_show(bank: Bank, name: str) -> list[str]:
    return MUST_SHOW.get(name, fact_texts)(bank)
