"""Drawings for the study guide: a timeline of dated events and bar charts of money figures.

Every String names DejaVu and every Drawing sets initialFontName: ReportLab graphics
otherwise fall back to Times-Roman, which is neither embedded nor able to print Kazakh.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from quizgen.bank.model import human_date
from quizgen.writers.pdf import fonts

INK = colors.Color(0.15, 0.15, 0.15)
ACCENT = colors.Color(0.12, 0.38, 0.62)
LIGHT = colors.Color(0.75, 0.75, 0.75)
LABEL_SIZE = 8.5
LABEL_GAP = 13  # least vertical distance between two timeline labels
MAX_EVENTS = 40  # per drawing; more go into a second drawing
# Drawn at most: a bank of thousands of dated facts gets a timeline of a few pages that spans
# its years, not a hundred pages of timeline (every fact is listed by topic after it anyway).
MAX_TIMELINE_EVENTS = 200
CURRENCY_WORDS = (
    "dollar",
    "euro",
    "tenge",
    "rouble",
    "ruble",
    "pound",
    "yen",
    "yuan",
    "franc",
    "rupee",
    "usd",
    "eur",
    "kzt",
    "sgd",
    "gbp",
    "$",
    "€",
    "£",
    "₸",
)


@dataclass(frozen=True)
class Event:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    label: str


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    unit: str


def is_currency(unit: str) -> bool:
    words = unit.lower()
    return any(word in words for word in CURRENCY_WORDS)


def when(iso: str) -> float:
    """'2021-10-07' -> 2021.76: a position on the time axis."""
    parts = [int(p) for p in iso.split("-")]
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    return parts[0] + (month - 1) / 12 + (day - 1) / 365


def _text(
    x: float,
    y: float,
    text: str,
    size: float = LABEL_SIZE,
    bold: bool = False,
    anchor: str = "start",
    color: colors.Color = INK,
) -> String:
    return String(
        x, y, text, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size, textAnchor=anchor, fillColor=color
    )


def _year_only(event: Event) -> bool:
    return len(event.date) == 4


def position(event: Event) -> float:
    """Where an event sits on the axis: a date with only its year stands for the whole year, so
    its mark is a bar over the year and its place the year's middle. A year-only event is never
    put before or after a dated one of the same year ("1991" against "September 1991"): the bank
    does not know that order."""
    return when(event.date) + (0.5 if _year_only(event) else 0.0)


def timeline_events(events: Sequence[Event]) -> tuple[list[Event], str]:
    """The events the timeline draws, in time order, and its heading: all of them, or for a
    large bank MAX_TIMELINE_EVENTS spread evenly over them, the first and last included."""
    ordered = sorted(events, key=lambda e: (position(e), e.label))
    years = sorted({e.date[:4] for e in ordered})
    heading = f"Timeline, {years[0]} to {years[-1]}"
    if len(ordered) <= MAX_TIMELINE_EVENTS:
        return ordered, heading
    last = len(ordered) - 1
    kept = [ordered[round(i * last / (MAX_TIMELINE_EVENTS - 1))] for i in range(MAX_TIMELINE_EVENTS)]
    return kept, f"{heading}: {MAX_TIMELINE_EVENTS} of its {len(ordered):,} dated events, spread evenly"


def timelines(events: Sequence[Event], width: float) -> list[Drawing]:
    ordered = sorted(events, key=lambda e: (position(e), e.label))
    return [timeline(ordered[i : i + MAX_EVENTS], width) for i in range(0, len(ordered), MAX_EVENTS)]


def timeline(events: Sequence[Event], width: float) -> Drawing:
    """A vertical time axis, years to scale, each event labelled to its right.

    Labels that would collide are pushed apart and joined to their dot by a short line.
    """
    ordered = sorted(events, key=lambda e: (position(e), e.label))
    first, last = int(when(ordered[0].date)), int(when(ordered[-1].date))
    shared_years = {e.date[:4] for e in ordered if not _year_only(e)}
    span = max(last + 1 - first, 1)
    height = max(300.0, len(ordered) * LABEL_GAP + 60)
    top, bottom = height - 16, 16.0
    axis_x, label_x = 58.0, 100.0
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR)

    def y_of(t: float) -> float:
        return top - (t - first) / span * (top - bottom)

    drawing.add(Line(axis_x, top + 6, axis_x, bottom - 6, strokeColor=ACCENT, strokeWidth=2.5))
    for year in range(first, last + 2):
        y = y_of(year)
        labelled = year in (first, last) or (year % 5 == 0 and min(year - first, last - year) >= 2)
        drawing.add(Line(axis_x - (7 if labelled else 3.5), y, axis_x, y, strokeColor=INK, strokeWidth=0.6))
        if labelled and year <= last:
            drawing.add(_text(axis_x - 10, y - 3, str(year), size=8.5, bold=True, anchor="end"))
    wanted = [y_of(position(e)) for e in ordered]
    for event, dot_y, label_y in zip(ordered, wanted, _spread(wanted, top + 4, bottom - 4), strict=True):
        drawing.add(Line(axis_x, dot_y, label_x - 8, label_y + 3, strokeColor=LIGHT, strokeWidth=0.7))
        if _year_only(event):  # the whole year: a bar from its start to its end
            start, end = y_of(when(event.date)), y_of(when(event.date) + 1)
            drawing.add(
                Rect(
                    axis_x - 3.2,
                    end,
                    6.4,
                    start - end,
                    rx=3,
                    ry=3,
                    fillColor=colors.white,
                    strokeColor=ACCENT,
                    strokeWidth=1.4,
                )
            )
        else:
            drawing.add(Circle(axis_x, dot_y, 3.2, fillColor=colors.white, strokeColor=ACCENT, strokeWidth=1.4))
        during = _year_only(event) and event.date in shared_years
        _event_label(drawing, event, label_x, label_y, width - label_x, during)
    return drawing


def _event_label(drawing: Drawing, event: Event, x: float, y: float, room: float, during: bool = False) -> None:
    date = f"During {event.date}" if during else human_date(event.date)
    text = f"  –  {event.label}"
    size = LABEL_SIZE
    needed = stringWidth(date, fonts.BOLD, size) + stringWidth(text, fonts.REGULAR, size)
    if needed > room:  # shrink a very long label rather than run off the page
        size = max(5.0, size * room / needed)
    drawing.add(_text(x, y, date, size=size, bold=True))
    drawing.add(_text(x + stringWidth(date, fonts.BOLD, size), y, text, size=size))


def _spread(wanted: list[float], top: float, bottom: float) -> list[float]:
    """Label heights near `wanted` (descending), at least LABEL_GAP apart, within top..bottom."""
    placed: list[float] = []
    for y in wanted:
        placed.append(min(y, top) if not placed else min(y, placed[-1] - LABEL_GAP))
    floor = bottom
    for i in range(len(placed) - 1, -1, -1):
        placed[i] = max(placed[i], floor)
        floor = placed[i] + LABEL_GAP
    return placed


def amount(value: float, unit: str) -> str:
    """1900000000, 'US dollars' -> '1.9 billion US dollars'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.3g} {word} {unit}"
    return f"{value:,.0f} {unit}"


