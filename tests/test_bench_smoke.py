"""The benchmark runner still works (a seconds-long smoke run; it asserts no timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_bench_quick_run_produces_table_and_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--quick", "--json", str(out), "--markdown", str(tmp_path / "bench.md")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr  # a missed target is reported, not an error (--strict makes it one)
    assert "| figure" in done.stdout
    data = json.loads(out.read_text())
    names = [f["name"] for f in data["figures"]]
    assert "quizgen --help" in names and any(n.startswith("quizgen check without cache") for n in names)
    assert any(n.startswith("peak memory, first quizgen build") for n in names)
    assert all(f["value"] > 0 for f in data["figures"])
    paired = [f for f in data["figures"] if f["ratio"] is not None]
    assert paired and all(f["ratio_range"][0] <= f["ratio"] <= f["ratio_range"][1] for f in paired)
    text = (tmp_path / "bench.md").read_text()
    assert "Machine:" in text and "What each baseline does" in text


def test_synthetic_banks_load(tmp_path: Path) -> None:
    from quizgen.bank.loader import load
    from tests.bench.synth import make_bank

    bank = load(make_bank(tmp_path / "b", 50))
    assert len(bank.facts) == 50
