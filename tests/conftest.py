from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from quizgen.bank.loader import load
from quizgen.bank.locate import bundled_path
from quizgen.bank.model import Bank
from tests.helpers import SMALL_BANK

# Property tests run the same examples on every run and machine (no flaky CI, no example
# database), without time limits: each example writes, loads and renders a whole bank.
# No `explain` phase: its tracing made one failing PDF example take many minutes to report.
settings.register_profile(
    "quizgen",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
settings.load_profile("quizgen")


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's tmp_path sits under a 0700 folder)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="quizgen-shared-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)


@pytest.fixture(scope="session")
def bundled() -> Bank:
    return load(bundled_path())


@pytest.fixture(scope="session")
def small() -> Bank:
    return load(SMALL_BANK)


@pytest.fixture(autouse=True, scope="session")
def _private_bank_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the processes they start) use a cache of their own, never the user's."""
    import os

    os.environ["QUIZGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("bank-cache"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first: with parallel workers (pytest-xdist) each then starts at once beside
    the quick ones, instead of one worker finishing it alone at the end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
