"""`quizgen lint --results grades.json`: the class's item analysis as findings against the facts.

`results_flags(path)` gives (fact id, rule, message) records; `results_lines(bank, path)`
the same as lines `file:line: fact 'id': [rule] message`, the form `quizgen lint` prints. The
lint command (being built in issue 11's wake) wires these in; nothing here needs OpenCV.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizgen.errors import UsageError
from quizgen.grading.analysis import Flag, flags


def load_results(path: Path) -> dict[str, Any]:
    from quizgen.grading.run import FORMAT, SCHEMA_VERSION

    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the results ({exc})") from None
    if not isinstance(results, dict) or results.get("format") != FORMAT:
        raise UsageError(f"{path}: not a grades.json written by `quizgen grade`")
    if results.get("schema_version") != SCHEMA_VERSION:
        raise UsageError(f"{path}: results schema_version {results.get('schema_version')!r} is not {SCHEMA_VERSION}")
    return results


def results_flags(path: Path) -> list[Flag]:
    return flags(load_results(path))


def results_lines(bank: Any, path: Path) -> list[str]:
    """One line per flag, placed at the fact's file and line; refuses results of another bank."""
    results = load_results(path)
    names = {doc["bank"]["name"] for doc in results["keys"].values()}
    if names and bank.name not in names:
        raise UsageError(f"{path}: these results are for the bank {', '.join(sorted(names))}, not {bank.name}")
    by_id = {fact.id: fact for fact in bank.facts}
    lines = []
    for flag in flags(results):
        fact = by_id.get(flag.fact_id)
        where = fact.origin if fact is not None and fact.origin else f"{path} (fact no longer in the bank)"
        lines.append(f"{where}: fact '{flag.fact_id}': [{flag.rule}] {flag.message}")
    return lines
