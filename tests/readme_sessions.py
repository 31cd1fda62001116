"""The README's sample sessions, made by real runs of quizgen so they cannot drift.

A session in README.md is a marker comment naming the command and the replies typed, then
a fenced block holding what that command prints with those replies piped in:

    <!-- session: quiz --count 2 --seed 9 <<< 'a reply' 'another' -->
    ```
    ...
    ```

tests/test_readme.py runs each one and compares; `make expected` (this script) rewrites the
blocks after an intended change to what the quiz prints: read the diff, and commit it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SESSION = re.compile(r"<!-- session: (?P<spec>.+?) -->\n```\n(?P<shown>.*?)```\n", re.DOTALL)


class Session(NamedTuple):
    args: list[str]
    replies: list[str]
    shown: str  # the block in the README
    span: tuple[int, int]  # where the block's text is in the README


def sessions(readme: str) -> list[Session]:
    found = []
    for match in SESSION.finditer(readme):
        words = shlex.split(match["spec"])
        cut = words.index("<<<") if "<<<" in words else len(words)
        found.append(Session(words[:cut], words[cut + 1 :], match["shown"], match.span("shown")))
    return found


def run(session: Session) -> str:
    """What the command prints on standard output, replies piped in, with fresh progress."""
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if k not in ("QUIZGEN_DATA_DIR", "COLUMNS")}
        env |= {"QUIZGEN_DATA_DIR": data, "PYTHONIOENCODING": "utf-8"}  # UTF-8 whatever the locale
        done = subprocess.run(
            [sys.executable, "-m", "quizgen", *session.args],
            input="".join(f"{reply}\n" for reply in session.replies),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            env=env,
            timeout=120,
            check=False,
        )
    if done.returncode != 0 or done.stderr:
        raise RuntimeError(f"quizgen {shlex.join(session.args)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def main() -> int:
    readme = README.read_text(encoding="utf-8")
    for session in reversed(sessions(readme)):  # from the end, so earlier spans stay valid
        start, end = session.span
        readme = readme[:start] + run(session) + readme[end:]
    README.write_text(readme, encoding="utf-8")
    print(f"rewrote {len(sessions(readme))} session(s) in {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
