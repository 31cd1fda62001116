"""Saved expected outputs of the text writers for tests/banks/small (pandoc-style golden files).

The tests compare against these files and never write them. After an intended change to a
writer, regenerate them with `make expected` (this script), read the diff, and commit it.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
EXPECTED = TESTS / "expected"
SMALL_BANK = TESTS / "banks" / "small"
TEXT_FORMATS = ("gift", "quizlet", "csv", "json")
SEED = 1


def expected_path(bank_name: str, artifact_name: str) -> Path:
    """'small-fixture.quizlet.tsv' -> tests/expected/small.quizlet.tsv."""
    return EXPECTED / ("small" + artifact_name.removeprefix(bank_name))


def main() -> int:
    sys.path.insert(0, str(TESTS.parent))
    from quizgen.bank import load
    from quizgen.writers import get

    bank = load(SMALL_BANK)
    EXPECTED.mkdir(exist_ok=True)
    for name in TEXT_FORMATS:
        for artifact in get(name).render(bank, seed=SEED):
            path = expected_path(bank.name, artifact.name)
            path.write_bytes(artifact.data)
            print(f"wrote {path.relative_to(TESTS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
