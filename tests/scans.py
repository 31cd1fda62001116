"""Synthetic scans of answer sheets: rendered, filled in by a simulated student, then degraded.

A sheet is rendered once from its PDF (pypdfium2); `fill` draws pen-like marks into its
bubbles from the geometry JSON (irregular blobs of varying darkness, size and offset, as a
hand fills a bubble); the degradations below do to the image what scanners and phones do.
Every scan carries what the student meant, row by row, so a test can tell a right reading, a
flagged one and a silent misread apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, NamedTuple

import cv2
import numpy as np

DPI = 150
PX = DPI / 72


class Intent(NamedTuple):
    value: str  # what the student meant: a bubble's value, or "" for no answer
    must_flag: bool = False  # a faint mark, two marks, a crossed-out mark: the reader must not guess


class Scan(NamedTuple):
    image: np.ndarray
    intents: dict[str, Intent]  # row ref ("12", "15.2", "id.3") -> what was meant
    version: str
    what: str  # the degradations applied, for messages


def render(pdf: bytes, dpi: int = DPI) -> np.ndarray:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, grayscale=True)
        return np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(bitmap.height, bitmap.width)
    finally:
        document.close()


def rows_of(geometry: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    rows = {f"id.{i}": column for i, column in enumerate(geometry["student_number"]["columns"], 1)}
    for block in geometry["questions"]:
        for row in block["rows"]:
            rows[row["label"]] = row["bubbles"]
    return rows


def blob(image: np.ndarray, x: float, y: float, r: float, darkness: float, rng: random.Random) -> None:
    """A hand-filled mark: an irregular blob around (x, y) in pixels, `darkness` of full ink."""
    points = []
    wobble = [rng.uniform(0.85, 1.08) for _ in range(5)]
    for i in range(24):
        angle = 2 * np.pi * i / 24
        k = wobble[i % 5] * (1 + 0.05 * np.sin(3 * angle + wobble[0]))
        points.append((x + np.cos(angle) * r * k, y + np.sin(angle) * r * k))
    corners = np.array(points)
    _ink(
        image,
        lambda mask, origin: cv2.fillPoly(
            mask, [np.round((corners - origin) * 16).astype(np.int32)], 255, cv2.LINE_AA, shift=4
        ),
        darkness,
        corners,
    )


def stroke(image: np.ndarray, points: list[tuple[float, float]], width: float, darkness: float) -> None:
    corners = np.array(points)

    def draw(mask: np.ndarray, origin: tuple[int, int]) -> None:
        pts = np.round((corners - origin) * 16).astype(np.int32)
        cv2.polylines(mask, [pts], False, 255, max(1, round(width)), cv2.LINE_AA, shift=4)

    _ink(image, draw, darkness, np.vstack([corners - width, corners + width]))


def _ink(
    image: np.ndarray,
    draw: Callable[[np.ndarray, tuple[int, int]], Any],
    darkness: float,
    points: np.ndarray | None = None,
) -> None:
    """Darken `image` where `draw` paints its mask, only within the box around `points`."""
    assert points is not None
    x0, y0 = np.maximum(np.floor(points.min(axis=0)).astype(int) - 4, 0)
    x1, y1 = np.ceil(points.max(axis=0)).astype(int) + 5
    window = image[y0:y1, x0:x1]
    mask = np.zeros(window.shape, np.uint8)
    draw(mask, (x0, y0))
    cover = mask.astype(np.float32) * (darkness / 255)
    window[...] = (window * (1 - cover)).astype(np.uint8)


def tick(image: np.ndarray, bubble: dict[str, Any], rng: random.Random) -> None:
    """A teacher's tick or cross in a square, often running over its edge."""
    r = bubble["r"] * PX
    x, y = bubble["x"] * PX + rng.uniform(-0.2, 0.2) * r, bubble["y"] * PX + rng.uniform(-0.2, 0.2) * r
    width, darkness = rng.uniform(2.0, 3.2), rng.uniform(0.6, 0.95)
    if rng.random() < 0.5:
        stroke(image, [(x - 0.8 * r, y), (x - 0.15 * r, y + 0.75 * r), (x + 1.1 * r, y - 1.25 * r)], width, darkness)
    else:
        for sign in (1, -1):
            stroke(image, [(x - 0.85 * r, y - sign * 0.85 * r), (x + 0.85 * r, y + sign * 0.85 * r)], width, darkness)


def good_mark(image: np.ndarray, bubble: dict[str, Any], rng: random.Random) -> None:
    if bubble["shape"] == "square" and rng.random() < 0.7:
        tick(image, bubble, rng)
        return
    r = bubble["r"] * PX
    blob(
        image,
        bubble["x"] * PX + rng.uniform(-0.15, 0.15) * r,
        bubble["y"] * PX + rng.uniform(-0.15, 0.15) * r,
        r * rng.uniform(0.78, 1.02),
        rng.uniform(0.62, 0.97),
        rng,
    )


