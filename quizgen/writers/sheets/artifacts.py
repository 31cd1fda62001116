"""What the worksheet writer adds per version when answer sheets are asked for.

worksheet-<label>-answer-sheet.pdf and worksheet-<label>-answer-sheet.json, the sheet's
geometry that `quizgen grade` reads beside the key's JSON; and the worksheet's instructions
when students answer on the sheet.
"""

from __future__ import annotations

import json
from typing import Any

from quizgen.questions.kinds import Kind
from quizgen.writers import Artifact
from quizgen.writers.sheets import draw, layout

# The worksheet's own instructions when students answer on the sheet (keyed by question kind).
SHEET_INSTRUCTIONS = {
    Kind.MCQ: "On your answer sheet, fill the bubble of the one correct answer.",
    Kind.TF: "On your answer sheet, fill T or F.",
    Kind.CLOZE: "Write the missing words in the question's box on your answer sheet.",
    Kind.SHORT: "Write your answer in the question's box on your answer sheet.",
    Kind.NUMERIC: "Write the number with its unit in the question's box on your answer sheet.",
    Kind.MATCHING: "On your answer sheet, fill the letter of each question's answer, in the order shown here.",
    Kind.ORDERING: "On your answer sheet, fill each event's place in time (1 for the earliest), in the order shown.",
}


def sheet_note(label: str) -> str:
    return (
        f"<b>Answer on your answer sheet, version {label}</b>, not on these pages: fill one bubble per row "
        "completely, and write your name and student number on it."
    )


def sheet(doc: dict[str, Any]) -> list[Artifact]:
    """The answer sheet PDF and its geometry JSON for one key document."""
    geometry = layout.geometry(doc)
    stem = layout.file_stem(doc["version"])
    return [
        Artifact(f"{stem}.pdf", draw.pdf(geometry, doc)),
        Artifact(f"{stem}.json", json.dumps(geometry, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"),
    ]
