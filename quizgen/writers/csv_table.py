"""CSV: one row per question with a header row, quoted by Python's csv module (RFC 4180 style).

Columns: id, kind, prompt, options, answer, explanation, source, tags. Options are joined
with OPTION_SEPARATOR; several citations with "; "; tags (of every fact a question uses)
with a space, as Anki and Quizlet take them. UTF-8 with a byte-order mark.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from quizgen.model import Bank
from quizgen.questions import Matching, MultipleChoice, Ordering, Question, TrueFalse, select
from quizgen.writers import Artifact

COLUMNS = ("id", "kind", "prompt", "options", "answer", "explanation", "source", "tags")
OPTION_SEPARATOR = " | "


def row(bank: Bank, question: Question) -> dict[str, str]:
    tags = dict.fromkeys(tag for fact_id in question.fact_ids for tag in bank.fact(fact_id).tags)
    return {
        "id": question.id, "kind": str(question.kind), "prompt": question.prompt,
        "options": OPTION_SEPARATOR.join(shown_options(question)), "answer": question.answer,
        "explanation": question.explanation, "source": "; ".join(str(c) for c in question.citations),
        "tags": " ".join(tags),
    }


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


def render(bank: Bank, seed: int, **_: Any) -> list[Artifact]:
    return [Artifact(f"{bank.name}.csv", table(bank, select(bank, seed, None).questions))]
