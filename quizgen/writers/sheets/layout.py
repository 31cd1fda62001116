"""Where everything sits on an answer sheet: the geometry both printing and grading use.

Units are PDF points with the origin at the top-left corner, y growing downwards (as in an
image). The page carries four solid corner squares for finding it on a scan, a QR code naming
the key, a name box, a student-number grid of digit bubbles and one row of bubbles per answer:
A-D for multiple choice, T/F, a letter per matching item, a number per ordering event, and for
typed kinds a write-in box with three small squares the teacher ticks (right, half, wrong).
`geometry()` returns all of it as a JSON-ready dict; nothing here draws.
"""

from __future__ import annotations

from typing import Any

from quizgen.errors import UsageError
from quizgen.questions.kinds import LETTERS
from quizgen.writers.sheets import keydoc

FORMAT = "quizgen-answer-sheet"
SCHEMA_VERSION = 1
PAPERS = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}

MARK_SIZE = 18.0  # corner squares, side
MARK_INSET = 34.0  # from each page edge to a corner square's centre
MARGIN = 48.0
QR_SIZE = 92.0
BUBBLE_R = 6.0
BOX_R = 5.5  # teacher's squares: half the side
PITCH = 22.0  # between bubble centres in a row: room for the value printed left of each
ID_DIGITS = 6
ID_PITCH_Y = 14.0
ID_R = 5.0
ROW = 16.0  # height of a bubble row: 4 pt between bubbles of neighbouring rows
TYPED_ROW = 23.0
HEADER = 15.0
GUTTER = 22.0
INSTRUCTIONS_BOTTOM = 226.0  # draw.py's instructions and examples end above this
TEACHER = ("right", "half", "wrong")
TF = ("T", "F")


def file_stem(label: str) -> str:
    return f"worksheet-{label}-answer-sheet"


def qr_payload(doc: dict[str, Any]) -> str:
    """Bank, bank version, seed, version label and key checksum, '|'-separated after a magic word."""
    bank = doc["bank"]
    return "|".join(("QZG1", bank["name"], bank["version"], str(doc["seed"]), doc["version"], keydoc.checksum(doc)))


def parse_payload(text: str) -> dict[str, str] | None:
    parts = text.split("|")
    if len(parts) != 6 or parts[0] != "QZG1":
        return None
    return dict(zip(("bank", "bank_version", "seed", "version", "checksum"), parts[1:], strict=True))


def _bubble(x: float, y: float, value: str, r: float = BUBBLE_R, shape: str = "circle") -> dict[str, Any]:
    return {"x": round(x, 2), "y": round(y, 2), "r": r, "value": value, "shape": shape}


def _values(q: dict[str, Any]) -> list[str]:
    kind = q["kind"]
    if kind == "mcq":
        return list(LETTERS[: len(q["options"])])
    if kind == "tf":
        return list(TF)
    if kind == "matching":
        return list(LETTERS[: len(q["options"])])
    if kind == "ordering":
        return [str(i + 1) for i in range(len(q["options"]))]
    return list(TEACHER)


def _rows(q: dict[str, Any]) -> list[str]:
    """Row labels: the question number, or number.item for matching items and ordering events."""
    if q["kind"] == "matching":
        return [f"{q['number']}.{i + 1}" for i in range(len(q["items"]))]
    if q["kind"] == "ordering":
        return [f"{q['number']}.{i + 1}" for i in range(len(q["options"]))]
    return [str(q["number"])]


def _row_height(kind: str) -> float:
    return TYPED_ROW if kind in keydoc.TYPED_KINDS else ROW


def _block_height(q: dict[str, Any]) -> float:
    rows = len(_rows(q)) * _row_height(q["kind"])
    return rows + (HEADER if q["kind"] in keydoc.GROUP_KINDS else 0)


def geometry(doc: dict[str, Any]) -> dict[str, Any]:
    """Every mark, box and bubble of the sheet for this key document."""
    paper = doc["paper"]
    width, height = PAPERS[paper]
    marks = [
        {"x": x, "y": y, "size": MARK_SIZE}
        for x, y in (
            (MARK_INSET, MARK_INSET),
            (width - MARK_INSET, MARK_INSET),
            (width - MARK_INSET, height - MARK_INSET),
            (MARK_INSET, height - MARK_INSET),
        )
    ]
    qr_top = 50.0
    qr = {"x": width - MARGIN - QR_SIZE, "y": qr_top, "size": QR_SIZE, "payload": qr_payload(doc)}
    name_box = {"x": MARGIN, "y": 80.0, "w": 282.0, "h": 30.0}
    id_left = width - MARGIN - (ID_DIGITS - 1) * 16.0 - 6
    id_top = qr_top + QR_SIZE + 38
    columns = [
        [_bubble(id_left + c * 16.0, id_top + d * ID_PITCH_Y, str(d), r=ID_R) for d in range(10)]
        for c in range(ID_DIGITS)
    ]
    student = {"x": id_left, "y": id_top, "write_in_y": id_top - 24, "columns": columns}
    # The left column starts under the instructions, the right one under the student-number grid.
    tops = [INSTRUCTIONS_BOTTOM, id_top + 9 * ID_PITCH_Y + ID_R + 14]
    bottom = height - MARGIN - 6
    column_width = (width - 2 * MARGIN - GUTTER) / 2
    lefts = [MARGIN, MARGIN + column_width + GUTTER]
    questions, headers = _flow(doc["questions"], lefts, column_width, tops, bottom)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "unit": "pt",
        "origin": "top-left",
        "page": {"width": width, "height": height, "paper": paper},
        "key": {
            "file": keydoc.file_name(doc["version"]),
            "checksum": keydoc.checksum(doc),
            "version": doc["version"],
            "seed": doc["seed"],
            "bank": dict(doc["bank"]),
        },
        "marks": marks,
        "qr": qr,
        "name_box": name_box,
        "student_number": student,
        "column_width": column_width,
        "headers": headers,
        "questions": questions,
    }


