"""The validated-bank cache gives the same Bank, and never a stale one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizgen.bank import cache as bankcache
from quizgen.bank.loader import load
from quizgen.errors import BankError
from tests.helpers import SMALL_BANK


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(directory))
    return directory


def copy_bank(tmp_path: Path) -> Path:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    return bank


def test_cached_bank_equals_a_fresh_load(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank_dir = copy_bank(tmp_path)
    first = load(bank_dir)
    assert len(list(cache.glob("*.json"))) == 1
    cached = load(bank_dir)
    assert cached == first and cached.root == bank_dir
    assert [f.origin for f in cached.facts] == [f.origin for f in first.facts]
    monkeypatch.setenv("QUIZGEN_NO_CACHE", "1")
    assert load(bank_dir) == first


def test_an_edit_misses_the_cache(tmp_path: Path, cache: Path) -> None:
    bank_dir = copy_bank(tmp_path)
    load(bank_dir)
    facts = bank_dir / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("Paragraph 4 dates", "Paragraph 4 gives"), encoding="utf-8"
    )
    with pytest.raises(BankError, match=r"fact 'treaty-year': changed since version 1\.0"):
        load(bank_dir)


def test_the_releases_file_is_part_of_the_key(tmp_path: Path, cache: Path) -> None:
    bank_dir = copy_bank(tmp_path)
    assert load(bank_dir).fact_releases
    (bank_dir / "releases.json").unlink()
    assert not load(bank_dir).fact_releases


def test_a_corrupt_or_unwritable_cache_is_ignored(tmp_path: Path, cache: Path) -> None:
    bank_dir = copy_bank(tmp_path)
    good = load(bank_dir)
    for entry in cache.glob("*.json"):
        entry.write_text("{not json")
    assert load(bank_dir) == good
    shutil.rmtree(cache)
    cache.write_text("a file where the cache directory should be")
    assert load(bank_dir) == good


def test_old_entries_are_pruned(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bankcache, "KEEP", 2)
    for index in range(4):
        bank_dir = tmp_path / f"b{index}"
        shutil.copytree(SMALL_BANK, bank_dir)
        (bank_dir / "facts.yaml").write_text((SMALL_BANK / "facts.yaml").read_text() + f"# {index}\n")
        load(bank_dir)
    assert len(list(cache.glob("*.json"))) == 2


def test_an_entry_is_used_only_under_its_own_whole_key(tmp_path: Path, cache: Path) -> None:
    """The file name only finds an entry: one written under another key (two keys whose
    checksums collide) is a miss, not another bank."""
    import json

    bank_dir = copy_bank(tmp_path)
    load(bank_dir)
    (entry,) = cache.glob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["key"].startswith(f"{bankcache.FORMAT} ")
    data["key"] += " another bank"
    data["bank"]["title"] = "Not this bank"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert load(bank_dir).title != "Not this bank"
