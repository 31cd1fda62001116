"""Writing outputs safely: inside the chosen directory, all or nothing. The only module that writes
files quizgen makes; `emit` and `emit_file` are how every command puts rendered output in place."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from quizgen.errors import OutputError


class Artifact(NamedTuple):
    """What a writer makes: a bare file name and its bytes (NamedTuple: the CLI imports this at start-up)."""

    name: str
    data: bytes


def safe_name(name: str) -> str:
    """A file name a writer may use: no directories, no control characters, nothing hidden."""
    if (
        not name
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or any(ord(char) < 0x20 or ord(char) == 0x7F for char in name)
    ):
        raise OutputError(
            f"refusing to write a file named {name!r}: output names may not hold paths or control characters"
        )
    return name


def prepare_dir(directory: Path) -> Path:
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: exists and is not a directory; choose a directory for --out")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{directory}: cannot create the output directory ({exc.strerror or exc})") from None
    return directory


def check_file_target(path: Path) -> Path:
    """Refuse a --out FILE that is a directory or some other non-regular file."""
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; --out wants a file name here")
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: is not a regular file; choose another --out")
    # Path() drops '.' and keeps '' only for folders (caught above): '..' is what gets here.
    if path.name == "..":
        raise OutputError(f"{path}: not a file name")
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    Readers and a later crash only ever see the old file or the whole new one.
    """
    check_file_target(path)
    try:  # beside the target (Path('x').parent is Path('.')), so the rename stays on one file system
        import tempfile  # here: the quiz imports Artifact at start-up and writes nothing

        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_umask())  # as open() would make it: mkstemp's files are 0600
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: put it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def emit(
    artifacts: Iterable[Artifact], out_dir: Path, progress: Callable[[Path, int], None] | None = None
) -> list[Path]:
    """Put rendered artifacts into `out_dir`, each atomically: the one way output reaches a folder."""
    prepare_dir(out_dir)
    written = []
    for artifact in artifacts:
        path = out_dir / safe_name(artifact.name)
        write_atomic(path, artifact.data)
        written.append(path)
        if progress:
            progress(path, len(artifact.data))
    return written


def emit_file(artifacts: list[Artifact], path: Path, fmt: str) -> tuple[Path, int]:
    """Put a format's one artifact at the file the user named: (path, size)."""
    if len(artifacts) != 1:
        raise OutputError(f"format '{fmt}' writes {len(artifacts)} files, not one; give it a folder instead")
    check_file_target(path)
    prepare_dir(path.parent)  # Path("x").parent is Path("."): never empty
    write_atomic(path, artifacts[0].data)
    return path, len(artifacts[0].data)
