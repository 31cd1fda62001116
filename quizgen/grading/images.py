"""Scans in: PNG, JPEG (and whatever else OpenCV decodes) and PDF pages, one grey page at a time.

PDF pages are rasterised with pypdfium2 (PDFium, the engine of Chrome's viewer) at 150 dpi, one
page at a time, so a long multi-page scan never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np

PDF_DPI = 150


class Page(NamedTuple):
    label: str  # how the page is named in messages, grades.csv and --accept: the path, plus #N for a PDF page
    image: np.ndarray | None  # grey, uint8; None when the file could not be read
    problem: str = ""


def pages(path: Path, shown: str) -> Iterator[Page]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Page(shown, None, f"cannot read the file ({exc.strerror or exc})")
        return
    if data[:5] == b"%PDF-":
        yield from _pdf_pages(data, shown)
        return
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE) if data else None
    if image is None:
        yield Page(shown, None, "not an image or PDF that can be read (PNG, JPEG or PDF expected)")
    else:
        yield Page(shown, image)


def _pdf_pages(data: bytes, shown: str) -> Iterator[Page]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        yield Page(shown, None, f"a damaged or protected PDF ({exc})")
        return
    try:
        for number in range(len(document)):
            page = document[number]
            try:
                bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
                image = np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(bitmap.height, bitmap.width)
            finally:
                page.close()
            yield Page(f"{shown}#{number + 1}", image)
    finally:
        document.close()


def is_blank(image: np.ndarray) -> bool:
    """A page with (almost) no ink: the empty back of a duplex scan."""
    small = cv2.resize(image, (max(1, image.shape[1] // 4), max(1, image.shape[0] // 4)), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    # A dark picture is no blank page (a lens cap, a black scan): it is refused, not skipped.
    return paper >= 60 and float(np.mean(small < 0.6 * paper)) < 0.002
