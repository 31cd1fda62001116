"""`make bench`: every figure of the benchmark table, each with its baseline in the same run.

    python -m tests.bench             full run: banks of 100, 1,000 and 10,000 facts, 5 runs
    python -m tests.bench --quick     seconds-long smoke run (tiny banks, 1 run): proves it works
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from tests.bench.harness import Figure, as_json, run_task, table, time_command, time_task
from tests.bench.synth import make_bank

ROOT = Path(__file__).resolve().parents[2]
GROWTH_LIMIT = 12.0  # 10x the facts may cost at most 12x the time: linear, with slack
RSS_LIMIT_MB = 300.0


def machine() -> dict[str, str]:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": str(os.cpu_count()),
            "processor": platform.processor() or platform.machine()}


def quizgen_argv() -> list[str]:
    script = Path(sys.executable).parent / "quizgen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "quizgen"]


def startup(runs: int) -> list[Figure]:
    click = time_command([sys.executable, "-c", "import click"], runs)
    help_time = time_command([*quizgen_argv(), "--help"], runs)
    return [Figure("quizgen --help", help_time, baseline=click, baseline_name="python -c 'import click'",
                   target="<= 1.5x", passed=help_time <= 1.5 * click, runs=runs)]


def quiz_start(runs: int, work: Path) -> list[Figure]:
    """Time of a whole `quizgen quiz` that quits at its first question (an upper bound)."""
    env = os.environ | {"QUIZGEN_CACHE_DIR": str(work / "cache")}
    click = time_command([sys.executable, "-c", "import click"], runs, env=env)
    quiz = time_command([*quizgen_argv(), "quiz", "--seed", "1", "--data-dir", str(work / "quiz-data")], runs,
                        env=env, stdin=b"q\n")
    return [Figure("quizgen quiz, to its first question and quit", quiz, baseline=click,
                   baseline_name="python -c 'import click'", target="<= 1.5x", passed=quiz <= 1.5 * click, runs=runs)]


def review_start(bank: Path, work: Path, runs: int, answers: int) -> list[Figure]:
    data = work / "review-data"
    run_task("make-review-db", str(bank), str(data), str(answers))
    env = os.environ | {"QUIZGEN_CACHE_DIR": str(work / "cache")}
    seconds = time_command([*quizgen_argv(), "review", "--bank", str(bank), "--data-dir", str(data), "--limit", "1",
                            "--new", "0"], runs, env=env, stdin=b"q\n")
    facts = bank.name.split("-")[-1]
    return [Figure(f"quizgen review start, {int(facts):,} cards and {answers:,} answers", seconds,
                   target="< 0.5 s", passed=seconds < 0.5, runs=runs)]


def build_bundled(runs: int, out: Path) -> list[Figure]:
    seconds = time_command([*quizgen_argv(), "build", "--out", str(out)], runs)
    return [Figure("quizgen build (bundled bank, every writer)", seconds, target="< 1.5 s", passed=seconds < 1.5,
                   runs=runs)]


def scaling(banks: dict[int, Path], runs: int, writers: list[str]) -> list[Figure]:
    small, large = min(banks), max(banks)
    figures = []
    peak = 0.0
    # Validation is timed without the bank cache (it would skip the work); writers use it, as in real use.
    no_cache = {"QUIZGEN_NO_CACHE": "1"}
    for label, task, extra in [("validation", "validate", []), *((f"writer {w}", "render", [w]) for w in writers)]:
        times = {}
        for size, path in banks.items():
            times[size], rss = time_task(task, *extra, str(path), runs=runs, env=no_cache if task == "validate" else None)
            peak = max(peak, rss)
        growth = times[large] / times[small]
        figures.append(Figure(f"{label}: {large:,} facts", times[large], baseline=times[small],
                              baseline_name=f"{small:,} facts", target=f"<= {GROWTH_LIMIT:.0f}x (linear)",
                              passed=growth <= GROWTH_LIMIT * large / small / 10, runs=runs))
    figures.append(Figure(f"peak memory (RSS), {large:,} facts", peak, unit="MB", target=f"<= {RSS_LIMIT_MB:.0f} MB",
                          passed=peak <= RSS_LIMIT_MB))
    return figures


def anki_vs_genanki(bank: Path, work: Path, runs: int) -> list[Figure]:
    notes_json = work / "notes.json"
    run_task("dump-anki-notes", str(bank), str(notes_json))
    ours, _ = time_task("render", "anki", str(bank), runs=runs)
    base, _ = time_task("baseline-anki", str(notes_json), str(work), runs=runs)
    return [Figure(f"Anki deck, {int(bank.name.split('-')[-1]):,} facts", ours, baseline=base,
                   baseline_name="minimal genanki script", target="<= 1.3x", passed=ours <= 1.3 * base, runs=runs)]


def pdf_vs_reportlab(bank: Path, work: Path, runs: int) -> list[Figure]:
    text_json = work / "pdf-text.json"
    run_task("dump-pdf-text", str(bank), str(text_json))
    facts = f"{int(bank.name.split('-')[-1]):,}"
    figures = []
    for label, ours_task, which in (("worksheet", ("worksheet-all",), "worksheet"),
                                    ("study guide", ("render", "study-guide"), "study-guide")):
        ours, _ = time_task(*ours_task, str(bank), runs=runs)
        base, _ = time_task("baseline-pdf", str(text_json), which, str(work), runs=runs)
        figures.append(Figure(f"{label} PDF, {facts} facts", ours, baseline=base,
                              baseline_name="minimal ReportLab script", target="<= 1.3x",
                              passed=ours <= 1.3 * base, runs=runs))
    return figures


def grading(work: Path, runs: int, students: int) -> list[Figure]:
    """`quizgen grade` on a class of two-page scans (the sheet and a blank back), against rasterising them."""
    folder = work / "class"
    run_task("make-class", str(folder), str(students))
    seconds, rss = time_task("grade-class", str(folder), str(work / "graded"), runs=runs)
    base, _ = time_task("rasterise-class", str(folder), runs=runs)
    return [Figure(f"quizgen grade, a class of {students} two-page scans", seconds, baseline=base,
                   baseline_name="rasterising the pages (pypdfium2)", target="< 30 s", passed=seconds < 30,
                   runs=runs),
            Figure(f"peak memory (RSS), grading {students} scans", rss, unit="MB", target=f"<= {RSS_LIMIT_MB:.0f} MB",
                   passed=rss <= RSS_LIMIT_MB)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny banks and one run: a smoke test")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure after the warm-up (default 5)")
    parser.add_argument("--json", type=Path, default=None, help="also write the table as JSON here")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the table as Markdown here")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 5)
    sizes = [10, 100] if args.quick else [100, 1_000, 10_000]
    from quizgen.writers import WRITERS

    writers = [w.name for w in WRITERS]
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as temp:
        base = Path(temp)
        print(f"making synthetic banks of {', '.join(f'{s:,}' for s in sizes)} facts ...", file=sys.stderr)
        banks = {size: make_bank(base / f"bank-{size}", size) for size in sizes}
        print("measuring start-up ...", file=sys.stderr)
        # A start-up takes some 50 ms: many more runs, so a busy moment of the machine
        # does not decide the median.
        figures = startup(runs * 5)
        figures += quiz_start(runs * 5, base)
        print("measuring the build of the bundled bank ...", file=sys.stderr)
        figures += build_bundled(runs, base / "dist")
        print("measuring scaling ...", file=sys.stderr)
        figures += scaling({s: banks[s] for s in sizes[-2:]}, runs, writers)
        print("measuring the Anki deck against genanki ...", file=sys.stderr)
        figures += anki_vs_genanki(banks[sizes[-1]], base, runs)
        print("measuring PDFs against ReportLab ...", file=sys.stderr)
        figures += pdf_vs_reportlab(banks[sizes[-1]], base, runs)
        print("measuring the start of a review ...", file=sys.stderr)
        figures += review_start(banks[sizes[-1]], base, runs, answers=10 * sizes[-1])
        print("measuring the grading of a class's scans ...", file=sys.stderr)
        figures += grading(base, max(1, runs // 2), students=2 if args.quick else 30)
    text = table(figures)
    print(text)
    if args.json:
        args.json.write_text(as_json(figures, machine()) + "\n")
    if args.markdown:
        info = machine()
        args.markdown.write_text(
            "# Benchmarks\n\nThe latest `make bench` table (medians of "
            f"{runs} runs after a warm-up; baselines measured in the same run).\n\n"
            f"Machine: {info['processor']}, {info['cpus']} CPUs, {info['platform']}, Python {info['python']}.\n\n"
            f"{text}\n"
        )
    missed = [f.name for f in figures if f.passed is False]
    if missed:
        print(f"{len(missed)} target{'s' if len(missed) != 1 else ''} missed: {'; '.join(missed)}", file=sys.stderr)
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
