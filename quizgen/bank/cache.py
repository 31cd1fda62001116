"""A cache of validated banks, so a bank is parsed and checked once, not on every command.

Like Sphinx's pickled environment, but JSON (nothing in a cache file can run as code).
An entry is keyed by the content of every file of the bank (its size and CRC-32, which tells
apart any two versions differing in one run of up to 32 bits, and others but for a 1 in 4
billion chance) and by the code that validates it (the version, and the size and time of every
module of quizgen.bank), so an edit to a fact file, or to quizgen, misses the cache and
validates afresh. The entry holds its whole key and is used only when the key matches: the
file name, a checksum of the key, just finds it. (No cryptographic hash: hashlib costs the
quiz's start-up 2 ms, and nothing here defends against an attacker, who could edit the bank.)
The cache is only an accelerator: an unreadable or unwritable cache is ignored.
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

FORMAT = 6  # 6: the whole key inside the entry
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


def key(files: list[Path], check_fingerprint: bool) -> str | None:
    """The key of a bank with these files; None (no caching) when one cannot be read whole."""
    from zlib import crc32

    from quizgen.bank.files import FileFault, read_bytes

    parts = [f"{FORMAT} {__version__} {check_fingerprint}"]
    try:
        for module in sorted(_PACKAGE.glob("*.py")):  # a changed loader must not trust entries it did not write
            stat = module.stat()
            parts.append(f"{module.name} {stat.st_size} {stat.st_mtime_ns}")
        for file in files:
            data = read_bytes(file)
            parts.append(f"{file.name} {len(data)} {crc32(data):08x}")
    except (OSError, FileFault):
        return None
    return "\n".join(parts)


def _entry(directory: Path, key: str) -> Path:
    from zlib import adler32, crc32

    text = key.encode()
    return directory / f"{crc32(text):08x}{adler32(text):08x}.json"


def get(key: str | None, root: Path) -> Bank | None:
    directory = cache_dir()
    if key is None or directory is None:
        return None
    try:
        data = json.loads(_entry(directory, key).read_text(encoding="utf-8"))
        return _bank(data, root) if data.get("format") == FORMAT and data.get("key") == key else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def put(key: str | None, bank: Bank) -> None:
    directory = cache_dir()
    if key is None or directory is None:
        return
    from quizgen.output import write_atomic

    try:
        directory.mkdir(parents=True, exist_ok=True)
        data = _data(bank) | {"key": key}
        write_atomic(_entry(directory, key), json.dumps(data, ensure_ascii=False).encode("utf-8"))
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
