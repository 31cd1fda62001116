"""Load a bank: from the cache when it validated before with the same content in every file
(cache.py), else built from its files and validated (build.py: YAML, the schema and the checks
are imported only then, so the terminal quiz starts without them).
"""

from __future__ import annotations

from pathlib import Path

from quizgen.bank.locate import RELEASES_FILE, fact_files, locate
from quizgen.bank.model import Bank
from quizgen.gcpause import collector_paused


def load(path: Path | str | None = None, *, check_fingerprint: bool = True) -> Bank:
    """Load and validate a bank; raise BankError listing every problem found.

    A bank that validated before, with the same bytes in every file, comes from the cache.
    """
    from quizgen.bank import cache as bankcache

    root, manifest_path = locate(path)
    key = bankcache.key([manifest_path, *fact_files(root, manifest_path), *_releases_file(root)], check_fingerprint)
    bank = bankcache.get(key, root)
    if bank is None:
        from quizgen.bank.build import build

        with collector_paused():  # the cache entry too: the new bank's objects are all still young
            bank = build(root, manifest_path, check_fingerprint)
            bankcache.put(key, bank)
    return bank


def _releases_file(root: Path) -> list[Path]:
    path = root / RELEASES_FILE
    return [path] if path.exists() else []
