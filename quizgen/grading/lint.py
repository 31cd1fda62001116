"""`quizgen lint --results grades.json`: the class's item analysis as findings against the facts.

`results_flags(path)` gives (fact id, rule, message) records; `results_warnings(bank, path)`
the same as `quizgen lint` warnings, placed at each fact's file and line, which the lint
command prints with its own. Nothing here needs OpenCV.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizgen.errors import UsageError
from quizgen.grading.analysis import Flag, flags
from quizgen.questions.lint import Warning_


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


def results_warnings(bank: Any, path: Path) -> list[Warning_]:
    """One warning per flag, at the fact's file and line; refuses results of another bank."""
    results = load_results(path)
    names = {doc["bank"]["name"] for doc in results["keys"].values()}
    if names and bank.name not in names:
        raise UsageError(f"{path}: these results are for the bank {', '.join(sorted(names))}, not {bank.name}")
    by_id = {fact.id: fact for fact in bank.facts}
    warnings = []
    for flag in flags(results):
        fact = by_id.get(flag.fact_id)
        if fact is None:  # removed from the bank since the test
            message = flag.message + " (no longer in the bank)"
            warnings.append(Warning_(str(path), None, flag.fact_id, flag.rule, message))
        else:
            warnings.append(Warning_(fact.path, fact.line, fact.id, flag.rule, flag.message))
    return warnings


def results_lines(bank: Any, path: Path) -> list[str]:
    return [str(warning) for warning in results_warnings(bank, path)]
