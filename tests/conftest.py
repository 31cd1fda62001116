from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.bank import bundled_path, load
from quizgen.model import Bank

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SMALL_BANK = TESTS / "banks" / "small"


@pytest.fixture(scope="session")
def bundled() -> Bank:
    return load(bundled_path())


@pytest.fixture(scope="session")
def small() -> Bank:
    return load(SMALL_BANK)
