"""Kahoot!: the multiple-choice and true/false questions in Kahoot's spreadsheet import template.

Kahoot's quiz template (Create > Import spreadsheet) is an .xlsx whose row 8 holds the
headers and whose questions start on row 9, one a row: column A the number, B the question
(at most 120 characters), C-F answers 1-4 (at most 75 characters each), G the time limit
(5, 10, 20, 30, 60, 90, 120 or 240 seconds), H the numbers of the correct answers. Rows 1-7
are notes for the person filling it in; ours say what the file is and what was left out.

The questions are one set that never gives itself away (`select` with multiple choice and
true/false only): a class plays it as one game. Kahoot shows one line of text, so line breaks
and runs of white space become one space. A question or answer longer than Kahoot allows is
never cut: the question is left out, and the count is written on the sheet. Lengths are
counted as a browser counts them (UTF-16 code units, so an emoji counts two).
Cells are always text, so a question starting with `=` is never read as a formula.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import NamedTuple

from quizgen.bank.model import Bank
from quizgen.questions import Kind, MultipleChoice, TrueFalse, select
from quizgen.writers import Artifact, zipped
from quizgen.writers.lms_text import one_line
from quizgen.writers.options import RenderOptions

QUESTION_LIMIT = 120
ANSWER_LIMIT = 75
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)  # seconds, the only ones Kahoot takes
TIME_TRUE_FALSE = 20  # Kahoot's default
TIME_CHOICE = 30  # four answers to read
HEADER_ROW = 8
HEADERS = (
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) \u2013 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)


class Row(NamedTuple):
    question: str
    answers: tuple[str, ...]
    time_limit: int
    correct: tuple[int, ...]  # 1-based answer numbers


def length(text: str) -> int:
    """Characters as Kahoot (a web page) counts them: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def row(question: MultipleChoice | TrueFalse) -> Row:
    answers = tuple(one_line(option) for option in question.options)
    time_limit = TIME_TRUE_FALSE if isinstance(question, TrueFalse) else TIME_CHOICE
    return Row(one_line(question.prompt), answers, time_limit, (question.correct + 1,))


def fits(entry: Row) -> bool:
    return length(entry.question) <= QUESTION_LIMIT and all(length(a) <= ANSWER_LIMIT for a in entry.answers)


def rows(bank: Bank, seed: int) -> tuple[list[Row], int]:
    """The rows that fit Kahoot's limits, and how many questions were left out for length."""
    made = [
        row(q) for q in select(bank, seed, None, kinds=(Kind.MCQ, Kind.TF)) if isinstance(q, MultipleChoice | TrueFalse)
    ]
    kept = [entry for entry in made if fits(entry)]
    return kept, len(made) - len(kept)


def workbook_bytes(bank: Bank, kept: list[Row], left_out: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"

    def put(row_number: int, column: int, value: str | int) -> None:
        cell = sheet.cell(row=row_number, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, even when it starts with '=': never a formula

    notes = [
        "Quiz template",
        f"{one_line(bank.title)}, version {bank.version}: {len(kept)} questions for Kahoot! "
        "(Create > Import spreadsheet).",
        f"Questions have at most {QUESTION_LIMIT} characters and answers at most {ANSWER_LIMIT}.",
        f"Left out: {left_out} question{'s' if left_out != 1 else ''} longer than Kahoot allows.",
    ]
    for offset, note in enumerate(notes):
        put(2 + offset, 2, note)
    for column, header in enumerate(HEADERS, start=1):
        if header:
            put(HEADER_ROW, column, header)
    for number, entry in enumerate(kept, start=1):
        line = HEADER_ROW + number
        put(line, 1, number)
        put(line, 2, entry.question)
        for index, answer in enumerate(entry.answers):
            put(line, 3 + index, answer)
        put(line, 7, entry.time_limit)
        # One right answer as a number, several as "1,3" (the template's own instruction).
        put(line, 8, entry.correct[0] if len(entry.correct) == 1 else ",".join(map(str, entry.correct)))
    for letter, width in zip("ABCDEFGH", (6, 60, 32, 32, 32, 32, 20, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    # The release time, not the time of writing: the same bank gives the same file.
    released = bank.released.replace(tzinfo=None) if bank.released.tzinfo else bank.released
    book.properties.created = book.properties.modified = datetime(*released.timetuple()[:6])
    book.properties.creator = "quizgen"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    # Fixed dates inside the zip, and each XML part in canonical form: openpyxl serialises with
    # lxml when it is installed and with the standard library otherwise, in other bytes.
    return zipped.archive(
        (name, _canonical(data) if name.endswith((".xml", ".rels")) else data)
        for name, data in zipped.entries(buffer.getvalue())
    )


def _canonical(data: bytes) -> bytes:
    from xml.etree.ElementTree import canonicalize

    return (_DECLARATION + canonicalize(data.decode("utf-8"))).encode("utf-8")


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def same_content(a: bytes, b: bytes) -> bool:
    return zipped.same_entries(a, b)


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    kept, left_out = rows(bank, options.seed)
    return [Artifact(f"{bank.name}.kahoot.xlsx", workbook_bytes(bank, kept, left_out))]
