"""The terminal quiz starts without the heavy modules: checked by what is imported, not by a clock.

`inspect` is not on the list: click imports it itself; nor is `dataclasses`: the question
kinds are frozen dataclasses (building the classes costs about 4 ms, measured with -X importtime).
A cache miss may import yaml and the schema (they validate the bank); a quiz on a cached bank must not.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "yaml",
    "genanki",
    "reportlab",
    "anki",
    "fsrs",
    "platformdirs",
    "hashlib",
    "tempfile",
    "quizgen.bank.build",
    "quizgen.bank.schema",
    "quizgen.bank.yamlfile",
    "cv2",
    "numpy",
    "pypdfium2",
)
REPORT = f"print('IMPORTED', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
QUIZ = f"""
import sys
from quizgen.cli import main
sys.argv = ["quizgen", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
{REPORT}
"""


def imported(code: str, *args: str, env: dict[str, str] | None = None, stdin: str = "") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("IMPORTED "))
    return ast.literal_eval(line.removeprefix("IMPORTED "))


def test_importing_the_quiz_modules_loads_nothing_heavy() -> None:
    code = (
        "import quizgen.cli, quizgen.study.quiz, quizgen.study.progress, quizgen.bank.loader, quizgen.questions, sys\n"
        + REPORT
    )
    assert imported(code) == []


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZGEN_", "XDG_"))}
    return env | {"HOME": str(home), "NO_COLOR": "1"}


def test_a_quiz_on_a_cached_bank_loads_nothing_heavy(tmp_path: Path) -> None:
    env = clean_env(tmp_path) | {"QUIZGEN_CACHE_DIR": str(tmp_path / "cache")}
    args = ("quiz", "--data-dir", str(tmp_path / "data"), "--seed", "1")
    first = imported(QUIZ, *args, env=env, stdin="q\n")
    assert "quizgen.bank.schema" in first  # the cache was cold: the bank was validated
    assert imported(QUIZ, *args, env=env, stdin="q\n") == []
    assert list((tmp_path / "cache").glob("*.json")) and (tmp_path / "data" / "progress.sqlite3").is_file()


def test_the_default_directories_need_no_platformdirs_on_linux(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    for _ in range(2):
        names = imported(QUIZ, "quiz", "--seed", "1", env=env, stdin="q\n")
    if sys.platform == "linux":
        assert names == []
    assert (tmp_path / ".local" / "share" / "quizgen" / "progress.sqlite3").is_file() or sys.platform != "linux"
    assert list(tmp_path.rglob("quizgen/*.json"))
