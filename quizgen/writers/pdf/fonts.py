"""DejaVu Sans, shipped in quizgen/fonts/, embedded in every PDF.

ReportLab's standard fonts are Latin-1 and never embedded: Kazakh letters would print as
boxes and viewers would substitute fonts. DejaVu covers « », dashes and all Kazakh Cyrillic.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.errors import QuizgenError

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FACES = (REGULAR, BOLD, ITALIC, BOLD_ITALIC)


def register() -> str:
    """Register the four faces and the family (so <b> and <i> work); returns the family name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return REGULAR
    for face in FACES:
        path = FONT_DIR / f"{face}.ttf"
        if not path.is_file():
            raise QuizgenError(f"{path}: font file missing; reinstall quizgen")
        pdfmetrics.registerFont(TTFont(face, str(path)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return REGULAR
