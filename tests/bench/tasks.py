"""Work measured inside one fresh process: `python -m tests.bench.tasks TASK ARGS...`.

Each task prints one JSON line: its own wall time (imports included, interpreter start
excluded, the same for quizgen and its baselines) and its peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _report(start: float) -> None:
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": time.perf_counter() - start, "rss_mb": rss_mb}))


def validate(bank_dir: str) -> None:
    from quizgen.bank import load

    load(bank_dir)


def render(writer_name: str, bank_dir: str) -> None:
    from quizgen.bank import load
    from quizgen.writers import DEFAULT_SEED, get

    get(writer_name).render(load(bank_dir), seed=DEFAULT_SEED)


TASKS = {"validate": validate, "render": render}


def main() -> None:
    name, *args = sys.argv[1:]
    start = time.perf_counter()
    TASKS[name](*args)
    _report(start)


if __name__ == "__main__":
    main()