def _flow(
    questions: list[dict[str, Any]], lefts: list[float], column_width: float, tops: list[float], bottom: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Questions into two columns ending about level, each section under its header, none split."""
    best: tuple[float, tuple[list[dict[str, Any]], list[dict[str, Any]]]] | None = None
    limit = tops[0]
    while limit < bottom + 5:  # try each length of the left column; keep the one that ends lowest least
        placed = _place(questions, lefts, column_width, tops, [min(limit, bottom), bottom])
        if placed is not None and (best is None or placed[0] < best[0]):
            best = placed[0], placed[1:]
        limit += 5
    if best is None:
        raise UsageError(
            f"the answer sheet is full: a one-page answer sheet holds about 40 questions, "
            f"this worksheet has {len(questions)}; use a smaller --count"
        )
    return best[1]


def _place(
    questions: list[dict[str, Any]], lefts: list[float], column_width: float, tops: list[float], bottoms: list[float]
) -> tuple[float, list[dict[str, Any]], list[dict[str, Any]]] | None:
    """(lowest end of a column, questions, headers), or None when they do not fit."""
    placed: list[dict[str, Any]] = []
    headers: list[dict[str, Any]] = []
    column, y = 0, tops[0]
    kind = None
    ends = [tops[0], tops[1]]
    for q in questions:
        need = _block_height(q) + (HEADER if q["kind"] != kind else 0)
        if y + need > bottoms[column]:
            column += 1
            kind = None  # a new column repeats its section header
            if column >= len(lefts):
                return None
            y = tops[column]
        x = lefts[column]
        if q["kind"] != kind:
            kind = q["kind"]
            headers.append({"kind": kind, "x": x, "y": y + HEADER - 4, "width": column_width})
            y += HEADER
        block, y = _question(q, x, y, column_width)
        ends[column] = y
        placed.append(block)
    return max(ends), placed, headers


def _bubbles_x(q: dict[str, Any], x: float, column_width: float) -> list[float]:
    count = len(_values(q))
    if q["kind"] in keydoc.TYPED_KINDS:
        first = x + column_width - 8 - (count - 1) * PITCH
    elif q["kind"] in keydoc.GROUP_KINDS:
        first = x + column_width - 8 - (5 - 1) * PITCH  # matching and ordering bubbles line up
    else:
        first = x + 42
    return [round(first + i * PITCH, 2) for i in range(count)]


def _question(q: dict[str, Any], x: float, y: float, column_width: float) -> tuple[dict[str, Any], float]:
    kind = q["kind"]
    values = _values(q)
    xs = _bubbles_x(q, x, column_width)
    block: dict[str, Any] = {"number": q["number"], "kind": kind, "x": x, "y": y}
    if kind in keydoc.GROUP_KINDS:
        block["title_y"] = y + HEADER - 4
        y += HEADER
    row_height = _row_height(kind)
    texts = q.get("items") if kind == "matching" else q.get("options") if kind == "ordering" else None
    rows = []
    for index, label in enumerate(_rows(q)):
        centre = y + row_height / 2
        shape, r = ("square", BOX_R) if kind in keydoc.TYPED_KINDS else ("circle", BUBBLE_R)
        row: dict[str, Any] = {
            "label": label,
            "y": round(centre, 2),
            "bubbles": [_bubble(bx, centre, v, r=r, shape=shape) for bx, v in zip(xs, values, strict=True)],
        }
        if texts is not None:
            row["text"] = texts[index]
        rows.append(row)
        y += row_height
    block["rows"] = rows
    if kind in keydoc.TYPED_KINDS:
        block["write_box"] = {
            "x": x + 24,
            "y": round(rows[0]["y"] - 9, 2),
            "w": round(xs[0] - 18 - (x + 24), 2),
            "h": 18.0,
        }
    return block, y
