"""The class report (PDF): scores, the item analysis, and what is left for the teacher.

Page one: the score distribution as a bar chart, the class figures and a chart of every
question's difficulty (flagged questions in red). Then a table per question (difficulty,
discrimination, how often each option was chosen, flags), the rows to settle with the
`--accept` that settles each, and the pages refused. Charts are drawn like the study guide's,
in DejaVu, with ReportLab graphics.
"""

from __future__ import annotations

from typing import Any

from quizgen.grading.analysis import MIN_SHEETS, Analysis, Item, analyse

RED_HEX = "#c0392b"


def report_pdf(results: dict[str, Any]) -> bytes:
    from quizgen.writers.pdf.layout import build_pdf

    analysis = analyse(results)
    docs = sorted(results["keys"].values(), key=lambda d: d["version"])
    title = docs[0]["title"] if docs else "Class report"
    bank = f"{docs[0]['bank']['name']} {docs[0]['bank']['version']}" if docs else ""
    return build_pdf(
        _story(results, analysis, title, bank),
        paper=docs[0]["paper"] if docs else "a4",
        title=f"{title} - class report",
        subject=f"Item analysis of a graded class, bank {bank}",
        lang="en",
        footer="Class report · quizgen grade",
    )


def _story(results: dict[str, Any], analysis: Analysis, title: str, bank: str) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    from quizgen.writers.pdf.layout import MARGIN, STYLES, esc, paper_size

    docs = sorted(results["keys"].values(), key=lambda d: d["version"])
    width = paper_size(docs[0]["paper"] if docs else "a4")[0] - 2 * MARGIN - 12
    versions = ", ".join(d["version"] for d in docs) or "-"
    flow: list[Any] = [
        Paragraph(f"Class report · {esc(bank)} · versions {esc(versions)}", STYLES["subtitle"]),
        Paragraph(esc(title), STYLES["title"]),
        Spacer(1, 4),
    ]
    settle = sum(len(s["to_settle"]) for s in results["sheets"])
    facts = [f"{analysis.sheets} sheet{'s' if analysis.sheets != 1 else ''} graded"]
    if analysis.mean is not None:
        spread = f", standard deviation {analysis.stdev:.0f} points of 100" if analysis.stdev is not None else ""
        facts.append(f"mean {analysis.mean:.0f}%, median {analysis.median:.0f}%{spread}")
    if analysis.alpha is not None:
        facts.append(f"reliability (Cronbach's alpha) {analysis.alpha:.2f}")
    if settle:
        facts.append(
            f"<font color='{RED_HEX}'>{settle} row{'s' if settle != 1 else ''} still to settle "
            "(they score nothing until settled)</font>"
        )
    if results["refused"]:
        facts.append(f"{len(results['refused'])} page(s) refused")
    flow.append(Paragraph(" · ".join(facts), STYLES["body"]))
    flow.append(Paragraph("Score distribution", STYLES["heading"]))
    flow.append(histogram(analysis.scores, width))
    flow.append(
        Paragraph("Difficulty: share of each question's points the class earned (red: flagged)", STYLES["heading"])
    )
    flow.append(difficulty_chart(analysis.items, width))
    if analysis.sheets < MIN_SHEETS:
        flow.append(
            Paragraph(
                f"With fewer than {MIN_SHEETS} sheets the figures are shown but no item is flagged.", STYLES["small"]
            )
        )
    flow.append(Paragraph("Questions", STYLES["heading"]))
    flow.append(
        Paragraph(
            "Discrimination: the correlation of the question's score with the rest of the test "
            "(point-biserial; below 0 the stronger students did worse on it) and the top 27% "
            "minus the bottom 27%. Options are counted by their text across versions; ✓ marks the key.",
            STYLES["small"],
        )
    )
    flow.append(_item_table(analysis.items, width))
    flow += _to_settle(results)
    flow += _refused(results)
    return flow