def _short(value: float) -> str:
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g} {word}"
    return f"{value:g}"


def _nice_step(top: float) -> float:
    raw = top / 4
    power: float = 10 ** math.floor(math.log10(raw))  # an int from 1 up: the labels show "100", not "100.0"
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def bar_chart(figures: Sequence[Figure], width: float) -> Drawing:
    """Horizontal bars on one scale, largest first; each labelled with its fact and its amount.

    Bars start at zero: a negative figure (a trade deficit) runs left of the zero line.
    """
    ordered = sorted(figures, key=lambda f: (-f.value, f.label))
    label_width = width * 0.42
    bar_x, bar_end = label_width + 12, width - 130
    low, high = min(0.0, ordered[-1].value), max(0.0, ordered[0].value)
    # The scale is worked out in units of the largest figure's power of ten, so figures near a
    # float's limits (or tiny ones) give a few nice, finite ticks, never an overflow.
    largest = max(-low, high)
    unit = (10.0 ** math.floor(math.log10(largest)) or largest) if largest else 1.0
    step = _nice_step(high / unit - low / unit or 1)
    scale_low, scale_high = step * math.floor(low / unit / step), step * math.ceil(high / unit / step)
    if scale_high == scale_low:
        scale_high = scale_low + step
    rows = [simpleSplit(f.label, fonts.REGULAR, 8, label_width)[:3] for f in ordered]
    heights = [max(len(lines) * 10 + 10, 26) for lines in rows]
    height = sum(heights) + 24
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR)

    def x_of(share: float) -> float:  # share: a value divided by `unit`
        return bar_x + (share - scale_low) / (scale_high - scale_low) * (bar_end - bar_x)

    for index in range(round((scale_high - scale_low) / step) + 1):
        tick = scale_low + index * step
        x = x_of(tick)
        # The zero line stands out only where bars run both ways from it.
        drawing.add(Line(x, 16, x, height, strokeColor=INK if tick == 0 and low < 0 else LIGHT, strokeWidth=0.5))
        drawing.add(_text(x, 4, _short(tick * unit), size=7.5, anchor="middle", color=colors.Color(0.4, 0.4, 0.4)))
    zero = x_of(0.0)
    y = height
    for figure, lines, row_height in zip(ordered, rows, heights, strict=True):
        y -= row_height
        middle = y + row_height / 2
        first_line = middle + (len(lines) - 1) * 5 - 3
        for i, line in enumerate(lines):
            drawing.add(_text(label_width, first_line - i * 10, line, size=8, anchor="end"))
        end = x_of(figure.value / unit)
        drawing.add(Rect(min(zero, end), middle - 7, max(abs(end - zero), 1), 14, fillColor=ACCENT, strokeColor=None))
        drawing.add(_text(max(zero, end) + 5, middle - 3, amount(figure.value, figure.unit), size=8, bold=True))
    return drawing
