"""`make bench`: every figure of the benchmark table, each against its baseline in the same run.

    python -m tests.bench             full run: the bundled bank and synthetic banks of 10,000
                                      and 100,000 facts (under 10 minutes on 2 cores)
    python -m tests.bench --quick     seconds-long smoke run (tiny banks, one pair): proves it works

Every figure times the command a user runs, as a fresh process, with its own cache and data
folder (removed afterwards). Ratios are medians of interleaved pairs (tests/bench/harness.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.bench.harness import (
    Command,
    Figure,
    Runs,
    as_json,
    baselines_section,
    paired,
    private_dirs,
    ratio_figure,
    repeated,
    table,
)
from tests.bench.synth import make_bank

ROOT = Path(__file__).resolve().parents[2]
GROWTH_LIMIT = 12.0  # 10x the facts may cost at most 12x the time: linear, with slack
DECK_GROWTH_LIMIT = 10.5
SECOND_PAIR_UNDER = 12.0  # seconds of a run on the large bank under which a growth figure gets a second pair
CLICK = "python -c 'import click'"


@dataclass(frozen=True)
class Plan:
    """How big and how often: the full run, or the smoke run."""

    small: int  # facts of the bank the baselines are measured on
    large: int  # ... and of the bank growth is measured to
    pairs: int  # pairs for a ratio against a baseline
    growth_pairs: int  # pairs for a growth figure (each pair runs the large bank once)
    startup_pairs: int
    students: int
    warmup: bool


FULL = Plan(small=10_000, large=100_000, pairs=5, growth_pairs=1, startup_pairs=20, students=30, warmup=True)
QUICK = Plan(small=50, large=500, pairs=1, growth_pairs=1, startup_pairs=2, students=2, warmup=False)


def machine() -> dict[str, str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "processor": platform.processor() or platform.machine(),
        "load": " ".join(f"{x:.2f}" for x in load),
    }


def quizgen(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "quizgen"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "quizgen", *args]


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def baseline(name: str, *args: str) -> list[str]:
    return python("-m", "tests.bench.baselines", name, *args)


def prepare(task: str, *args: str, env: dict[str, str] | None = None) -> None:
    """An untimed preparation task (tests/bench/tasks.py); with a figure's env it also fills the
    figure's bank cache, so quizgen's first timed run is not its first."""
    subprocess.run(python("-m", "tests.bench.tasks", task, *args), check=True, cwd=ROOT, env=os.environ | (env or {}))


class Bench:
    def __init__(self, plan: Plan, work: Path) -> None:
        self.plan, self.work = plan, work
        self.figures: list[Figure] = []
        self.cache_entries: list[Path] = []  # bank cache entries left by the first builds

    def folder(self, name: str) -> tuple[Path, dict[str, str]]:
        return private_dirs(self.work / "figures", name)

    def done(self, name: str) -> None:
        shutil.rmtree(self.work / "figures" / name, ignore_errors=True)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        mark = "" if figure.passed is None else (" pass" if figure.passed else " MISS")
        ratio = f" ({figure.ratio:.2f}x)" if figure.ratio is not None else ""
        print(f"  {figure.name}: {figure.value:.3f} {figure.unit}{ratio}{mark}", file=sys.stderr)

    # ---- start-up -----------------------------------------------------------------------------

    def startup(self) -> None:
        _folder, env = self.folder("help")
        click = Command(python("-c", "import click"), env)
        runs = paired(Command(quizgen("--help"), env), click, self.plan.startup_pairs, self.plan.warmup)
        self.add(ratio_figure("quizgen --help", runs, 1.5, CLICK, "Starts Python and imports click."))
        self.done("help")

    def quiz_start(self, answers: int) -> None:
        folder, env = self.folder("quiz")
        data = folder / "data"
        prepare("make-progress", str(ROOT / "facts"), str(data), str(answers), "0")
        quiz = Command(quizgen("quiz", "--seed", "1", "--data-dir", str(data)), env, stdin=b"q\n")
        runs = paired(quiz, Command(python("-c", "import click"), env), self.plan.startup_pairs, self.plan.warmup)
        self.add(
            ratio_figure(
                f"quizgen quiz to its first question, {answers:,} answers saved",
                runs,
                1.5,
                CLICK,
                "Starts Python and imports click.",
                note="The bundled bank (from the cache) and a progress database holding "
                f"{answers:,} answers; the quiz quits at its first question.",
            )
        )
        self.done("quiz")

    def review_start(self, bank: Path, facts: int, answers: int) -> None:
        folder, env = self.folder("review")
        saved = folder / "saved"
        prepare("make-progress", str(bank), str(saved), str(answers), "0.02")
        data = folder / "data"

        def fresh_copy() -> None:  # the last quiz's answers are scheduled by each run: start each alike
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(saved, data)

        review = Command(
            quizgen("review", "--bank", str(bank), "--data-dir", str(data)), env, stdin=b"q\n", prepare=fresh_copy
        )
        runs = repeated(review, self.plan.pairs * 2, self.plan.warmup)
        self.add(
            Figure(
                f"quizgen review to its first question, {facts:,} cards and {answers:,} answers",
                runs.seconds,
                target="< 0.3 s",
                passed=runs.seconds < 0.3,
                runs=len(runs.ours),
                note="About 2% of the cards due now, 1% later today, the rest over the next 60 days; the "
                "last quiz's 10 answers still to be scheduled. The bank comes from the cache.",
            )
        )
        self.done("review")

    def build_bundled(self) -> None:
        folder, env = self.folder("build")
        runs = repeated(
            Command(quizgen("build", "--out", str(folder / "dist")), env), self.plan.pairs, self.plan.warmup
        )
        self.add(
            Figure(
                "quizgen build, the bundled bank (every writer)",
                runs.seconds,
                target="< 1.5 s",
                passed=runs.seconds < 1.5,
                runs=len(runs.ours),
            )
        )
        self.done("build")

    # ---- against the libraries ----------------------------------------------------------------

    def check_vs_yaml(self, bank: Path, facts: int) -> None:
        _folder, env = self.folder("check")
        cold = env | {"QUIZGEN_NO_CACHE": "1"}
        runs = paired(
            Command(quizgen("check", "--bank", str(bank)), cold),
            Command(baseline("yaml-c", str(bank)), cold),
            self.plan.pairs,
            self.plan.warmup,
        )
        self.add(
            ratio_figure(
                f"quizgen check without cache, {facts:,} facts",
                runs,
                1.5,
                "PyYAML C loader",
                "Reads every YAML file of the bank with yaml.load(..., Loader=yaml.CSafeLoader) "
                "(libyaml): values only, no line numbers, no checks.",
            )
        )
        self.done("check")

    def deck_vs_genanki(self, bank: Path, facts: int) -> None:
        folder, env = self.folder("deck")
        dump = folder / "facts.json"
        prepare("dump-deck-facts", str(bank), str(dump), env=env)
        ours = Command(quizgen("anki", "--bank", str(bank), "--out", str(folder / "deck.apkg")), env)
        base = Command(baseline("genanki-deck", str(dump), str(folder / "baseline.apkg")), env)
        runs = paired(ours, base, self.plan.pairs, self.plan.warmup)
        self.add(
            ratio_figure(
                f"quizgen anki, {facts:,} facts",
                runs,
                1.2,
                "genanki script",
                "A genanki script writing the same notes (one per fact) with the same note type "
                "(fields, five card templates, CSS), hence the same cards: it HTML-escapes each "
                "field, orders each fact's options by a generator seeded with a hash of the fact "
                "(so the order is stable), and computes each GUID with genanki.guid_for; genanki "
                "stores its zip uncompressed. Its input is each fact's text as JSON.",
                note="quizgen also sets each note's own modification time and each card's own "
                "new-card position, and compresses the package.",
            )
        )
        self.done("deck")

    def pdfs_vs_reportlab(self, bank: Path, facts: int) -> None:
        folder, env = self.folder("pdf")
        sheet, guide = folder / "sheet.json", folder / "guide.json"
        prepare("dump-worksheet", str(bank), str(facts), str(sheet), env=env)
        prepare("dump-guide", str(bank), str(guide), env=env)
        ours = Command(
            quizgen(
                "worksheet",
                "--bank",
                str(bank),
                "--out",
                str(folder / "ws"),
                "--versions",
                "A",
                "--count",
                str(facts),
                "--key",
                "none",
            ),
            env,
        )
        base = Command(baseline("reportlab-worksheet", str(sheet), str(folder / "baseline-sheet.pdf")), env)
        runs = paired(ours, base, max(1, self.plan.pairs - 2), warmup=False)  # the dumps filled the cache
        self.add(
            ratio_figure(
                f"quizgen worksheet of all {facts:,} facts",
                runs,
                1.2,
                "ReportLab script",
                "A ReportLab script laying out the same worksheet from its text: heading table "
                "with the version box, name fields, each part's shaded heading and instruction, "
                "numbered questions each kept on one page (KeepTogether), lettered options, answer "
                "lines, matching and ordering tables, DejaVu fonts embedded, and a "
                "'Page X of Y' footer (ReportLab's usual NumberedCanvas recipe).",
                note=_pages(folder / "ws" / "worksheet-A.pdf", folder / "baseline-sheet.pdf"),
            )
        )
        ours = Command(
            quizgen("export", "--format", "study-guide", "--bank", str(bank), "--out", str(folder / "guide.pdf")), env
        )
        base = Command(baseline("reportlab-guide", str(guide), str(folder / "baseline-guide.pdf")), env)
        runs = paired(ours, base, max(1, self.plan.pairs - 2), warmup=False)
        self.add(
            ratio_figure(
                f"quizgen study guide, {facts:,} facts",
                runs,
                1.2,
                "ReportLab script",
                "A ReportLab script laying out the same study guide: heading, the same timeline "
                "events drawn 40 to a drawing (axis, year ticks, a mark, leader line and dated "
                "label per event), every fact by topic with its grey citation, the sources, and "
                "the 'Page X of Y' footer. (The synthetic bank has no money figures, so neither "
                "side draws a bar chart.)",
                note=_pages(folder / "guide.pdf", folder / "baseline-guide.pdf"),
            )
        )
        self.done("pdf")

    # ---- scale --------------------------------------------------------------------------------

    def growth(self, banks: dict[int, Path]) -> None:
        """Each command on 10x the facts, paired with itself on the small bank: linear or not.

        One pair a figure (a run on the large bank takes many seconds). The writers find both
        banks validated in their cache, as in real use: a copy of a cache filled beforehand."""
        small, large = sorted(banks)
        warm, env = self.folder("growth-cache")
        if self.cache_entries:  # the first builds validated both banks already
            (warm / "cache").mkdir()
            for entry in self.cache_entries:
                shutil.copy2(entry, warm / "cache" / entry.name)
        else:
            for size in (small, large):
                repeated(
                    Command(
                        quizgen(
                            "export", "--format", "quizlet", "--bank", str(banks[size]), "--out", str(warm / "warm.tsv")
                        ),
                        env,
                    ),
                    1,
                    warmup=False,
                )
        cold = Command(quizgen("check", "--bank", str(banks[large])), env | {"QUIZGEN_NO_CACHE": "1"}, tree=True)
        runs = paired(
            cold,
            Command(quizgen("check", "--bank", str(banks[small])), cold.env, tree=True),
            self.plan.growth_pairs,
            warmup=False,
        )
        self._growth_figure("quizgen check without cache", runs, small, large, GROWTH_LIMIT)
        self.add(
            Figure(
                f"quizgen check without cache, {large:,} facts",
                runs.seconds,
                target="< 20 s",
                passed=runs.seconds < 20,
                runs=len(runs.ours),
            )
        )
        self.add(
            Figure(
                f"peak memory, quizgen check without cache, {large:,} facts",
                runs.rss_mb,
                unit="MB",
                target="< 800 MB",
                passed=runs.rss_mb < 800,
                runs=len(runs.ours),
            )
        )
        steps = [
            (
                _label(name),
                (lambda name: lambda bank, out: quizgen(*_command(name, bank, out)))(name),  # noqa: B023 - bound
                DECK_GROWTH_LIMIT if name == "anki" else GROWTH_LIMIT,
            )
            for name in _writer_names()
        ]
        for label, argv, limit in steps:
            folder, env = self.folder("growth")
            shutil.copytree(warm / "cache", folder / "cache")
            ours, base = Command(argv(banks[large], folder), env), Command(argv(banks[small], folder), env)
            runs = paired(ours, base, self.plan.growth_pairs, warmup=False)
            if runs.ours[0].seconds < SECOND_PAIR_UNDER:  # a second pair where it is cheap: the median of two
                more = paired(ours, base, 1, warmup=False)
                runs.ours += more.ours
                runs.base += more.base
            self._growth_figure(label, runs, small, large, limit)
            self.done("growth")
        self.done("growth-cache")

    def _growth_figure(self, label: str, runs: Runs, small: int, large: int, limit: float) -> None:
        # CPU time: a run on the large bank lasts seconds, long enough for other work on a shared
        # machine to come and go within one pair; the work done is what grows or not.
        figure = ratio_figure(
            f"{label}: {large:,} facts against {small:,}", runs, limit, f"{small:,} facts", "", cpu=True
        )
        figure.target = f"<= {limit:g}x (linear: 10x)"
        self.add(figure)

    def first_build_memory(self, bank: Path, facts: int, limit_mb: float) -> None:
        """A first `quizgen build` of a bank (nothing cached): the peak memory of the process tree.
        The cache entry it leaves is kept for the growth figures."""
        folder, env = self.folder(f"memory-{facts}")
        runs = repeated(
            Command(
                quizgen("build", "--bank", str(bank), "--out", str(folder / "dist")),
                env,
                prepare=lambda: shutil.rmtree(folder / "cache", ignore_errors=True),
                tree=True,
            ),
            1,
            warmup=False,
        )
        self.add(
            Figure(
                f"peak memory, first quizgen build, {facts:,} facts",
                runs.rss_mb,
                unit="MB",
                target=f"< {limit_mb:,.0f} MB",
                passed=runs.rss_mb < limit_mb,
                runs=1,
                note=f"Nothing cached: validation, then every writer; it took {runs.seconds:.1f} s.",
            )
        )
        kept = self.work / "kept-cache"
        kept.mkdir(exist_ok=True)
        for entry in (folder / "cache").glob("*.json"):
            self.cache_entries.append(Path(shutil.copy2(entry, kept / entry.name)))
        shutil.rmtree(folder / "dist", ignore_errors=True)
        self.done(f"memory-{facts}")

    def grading(self) -> None:
        folder, env = self.folder("grading")
        students = self.plan.students
        prepare("make-class", str(folder / "class"), str(students))
        scans = sorted(str(p) for p in (folder / "class" / "scans").glob("*.pdf"))
        ours = Command(
            quizgen("grade", *scans, "--keys", str(folder / "class" / "keys"), "--out", str(folder / "graded")),
            env,
            tree=True,
        )
        runs = paired(ours, Command(baseline("rasterise", str(folder / "class" / "scans")), env), 1, warmup=False)
        self.add(
            Figure(
                f"quizgen grade, a class of {students} two-page scans",
                runs.seconds,
                baseline=runs.base_seconds,
                baseline_name="rasterising them",
                ratio=runs.ratios[0],
                ratio_range=(runs.ratios[0], runs.ratios[0]),
                target="< 30 s",
                passed=runs.seconds < 30,
                runs=1,
                baseline_does="pypdfium2 rasterising the same pages at 150 dpi in grey, as "
                "grading does first; the ratio is shown, the target is the time.",
            )
        )
        self.add(
            Figure(
                f"peak memory, quizgen grade, {students} scans",
                runs.rss_mb,
                unit="MB",
                target="< 300 MB",
                passed=runs.rss_mb < 300,
                runs=1,
            )
        )
        self.done("grading")


def _writer_names() -> list[str]:
    from quizgen.writers import WRITERS

    return [writer.name for writer in WRITERS]


def _command(writer: str, bank: Path, out: Path) -> list[str]:
    """The command a user runs for one writer's output: its own command, or export."""
    if writer == "anki":
        return ["anki", "--bank", str(bank), "--out", str(out / "deck.apkg")]
    if writer == "worksheet":  # a worksheet of every fact, so the work grows with the bank
        return [
            "worksheet",
            "--bank",
            str(bank),
            "--out",
            str(out),
            "--versions",
            "A",
            "--count",
            str(_facts(bank)),
            "--key",
            "none",
        ]
    return ["export", "--format", writer, "--bank", str(bank), "--out", str(out / f"export.{writer}")]


