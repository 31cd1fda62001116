"""Print an answer sheet's geometry as a one-page PDF with ReportLab.

Only what layout.py placed is drawn where grading will look; labels sit beside bubbles, never
inside them, so an empty bubble reads as paper. Bank text (title, matching items, events) is
drawn with drawString, which takes no markup, and cut to its space.
"""

from __future__ import annotations

import io
from typing import Any

from quizgen.writers.sheets import keydoc
from quizgen.writers.sheets.layout import MARGIN, TEACHER

KIND_TITLES = {
    "mcq": "Multiple choice",
    "tf": "True or false",
    "cloze": "Fill in the blank",
    "short": "Short answer",
    "numeric": "Numeric answer",
    "matching": "Matching",
    "ordering": "Timeline ordering",
}
GROUP_HINTS = {
    "matching": "each question: the letter of its answer",
    "ordering": "each event: its place in time, 1 = earliest",
}
TEACHER_SIGNS = dict(zip(TEACHER, ("✓", "½", "✗"), strict=True))
INSTRUCTIONS = (
    "Fill one bubble per row, completely, with a dark pen or pencil.",
    "Do not tick, circle or cross bubbles; write nothing else near them.",
    "To change an answer, erase it fully, or cross it out and fill",
    "the new one: crossed-out rows go to your teacher to settle.",
    "Write typed answers in the boxes; your teacher ticks ✓ ½ ✗.",
)


def pdf(geometry: dict[str, Any], doc: dict[str, Any]) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from quizgen import __version__
    from quizgen.writers.pdf import fonts

    fonts.register()
    out = io.BytesIO()
    page = geometry["page"]
    # Every font named: ReportLab otherwise starts each page in Helvetica, a font never embedded.
    canvas = Canvas(
        out,
        pagesize=(page["width"], page["height"]),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.REGULAR,
        initialFontSize=10,
    )
    canvas.setTitle(f"{doc['title']} - Answer sheet, version {doc['version']}")
    canvas.setSubject(
        f"Answer sheet, version {doc['version']}, from the fact bank {doc['bank']['name']} {doc['bank']['version']}"
    )
    canvas.setAuthor("quizgen")
    canvas.setCreator(f"quizgen {__version__}")
    _Sheet(canvas, geometry, doc).draw()
    canvas.showPage()
    canvas.save()
    return out.getvalue()


