"""grades.csv: one row per sheet graded, for a spreadsheet or a school's gradebook.

Columns: sheet, student_number, name_image, annotated_image, version, score, max_score, percent,
status ("graded" or "to settle"), to_settle (the rows the teacher must settle), then q1, q2,
... the points of each question as numbered on that sheet's version ("?" while unsettled).
UTF-8 with a byte-order mark and CRLF line ends, as Excel expects.
"""

from __future__ import annotations

import csv
import io
from typing import Any


def grades_csv(results: dict[str, Any]) -> bytes:
    sheets = results["sheets"]
    count = max((len(s["questions"]) for s in sheets), default=0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "sheet",
            "student_number",
            "name_image",
            "annotated_image",
            "version",
            "score",
            "max_score",
            "percent",
            "status",
            "to_settle",
            *(f"q{n}" for n in range(1, count + 1)),
        ]
    )
    for s in sheets:
        points = {q["number"]: ("?" if q["status"] == "ambiguous" else f"{q['points']:g}") for q in s["questions"]}
        writer.writerow(
            [
                _cell(s["sheet"]),
                s["student_number"],
                s["name_image"],
                s["annotated_image"],
                s["version"],
                f"{s['score']:g}",
                f"{s['max_score']:g}",
                f"{100 * s['score'] / s['max_score']:.0f}" if s["max_score"] else "",
                s["status"],
                " ".join(t["ref"] for t in s["to_settle"]),
                *(points.get(n, "") for n in range(1, count + 1)),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(text: str) -> str:
    # A file name starting like a formula must not run in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
