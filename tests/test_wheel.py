"""The wheel carries the bundled bank and templates: an installed quizgen works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_wheel_installs_and_finds_the_bundled_bank(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT)], check=True, capture_output=True
    )
    [wheel] = wheels.glob("quizgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "quizgen/facts/bank.yaml" in names
    assert any(n.startswith("quizgen/templates/") for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), str(wheel)], check=True, capture_output=True)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(venv / "bin" / "quizgen"), "check"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Facts by topic:" in done.stdout
    located = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from quizgen.bank.locate import bundled_path; print(bundled_path())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in located.stdout, "the installed package must use its own copy of the bank"
