"""Shared page layout for quizgen's PDFs: paper, styles, footer, small flowables, the build.

Every style names DejaVu explicitly, bullets and table cells included: ReportLab falls
back to Helvetica (a font that is never embedded) wherever a font is left unset.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from quizgen import __version__
from quizgen.errors import UsageError
from quizgen.gcpause import collector_running
from quizgen.writers.pdf import fonts

PAPERS: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
FOOTER_GAP = 9 * mm
FRAME_PADDING = 6  # ReportLab's Frame pads each side by 6 points
GREY = colors.Color(0.42, 0.42, 0.42)
RULE = colors.Color(0.62, 0.62, 0.62)
SHADE = colors.Color(0.93, 0.93, 0.93)

fonts.register()


def esc(text: str) -> str:
    """Fact text for ReportLab's paragraph markup: < > & print as themselves."""
    return escape(text)


def paper_size(paper: str) -> tuple[float, float]:
    try:
        return PAPERS[paper.lower()]
    except KeyError:
        raise UsageError(f"unknown paper '{paper}'; choose from {', '.join(PAPERS)}") from None


def _style(name: str, **changes: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": fonts.REGULAR,
        "bulletFontName": fonts.REGULAR,
        "fontSize": 10,
        "leading": 13.5,
        "bulletFontSize": 10,
    }
    return ParagraphStyle(name, **(base | changes))


STYLES = {
    "title": _style("title", fontName=fonts.BOLD, fontSize=18, leading=22, spaceAfter=2),
    "subtitle": _style("subtitle", fontSize=9.5, leading=12, textColor=GREY),
    "badge": _style("badge", fontName=fonts.BOLD, fontSize=13, leading=16, alignment=1),
    "field": _style("field", fontSize=10, leading=13),
    "field-right": _style("field-right", fontSize=10, leading=13, alignment=2),
    "section": _style(
        "section",
        fontName=fonts.BOLD,
        fontSize=12,
        leading=15,
        spaceBefore=12,
        spaceAfter=1,
        backColor=SHADE,
        borderPadding=(3, 4, 3, 4),
    ),
    "instruction": _style(
        "instruction", fontName=fonts.ITALIC, fontSize=9, leading=12, textColor=GREY, spaceBefore=4, spaceAfter=4
    ),
    "question": _style(
        "question", leftIndent=24, bulletIndent=0, spaceBefore=7, spaceAfter=2, bulletFontName=fonts.BOLD
    ),
    "option": _style("option", leftIndent=46, bulletIndent=26, spaceBefore=1, bulletFontName=fonts.BOLD),
    "cell": _style("cell", fontSize=9.5, leading=12.5),
    "cell-bold": _style("cell-bold", fontName=fonts.BOLD, fontSize=9.5, leading=12.5),
    "body": _style("body", spaceAfter=3),
    "fact": _style("fact", leftIndent=20, bulletIndent=4, spaceAfter=3, allowOrphans=0, allowWidows=0),
    "small": _style("small", fontSize=8.5, leading=11, textColor=GREY),
    "key-answer": _style("key-answer", leftIndent=24, spaceBefore=1),
    "key-detail": _style("key-detail", leftIndent=24, fontSize=8.5, leading=11, textColor=GREY),
    "topic": _style(
        "topic",
        fontName=fonts.BOLD,
        fontSize=11,
        leading=14,
        spaceBefore=8,
        spaceAfter=3,
        keepWithNext=1,
        textColor=colors.Color(0.12, 0.38, 0.62),
    ),
    "heading": _style("heading", fontName=fonts.BOLD, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
}


class Unsplit(Flowable):  # type: ignore[misc]
    """Flowables kept on one page, laid out once.

    KeepTogether measures its content, then hands the pieces back to be laid out again;
    a question is a few small pieces, so this block wraps them once and draws them itself.
    If it does not fit, it moves whole to the next page; one taller than a page flows
    its pieces normally.
    """

    def __init__(self, content: list[Flowable]) -> None:
        super().__init__()
        self.content = content
        self._placed: list[tuple[Flowable, float, float]] = []  # item, its top, its height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._placed, y = [], 0.0
        last = len(self.content) - 1
        for index, item in enumerate(self.content):
            if index:
                y += item.getSpaceBefore()
            _, height = item.wrapOn(self.canv, avail_width, avail_height)
            self._placed.append((item, y, height))
            y += height + (item.getSpaceAfter() if index < last else 0)
        self.width, self.height = avail_width, y
        return avail_width, y

    def getSpaceBefore(self) -> float:
        return float(self.content[0].getSpaceBefore()) if self.content else 0.0

    def getSpaceAfter(self) -> float:
        return float(self.content[-1].getSpaceAfter()) if self.content else 0.0

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        from reportlab.platypus.doctemplate import NullActionFlowable

        # What a fresh frame holds: the page less its margins and the frame's own padding.
        page_height = self.canv._pagesize[1] - 2 * MARGIN - 2 * FRAME_PADDING
        # Taller than a page: its pieces flow from here. ReportLab demands that the first piece
        # of a split fit where it stands, unless it is an action: a long first paragraph need not.
        return [NullActionFlowable(), *self.content] if self.height > page_height else []

    def draw(self) -> None:
        for item, top, height in self._placed:
            item.drawOn(self.canv, 0, self.height - top - height)


class RuledLines(Flowable):  # type: ignore[misc]
    """Lines to write an answer on, across the text width after an indent."""

    def __init__(self, count: int, indent: float = 24, gap: float = 22) -> None:
        super().__init__()
        self.count, self.indent, self.gap = count, indent, gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.gap + 2

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            y = 2 + i * self.gap
            self.canv.line(self.indent, y, self.width, y)


class Box(Flowable):  # type: ignore[misc]
    """An empty square to write a letter or a number in."""

    def __init__(self, size: float = 15) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size)


