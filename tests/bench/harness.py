"""Timing that a shared machine cannot fool: whole commands, in interleaved pairs.

Every figure times a command as a user runs it, in a fresh process (interpreter start and
imports included, on both sides). A ratio against a baseline comes from *pairs*: quizgen and
its baseline run back to back, the order alternating from pair to pair, and the figure is the
median of the per-pair ratios, shown with their range. A busy moment of the machine slows
both sides of a pair alike, so it moves one ratio a little instead of one side a lot.

Peak memory is measured only for commands that ask for it (`tree=True`), through a small
launcher process: the kernel's record of a process's largest resident set (wait4's ru_maxrss)
starts from the memory of the process that forked it, and the benchmark runner itself grows to
hundreds of MB. The launcher forks the command and reports its record; the sum over the
command's process tree, sampled every 10 ms, counts too where it is larger.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Command:
    argv: Sequence[str]
    env: dict[str, str] = field(default_factory=dict)  # added to the environment
    stdin: bytes = b""
    prepare: Callable[[], None] | None = None  # untimed, before each run (a fresh copy of a database, say)
    tree: bool = False  # also sample the memory of child processes (costs the measured command a little CPU)


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall time
    rss_mb: float
    cpu: float = 0.0  # user + system time of the process tree: what another process on the machine cannot inflate


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment of measured processes: bytecode caching on, as for an installed tool.

    With PYTHONDONTWRITEBYTECODE set, quizgen would recompile its source on every run while
    click (compiled when pip installed it) would not: an unfair baseline.
    """
    env = dict(os.environ) | extra
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


# The launcher: runs argv[2:], writes its peak resident set (KB) to the file argv[1], exits as it did.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def _own_rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError):
        return 0


def measure(command: Command) -> Sample:
    """Run the command once: its wall time, and for a command with tree=True the peak memory of
    its process tree (0 otherwise)."""
    import tempfile

    if command.prepare:
        command.prepare()
    peak = [0]
    argv = list(command.argv)
    record = None
    if command.tree:
        handle, record = tempfile.mkstemp(prefix="quizgen-bench-peak-")
        os.close(handle)
        argv = [sys.executable, "-c", _LAUNCHER, record, *argv]
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, env=clean_env(command.env), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    done = threading.Event()

    def sample() -> None:  # the launcher's children: the command and whatever it starts
        while not done.wait(0.01):
            peak[0] = max(peak[0], _tree_rss_kb(process.pid) - _own_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if command.tree:
        sampler.start()
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(command.stdin)
    process.stdin.close()
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)  # its CPU times (its peak memory record is not its own)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    rss_kb = 0
    if record is not None:
        sampler.join()
        with open(record) as reported:
            rss_kb = max(int(reported.read() or 0), peak[0])
        os.unlink(record)
    if process.returncode not in (0, 130):
        raise RuntimeError(f"{' '.join(command.argv)} exited with {process.returncode}:\n{errors.decode()[-2000:]}")
    return Sample(seconds, rss_kb / 1024, usage.ru_utime + usage.ru_stime)


@dataclass
class Runs:
    """Samples of one command, or of two commands taken in interleaved pairs."""

    ours: list[Sample]
    base: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.ours)

    @property
    def base_seconds(self) -> float:
        return statistics.median(s.seconds for s in self.base)

    @property
    def ratios(self) -> list[float]:
        return [a.seconds / b.seconds for a, b in zip(self.ours, self.base, strict=True)]

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.ours)

    @property
    def base_cpu(self) -> float:
        return statistics.median(s.cpu for s in self.base)

    @property
    def cpu_ratios(self) -> list[float]:
        return [a.cpu / b.cpu for a, b in zip(self.ours, self.base, strict=True)]

    @property
    def rss_mb(self) -> float:
        return max(s.rss_mb for s in self.ours)


def repeated(command: Command, runs: int, warmup: bool = True) -> Runs:
    """`runs` samples of one command, after an untimed warm-up run (caches, page cache)."""
    if warmup:
        measure(command)
    return Runs([measure(command) for _ in range(runs)])


def paired(ours: Command, base: Command, pairs: int, warmup: bool = True) -> Runs:
    """`pairs` interleaved pairs: ours then base, then base then ours, and so on."""
    if warmup:
        measure(ours)
        measure(base)
    runs = Runs([], [])
    for index in range(pairs):
        if index % 2:
            b = measure(base)
            a = measure(ours)
        else:
            a = measure(ours)
            b = measure(base)
        runs.ours.append(a)
        runs.base.append(b)
    return runs


@dataclass
class Figure:
    name: str
    value: float  # seconds, or MB for memory figures
    unit: str = "s"
    baseline: float | None = None
    baseline_name: str = ""
    ratio: float | None = None  # median of the per-pair ratios
    ratio_range: tuple[float, float] | None = None
    target: str = ""
    passed: bool | None = None
    runs: int = 0  # runs, or pairs for a ratio
    baseline_does: str = ""  # for docs/benchmarks.md: what the baseline does
    note: str = ""


def ratio_figure(
    name: str, runs: Runs, limit: float, baseline_name: str, baseline_does: str, note: str = "", cpu: bool = False
) -> Figure:
    """A figure judged by the median of its per-pair ratios against `limit`: of wall times, or
    with cpu=True of CPU times (then its values are CPU seconds too)."""
    ratios = runs.cpu_ratios if cpu else runs.ratios
    ratio = statistics.median(ratios)
    return Figure(
        name,
        runs.cpu if cpu else runs.seconds,
        unit="s cpu" if cpu else "s",
        baseline=runs.base_cpu if cpu else runs.base_seconds,
        baseline_name=baseline_name,
        ratio=ratio,
        ratio_range=(min(ratios), max(ratios)),
        target=f"<= {limit:g}x",
        passed=ratio <= limit,
        runs=len(ratios),
        baseline_does=baseline_does,
        note=note,
    )


def _value(value: float, unit: str) -> str:
    if unit.startswith("s"):
        return f"{value:.3f} {unit}" if value < 10 else f"{value:.1f} {unit}"
    return f"{value:.0f} {unit}"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "quizgen", "baseline", "ratio (min-max)", "target", "result", "n")]
    for f in figures:
        base = f"{_value(f.baseline, f.unit)} ({f.baseline_name})" if f.baseline is not None else "-"
        ratio = (
            f"{f.ratio:.2f}x ({f.ratio_range[0]:.2f}-{f.ratio_range[1]:.2f})"
            if (f.ratio is not None and f.ratio_range)
            else "-"
        )
        result = "-" if f.passed is None else ("pass" if f.passed else "MISS")
        rows.append((f.name, _value(f.value, f.unit), base, ratio, f.target or "-", result, str(f.runs or "-")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def baselines_section(figures: list[Figure]) -> str:
    """Markdown: what each row's baseline does, and any note on the row."""
    lines = []
    for f in figures:
        said = " ".join(part for part in (f.baseline_does, f.note) if part)
        if said:
            lines.append(f"- **{f.name}**: {said}")
    return "\n".join(lines)


def as_json(figures: list[Figure], machine: dict[str, str]) -> str:
    return json.dumps({"machine": machine, "figures": [asdict(f) for f in figures]}, indent=2)


def private_dirs(root: Path, name: str) -> tuple[Path, dict[str, str]]:
    """A fresh folder for one figure, and the environment that keeps its cache and data there."""
    import shutil

    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder, {"QUIZGEN_CACHE_DIR": str(folder / "cache"), "QUIZGEN_DATA_DIR": str(folder / "data")}
