"""`make mutation`: run mutmut over the core, then report the kill rate.

The core is what checks answers, reads replies, makes text safe for each output, keeps
progress and writes files: SCOPE below (mutmut's names, fnmatch patterns). Survivors are
listed with the first line of their diff; docs/mutation.md names the ones that are
equivalent (no test can tell them from the original), each with its reason.

    python -m tests.mutation          # run mutmut (in ./mutants), then report
    python -m tests.mutation report   # report on the last run only
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCOPE = (
    "quizgen.questions.answers.*",
    "quizgen.bank.compare.*",
    "quizgen.study.replies.*",
    "quizgen.study.progress.*",
    "quizgen.output.*",
    # The writers' escaping functions.
    "quizgen.writers.gift.x_escape__mutmut_*",
    "quizgen.writers.gift.x_html_text__mutmut_*",
    "quizgen.writers.gift.x_plain_answer__mutmut_*",
    "quizgen.writers.anki_notes.x_escape__mutmut_*",
    "quizgen.writers.anki_notes.x_escape_cloze__mutmut_*",
    "quizgen.writers.anki_notes.x_deck_part__mutmut_*",
    "quizgen.writers.csv_table.x_cell__mutmut_*",
    "quizgen.study.terminal.x_printable__mutmut_*",
    "quizgen.study.terminal.x__escaped__mutmut_*",
    "quizgen.study.terminal.x__is_utf__mutmut_*",
)
KILLED = {1, 3}
TIMEOUT = {36, 24, -24, 152, 255}
TARGET = 90.0


def results() -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for meta in (ROOT / "mutants").rglob("*.meta"):
        found.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return {name: code for name, code in found.items() if any(fnmatch.fnmatch(name, p) for p in SCOPE)}


def equivalent() -> set[str]:
    """Mutant names docs/mutation.md lists as equivalent (a backquoted name at a line's start)."""
    text = (ROOT / "docs" / "mutation.md").read_text(encoding="utf-8")
    return set(re.findall(r"^- `(quizgen\.[^`]+)`", text, flags=re.MULTILINE))


def report() -> int:
    found = results()
    if not found:
        print("no mutmut results in ./mutants: run `make mutation`")
        return 1
    killed = [name for name, code in found.items() if code in KILLED or code in TIMEOUT]
    unchecked = [name for name, code in found.items() if code is None]
    alive = sorted(set(found) - set(killed) - set(unchecked))
    explained = equivalent()
    unexplained = [name for name in alive if name not in explained]
    checked = len(found) - len(unchecked)
    rate = 100 * len(killed) / checked if checked else 0.0
    print(
        f"mutants: {len(found)} in scope, {checked} checked, {len(killed)} killed, {len(alive)} survived "
        f"({len(alive) - len(unexplained)} listed as equivalent in docs/mutation.md)"
    )
    print(
        f"kill rate: {rate:.1f}% (target {TARGET:.0f}%); counting the equivalent ones as killed: "
        f"{100 * (len(killed) + len(alive) - len(unexplained)) / checked if checked else 0:.1f}%"
    )
    for name in unexplained:
        print(f"  survived, unexplained: {name}")
    stale = sorted(explained - set(alive))
    for name in stale:
        print(f"  listed as equivalent but not a survivor (killed now, or renamed): {name}")
    return 0 if rate >= TARGET and not unexplained else 1


def main() -> int:
    if sys.argv[1:] != ["report"]:
        # Every mutant of the files in pyproject's [tool.mutmut] only_mutate, the scope's and their
        # neighbours': given names, mutmut passes test ids on pytest's command line, and some
        # parametrised ids (escaped control characters) do not survive that trip.
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", "2"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            check=False,
        )
        if done.returncode:
            print(f"mutmut stopped with status {done.returncode}")
    return report()


if __name__ == "__main__":
    sys.exit(main())
