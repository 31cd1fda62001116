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

from collections.abc import Callable
from typing import Any, NamedTuple

import cv2
import numpy as np

from quizgen.writers.sheets.layout import parse_payload

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
    _count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    image_area = even.shape[0] * even.shape[1]
    x, y, w, h, area = (stats[:, i] for i in range(5))
    # Plausible size and shape from the statistics alone (text and specks are thousands of blobs):
    # a rotated square still fills half its bounding box; hollow boxes and outlines do not.
    plausible = (
        (area >= image_area * 4e-5) & (area <= image_area * 6e-3) & (w <= 2 * h) & (h <= 2 * w) & (area >= 0.6 * w * h)
    )
    plausible[0] = False  # the background
    found = []
    for i in np.flatnonzero(plausible):
        x, y, w, h, area = stats[i]
        contours, _ = cv2.findContours(
            (labels[y : y + h, x : x + w] == i).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
        )
        (_, _), (rw, rh), _ = cv2.minAreaRect(max(contours, key=cv2.contourArea))
        if rw <= 0 or rh <= 0 or not (0.7 <= rw / rh <= 1.43):
            continue
        if area >= 0.86 * rw * rh:  # a square fills its rectangle; a filled bubble only pi/4 of it
            found.append((float(centroids[i][0]), float(centroids[i][1]), float(area)))
    return found


def corner_marks(even: np.ndarray) -> list[np.ndarray]:
    """Quadrilaterals of corner marks, most likely first: each the top-left, top-right,
    bottom-right and bottom-left of the image.

    First the outermost square in each direction; then, in case one of them is a stray square
    (another sheet's mark on the scanner glass, a doodle), the same with one corner taken from
    the next square inwards.
    """
    squares = _square_centres(even)
    hint = ": not a quizgen answer sheet, or a corner of the page is cut off or covered"
    if len(squares) < 4:
        raise NotASheet("the four corner marks were not found" + hint)
    # The corner marks are the largest solid squares on a sheet: smaller specks (a shadow's
    # edge, a QR finder's centre) may lie further out but are not candidates.
    fourth = sorted((area for _, _, area in squares), reverse=True)[3]
    squares = [square for square in squares if square[2] >= 0.4 * fourth]
    points = np.array([(x, y) for x, y, _ in squares])
    s, d = points.sum(axis=1), points[:, 0] - points[:, 1]
    # How far out each square lies towards the top-left, top-right, bottom-right, bottom-left.
    reach = np.stack([-s, d, s, -d])
    ranked = [list(np.argsort(-row)) for row in reach]
    choices = [[int(r[0]) for r in ranked]]
    choices += [
        [int(ranked[c][1]) if c == corner else int(ranked[c][0]) for c in range(4)]
        for corner in range(4)
        if len(ranked[corner]) > 1
    ]
    quads, problem = [], "fewer than four corner marks were found"
    for chosen in choices:
        if len(set(chosen)) < 4:
            continue
        areas = [squares[i][2] for i in chosen]
        quad = points[chosen].astype(np.float32)
        if max(areas) > 2.5 * min(areas):
            problem = "the corner marks found differ in size"
        elif not cv2.isContourConvex(quad.reshape(-1, 1, 2)) or cv2.contourArea(quad) < 0.1 * even.size:
            problem = "the corner marks found do not frame a page"
        else:
            quads.append(quad)
    if not quads:
        raise NotASheet(problem + hint)
    return quads


def _homography(
    image_points: np.ndarray, sheet_points: np.ndarray, scale: float, offset: tuple[float, float] = (0.0, 0.0)
) -> np.ndarray:
    target = ((sheet_points - np.array(offset)) * scale).astype(np.float32)
    return cv2.getPerspectiveTransform(image_points.astype(np.float32), target)


def _qr_crop(
    even: np.ndarray, image_points: np.ndarray, sheet_points: np.ndarray, qr: dict[str, Any], scale: float
) -> np.ndarray:
    margin = 8.0
    size = int((qr["size"] + 2 * margin) * scale)
    matrix = _homography(image_points, sheet_points, scale, (qr["x"] - margin, qr["y"] - margin))
    return cv2.warpPerspective(even, matrix, (size, size), flags=cv2.INTER_LINEAR, borderValue=255)


def _looks_like_qr(crop: np.ndarray) -> float:
    """Share of dark pixels: about half in a QR code, far less where bubbles or paper are."""
    return float(np.mean(crop < 128))