class _Sheet:
    def __init__(self, canvas: Any, geometry: dict[str, Any], doc: dict[str, Any]) -> None:
        from quizgen.writers.pdf import fonts

        self.c, self.g, self.doc = canvas, geometry, doc
        self.height = float(geometry["page"]["height"])
        self.regular, self.bold = fonts.REGULAR, fonts.BOLD

    def y(self, top: float) -> float:
        return self.height - top

    def text(
        self,
        x: float,
        top: float,
        text: str,
        size: float,
        bold: bool = False,
        room: float | None = None,
        anchor: str = "start",
        grey: float = 0.0,
    ) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        font = self.bold if bold else self.regular
        text = " ".join(text.split())  # a line break or tab in bank text prints as one space
        if room is not None and stringWidth(text, font, size) > room:
            while text and stringWidth(text + "…", font, size) > room:
                text = text[:-1]
            text += "…"
        self.c.setFillGray(grey)
        self.c.setFont(font, size)
        draw = {"start": self.c.drawString, "middle": self.c.drawCentredString, "end": self.c.drawRightString}
        draw[anchor](x, self.y(top), text)

    def draw(self) -> None:
        self.c.setLineWidth(0.7)
        for mark in self.g["marks"]:
            half = mark["size"] / 2
            self.c.setFillGray(0)
            self.c.rect(mark["x"] - half, self.y(mark["y"] + half), mark["size"], mark["size"], stroke=0, fill=1)
        self._header()
        self._qr()
        self._student_number()
        for header in self.g["headers"]:
            self._section(header)
        for block in self.g["questions"]:
            self._question(block)
        page = self.g["page"]
        self.text(
            page["width"] / 2,
            page["height"] - 30,
            f"Version {self.doc['version']} · answer sheet · "
            "keep it flat: no folds, no staples near the corner squares",
            7,
            anchor="middle",
            grey=0.4,
        )

    def _header(self) -> None:
        doc, qr = self.doc, self.g["qr"]
        room = qr["x"] - MARGIN - 60
        self.text(MARGIN + 12, 46, "Answer sheet", 8, bold=True, grey=0.4)
        self.text(MARGIN, 62, doc["title"], 12.5, bold=True, room=room)
        total = sum(q["points"] for q in doc["questions"])
        self.text(
            MARGIN,
            74,
            f"{doc['bank']['name']} {doc['bank']['version']} · {len(doc['questions'])} questions · {total} points",
            8,
            room=room,
            grey=0.35,
        )
        # The version label, large, beside the QR code.
        self.c.setLineWidth(1.2)
        self.c.rect(qr["x"] - 54, self.y(qr["y"] + 46), 44, 46, stroke=1, fill=0)
        self.text(qr["x"] - 32, qr["y"] + 11, "Version", 7, anchor="middle")
        self.text(
            qr["x"] - 32,
            qr["y"] + 36,
            doc["version"],
            20 if len(doc["version"]) < 3 else 9,
            bold=True,
            anchor="middle",
            room=40,
        )
        box = self.g["name_box"]
        self.c.setLineWidth(0.8)
        self.c.rect(box["x"], self.y(box["y"] + box["h"]), box["w"], box["h"], stroke=1, fill=0)
        self.text(box["x"] + 4, box["y"] + 9, "Name", 7, grey=0.35)
        top = box["y"] + box["h"] + 18
        self.text(MARGIN, top, "How to answer", 9, bold=True)
        for i, line in enumerate(INSTRUCTIONS):
            self.text(MARGIN, top + 13 + i * 11, line, 7.6)
        # A filled bubble, and the marks that are not read.
        example_top = top + 13 + len(INSTRUCTIONS) * 11 + 8
        self.text(MARGIN, example_top + 3, "Like this:", 7.6)
        self.c.setFillGray(0)
        self.c.circle(MARGIN + 52, self.y(example_top), 5.5, stroke=1, fill=1)
        self.text(MARGIN + 80, example_top + 3, "Not like this:", 7.6)
        for i, sign in enumerate(("✓", "✗", "•")):
            cx = MARGIN + 148 + i * 20
            self.c.setFillGray(0)
            self.c.circle(cx, self.y(example_top), 5.5, stroke=1, fill=0)
            self.text(cx, example_top + 3.5, sign, 9, anchor="middle")

    def _qr(self) -> None:
        from reportlab.graphics import renderPDF
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        from quizgen.writers.pdf import fonts

        qr = self.g["qr"]
        widget = QrCodeWidget(qr["payload"], barLevel="M", barBorder=2, barWidth=qr["size"], barHeight=qr["size"])
        drawing = Drawing(qr["size"], qr["size"], initialFontName=fonts.REGULAR)
        drawing.add(widget)
        renderPDF.draw(drawing, self.c, qr["x"], self.y(qr["y"] + qr["size"]))

    def _student_number(self) -> None:
        student = self.g["student_number"]
        columns = student["columns"]
        left = columns[0][0]["x"]
        self.text(left - 14, student["write_in_y"] - 8, "Student number", 8.5, bold=True)
        for column in columns:
            x = column[0]["x"]
            self.c.setLineWidth(0.7)
            self.c.rect(x - 7, self.y(student["write_in_y"] + 16), 14, 16, stroke=1, fill=0)
            for bubble in column:
                self._bubble(bubble, labelled=False)
        for bubble in columns[0]:
            self.text(left - 10, bubble["y"] + 2.5, bubble["value"], 7, anchor="end", grey=0.3)

    def _section(self, header: dict[str, Any]) -> None:
        kind = header["kind"]
        title = KIND_TITLES[kind] + (" (the teacher ticks ✓ ½ ✗)" if kind in keydoc.TYPED_KINDS else "")
        self.text(header["x"], header["y"], title, 8, bold=True, room=header["width"])
        self.c.setStrokeGray(0.6)
        self.c.setLineWidth(0.4)
        self.c.line(header["x"], self.y(header["y"] + 3), header["x"] + header["width"], self.y(header["y"] + 3))
        self.c.setStrokeGray(0)

    def _question(self, block: dict[str, Any]) -> None:
        kind = block["kind"]
        if kind in keydoc.GROUP_KINDS:
            self.text(block["x"] + 20, block["title_y"], f"{block['number']}.", 8.5, bold=True, anchor="end")
            self.text(block["x"] + 24, block["title_y"], GROUP_HINTS[kind], 7.2, room=self.g["column_width"] - 24)
        if "write_box" in block:
            box = block["write_box"]
            self.c.setStrokeGray(0.55)
            self.c.setLineWidth(0.6)
            self.c.rect(box["x"], self.y(box["y"] + box["h"]), box["w"], box["h"], stroke=1, fill=0)
            self.c.setStrokeGray(0)
        for row in block["rows"]:
            first = row["bubbles"][0]["x"]
            if "text" in row:
                self.text(block["x"] + 20, row["y"] + 2.5, row["label"], 7.5, bold=True, anchor="end")
                self.text(block["x"] + 24, row["y"] + 2.5, row["text"], 7, room=first - block["x"] - 46)
            else:
                self.text(block["x"] + 18, row["y"] + 3, row["label"], 8.5, bold=True, anchor="end")
            for bubble in row["bubbles"]:
                self._bubble(bubble)

    def _bubble(self, bubble: dict[str, Any], labelled: bool = True) -> None:
        if labelled:  # the value left of its bubble, never inside it
            sign = TEACHER_SIGNS.get(bubble["value"], bubble["value"])
            self.text(bubble["x"] - bubble["r"] - 1.5, bubble["y"] + 2.6, sign, 7, bold=True, anchor="end", grey=0.3)
        self.c.setStrokeGray(0)
        self.c.setLineWidth(0.8)
        if bubble["shape"] == "square":
            r = bubble["r"]
            self.c.rect(bubble["x"] - r, self.y(bubble["y"] + r), 2 * r, 2 * r, stroke=1, fill=0)
        else:
            self.c.circle(bubble["x"], self.y(bubble["y"]), bubble["r"], stroke=1, fill=0)