def histogram(scores: tuple[float, ...], width: float) -> Any:
    from reportlab.graphics.shapes import Drawing, Line, Rect

    from quizgen.writers.pdf import fonts
    from quizgen.writers.pdf.charts import ACCENT, INK, LIGHT, _text

    counts = [0] * 10
    for percent in scores:
        counts[min(int(percent // 10), 9)] += 1
    height = 150.0
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR)
    left, bottom, top = 30.0, 28.0, height - 12
    slot = (width - left - 10) / 10
    tallest = max(counts + [1])
    step = max(1, -(-tallest // 5))
    for tick in range(0, tallest + step, step):
        y = bottom + tick / max(tallest, step) * (top - bottom) if tallest else bottom
        drawing.add(Line(left - 3, y, width - 10, y, strokeColor=LIGHT, strokeWidth=0.5))
        drawing.add(_text(left - 6, y - 3, str(tick), size=7.5, anchor="end"))
    for i, count in enumerate(counts):
        x = left + i * slot
        bar = count / max(tallest, step) * (top - bottom)
        if count:
            drawing.add(Rect(x + 3, bottom, slot - 6, bar, fillColor=ACCENT, strokeColor=None))
            drawing.add(_text(x + slot / 2, bottom + bar + 3, str(count), size=8, bold=True, anchor="middle"))
        label = f"{i * 10}-{i * 10 + 9}" if i < 9 else "90-100"
        drawing.add(_text(x + slot / 2, bottom - 11, label, size=7.5, anchor="middle"))
    drawing.add(Line(left, bottom, width - 10, bottom, strokeColor=INK, strokeWidth=0.8))
    drawing.add(
        _text(
            left + (width - left) / 2,
            2,
            "score, % of the points (sheets per band)",
            size=7.5,
            anchor="middle",
            color=INK,
        )
    )
    return drawing


def difficulty_chart(items: tuple[Item, ...], width: float) -> Any:
    from reportlab.graphics.shapes import Drawing, Line, Rect
    from reportlab.lib import colors

    from quizgen.writers.pdf import fonts
    from quizgen.writers.pdf.charts import ACCENT, INK, LIGHT, _text

    height = 130.0
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR)
    left, bottom, top = 30.0, 22.0, height - 8
    slot = (width - left - 10) / max(len(items), 1)
    for tick in (0, 25, 50, 75, 100):
        y = bottom + tick / 100 * (top - bottom)
        drawing.add(Line(left - 3, y, width - 10, y, strokeColor=LIGHT, strokeWidth=0.5))
        drawing.add(_text(left - 6, y - 3, f"{tick}%", size=7, anchor="end"))
    red = colors.HexColor(RED_HEX)
    for i, item in enumerate(items):
        x = left + i * slot
        if item.difficulty is not None:
            bar = item.difficulty * (top - bottom)
            drawing.add(
                Rect(
                    x + slot * 0.15,
                    bottom,
                    slot * 0.7,
                    max(bar, 0.8),
                    fillColor=red if item.flags else ACCENT,
                    strokeColor=None,
                )
            )
        drawing.add(
            _text(x + slot / 2, bottom - 10, _number(item), size=6.5 if len(items) > 25 else 7.5, anchor="middle")
        )
    drawing.add(Line(left, bottom, width - 10, bottom, strokeColor=INK, strokeWidth=0.8))
    return drawing


def _number(item: Item) -> str:
    """The question's number on the first version (the one the table is ordered by)."""
    return str(next(iter(item.numbers.values()))) if item.numbers else "?"


def _item_table(items: tuple[Item, ...], width: float) -> Any:
    from reportlab.platypus import Paragraph, Table, TableStyle

    from quizgen.writers.pdf import fonts
    from quizgen.writers.pdf.layout import SHADE, STYLES, esc

    cell, bold = STYLES["cell"], STYLES["cell-bold"]
    small = STYLES["small"]
    rows: list[list[Any]] = [[Paragraph(h, bold) for h in ("#", "Question", "Right", "Discr.", "Options chosen")]]
    flagged_rows = []
    for item in items:
        numbers = " · ".join(f"{v} {n}" for v, n in sorted(item.numbers.items()))
        question = (
            f"<b>{esc(item.kind)}</b> {esc(_cut(item.prompt, 110))}"
            f"<br/><font size=7 color='#6b6b6b'>{esc(', '.join(item.fact_ids))}</font>"
        )
        for flag in item.flags:
            question += f"<br/><font size=7.5 color='{RED_HEX}'>⚑ {esc(flag.rule)}</font>"
        right = "-" if item.difficulty is None else f"{100 * item.difficulty:.0f}%"
        discr = "-" if item.discrimination is None else f"{item.discrimination:+.2f}"
        if item.upper_lower is not None:
            discr += f"<br/><font size=7 color='#6b6b6b'>U-L {item.upper_lower:+.2f}</font>"
        options = "<br/>".join(
            f"{'✓ ' if is_key else ''}{esc(_cut(text, 34))}: <b>{count}</b>"
            + (f" <font color='{RED_HEX}'>⚑</font>" if count == 0 and not is_key and item.flags else "")
            for text, count, is_key in item.options
        )
        if item.blank:
            options += ("<br/>" if options else "") + f"blank: <b>{item.blank}</b>"
        rows.append(
            [
                Paragraph(esc(numbers), small),
                Paragraph(question, cell),
                Paragraph(right, cell),
                Paragraph(discr, cell),
                Paragraph(options or "-", cell),
            ]
        )
        if item.flags:
            flagged_rows.append(len(rows) - 1)
    table = Table(rows, colWidths=[40, "*", 38, 46, 160], repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, "black"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, "#bbbbbb"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), SHADE) for r in flagged_rows]
    table.setStyle(TableStyle(style))
    return table


def _cut(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _to_settle(results: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    from quizgen.writers.pdf.layout import STYLES, esc

    rows = [(s["sheet"], s["student_number"], t) for s in results["sheets"] for t in s["to_settle"]]
    if not rows:
        return []
    flow: list[Any] = [
        Paragraph("To settle", STYLES["heading"]),
        Paragraph(
            "Look at each row on the sheet (the marked copy shows it in yellow), then grade "
            "again with one --accept per row, e.g. --accept 'scan-07.png:12=B' "
            "(blank for no answer; right, half or wrong for a typed answer).",
            STYLES["small"],
        ),
    ]
    for sheet, number, item in rows:
        who = f" (student {esc(number)})" if number else ""
        flow.append(
            Paragraph(
                f"<b>{esc(sheet)}:{esc(item['ref'])}</b>{who}: {esc(item['why'])}", STYLES["fact"], bulletText="•"
            )
        )
    return flow


def _refused(results: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    from quizgen.writers.pdf.layout import STYLES, esc

    if not results["refused"] and not results["blank_pages"]:
        return []
    flow: list[Any] = [Paragraph("Pages not graded", STYLES["heading"])]
    for entry in results["refused"]:
        flow.append(Paragraph(f"<b>{esc(entry['sheet'])}</b>: {esc(entry['reason'])}", STYLES["fact"], bulletText="•"))
    if results["blank_pages"]:
        flow.append(
            Paragraph(f"Blank pages skipped: {esc(', '.join(results['blank_pages']))}", STYLES["fact"], bulletText="•")
        )
    return flow
