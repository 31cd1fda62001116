"""Score one sheet's readings against its key document, with the teacher's settled answers.

Points follow the key document: multiple choice and true/false their points when right;
matching one point per item matched right; ordering its points only when every event is in
its place; typed kinds all, half or none of their points as the teacher ticked. An ambiguous
row scores nothing until the teacher settles it with --accept; the sheet is then marked for
review, never guessed.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from quizgen.errors import UsageError
from quizgen.grading.marks import Reading
from quizgen.writers.sheets import keydoc

TEACHER_WORDS = {
    "right": "right",
    "r": "right",
    "✓": "right",
    "half": "half",
    "h": "half",
    "½": "half",
    "wrong": "wrong",
    "w": "wrong",
    "✗": "wrong",
    "x": "wrong",
}


class Accept(NamedTuple):
    """`--accept SHEET:ITEM=VALUE`: the teacher's reading of one row (or the student number)."""

    sheet: str
    item: str  # "12", "15.2", "id" (the whole number) or "id.3" (one digit)
    value: str

    @classmethod
    def parse(cls, text: str) -> Accept:
        where, equals, value = text.rpartition("=")
        sheet, colon, item = where.rpartition(":")
        if not equals or not colon or not sheet or not item or not value.strip():
            raise UsageError(
                f"--accept {text!r}: write SHEET:QUESTION=ANSWER, e.g. scan-07.png:12=B, "
                "scan.pdf#3:15.2=C or scan-07.png:id=012345"
            )
        return cls(sheet, item.strip().lower(), value.strip())


def settle(
    readings: list[Reading], accepts: list[Accept], rows: dict[str, tuple[str, ...]]
) -> tuple[list[Reading], list[str]]:
    """Readings with the teacher's answers applied, and a problem line for each accept that fits no row."""
    by_ref = {r.ref: i for i, r in enumerate(readings)}
    settled = list(readings)
    problems = []
    for accept in accepts:
        targets = [accept.item] if accept.item != "id" else [f"id.{i + 1}" for i in range(len(accept.value))]
        values = list(accept.value) if accept.item == "id" else [accept.value]
        if accept.item == "id" and (
            not accept.value.isdigit() or len(accept.value) > sum(1 for ref in rows if ref.startswith("id."))
        ):
            problems.append(
                f"--accept {accept.sheet}:id={accept.value}: a student number is digits, "
                f"at most {sum(1 for ref in rows if ref.startswith('id.'))}"
            )
            continue
        for ref, value in zip(targets, values, strict=True):
            if ref not in by_ref:
                problems.append(f"--accept {accept.sheet}:{accept.item}: the sheet has no row {ref}")
                continue
            chosen = _value(value, rows[ref])
            if chosen is None:
                problems.append(f"--accept {accept.sheet}:{ref}={value}: choose one of {', '.join(rows[ref])} or blank")
                continue
            old = settled[by_ref[ref]]
            settled[by_ref[ref]] = Reading(
                ref, "answer" if chosen else "blank", chosen, old.fills, "settled by --accept"
            )
        if accept.item == "id":  # digits beyond the accepted number are blank
            for ref in (r for r in rows if r.startswith("id.") and int(r[3:]) > len(accept.value)):
                old = settled[by_ref[ref]]
                settled[by_ref[ref]] = Reading(ref, "blank", "", old.fills, "settled by --accept")
    return settled, problems


def _value(text: str, offered: tuple[str, ...]) -> str | None:
    word = text.strip().lower()
    if word in ("blank", "none", "-"):
        return ""
    if offered == ("T", "F") and word in ("true", "false"):
        return word[0].upper()
    if offered and offered[0] == "right":
        return TEACHER_WORDS.get(word)
    for value in offered:
        if value.lower() == word:
            return value
    return None


def student_number(readings: dict[str, Reading]) -> tuple[str, list[str]]:
    """The digits read, '?' for an ambiguous column; and the refs of the ambiguous columns."""
    digits, unclear = [], []
    for ref in sorted((r for r in readings if r.startswith("id.")), key=lambda r: int(r[3:])):
        reading = readings[ref]
        if reading.state == "answer":
            digits.append(reading.value)
        elif reading.state == "ambiguous":
            digits.append("?")
            unclear.append(ref)
    return "".join(digits), unclear


def score(doc: dict[str, Any], readings: dict[str, Reading]) -> list[dict[str, Any]]:
    """One record per question: what was read, the points earned, and what needs the teacher."""
    return [_question(q, readings) for q in doc["questions"]]


def _question(q: dict[str, Any], readings: dict[str, Reading]) -> dict[str, Any]:
    kind, number, points = q["kind"], q["number"], q["points"]
    record: dict[str, Any] = {
        "number": number,
        "id": q["id"],
        "kind": kind,
        "fact_ids": q["fact_ids"],
        "max_points": points,
    }
    if kind in keydoc.GROUP_KINDS:
        count = len(q["items"]) if kind == "matching" else len(q["options"])
        rows = [readings[f"{number}.{i + 1}"] for i in range(count)]
        wanted = (
            [keydoc_letter(k) for k in q["key"]]
            if kind == "matching"
            else [str(q["key"].index(i) + 1) for i in range(count)]
        )
    else:
        rows = [readings[str(number)]]
        wanted = [_choice_value(q)] if kind in keydoc.CHOICE_KINDS else ["right"]
    given = [r.value if r.state == "answer" else "" for r in rows]
    unclear = [r for r in rows if r.state == "ambiguous"]
    right = [g == w and r.state == "answer" for g, w, r in zip(given, wanted, rows, strict=True)]
    if kind in keydoc.TYPED_KINDS:
        tick = given[0]
        earned = float(points) if tick == "right" else points / 2 if tick == "half" else 0.0
        if not unclear and rows[0].state == "blank":  # the teacher has not ticked: that is for the teacher
            unclear = [Reading(rows[0].ref, "ambiguous", "", rows[0].fills, "not ticked by the teacher")]
        status = "ambiguous" if unclear else {"right": "right", "half": "partial"}.get(tick, "wrong")
    elif kind == "matching":
        earned = float(sum(right))
        status = (
            "ambiguous"
            if unclear
            else ("right" if all(right) else "blank" if not any(given) else "partial" if any(right) else "wrong")
        )
    else:
        earned = float(points) if all(right) else 0.0
        status = "ambiguous" if unclear else ("right" if all(right) else "blank" if not any(given) else "wrong")
    record |= {
        "points": earned,
        "status": status,
        "response": ", ".join(g or "-" for g in given),
        "expected": ", ".join(wanted),
        "rows": [
            {"ref": r.ref, "read": r.value, "state": r.state, "right": ok, "why": r.why}
            for r, ok in zip(rows, right, strict=True)
        ],
    }
    if unclear:
        record["to_settle"] = [{"ref": r.ref, "why": r.why} for r in unclear]
    if kind in keydoc.CHOICE_KINDS:
        record["options"] = q["options"]
        record["chosen"] = _choice_index(q, given[0]) if given[0] else None
    return record


def keydoc_letter(index: int) -> str:
    return "ABCDEFGHIJ"[index]


def _choice_value(q: dict[str, Any]) -> str:
    return ("T", "F")[q["key"][0]] if q["kind"] == "tf" else keydoc_letter(q["key"][0])


def _choice_index(q: dict[str, Any], value: str) -> int:
    return ("T", "F").index(value) if q["kind"] == "tf" else "ABCDEFGHIJ".index(value)
