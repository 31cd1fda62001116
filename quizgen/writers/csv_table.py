"""CSV: one row per question with a header row, quoted by Python's csv module (RFC 4180 style).

Columns: id, kind, prompt, options, answer, explanation, source, tags. Options are joined
with OPTION_SEPARATOR; several citations with "; "; tags (of every fact a question uses)
with a space, as Anki and Quizlet take them. UTF-8 with a byte-order mark.

A cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) would run
as one when the file is opened in Excel or LibreOffice (OWASP's "CSV injection"): such a
cell gets FORMULA_GUARD, an apostrophe, in front, which spreadsheets read as "text follows"
(README, "Safety"). The Quizlet writer guards its cells the same way.
"""

from __future__ import annotations

import csv
import io

from quizgen.bank.model import Bank
from quizgen.questions import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    TrueFalse,
    select,
)
from quizgen.writers import Artifact
from quizgen.writers.options import RenderOptions

COLUMNS = ("id", "kind", "prompt", "options", "answer", "explanation", "source", "tags")
OPTION_SEPARATOR = " | "
FORMULA_GUARD = "'"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A spreadsheet cell that shows its text and never computes: formula-like starts get an apostrophe."""
    return FORMULA_GUARD + text if text.startswith(_FORMULA_STARTS) else text


def row(bank: Bank, question: Question) -> dict[str, str]:
    tags = dict.fromkeys(tag for fact_id in question.fact_ids for tag in bank.fact(fact_id).tags)
    values = {
        "id": question.id,
        "kind": str(question.kind),
        "prompt": question.prompt,
        "options": OPTION_SEPARATOR.join(shown_options(question)),
        "answer": question.answer,
        "explanation": question.explanation,
        "source": "; ".join(str(c) for c in question.citations),
        "tags": " ".join(tags),
    }
    return {column: cell(value) for column, value in values.items()}


def shown_options(question: Question) -> tuple[str, ...]:
    """The choices as shown: mcq, tf and matching their options, ordering its events."""
    if isinstance(question, MultipleChoice | TrueFalse | Matching):
        return question.options
    if isinstance(question, Ordering):
        return question.events
    return ()


def table(bank: Bank, questions: list[Question]) -> bytes:
    buffer = io.StringIO(newline="")
    # CRLF line ends and minimal quoting: what RFC 4180 and spreadsheet imports expect.
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for question in questions:
        writer.writerow(row(bank, question))
    # A byte-order mark, so Excel reads the file as UTF-8 (Kazakh letters) rather than a code page.
    return buffer.getvalue().encode("utf-8-sig")


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    return [Artifact(f"{bank.name}.csv", table(bank, select(bank, options.seed, None).questions))]
