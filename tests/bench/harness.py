"""Timing: the median of several runs after a warm-up, each in a fresh process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Figure:
    name: str
    median: float  # seconds, or MB for memory figures
    unit: str = "s"
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    passed: bool | None = None
    runs: int = 0

    @property
    def ratio(self) -> float | None:
        return self.median / self.baseline if self.baseline else None


def clean_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for measured processes: bytecode caching on, as for an installed tool.

    With PYTHONDONTWRITEBYTECODE set, quizgen would recompile its source on every run while
    click (compiled when pip installed it) would not: an unfair baseline.
    """
    base = dict(os.environ if env is None else env)
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    return base


def time_command(argv: Sequence[str], runs: int, cwd: Path | None = None, env: dict[str, str] | None = None,
                 stdin: bytes | None = None) -> float:
    """Median wall time of a command over `runs` runs, after one warm-up run."""
    env = clean_env(env)
    samples = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, input=stdin, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if attempt:  # the first run only warms the caches
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run_task(task: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run one task of tests/bench/tasks.py in a fresh process; it reports its own figures as JSON."""
    done = subprocess.run([sys.executable, "-m", "tests.bench.tasks", task, *args], check=True,
                          capture_output=True, text=True, env=clean_env(os.environ | (env or {})))
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def time_task(task: str, *args: str, runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(median seconds, peak RSS in MB) of a task over `runs` runs after a warm-up."""
    results = [run_task(task, *args, env=env) for _ in range(runs + 1)][1:]
    return statistics.median(r["seconds"] for r in results), max(r["rss_mb"] for r in results)


def table(figures: list[Figure]) -> str:
    rows = [("figure", "median", "baseline", "ratio", "target", "result")]
    for f in figures:
        value = f"{f.median:.3f} {f.unit}" if f.unit == "s" else f"{f.median:.0f} {f.unit}"
        base = f"{f.baseline:.3f} s ({f.baseline_name})" if f.baseline else "-"
        ratio = f"{f.ratio:.2f}x" if f.ratio else "-"
        result = "-" if f.passed is None else ("pass" if f.passed else "MISS")
        rows.append((f.name, value, base, ratio, f.target or "-", result))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def as_json(figures: list[Figure], machine: dict[str, str]) -> str:
    return json.dumps({"machine": machine, "figures": [asdict(f) | {"ratio": f.ratio} for f in figures]}, indent=2)
