"""Find an answer sheet on a scan or photo and straighten it.

As Auto Multiple Choice does, the page is found by its corner marks: solid squares, taken as
the outermost square-shaped blobs of ink in each direction. Their four centres give the
perspective transform (rotation, scale, skew and a phone's perspective at once). Which corner
is which, a sheet upside down or sideways, is settled by the QR code: it is read where it
should be for each orientation that fits the page's shape, and the one that reads wins.
Lighting is evened out first by dividing by the paper's own brightness (a wide morphological
closing), so a shadow across a photo does not look like ink.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import cv2
import numpy as np

from quizgen.sheets.layout import parse_payload

SCALE = 150 / 72  # canonical pixels per point: the sheet is read at 150 dpi
MAX_SIDE = 2400  # larger photos are shrunk first: more pixels add time, not accuracy
INK = 0.55  # darker than this share of the local paper brightness counts as ink when finding marks


class NotASheet(Exception):
    """This image is not a readable quizgen answer sheet; the message says why."""


class Located(NamedTuple):
    image: np.ndarray  # the sheet straightened: canonical pixels, paper ~255, uint8
    payload: dict[str, str]  # what the QR code says
    qr_text: str
    rotation: int  # quarter turns the scan was rotated by
    corners: np.ndarray  # the four corner-mark centres found on the input image (TL, TR, BR, BL of the sheet)


def even_lighting(gray: np.ndarray) -> np.ndarray:
    """The image divided by an estimate of the bare paper's brightness, as 0-255 (paper ~255)."""
    height, width = gray.shape
    shrink = 4
    small = cv2.resize(gray, (max(1, width // shrink), max(1, height // shrink)), interpolation=cv2.INTER_AREA)
    size = max(5, int(max(small.shape) * 0.045)) | 1  # wider than a corner mark: the maximum is paper
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    # A closing (maximum, then minimum) wipes out the print and marks but keeps the edge of
    # the page where it is, so paper next to a bright scanner lid is not mistaken for shade.
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (size, size), 0)
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


def _square_centres(even: np.ndarray) -> list[tuple[float, float, float]]:
    """(x, y, area) of every solid, square-shaped blob of ink of a plausible size."""
    ink = (even < int(255 * INK)).astype(np.uint8)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    image_area = even.shape[0] * even.shape[1]
    x, y, w, h, area = (stats[:, i] for i in range(5))
    # Plausible size and shape from the statistics alone (text and specks are thousands of blobs):
    # a rotated square still fills half its bounding box; hollow boxes and outlines do not.
    plausible = ((area >= image_area * 4e-5) & (area <= image_area * 6e-3) & (w <= 2 * h) & (h <= 2 * w)
                 & (area >= 0.6 * w * h))
    plausible[0] = False  # the background
    found = []
    for i in np.flatnonzero(plausible):
        x, y, w, h, area = stats[i]
        contours, _ = cv2.findContours((labels[y:y + h, x:x + w] == i).astype(np.uint8), cv2.RETR_EXTERNAL,
                                       cv2.CHAIN_APPROX_SIMPLE)
        (_, _), (rw, rh), _ = cv2.minAreaRect(max(contours, key=cv2.contourArea))
        if rw <= 0 or rh <= 0 or not (0.7 <= rw / rh <= 1.43):
            continue
        if area >= 0.86 * rw * rh:  # a square fills its rectangle; a filled bubble only pi/4 of it
            found.append((float(centroids[i][0]), float(centroids[i][1]), float(area)))
    return found


def corner_marks(even: np.ndarray) -> np.ndarray:
    """The four outermost squares, as the top-left, top-right, bottom-right, bottom-left of the image."""
    squares = _square_centres(even)
    hint = ": not a quizgen answer sheet, or a corner of the page is cut off or covered"
    if len(squares) < 4:
        raise NotASheet("the four corner marks were not found" + hint)
    points = np.array([(x, y) for x, y, _ in squares])
    s, d = points.sum(axis=1), points[:, 0] - points[:, 1]
    chosen = [int(np.argmin(s)), int(np.argmax(d)), int(np.argmax(s)), int(np.argmin(d))]
    if len(set(chosen)) < 4:
        raise NotASheet("fewer than four corner marks were found" + hint)
    areas = [squares[i][2] for i in chosen]
    if max(areas) > 2.5 * min(areas):
        raise NotASheet("the corner marks found differ in size" + hint)
    quad = points[chosen].astype(np.float32)
    if not cv2.isContourConvex(quad.reshape(-1, 1, 2)) or cv2.contourArea(quad) < 0.1 * even.size:
        raise NotASheet("the corner marks found do not frame a page" + hint)
    return quad


def _homography(image_points: np.ndarray, sheet_points: np.ndarray, scale: float,
                offset: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    target = ((sheet_points - np.array(offset)) * scale).astype(np.float32)
    return cv2.getPerspectiveTransform(image_points.astype(np.float32), target)


def _qr_crop(even: np.ndarray, image_points: np.ndarray, sheet_points: np.ndarray, qr: dict[str, Any],
             scale: float) -> np.ndarray:
    margin = 8.0
    size = int((qr["size"] + 2 * margin) * scale)
    matrix = _homography(image_points, sheet_points, scale, (qr["x"] - margin, qr["y"] - margin))
    return cv2.warpPerspective(even, matrix, (size, size), flags=cv2.INTER_LINEAR,
                               borderValue=255)


def _looks_like_qr(crop: np.ndarray) -> float:
    """Share of dark pixels: about half in a QR code, far less where bubbles or paper are."""
    return float(np.mean(crop < 128))


def _read_qr(even: np.ndarray, image_points: np.ndarray, sheet_points: np.ndarray, qr: dict[str, Any]) -> str:
    # OpenCV's detector misses a blurred or skewed code now and then at one scale and reads it
    # at another: try a few, then its ArUco-based detector.
    for scale, detector in ((3.0, cv2.QRCodeDetector), (2.0, cv2.QRCodeDetector), (4.0, cv2.QRCodeDetector),
                            (3.0, cv2.QRCodeDetectorAruco)):
        text, _, _ = detector().detectAndDecode(_qr_crop(even, image_points, sheet_points, qr, scale))
        if text:
            return str(text)
    return ""


def locate(gray: np.ndarray, page: dict[str, Any], qr: dict[str, Any], marks: list[dict[str, Any]]) -> Located:
    """The sheet found on `gray` (any size and orientation), straightened to canonical pixels.

    `page`, `qr` and `marks` come from any sheet geometry: every quizgen sheet of a paper size
    has its corner marks and QR code in the same places.
    """
    shrink = max(gray.shape) / MAX_SIDE
    if shrink > 1:
        gray = cv2.resize(gray, (round(gray.shape[1] / shrink), round(gray.shape[0] / shrink)),
                          interpolation=cv2.INTER_AREA)
    even = even_lighting(gray)
    # Corner marks are large: look for them on a smaller copy (a quarter of the pixels to label).
    coarse = 1000 / max(even.shape)
    if coarse < 0.8:
        small = cv2.resize(even, (round(even.shape[1] * coarse), round(even.shape[0] * coarse)),
                           interpolation=cv2.INTER_AREA)
        found = (corner_marks(small) + 0.5) / coarse - 0.5
    else:
        found = corner_marks(even)
    sheet_points = np.array([(m["x"], m["y"]) for m in marks], dtype=np.float64)
    top, side = np.linalg.norm(found[1] - found[0]), np.linalg.norm(found[3] - found[0])
    portrait = (sheet_points[3][1] - sheet_points[0][1]) > (sheet_points[1][0] - sheet_points[0][0])
    upright = (side > top) == portrait
    texts = []
    candidates = [np.roll(found, -turns, axis=0) for turns in ((0, 2) if upright else (1, 3))]
    darkness = [_looks_like_qr(_qr_crop(even, points, sheet_points, qr, 1.0)) for points in candidates]
    for turns, ordered, dark in sorted(zip((0, 2) if upright else (1, 3), candidates, darkness, strict=True),
                                       key=lambda c: -c[2]):
        if dark < 0.2:
            continue  # nothing like a QR code where this orientation puts it
        text = _read_qr(even, ordered, sheet_points, qr)
        if text:
            payload = parse_payload(text)
            if payload is None:
                texts.append(text)
                continue
            matrix = _homography(ordered, sheet_points, SCALE)
            size = (round(page["width"] * SCALE), round(page["height"] * SCALE))
            straight = cv2.warpPerspective(even, matrix, size, flags=cv2.INTER_LINEAR, borderValue=255)
            return Located(straight, payload, text, turns, ordered * (shrink if shrink > 1 else 1))
    if texts:
        raise NotASheet(f"not a quizgen answer sheet: its QR code says {texts[0][:60]!r}")
    raise NotASheet("the QR code could not be read: not a quizgen answer sheet, or scan the page again "
                    "(flat, the whole page, at least 150 dpi)")
