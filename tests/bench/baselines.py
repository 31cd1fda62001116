"""The baselines: what a careful user of the library alone would write to make the same output.

    python -m tests.bench.baselines NAME ARGS...

Each runs as its own process, like the quizgen command it is paired with, and makes the same
visible content from plain data that tests/bench/tasks.py dumped beforehand (untimed): what is
content (a fact's text, the order of a question's options) comes in; what is work (escaping,
GUIDs, layout, numbering, footers, timelines) the baseline does itself, with the library's
ordinary API.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def yaml_c(bank_dir: str) -> None:
    """PyYAML's C loader (libyaml) reading every YAML file of the bank into Python values."""
    import yaml

    for path in sorted(Path(bank_dir).glob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def genanki_deck(facts_json: str, out: str) -> None:
    """genanki: one note per fact with the same note type (fields, a card template per kind, CSS),
    fields HTML-escaped, GUIDs from namespace and fact id, options in an order that depends on the
    fact alone (a generator seeded with a hash of it), the same tags; written by genanki."""
    import hashlib
    import html
    import random
    import re

    import genanki

    data = json.loads(Path(facts_json).read_text(encoding="utf-8"))
    spec = data["model"]
    model = genanki.Model(
        spec["id"],
        spec["name"],
        fields=[{"name": f} for f in spec["fields"]],
        templates=spec["templates"],
        css=spec["css"],
    )
    deck = genanki.Deck(spec["deck_id"], spec["deck_name"])
    namespace = data["namespace"]

    def esc(text: str) -> str:
        return html.escape(text, quote=False).replace("\n", "<br>")

    for index, fact in enumerate(data["facts"]):
        rng = random.Random(
            hashlib.sha256("\x1f".join((fact["id"], fact["answer"], *fact["distractors"])).encode("utf-8")).digest()
        )
        shown = rng.sample(fact["distractors"], 3)
        key = rng.randrange(4)
        shown.insert(key, fact["answer"])
        options = "".join(
            f'<li class="correct">{esc(o)}</li>' if i == key else f"<li>{esc(o)}</li>" for i, o in enumerate(shown)
        )
        before = hidden = after = ""
        if fact["cloze"]:
            found = re.search(r"\{\{c1::(.*?)\}\}", fact["cloze"])
            assert found is not None
            before, hidden, after = (
                esc(part) for part in (fact["cloze"][: found.start()], found.group(1), fact["cloze"][found.end() :])
            )
        fields = [
            esc(fact["prompt"]),
            esc(fact["answer"]),
            esc(fact["explanation"]),
            f"{esc(fact['citation'])}<br><i>{esc(fact['source_title'])}</i>",
            fact["id"],
            "y" if fact["reverse"] else "",
            f'<ol class="options" type="A">{options}</ol>',
            before,
            hidden,
            after,
            "y" if fact["type_answer"] else "",
        ]
        tags = [
            f"{namespace}::topic::{fact['topic']}",
            *(f"{namespace}::tag::{'_'.join(t.split())}" for t in fact["tags"]),
        ]
        deck.add_note(
            genanki.Note(
                model=model, fields=fields, tags=tags, due=index, guid=genanki.guid_for(namespace, fact["id"], "qa")
            )
        )
    genanki.Package([deck]).write_to_file(out, timestamp=1_700_000_000)


# ---- ReportLab ---------------------------------------------------------------------------------


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from quizgen.writers.pdf.fonts import FONT_DIR

    for face in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        pdfmetrics.registerFont(TTFont(face, str(FONT_DIR / f"{face}.ttf")))
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )


def _numbered_canvas(footer: str) -> Any:
    """ReportLab's usual recipe for "Page X of Y": keep each page's state, draw footers at save()."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self.pages, 1):
                self.__dict__.update(state)
                self.setFont("DejaVuSans", 8.5)
                self.line(51, 35.5, 544, 35.5)
                self.drawString(51, 25.5, footer)
                self.drawRightString(544, 25.5, f"Page {number} of {len(self.pages)}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            **({"fontName": "DejaVuSans", "bulletFontName": "DejaVuSans", "fontSize": 10, "leading": 13.5} | changes),
        )

    grey = colors.Color(0.42, 0.42, 0.42)
    return {
        "title": style("title", fontName="DejaVuSans-Bold", fontSize=18, leading=22),
        "subtitle": style("subtitle", fontSize=9.5, leading=12, textColor=grey),
        "section": style(
            "section",
            fontName="DejaVuSans-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=12,
            backColor=colors.Color(0.93, 0.93, 0.93),
            borderPadding=(3, 4, 3, 4),
        ),
        "instruction": style(
            "instruction",
            fontName="DejaVuSans-Oblique",
            fontSize=9,
            leading=12,
            textColor=grey,
            spaceBefore=4,
            spaceAfter=4,
        ),
        "question": style("question", leftIndent=24, spaceBefore=7, spaceAfter=2, bulletFontName="DejaVuSans-Bold"),
        "option": style("option", leftIndent=46, bulletIndent=26, spaceBefore=1, bulletFontName="DejaVuSans-Bold"),
        "cell": style("cell", fontSize=9.5, leading=12.5),
        "heading": style("heading", fontName="DejaVuSans-Bold", fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
        "topic": style(
            "topic", fontName="DejaVuSans-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=3, keepWithNext=1
        ),
        "fact": style("fact", leftIndent=20, bulletIndent=4, spaceAfter=3, allowOrphans=0, allowWidows=0),
    }


def _document(out: str, title: str) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        invariant=1,
        initialFontName="DejaVuSans",
    )


def reportlab_worksheet(sheet_json: str, out: str) -> None:
    """ReportLab: the same worksheet: heading, name fields, numbered parts and questions (each
    kept on one page), lettered options, answer lines, matching and ordering tables, and a
    footer with "Page X of Y"."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

    _fonts()
    styles = _styles()
    data = json.loads(Path(sheet_json).read_text(encoding="utf-8"))

    class Lines(Flowable):  # type: ignore[misc]
        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            self.width = width
            return width, self.count * 22 + 2

        def draw(self) -> None:
            for i in range(self.count):
                self.canv.line(24, 2 + i * 22, self.width, 2 + i * 22)

    class Box(Flowable):  # type: ignore[misc]
        def wrap(self, width: float, height: float) -> tuple[float, float]:
            return 15, 15

        def draw(self) -> None:
            self.canv.rect(0, 0, 15, 15)

    def grid(rows: list[list[Any]], widths: list[Any]) -> Table:
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        )
        return table

    top = Table(
        [
            [
                [
                    Paragraph(escape(data["title"]), styles["title"]),
                    Paragraph(escape(data["subtitle"]), styles["subtitle"]),
                ],
                Paragraph(f"Version<br/>{escape(data['label'])}", styles["title"]),
            ]
        ],
        colWidths=["*", 70],
    )
    top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"), ("BOX", (1, 0), (1, 0), 1.2, "black")]))
    names = Table(
        [["Name", "", "Class", ""], ["Date", "", "Score", f"/ {data['points']}"]],
        colWidths=[42, "*", 42, 130],
        rowHeights=24,
    )
    names.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"),
                ("LINEBELOW", (1, 0), (1, 1), 0.6, "black"),
                ("LINEBELOW", (3, 0), (3, 1), 0.6, "black"),
            ]
        )
    )
    story: list[Any] = [top, Spacer(1, 8), names, Spacer(1, 4)]
    for part in data["parts"]:
        lead = [
            Paragraph(escape(part["heading"]), styles["section"]),
            Paragraph(escape(part["instruction"]), styles["instruction"]),
        ]
        for q in part["questions"]:
            flow = lead + [Paragraph(escape(q["prompt"]), styles["question"], bulletText=f"{q['number']}.")]
            lead = []
            kind = q["kind"]
            if kind == "mcq":
                flow += [
                    Paragraph(escape(o), styles["option"], bulletText="ABCDEFGH"[i]) for i, o in enumerate(q["options"])
                ]
            elif kind == "tf":
                flow.append(
                    Paragraph(("&nbsp;" * 12).join(f"<b>{escape(o)}</b>" for o in q["options"]), styles["option"])
                )
            elif kind in ("short", "numeric"):
                flow.append(Lines(2 if kind == "short" else 1))
            elif kind == "matching":
                flow.append(
                    grid(
                        [
                            [
                                Box(),
                                Paragraph(escape(item), styles["cell"]),
                                Paragraph("ABCDEFGH"[i], styles["cell"]),
                                Paragraph(escape(option), styles["cell"]),
                            ]
                            for i, (item, option) in enumerate(zip(q["items"], q["options"], strict=True))
                        ],
                        [38, "*", 22, 150],
                    )
                )
            elif kind == "ordering":
                flow.append(grid([[Box(), Paragraph(escape(e), styles["cell"])] for e in q["events"]], [38, "*"]))
            story.append(KeepTogether(flow))
    _document(out, data["title"]).build(story, canvasmaker=_numbered_canvas(data["footer"]))


