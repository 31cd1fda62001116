"""Run the real `quizgen` CLI, but hold it inside its Nth atomic write until a signal ends it.

Usage: python tests/pause_in_write.py N build --bank B --out DIR

Only os.replace is wrapped, in this process: write_atomic has written, flushed and fsynced
its temporary file and is about to rename it into place. The wrapper says so on stderr
("paused <temp> -> <target>") and waits on stdin, so a test can send a real signal at
exactly that point instead of guessing a delay. Everything else is quizgen's own code path.
"""

import os
import sys

from quizgen.cli import main

target = int(sys.argv.pop(1))
calls = 0
real_replace = os.replace


def replace(src: str, dst: str) -> None:
    global calls
    calls += 1
    if calls == target:
        print(f"paused {src} -> {dst}", file=sys.stderr, flush=True)
        sys.stdin.readline()  # until the test's signal arrives
    real_replace(src, dst)


os.replace = replace  # type: ignore[assignment]
sys.argv[0] = "quizgen"
main()
