"""Find a bank: the bundled one or a teacher's, its manifest, and the fact files beside it."""

from __future__ import annotations

import os
from pathlib import Path

from quizgen.errors import BankError, Problem

MANIFEST = "bank.yaml"
RELEASES_FILE = "releases.json"  # beside the manifest, written by `quizgen bump` (releases.py)


_PACKAGE = Path(__file__).resolve().parent.parent  # the quizgen package


def bundled_path() -> Path:
    """The bank shipped with quizgen: inside the wheel, or facts/ in a source checkout."""
    installed = _PACKAGE / "facts"
    return installed if installed.is_dir() else _PACKAGE.parent / "facts"


def shown(path: Path) -> str:
    """A path as messages print it: relative to the working directory where that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def locate(path: Path | str | None) -> tuple[Path, Path]:
    """(bank directory, manifest path) for --bank: a directory or its bank.yaml."""
    target = Path(path) if path is not None else bundled_path()
    if target.is_dir():
        manifest = target / MANIFEST
    else:
        manifest, target = target, target.parent
    if not manifest.is_file():
        if not target.exists():
            raise BankError([Problem(shown(target), None, "no such bank directory")])
        raise BankError(
            [
                Problem(
                    shown(manifest),
                    None,
                    f"no {MANIFEST} manifest here; a bank is a directory with {MANIFEST} and fact files beside it",
                )
            ]
        )
    return target, manifest


def fact_files(root: Path, manifest: Path) -> list[Path]:
    """The fact files beside the manifest; hidden files (editor locks `.#x.yaml`, macOS `._x.yaml`) are not."""
    return sorted(
        p
        for p in root.iterdir()
        if p.suffix in (".yaml", ".yml") and p.name != manifest.name and not p.name.startswith(".")
    )


def leads_outside(file: Path, root: Path) -> bool:
    """A fact file that is a symbolic link to a file outside the bank (a loop is left to the read to report)."""
    if not file.is_symlink():
        return False
    try:
        return not file.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop: RuntimeError before Python 3.13
        return False
