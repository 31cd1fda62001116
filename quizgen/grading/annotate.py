"""The marked copy of a sheet: the straightened scan with each answer circled.

Green circles a right answer, red a wrong one (with the key's bubble ringed in green), orange a
half-right typed answer, and a yellow band lies across every row the teacher has to settle.
Each question's points stand at its right; the score, version and student number at the top.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from quizgen.grading.locate import SCALE
from quizgen.grading.marks import Reading

GREEN = (40, 150, 30)
RED = (40, 40, 215)
ORANGE = (0, 140, 245)
YELLOW = (0, 215, 255)
BLUE = (170, 90, 20)


def _px(value: float) -> int:
    return round(value * SCALE)


def annotate(
    image: np.ndarray,
    geometry: dict[str, Any],
    records: list[dict[str, Any]],
    readings: dict[str, Reading],
    summary: str,
) -> np.ndarray:
    out = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    overlay = out.copy()
    blocks = {b["number"]: b for b in geometry["questions"]}
    for record in records:
        block = blocks[record["number"]]
        expected = record["expected"].split(", ")
        for row, detail, wanted in zip(block["rows"], record["rows"], expected, strict=True):
            _row(out, overlay, row, detail, wanted, record["kind"])
        first = block["rows"][0]
        right_edge = first["bubbles"][-1]["x"] + first["bubbles"][-1]["r"] + 3
        earned = record["points"]
        text = f"{earned:g}/{record['max_points']}"
        colour = (
            YELLOW
            if record["status"] == "ambiguous"
            else GREEN
            if earned == record["max_points"]
            else (ORANGE if earned else RED)
        )
        cv2.putText(
            out,
            text,
            (_px(right_edge), _px(first["y"] + 3)),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.42,
            (0, 0, 0) if colour == YELLOW else colour,
            1,
            cv2.LINE_AA,
        )
    for column in geometry["student_number"]["columns"]:
        ref = f"id.{geometry['student_number']['columns'].index(column) + 1}"
        reading = readings[ref]
        if reading.state == "ambiguous":
            top, bottom = column[0], column[-1]
            cv2.rectangle(
                overlay,
                (_px(top["x"] - 8), _px(top["y"] - 8)),
                (_px(bottom["x"] + 8), _px(bottom["y"] + 8)),
                YELLOW,
                -1,
            )
        elif reading.state == "answer":
            bubble = next(b for b in column if b["value"] == reading.value)
            cv2.circle(out, (_px(bubble["x"]), _px(bubble["y"])), _px(bubble["r"] + 2.5), BLUE, 2, cv2.LINE_AA)
    out = cv2.addWeighted(overlay, 0.45, out, 0.55, 0)
    cv2.putText(out, summary, (_px(48), _px(18)), cv2.FONT_HERSHEY_SIMPLEX, 0.6, BLUE, 2, cv2.LINE_AA)
    return out


def _row(
    out: np.ndarray, overlay: np.ndarray, row: dict[str, Any], detail: dict[str, Any], wanted: str, kind: str
) -> None:
    bubbles = {b["value"]: b for b in row["bubbles"]}
    if detail["state"] == "ambiguous":
        first, last = row["bubbles"][0], row["bubbles"][-1]
        cv2.rectangle(
            overlay,
            (_px(first["x"] - first["r"] - 14), _px(row["y"] - 8)),
            (_px(last["x"] + last["r"] + 4), _px(row["y"] + 8)),
            YELLOW,
            -1,
        )
        return
    read = detail["read"]
    typed = kind in ("cloze", "short", "numeric")
    if read:
        bubble = bubbles[read]
        if typed:
            colour = {"right": GREEN, "half": ORANGE}.get(read, RED)
        else:
            colour = GREEN if detail["right"] else RED
        _ring(out, bubble, colour, 3)
    if not detail["right"] and wanted in bubbles and not typed:
        _ring(out, bubbles[wanted], GREEN, 1)


def _ring(out: np.ndarray, bubble: dict[str, Any], colour: tuple[int, int, int], width: int) -> None:
    centre = (_px(bubble["x"]), _px(bubble["y"]))
    cv2.circle(out, centre, _px(bubble["r"] + 3), colour, width, cv2.LINE_AA)


def name_crop(image: np.ndarray, geometry: dict[str, Any]) -> np.ndarray:
    box = geometry["name_box"]
    return image[_px(box["y"]) - 2 : _px(box["y"] + box["h"]) + 3, _px(box["x"]) - 2 : _px(box["x"] + box["w"]) + 3]