def _read_qr(even: np.ndarray, image_points: np.ndarray, sheet_points: np.ndarray, qr: dict[str, Any]) -> str:
    # OpenCV's detector misses a blurred or skewed code now and then at one scale and reads it
    # at another: try a few, then its ArUco-based detector.
    for scale, detector in (
        (3.0, cv2.QRCodeDetector),
        (2.0, cv2.QRCodeDetector),
        (4.0, cv2.QRCodeDetector),
        (3.0, cv2.QRCodeDetectorAruco),
    ):
        text, _, _ = detector().detectAndDecode(_qr_crop(even, image_points, sheet_points, qr, scale))
        if text:
            return str(text)
    return ""


def locate(
    gray: np.ndarray,
    page: dict[str, Any],
    qr: dict[str, Any],
    marks: list[dict[str, Any]],
    lined_up: Callable[[np.ndarray, dict[str, str]], bool] = lambda image, payload: True,
) -> Located:
    """The sheet found on `gray` (any size and orientation), straightened to canonical pixels.

    `page`, `qr` and `marks` come from any sheet geometry: every quizgen sheet of a paper size
    has its corner marks and QR code in the same places. `lined_up` checks a straightened
    sheet against its own layout; a choice of corner marks it rejects is not taken.
    """
    shrink = max(gray.shape) / MAX_SIDE
    if shrink > 1:
        gray = cv2.resize(
            gray, (round(gray.shape[1] / shrink), round(gray.shape[0] / shrink)), interpolation=cv2.INTER_AREA
        )
    even = even_lighting(gray)
    # Corner marks are large: look for them on a smaller copy (a quarter of the pixels to label).
    coarse = 1000 / max(even.shape)
    if coarse < 0.8:
        small = cv2.resize(
            even, (round(even.shape[1] * coarse), round(even.shape[0] * coarse)), interpolation=cv2.INTER_AREA
        )
        quads = [(quad + 0.5) / coarse - 0.5 for quad in corner_marks(small)]
    else:
        quads = corner_marks(even)
    sheet_points = np.array([(m["x"], m["y"]) for m in marks], dtype=np.float64)
    texts, misaligned = [], False
    for found in quads:
        for turns, ordered, text in _orientations(even, found, sheet_points, qr):
            payload = parse_payload(text)
            if payload is None:
                texts.append(text)
                continue
            matrix = _homography(ordered, sheet_points, SCALE)
            size = (round(page["width"] * SCALE), round(page["height"] * SCALE))
            straight = cv2.warpPerspective(even, matrix, size, flags=cv2.INTER_LINEAR, borderValue=255)
            if lined_up(straight, payload):
                return Located(straight, payload, text, turns, ordered * (shrink if shrink > 1 else 1))
            misaligned = True
        if texts:
            break  # a QR code, but not ours: no other choice of corners will make it a quizgen sheet
    if texts:
        raise NotASheet(f"not a quizgen answer sheet: its QR code says {texts[0][:60]!r}")
    if misaligned:
        raise NotASheet(
            "the printed bubbles are not where the corner marks put them: a folded or curled "
            "page, or a square near a corner taken for a corner mark; scan it again, flat"
        )
    raise NotASheet(
        "the QR code could not be read: not a quizgen answer sheet, or scan the page again "
        "(flat, the whole page, at least 150 dpi)"
    )


def _orientations(
    even: np.ndarray, found: np.ndarray, sheet_points: np.ndarray, qr: dict[str, Any]
) -> list[tuple[int, np.ndarray, str]]:
    """(quarter turns, corners in sheet order, QR text) for each orientation whose QR code reads.

    The page's shape leaves two orientations (upright or upside down, or the two sideways);
    the one with a QR-like patch where the code belongs is tried first, and usually reads.
    """
    top, side = np.linalg.norm(found[1] - found[0]), np.linalg.norm(found[3] - found[0])
    portrait = (sheet_points[3][1] - sheet_points[0][1]) > (sheet_points[1][0] - sheet_points[0][0])
    turns = (0, 2) if (side > top) == portrait else (1, 3)
    candidates = [(t, np.roll(found, -t, axis=0)) for t in turns]
    darkness = [_looks_like_qr(_qr_crop(even, points, sheet_points, qr, 1.0)) for _, points in candidates]
    read = []
    for (t, ordered), dark in sorted(zip(candidates, darkness, strict=True), key=lambda c: -c[1]):
        if dark < 0.2:
            continue  # nothing like a QR code where this orientation puts it
        text = _read_qr(even, ordered, sheet_points, qr)
        if text:
            read.append((t, ordered, text))
            break
    return read