def faint_mark(image: np.ndarray, bubble: dict[str, Any], rng: random.Random) -> None:
    r = bubble["r"] * PX
    blob(image, bubble["x"] * PX, bubble["y"] * PX, r * rng.uniform(0.8, 1.0), rng.uniform(0.27, 0.36), rng)


def cross_out(image: np.ndarray, bubble: dict[str, Any], rng: random.Random) -> None:
    r = bubble["r"] * PX
    x, y = bubble["x"] * PX, bubble["y"] * PX
    reach = r * rng.uniform(1.75, 2.1)
    width = max(2.0, r * 0.2)
    for sign in (1, -1):
        stroke(
            image, [(x - reach * 0.72, y - sign * reach * 0.7), (x + reach * 0.7, y + sign * reach * 0.72)], width, 0.9
        )


def handwriting(image: np.ndarray, geometry: dict[str, Any], name: str, number: str) -> None:
    """A name in the name box and the student number in its boxes, in a script-like font."""
    box = geometry["name_box"]
    cv2.putText(
        image,
        name,
        (round((box["x"] + 40) * PX), round((box["y"] + box["h"] - 7) * PX)),
        cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
        1.1,
        40,
        2,
        cv2.LINE_AA,
    )
    student = geometry["student_number"]
    for digit, column in zip(number, student["columns"], strict=False):
        cv2.putText(
            image,
            digit,
            (round((column[0]["x"] - 4) * PX), round((student["write_in_y"] + 13) * PX)),
            cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
            0.8,
            40,
            2,
            cv2.LINE_AA,
        )


def fill(
    sheet: np.ndarray,
    geometry: dict[str, Any],
    rng: random.Random,
    *,
    tricky: bool = False,
    knows: dict[str, str] | None = None,
    name: str = "",
) -> tuple[np.ndarray, dict[str, Intent]]:
    """A student's answers on a copy of `sheet`: random, except the rows in `knows` (row ref ->
    value). With `tricky`, some rows get two marks, a faint mark or a crossed-out answer,
    which the reader must flag. With `name`, the name and student number are written in too."""
    image = sheet.copy()
    intents: dict[str, Intent] = {}
    for ref, bubbles in rows_of(geometry).items():
        values = [b["value"] for b in bubbles]
        if ref.startswith("id."):
            choice = rng.randrange(10)
        elif knows is not None and ref in knows:
            choice = values.index(knows[ref])
        elif bubbles[0]["shape"] == "square":  # the teacher ticks every typed answer
            choice = rng.randrange(len(values))
        else:
            choice = rng.randrange(len(values) + 1) - 1  # -1: left blank (about one row in five)
        trick = rng.choice(("double", "faint", "crossed", "crossed-only")) if tricky and rng.random() < 0.3 else ""
        if trick and ref.startswith("id."):
            trick = "" if rng.random() < 0.7 else "faint"
        if trick and bubbles[0]["shape"] == "square":  # the teacher's ticks: only two at once is a slip
            trick = "double" if trick == "double" else ""
        if choice < 0 and trick != "faint":
            intents[ref] = Intent("")
            continue
        if trick == "double":
            other = rng.choice([i for i in range(len(values)) if i != choice])
            good_mark(image, bubbles[choice], rng)
            good_mark(image, bubbles[other], rng)
            intents[ref] = Intent(values[choice], must_flag=True)
        elif trick == "faint":
            faint_mark(image, bubbles[max(choice, 0)], rng)
            intents[ref] = Intent("", must_flag=True)
        elif trick == "crossed":  # marked one, crossed it out, marked another
            other = rng.choice([i for i in range(len(values)) if i != choice])
            good_mark(image, bubbles[other], rng)
            cross_out(image, bubbles[other], rng)
            good_mark(image, bubbles[choice], rng)
            intents[ref] = Intent(values[choice], must_flag=True)
        elif trick == "crossed-only":  # marked one and crossed it out: meant no answer
            good_mark(image, bubbles[choice], rng)
            cross_out(image, bubbles[choice], rng)
            intents[ref] = Intent("", must_flag=True)
        else:
            good_mark(image, bubbles[choice], rng)
            intents[ref] = Intent(values[choice])
    if name:
        handwriting(image, geometry, name, "".join(intents[f"id.{i}"].value or "?" for i in range(1, 7)))
    return image, intents


# ---- degradations: each takes and returns a grey image ----


def pad(image: np.ndarray, border: int, value: int = 255) -> np.ndarray:
    return cv2.copyMakeBorder(image, border, border, border, border, cv2.BORDER_CONSTANT, value=value)


def rotate(image: np.ndarray, degrees: float, scale: float = 1.0, background: int = 255) -> np.ndarray:
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, scale)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos) + 40, int(height * cos + width * sin) + 40
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return cv2.warpAffine(image, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderValue=background)