def _label(writer: str) -> str:
    return {"anki": "quizgen anki", "worksheet": "quizgen worksheet of all facts"}.get(
        writer, f"quizgen export --format {writer}"
    )


def _facts(bank: Path) -> int:
    return int(bank.name.rsplit("-", 1)[-1])


def _pages(ours: Path, base: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:  # make bench runs on the runtime venv, which has no pypdf
        return ""
    try:
        return f"Pages: quizgen {len(PdfReader(ours).pages)}, baseline {len(PdfReader(base).pages)}."
    except (OSError, ValueError):
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny banks and one pair: a smoke test")
    parser.add_argument("--json", type=Path, default=None, help="also write the table as JSON here")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the table as Markdown here")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    parser.add_argument("--only", default=None, help="comma-separated parts to run (for development)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    before = machine()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as temp:
        work = Path(temp)
        bench = Bench(plan, work)
        sizes = (plan.small, plan.large)
        print(f"making synthetic banks of {', '.join(f'{s:,}' for s in sizes)} facts ...", file=sys.stderr)
        banks = {size: make_bank(work / f"bank-{size}", size) for size in sizes}
        small = banks[plan.small]
        parts: dict[str, Callable[[], None]] = {
            "startup": bench.startup,
            "quiz": lambda: bench.quiz_start(10 * plan.small),
            "review": lambda: bench.review_start(small, plan.small, 10 * plan.small),
            "build": bench.build_bundled,
            "check": lambda: bench.check_vs_yaml(small, plan.small),
            "deck": lambda: bench.deck_vs_genanki(small, plan.small),
            "pdf": lambda: bench.pdfs_vs_reportlab(small, plan.small),
            "memory": lambda: (
                bench.first_build_memory(small, plan.small, 250),
                bench.first_build_memory(banks[plan.large], plan.large, 1200),
            ),
            "growth": lambda: bench.growth(banks),
            "grading": bench.grading,
        }
        wanted = args.only.split(",") if args.only else list(parts)
        durations = {}
        for name in wanted:
            print(f"measuring {name} ...", file=sys.stderr)
            began = time.perf_counter()
            parts[name]()
            durations[name] = time.perf_counter() - began
            print(f"  ({name}: {durations[name]:.0f} s)", file=sys.stderr)
    figures = bench.figures
    after = machine()
    text = table(figures)
    print(text)
    if args.json:
        args.json.write_text(as_json(figures, after) + "\n")
    if args.markdown:
        args.markdown.write_text(markdown(text, figures, before, after, plan, time.perf_counter() - started))
    missed = [f.name for f in figures if f.passed is False]
    if missed:
        print(f"{len(missed)} target{'s' if len(missed) != 1 else ''} missed: {'; '.join(missed)}", file=sys.stderr)
    return 1 if missed and args.strict else 0


def markdown(
    text: str, figures: list[Figure], before: dict[str, str], after: dict[str, str], plan: Plan, seconds: float
) -> str:
    return (
        "# Benchmarks\n\n"
        "The latest `make bench` table. Every figure times a whole command as a user runs it, in a fresh process, "
        "with its own cache and data folder. A ratio is the median of per-pair ratios: quizgen and its baseline "
        "run back to back, the order alternating from pair to pair; the range of the pairs' ratios is shown. "
        f"Ratios against a library come from {plan.pairs} pairs (the PDFs from {max(1, plan.pairs - 2)}), "
        f"start-up from {plan.startup_pairs}; each growth figure (the {plan.large:,}-fact bank against the "
        f"{plan.small:,}-fact one) from {plan.growth_pairs} pair (two where a run on the large bank takes under "
        f"{SECOND_PAIR_UNDER:.0f} s), the writers finding both banks in their cache; "
        "growth compares CPU time (user + system, 's cpu'), which other work on a shared machine does not "
        "inflate, where every other figure is wall time. "
        "Synthetic banks come from tests/bench/synth.py (1,000 facts a file). Memory is the peak resident set of "
        "the command's process tree.\n\n"
        f"Machine: {after['processor']}, {after['cpus']} CPUs, {after['platform']}, Python {after['python']}. "
        f"Load average (1, 5, 15 min) before the run: {before['load']}; after: {after['load']}"
        f"{' (a shared machine: other work was running)' if float(before['load'].split()[0]) > 1 else ''}. "
        f"The whole run took {seconds / 60:.1f} minutes.\n\n"
        f"{text}\n\n"
        "## What each baseline does\n\n"
        f"{baselines_section(figures)}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
