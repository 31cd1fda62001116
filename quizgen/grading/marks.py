"""Measure every bubble of a straightened sheet and decide each row: one mark, blank, or ambiguous.

A bubble's fill is the darkness of its centre (the middle 55% of its radius, clear of the
printed outline) measured against this sheet's own paper (the bright bubbles) and ink (the
inside of its corner marks): 0 is bare paper, 1 is printed black. As R/exams' NOPS does, two
thresholds split the range (SHAPES, for students' bubbles and teachers' squares): below the
first a bubble is empty, from the second up it is marked, and between them the mark is faint
or half-erased. A marked bubble with ink across the diagonal
band just outside it (an X drawn through it, a tick) is crossed out. A row reads as an answer
only when exactly one bubble is marked and nothing else in it is faint or crossed; two marks,
a faint mark or a crossed-out mark make the row ambiguous, and ambiguous rows are never
guessed: they go to the teacher. So does a row whose printed outlines are not where the
corner marks put them (a curled or folded page): each bubble's ring is measured too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from quizgen.grading.locate import SCALE


class Shape(NamedTuple):
    core: float  # share of the radius measured
    empty: float  # fill below this: empty
    marked: float  # fill from this up: a mark (between the two: faint)
    band: tuple[float, float] | None  # the diagonal band checked for crossing strokes, in radii
    spill: float = 1.0  # ink share in that band from which a mark counts as crossed out


# Students fill bubbles; teachers tick or cross their squares with a stroke or two, which cover
# far less of the square, so squares are measured wider and marked at a lower fill. A tick
# often runs over its square's edge: squares have no crossed-out test.
SHAPES = {
    "circle": Shape(core=0.55, empty=0.2, marked=0.45, band=(1.22, 1.5), spill=0.16),
    "square": Shape(core=0.8, empty=0.07, marked=0.1, band=None),
}
RING = (0.85, 1.15)  # where a bubble's printed outline is, in radii
LINED_UP = 0.12  # a row's outlines darker than this (about 0.4 when in place, 0.15 when 2 pt off): lined up


class Measures(NamedTuple):
    """Per bubble, against this sheet's paper (0) and ink (1)."""

    fills: np.ndarray  # the centre
    spills: np.ndarray  # the diagonal band outside (circles)
    rings: np.ndarray  # the printed outline (circles; 1 for squares, whose outline is not round)


class Row(NamedTuple):
    """One row of bubbles: the values it offers and where on the sheet its bubbles are."""

    ref: str  # "12", "15.2" (question 15, item 2), "id.3" (student-number digit 3)
    values: tuple[str, ...]
    start: int  # index of its first bubble in the sheet's bubble table


class Reading(NamedTuple):
    ref: str
    state: str  # "answer", "blank" or "ambiguous"
    value: str  # the value read ("" unless state is "answer")
    fills: tuple[float, ...]
    why: str = ""  # for ambiguous rows: what the teacher should look at


class Table(NamedTuple):
    """Every bubble of a sheet, in pixel units, and the rows they form."""

    centres: np.ndarray  # (n, 2) canonical pixels
    radii: np.ndarray  # (n,)
    squares: np.ndarray  # (n,) bool: a teacher's square rather than a bubble
    rows: tuple[Row, ...]


def table(geometry: dict[str, Any]) -> Table:
    centres: list[tuple[float, float]] = []
    radii: list[float] = []
    squares: list[bool] = []
    rows: list[Row] = []

    def add(ref: str, bubbles: list[dict[str, Any]]) -> None:
        rows.append(Row(ref, tuple(b["value"] for b in bubbles), len(centres)))
        for b in bubbles:
            centres.append((b["x"] * SCALE, b["y"] * SCALE))
            radii.append(b["r"] * SCALE)
            squares.append(b["shape"] == "square")

    for index, column in enumerate(geometry["student_number"]["columns"], 1):
        add(f"id.{index}", column)
    for block in geometry["questions"]:
        for row in block["rows"]:
            add(row["label"], row["bubbles"])
    return Table(np.array(centres), np.array(radii), np.array(squares), tuple(rows))


def _offsets(radius: float, inner: float, outer: float, diagonal: bool) -> np.ndarray:
    reach = int(np.ceil(outer * radius))
    ys, xs = np.mgrid[-reach : reach + 1, -reach : reach + 1]
    distance = np.hypot(xs, ys) / radius
    keep = (distance >= inner) & (distance <= outer)
    if diagonal:  # 30 degrees either side of each diagonal: clear of the printed labels left and right
        angle = np.degrees(np.arctan2(ys, xs)) % 90
        keep &= np.abs(angle - 45) <= 15
    return np.stack([ys[keep], xs[keep]], axis=1)


