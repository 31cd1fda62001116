"""A cache of validated banks, so a bank is parsed and checked once, not on every command.

Like Sphinx's pickled environment, but JSON (nothing in a cache file can run as code).
An entry is keyed by the bytes of every file of the bank and by the code that validates it,
so any edit to a fact file, or to quizgen, misses the cache and validates afresh. The cache
is only an accelerator: an unreadable or unwritable cache is ignored.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from quizgen import __version__
from quizgen.bank.model import Bank, FactRelease, Source, Topic
from quizgen.bank.shape import ROW_LAYOUT, fact_from_row, fact_row

FORMAT = 5  # 5: facts as rows in the order shape.ROW_LAYOUT names (half the time to read back)
KEEP = 32  # entries kept; older ones are removed as new ones are written
_PACKAGE = Path(__file__).parent  # every module of quizgen.bank shapes a bank: a change to any misses


def cache_dir() -> Path | None:
    """$QUIZGEN_CACHE_DIR, else the user cache directory; None when QUIZGEN_NO_CACHE is set."""
    if os.environ.get("QUIZGEN_NO_CACHE"):
        return None
    configured = os.environ.get("QUIZGEN_CACHE_DIR")
    if configured:
        return Path(configured)
    from quizgen.userdirs import user_cache_dir

    return Path(user_cache_dir())


def _sha256() -> Any:
    # hashlib loads OpenSSL and blake2 (~3 ms of the quiz's start-up); CPython's built-in
    # sha256 module gives the same digests, as random.py uses its built-in sha512.
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12+
        except ImportError:  # pragma: no cover - other Pythons
            from hashlib import sha256
    return sha256


def key(files: list[Path], check_fingerprint: bool) -> str | None:
    """The entry of a bank with these files; None (no caching) when one cannot be read whole."""
    from quizgen.bank.files import FileFault, read_bytes

    digest = _sha256()(f"{FORMAT}\0{__version__}\0{check_fingerprint}".encode())
    try:
        for module in sorted(_PACKAGE.glob("*.py")):  # a changed loader must not trust entries it did not write
            stat = module.stat()
            digest.update(f"\0{module.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        for file in files:
            digest.update(f"\0{file.name}\0".encode())
            digest.update(read_bytes(file))
    except (OSError, FileFault):
        return None
    return digest.hexdigest()


def get(entry: str | None, root: Path) -> Bank | None:
    directory = cache_dir()
    if entry is None or directory is None:
        return None
    try:
        data = json.loads((directory / f"{entry}.json").read_text(encoding="utf-8"))
        return _bank(data, root) if data.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def put(entry: str | None, bank: Bank) -> None:
    directory = cache_dir()
    if entry is None or directory is None:
        return
    from quizgen.output import write_atomic

    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomic(directory / f"{entry}.json", json.dumps(_data(bank), ensure_ascii=False).encode("utf-8"))
        entries = sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply not used
        return


def _data(bank: Bank) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "bank": {
            k: getattr(bank, k)
            for k in ("name", "title", "description", "language", "version", "fingerprint", "namespace")
        }
        | {"released": bank.released.isoformat()},
        "sources": [s._asdict() for s in bank.sources],
        "topics": [t._asdict() for t in bank.topics],
        "row_layout": ROW_LAYOUT,
        "facts": [fact_row(fact) for fact in bank.facts],
        "fact_releases": [
            [fact_id, release.added.isoformat(), release.changed.isoformat()] for fact_id, release in bank.fact_releases
        ],
    }


def _bank(data: dict[str, Any], root: Path) -> Bank:
    sources = {s["id"]: Source(**s) for s in data["sources"]}
    if tuple(data["row_layout"]) != ROW_LAYOUT:
        raise KeyError("row_layout")  # written by another quizgen: a miss
    facts = [fact_from_row(row, sources) for row in data["facts"]]
    return Bank(
        **data["bank"] | {"released": datetime.fromisoformat(data["bank"]["released"])},
        sources=tuple(sources.values()),
        topics=tuple(Topic(**t) for t in data["topics"]),
        facts=tuple(facts),
        root=root,
        fact_releases=tuple(
            (fact_id, FactRelease(*map(datetime.fromisoformat, times))) for fact_id, *times in data["fact_releases"]
        ),
    )