def reportlab_guide(guide_json: str, out: str) -> None:
    """ReportLab: the same study guide: heading, the same timeline drawings (an axis with year
    ticks, a mark, a leader line and a dated label per event, 40 events a drawing), facts by
    topic with a grey citation (and quote), the sources, and a footer with "Page X of Y"."""
    from xml.sax.saxutils import escape

    from reportlab.graphics.shapes import Circle, Drawing, Line, String
    from reportlab.platypus import Paragraph, Spacer

    _fonts()
    styles = _styles()
    data = json.loads(Path(guide_json).read_text(encoding="utf-8"))
    story: list[Any] = [
        Paragraph(escape(data["subtitle"]), styles["subtitle"]),
        Paragraph(escape(data["title"]), styles["title"]),
        Paragraph(escape(data["description"]), styles["subtitle"]),
        Spacer(1, 6),
    ]
    if data["timelines"]:
        story.append(Paragraph(escape(data["timeline_heading"]), styles["heading"]))
    for events in data["timelines"]:  # [[position in years, label], ...] in time order
        first, last = int(events[0][0]), int(events[-1][0])
        height = max(300.0, len(events) * 13 + 60)
        top, bottom, width = height - 16, 16.0, 480.0
        drawing = Drawing(width, height, initialFontName="DejaVuSans")

        def y_of(t: float) -> float:
            return top - (t - first) / max(last + 1 - first, 1) * (top - bottom)  # noqa: B023

        drawing.add(Line(58, top + 6, 58, bottom - 6, strokeWidth=2.5))
        for year in range(first, last + 2):
            drawing.add(Line(51, y_of(year), 58, y_of(year), strokeWidth=0.6))
            if year % 5 == 0 and year <= last:
                drawing.add(
                    String(48, y_of(year) - 3, str(year), fontName="DejaVuSans-Bold", fontSize=8.5, textAnchor="end")
                )
        label_y = top + 4
        for index, (when, label) in enumerate(events):
            label_y = min(y_of(when), label_y - 13) if index else min(y_of(when), top + 4)
            drawing.add(Line(58, y_of(when), 92, label_y + 3, strokeWidth=0.7))
            drawing.add(Circle(58, y_of(when), 3.2, strokeWidth=1.4))
            date, text = label.split("\x00")
            drawing.add(String(100, label_y, date, fontName="DejaVuSans-Bold", fontSize=8.5))
            drawing.add(String(100 + 6 * len(date), label_y, f"  –  {text}", fontName="DejaVuSans", fontSize=8.5))
        story.append(drawing)
    story.append(Paragraph("Facts by topic", styles["heading"]))
    for topic in data["topics"]:
        story.append(Paragraph(escape(topic["title"]), styles["topic"]))
        for statement, cite, quote in topic["facts"]:
            text = f"{escape(statement)} <font size=8 color='#6b6b6b'>{escape(cite)}</font>"
            if quote:
                text += f"<br/><font size=8 color='#4a4a4a'><i>“{escape(quote)}”</i></font>"
            story.append(Paragraph(text, styles["fact"], bulletText="•"))
    story.append(Paragraph("Sources", styles["heading"]))
    for number, source in enumerate(data["sources"], 1):
        story.append(Paragraph(escape(source), styles["fact"], bulletText=f"[{number}]"))
    _document(out, data["title"]).build(story, canvasmaker=_numbered_canvas(data["footer"]))


def rasterise(scans_dir: str) -> None:
    """pypdfium2: only rasterise the scans' pages at 150 dpi in grey, as grading does first."""
    import pypdfium2 as pdfium

    for path in sorted(Path(scans_dir).glob("*.pdf")):
        document = pdfium.PdfDocument(path.read_bytes())
        for page in document:
            page.render(scale=150 / 72, grayscale=True).to_numpy()
        document.close()


BASELINES = {
    "yaml-c": yaml_c,
    "rasterise": rasterise,
    "genanki-deck": genanki_deck,
    "reportlab-worksheet": reportlab_worksheet,
    "reportlab-guide": reportlab_guide,
}

if __name__ == "__main__":
    name, *args = sys.argv[1:]
    BASELINES[name](*args)