def _sample(image: np.ndarray, centres: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    ys = np.clip(np.rint(centres[:, 1])[:, None].astype(int) + offsets[None, :, 0], 0, image.shape[0] - 1)
    xs = np.clip(np.rint(centres[:, 0])[:, None].astype(int) + offsets[None, :, 1], 0, image.shape[1] - 1)
    return image[ys, xs].astype(np.float32)  # type: ignore[no-any-return]


def measure(image: np.ndarray, sheet: Table, marks: list[dict[str, Any]]) -> Measures:
    """Fill, spill and outline of every bubble, each against this sheet's paper and ink."""
    fills = np.empty(len(sheet.radii), dtype=np.float32)
    bands = np.empty(len(sheet.radii), dtype=np.float32)
    rings = np.empty(len(sheet.radii), dtype=np.float32)
    paper = float(
        np.percentile(_sample(image, sheet.centres, _offsets(float(sheet.radii.min()), 0, 0.5, False)).mean(axis=1), 75)
    )  # most bubbles are empty: the brighter ones show the paper
    for radius, square in sorted({(r, q) for r, q in zip(sheet.radii, sheet.squares, strict=True)}):
        shape = SHAPES["square" if square else "circle"]
        chosen = (sheet.radii == radius) & (sheet.squares == square)
        fills[chosen] = _sample(image, sheet.centres[chosen], _offsets(radius, 0, shape.core, False)).mean(axis=1)
        bands[chosen] = (
            _sample(image, sheet.centres[chosen], _offsets(radius, *shape.band, True)).mean(axis=1)
            if shape.band
            else paper
        )
        rings[chosen] = (
            _sample(image, sheet.centres[chosen], _offsets(radius, *RING, False)).mean(axis=1) if not square else 0.0
        )
    ink = _ink(image, marks)
    span = max(paper - ink, 40.0)  # a washed-out scan still has some contrast to measure
    return Measures((paper - fills) / span, (paper - bands) / span, (paper - rings) / span)


def lined_up(sheet: Table, measures: Measures) -> float:
    """The share of rows of bubbles whose printed outlines are where they should be."""
    rows = [row for row in sheet.rows if not sheet.squares[row.start]]
    good = [_row_ring(measures, row) >= LINED_UP for row in rows]
    return sum(good) / max(len(good), 1)


def _row_ring(measures: Measures, row: Row) -> float:
    return float(np.mean(measures.rings[row.start : row.start + len(row.values)]))


def _ink(image: np.ndarray, marks: list[dict[str, Any]]) -> float:
    """The printed black: the middle of the corner marks."""
    values = []
    for mark in marks:
        half = mark["size"] * SCALE * 0.3
        x, y = mark["x"] * SCALE, mark["y"] * SCALE
        values.append(float(np.median(image[int(y - half) : int(y + half), int(x - half) : int(x + half)])))
    return float(np.median(values))


def decide(sheet: Table, measures: Measures) -> list[Reading]:
    readings = []
    for row in sheet.rows:
        square = bool(sheet.squares[row.start])
        shape = SHAPES["square" if square else "circle"]
        f = tuple(round(float(v), 3) for v in measures.fills[row.start : row.start + len(row.values)])
        s = measures.spills[row.start : row.start + len(row.values)]
        if not square and _row_ring(measures, row) < LINED_UP:
            readings.append(
                Reading(
                    row.ref,
                    "ambiguous",
                    "",
                    f,
                    "the row is not where the printed bubbles should be (a curled or folded page?)",
                )
            )
            continue
        marked = [i for i, v in enumerate(f) if v >= shape.marked]
        faint = [i for i, v in enumerate(f) if shape.empty <= v < shape.marked]
        crossed = [i for i in marked if s[i] >= shape.spill]
        if len(marked) == 1 and not faint and not crossed:
            readings.append(Reading(row.ref, "answer", row.values[marked[0]], f))
        elif not marked and not faint:
            readings.append(Reading(row.ref, "blank", "", f))
        else:
            why = []
            if len(marked) > 1:
                why.append("marks in " + ", ".join(row.values[i] for i in marked))
            if faint:
                why.append("faint or erased mark in " + ", ".join(row.values[i] for i in faint))
            if crossed:
                why.append("crossed out or marked outside the bubble: " + ", ".join(row.values[i] for i in crossed))
            readings.append(Reading(row.ref, "ambiguous", "", f, "; ".join(why)))
    return readings