class FooterLabel(Flowable):  # type: ignore[misc]
    """Sets the footer text from this page on (the answer key of an appended key, say)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.quizgen_footer = self.text


def _numbered_canvas(footer: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds every page until save() so each footer can say 'Page X of Y'."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.quizgen_footer = footer
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            y = FOOTER_GAP
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 10, width - MARGIN, y + 10)
            self.setFont(fonts.REGULAR, 8.5)
            self.setFillColor(GREY)
            page = f"Page {number} of {total}"
            room = width - 2 * MARGIN - self.stringWidth(page, fonts.REGULAR, 8.5) - 12
            self.drawString(MARGIN, y, _fitted(self.quizgen_footer, room, self.stringWidth))
            self.drawRightString(width - MARGIN, y, page)
            self.restoreState()

    return NumberedCanvas


def _fitted(text: str, room: float, width: Any) -> str:
    """`text`, shortened with an ellipsis until width(text, font, size) fits `room` (a long title
    of wide letters would run into the page number)."""
    if width(text, fonts.REGULAR, 8.5) <= room:
        return text
    while text and width(text + "…", fonts.REGULAR, 8.5) > room:
        text = text[: len(text) * 9 // 10] if len(text) > 40 else text[:-1]
    return text + "…"


def build_pdf(story: list[Flowable], *, paper: str, title: str, subject: str, lang: str, footer: str) -> bytes:
    """Lay out `story` and return the PDF: invariant (no dates, fixed ids), fonts embedded."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=paper_size(paper),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        subject=subject,
        author="quizgen",
        creator=f"quizgen {__version__}",
        lang=lang,
        invariant=1,
        initialFontName=fonts.REGULAR,
        initialFontSize=10,
    )
    # Laying out makes reference cycles (each drawn paragraph's text object and line state), so
    # the collector runs here though the writer paused it: a 100,000-fact study guide left
    # 1.75 million such objects, 350 MB, until the build ended.
    with collector_running():
        doc.build(story, canvasmaker=_numbered_canvas(footer))
    return out.getvalue()
