"""Item analysis of a graded class: what the class got wrong, fed back to the items.

Per question (the same question across versions, by its id): difficulty, the share of its
points the class earned; discrimination, the point-biserial correlation between the question's
score and the rest of the test (each sheet's total without that question), and the upper-lower
index (top 27% minus bottom 27%); and how often each option was chosen, by its text, so
versions A and B add up. Rows the teacher has not settled are left out of a question's
figures. Flags follow ITEMS.md: negative discrimination (the stronger students chose a
distractor: the key or the item is wrong) and distractors nobody chose; with fewer than
MIN_SHEETS sheets the figures are shown but nothing is flagged.
"""

from __future__ import annotations

import math
import statistics
from typing import Any, NamedTuple

MIN_SHEETS = 10
GROUP = 0.27  # upper and lower groups for the upper-lower index


class Flag(NamedTuple):
    fact_id: str
    rule: str  # "negative-discrimination" or "unused-distractor"
    message: str


class Item(NamedTuple):
    id: str
    kind: str
    fact_ids: tuple[str, ...]
    prompt: str
    numbers: dict[str, int]  # version label -> its number on that version
    n: int  # sheets whose answer counts (settled)
    difficulty: float | None  # share of the points earned
    discrimination: float | None  # point-biserial against the rest score
    upper_lower: float | None
    options: tuple[tuple[str, int, bool], ...]  # (option text, times chosen, is the key) for choice kinds
    blank: int
    flags: tuple[Flag, ...]


class Analysis(NamedTuple):
    sheets: int
    max_score: float
    scores: tuple[float, ...]  # per sheet, as percentages
    mean: float | None
    median: float | None
    stdev: float | None
    alpha: float | None  # Cronbach's alpha (KR-20 for right/wrong items)
    items: tuple[Item, ...]


def analyse(results: dict[str, Any]) -> Analysis:
    sheets = results["sheets"]
    keys = results["keys"]
    order = _question_order(keys)
    totals = [s["score"] for s in sheets]
    per_item: dict[str, list[tuple[float, float]]] = {qid: [] for qid in order}  # (share of points, rest score)
    choices: dict[str, dict[str, int]] = {qid: {} for qid in order}
    blanks = dict.fromkeys(order, 0)
    for sheet, total in zip(sheets, totals, strict=True):
        for q in sheet["questions"]:
            if q["status"] == "ambiguous":
                continue
            per_item[q["id"]].append((q["points"] / q["max_points"], total - q["points"]))
            if q["status"] == "blank":
                blanks[q["id"]] += 1
            if q.get("chosen") is not None:
                text = q["options"][q["chosen"]]
                choices[q["id"]][text] = choices[q["id"]].get(text, 0) + 1
    items = tuple(_item(qid, order[qid], per_item[qid], choices[qid], blanks[qid], len(sheets)) for qid in order)
    most = max((s["max_score"] for s in sheets), default=0)
    percents = tuple(100 * s["score"] / s["max_score"] for s in sheets if s["max_score"])
    return Analysis(
        len(sheets),
        most,
        percents,
        statistics.fmean(percents) if percents else None,
        statistics.median(percents) if percents else None,
        statistics.stdev(percents) if len(percents) > 1 else None,
        _alpha(sheets, list(order)),
        items,
    )


def _question_order(keys: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every question id, in the printed order of the first version (by label), with its details."""
    order: dict[str, dict[str, Any]] = {}
    for doc in sorted(keys.values(), key=lambda d: d["version"]):
        for q in doc["questions"]:
            entry = order.setdefault(
                q["id"],
                {
                    "kind": q["kind"],
                    "fact_ids": q["fact_ids"],
                    "prompt": q["prompt"],
                    "options": q.get("options", []),
                    "numbers": {},
                    "key": None,
                },
            )
            entry["numbers"][doc["version"]] = q["number"]
            if q["kind"] in ("mcq", "tf"):
                entry["key"] = q["options"][q["key"][0]]
    return order


def _item(
    qid: str, info: dict[str, Any], scored: list[tuple[float, float]], chosen: dict[str, int], blank: int, sheets: int
) -> Item:
    n = len(scored)
    difficulty = statistics.fmean(s for s, _ in scored) if scored else None
    discrimination = _correlation([s for s, _ in scored], [r for _, r in scored])
    upper_lower = _upper_lower(scored)
    options: tuple[tuple[str, int, bool], ...] = ()
    if info["kind"] in ("mcq", "tf"):
        options = tuple(
            (text, chosen.get(text, 0), text == info["key"])
            for text in sorted(info["options"], key=lambda t: (t != info["key"], info["options"].index(t)))
        )
    flags = []
    if n >= MIN_SHEETS:
        fact = info["fact_ids"]
        if discrimination is not None and discrimination < 0:
            flags += [
                Flag(
                    f,
                    "negative-discrimination",
                    f"question {qid}: negative discrimination ({discrimination:+.2f} over {n} sheets): "
                    "the stronger students got it wrong more often; check the key and the item",
                )
                for f in fact
            ]
        if info["kind"] == "mcq":
            for text, count, is_key in options:
                if count == 0 and not is_key:
                    flags.append(
                        Flag(
                            fact[0],
                            "unused-distractor",
                            f"question {qid}: nobody of {n} chose the distractor {text!r}; "
                            "replace it with a more plausible one",
                        )
                    )
    return Item(
        qid,
        info["kind"],
        tuple(info["fact_ids"]),
        info["prompt"],
        dict(info["numbers"]),
        n,
        difficulty,
        discrimination,
        upper_lower,
        options,
        blank,
        tuple(flags),
    )


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None  # everyone scored the same on it, or on the rest: nothing to correlate
    return sxy / math.sqrt(sxx * syy)


def _upper_lower(scored: list[tuple[float, float]]) -> float | None:
    if len(scored) < 4:
        return None
    ranked = sorted(scored, key=lambda pair: pair[0] + pair[1])  # by the whole score
    size = max(1, round(GROUP * len(ranked)))
    return statistics.fmean(s for s, _ in ranked[-size:]) - statistics.fmean(s for s, _ in ranked[:size])


def _alpha(sheets: list[dict[str, Any]], ids: list[str]) -> float | None:
    """Cronbach's alpha over sheets whose every question counts."""
    rows = []
    for sheet in sheets:
        by_id = {q["id"]: q for q in sheet["questions"]}
        if all(qid in by_id and by_id[qid]["status"] != "ambiguous" for qid in ids):
            rows.append([by_id[qid]["points"] for qid in ids])
    if len(rows) < 3 or len(ids) < 2:
        return None
    item_var = sum(statistics.pvariance(column) for column in zip(*rows, strict=True))
    total_var = statistics.pvariance([sum(row) for row in rows])
    if total_var == 0:
        return None
    return float(len(ids) / (len(ids) - 1) * (1 - item_var / total_var))


def flags(results: dict[str, Any]) -> list[Flag]:
    """Every flag of the class's item analysis, in question order."""
    return [flag for item in analyse(results).items for flag in item.flags]
