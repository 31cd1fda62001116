"""Reading a bank's files: regular files only, and never more than MAX_BYTES of one.

A FIFO would block a read for ever, /dev/zero never ends, and a sparse file can claim
gigabytes it does not hold: each is refused before its contents are touched. Light on
purpose (no yaml): the bank cache reads files through it at every start of the quiz.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024


class FileFault(Exception):
    """A bank file that is not read at all: not a regular file, too big, or unreadable."""


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, opened without blocking on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FileFault(f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileFault(f"is {_kind(info.st_mode)}, not a file; a bank holds plain files")
        if info.st_size > MAX_BYTES:
            raise FileFault(_too_large())
        chunks, size = [], 0
        while size <= MAX_BYTES:  # the file may have grown since fstat
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise FileFault(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        raise FileFault(_too_large())
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def _too_large() -> str:
    return f"file is larger than {MAX_BYTES // (1024 * 1024)} MB"
