"""Run writers and put their files in place."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from quizgen.bank.model import Bank
from quizgen.output import prepare_dir, safe_name, write_atomic
from quizgen.writers import WRITERS, Artifact, Writer


def render_all(bank: Bank, seed: int, writers: Iterable[Writer] = WRITERS,
               progress: Callable[[Writer], None] | None = None) -> list[Artifact]:
    """Every artifact of every writer, in memory: nothing is written until all succeeded."""
    artifacts = []
    for writer in writers:
        if progress:
            progress(writer)
        artifacts += writer.render(bank, seed=seed)
    return artifacts


def write(artifacts: Iterable[Artifact], out_dir: Path,
          progress: Callable[[Path, int], None] | None = None) -> list[Path]:
    prepare_dir(out_dir)
    written = []
    for artifact in artifacts:
        path = out_dir / safe_name(artifact.name)
        write_atomic(path, artifact.data)
        written.append(path)
        if progress:
            progress(path, len(artifact.data))
    return written