def perspective(image: np.ndarray, rng: random.Random, amount: float = 0.06, background: int = 90) -> np.ndarray:
    """A phone photo: the page as a trapezoid on a darker table."""
    height, width = image.shape
    border = int(0.08 * max(height, width))
    out_w, out_h = width + 2 * border, height + 2 * border
    src = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    dst = src + np.array(
        [
            [border + rng.uniform(-1, 1) * amount * width, border + rng.uniform(-1, 1) * amount * height]
            for _ in range(4)
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=background)


def blur(image: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(image, (0, 0), sigma)


def noise(image: np.ndarray, rng: random.Random, sigma: float) -> np.ndarray:
    cv2.setRNGSeed(rng.randrange(2**31))
    grain = np.empty(image.shape, np.int16)
    cv2.randn(grain, 0, sigma)  # type: ignore[call-overload]  # the stubs want arrays; numbers work
    return np.clip(image + grain, 0, 255).astype(np.uint8)


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    decoded = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    assert decoded is not None
    return decoded


def lighting(image: np.ndarray, rng: random.Random, darkest: float = 0.5) -> np.ndarray:
    """A shadow: brightness falling off across the page in a random direction."""
    height, width = image.shape
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:33, 0:33].astype(np.float32) / 32
    ramp = np.cos(angle) * xs + np.sin(angle) * ys
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    gain = cv2.resize(darkest + (1 - darkest) * ramp, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.multiply(image, gain, dtype=cv2.CV_8U)


def stray_marks(image: np.ndarray, geometry: dict[str, Any], rng: random.Random, count: int = 6) -> np.ndarray:
    """Pen strokes and doodles away from every bubble and corner mark (margins, write-in boxes)."""
    image = image.copy()
    bubbles = np.array([(b["x"], b["y"]) for bs in rows_of(geometry).values() for b in bs]) * PX
    keep_clear = [(m["x"] * PX, m["y"] * PX) for m in geometry["marks"]]
    qr = geometry["qr"]
    qr_box = (qr["x"] * PX - 20, qr["y"] * PX - 20, (qr["x"] + qr["size"]) * PX + 20, (qr["y"] + qr["size"]) * PX + 20)
    height, width = image.shape
    drawn = 0
    while drawn < count:
        x, y = rng.uniform(0.08, 0.92) * width, rng.uniform(0.06, 0.94) * height
        points = [(x, y)]
        for _ in range(rng.randint(2, 5)):
            x, y = x + rng.uniform(-40, 40), y + rng.uniform(-25, 25)
            points.append((x, y))
        pts = np.array(points)
        near = np.min(np.hypot(*(pts[:, None, :] - bubbles[None, :, :]).transpose(2, 0, 1)), initial=1e9)
        corner = min(np.hypot(px - cx, py - cy) for px, py in points for cx, cy in keep_clear)
        on_qr = any(qr_box[0] <= px <= qr_box[2] and qr_box[1] <= py <= qr_box[3] for px, py in points)
        if near > 30 and corner > 60 and not on_qr:
            stroke(image, points, rng.uniform(1.5, 3), rng.uniform(0.5, 0.9))
            drawn += 1
    return image


DEGRADATIONS = (
    "rotation",
    "scaling",
    "perspective",
    "blur",
    "noise",
    "jpeg",
    "lighting",
    "upside-down",
    "stray",
    "crossed-out",
)


def degrade(image: np.ndarray, geometry: dict[str, Any], kinds: tuple[str, ...], rng: random.Random) -> np.ndarray:
    if "stray" in kinds:
        image = stray_marks(image, geometry, rng)
    if "lighting" in kinds:
        image = lighting(image, rng)
    if "perspective" in kinds:
        image = perspective(image, rng)
    if "rotation" in kinds or "scaling" in kinds:
        degrees = rng.uniform(-8, 8) if "rotation" in kinds else 0.0
        scale = rng.uniform(0.85, 1.25) if "scaling" in kinds else 1.0
        image = rotate(pad(image, 20), degrees, scale)
    if "upside-down" in kinds:
        image = cv2.rotate(image, cv2.ROTATE_180)
    if "blur" in kinds:
        image = blur(image, rng.uniform(0.7, 1.4))
    if "noise" in kinds:
        image = noise(image, rng, rng.uniform(6, 14))
    if "jpeg" in kinds:
        image = jpeg(image, rng.randint(35, 70))
    return image


def pdf_of(pages: list[np.ndarray], dpi: int = DPI) -> bytes:
    """A scanner's multi-page PDF: each grey image a page of its size at `dpi`."""
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    for page in pages:
        width, height = page.shape[1] * 72 / dpi, page.shape[0] * 72 / dpi
        canvas.setPageSize((width, height))
        canvas.drawImage(ImageReader(Image.fromarray(page)), 0, 0, width, height)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def write_image(path: Any, image: np.ndarray) -> None:
    ok, data = cv2.imencode(str(path)[-4:], image)
    assert ok
    path.write_bytes(data.tobytes())
