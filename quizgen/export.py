"""`quizgen export`: one format's single file, written where the user asks."""

from __future__ import annotations

from pathlib import Path

from quizgen.errors import UsageError
from quizgen.bank.model import Bank
from quizgen.output import check_file_target, prepare_dir, safe_name, write_atomic
from quizgen.writers import get

DEFAULT_DIR = Path("dist")


def export(bank: Bank, format_name: str, seed: int, out_file: Path | None = None) -> tuple[Path, int]:
    """Render one format and write its file to out_file (default dist/<its name>): (path, size)."""
    writer = get(format_name)
    artifacts = writer.render(bank, seed=seed)
    if len(artifacts) != 1:
        raise UsageError(f"format '{format_name}' writes {len(artifacts)} files, not one; "
                         f"use 'quizgen build --out DIR' for it")
    artifact = artifacts[0]
    path = out_file if out_file is not None else DEFAULT_DIR / safe_name(artifact.name)
    check_file_target(path)
    prepare_dir(path.parent)
    write_atomic(path, artifact.data)
    return path, len(artifact.data)
