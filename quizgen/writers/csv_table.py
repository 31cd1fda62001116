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
from quizgen.questions import Question, question_set
from quizgen.writers import Artifact

COLUMNS = ("id", "kind", "prompt", "options", "answer", "explanation", "source", "tags")
OPTION_SEPARATOR = " | "


def row(bank: Bank, question: Question) -> dict[str, str]:
    tags = dict.fromkeys(tag for fact_id in question.fact_ids for tag in bank.fact(fact_id).tags)
    return {
        "id": question.id, "kind": str(question.kind), "prompt": question.prompt,
        "options": OPTION_SEPARATOR.join(question.options), "answer": question.answer,
        "explanation": question.explanation, "source": "; ".join(str(c) for c in question.citations),
        "tags": " ".join(tags),
    }


def render(bank: Bank, seed: int, **_: Any) -> list[Artifact]:
    buffer = io.StringIO(newline="")
    # CRLF line ends and minimal quoting: what RFC 4180 and spreadsheet imports expect.
    table = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    table.writeheader()
    for question in question_set(bank, seed):
        table.writerow(row(bank, question))
    # A byte-order mark, so Excel reads the file as UTF-8 (Kazakh letters) rather than a code page.
    return [Artifact(f"{bank.name}.csv", buffer.getvalue().encode("utf-8-sig"))]
