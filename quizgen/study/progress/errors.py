"""What can go wrong with the progress database, told apart by SQLite's result codes (never by
the wording of a message), and the error each becomes."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from quizgen.errors import ExitStatus, QuizgenError


class ProgressError(QuizgenError):
    """The progress database cannot be used (locked, unwritable, from a newer quizgen)."""

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, message: str, reason: str = "database error") -> None:
        super().__init__(message)
        self.reason = reason  # the short cause ("disk full"), for a one-line message mid-session


class Unwritable(ProgressError):
    """The progress database cannot be written: read-only, permission denied, disk full, I/O
    error. Quizzing can go on without saving; waiting would not help."""


class Damaged(ProgressError):
    """A row of the progress database that cannot be read: someone or something changed it."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"the progress database {path} is damaged ({detail}); rename or delete it to start "
            "afresh (quizgen then makes a new one)",
            "damaged",
        )


class Corrupt(Exception):
    """A file SQLite cannot read as our database: moved aside, never a traceback."""


def is_locked(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED, whatever the extended code (BUSY_SNAPSHOT, ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (5, 6)


def locked_error(path: Path) -> ProgressError:
    return ProgressError(
        f"the progress database {path} is locked by another program; "
        "close other quizgen sessions (or tools holding it open) and try again",
        "locked by another program",
    )


# SQLite's primary result codes (the low byte of the extended code) that mean "cannot write".
_SQLITE_REASONS = {3: "permission denied", 8: "read-only", 10: "I/O error", 13: "disk full", 14: "cannot open"}


def write_error(path: Path, exc: sqlite3.Error) -> QuizgenError:
    """The error for a failed write: locked, Unwritable, or (a cause we do not know) ProgressError."""
    if is_locked(exc):
        return locked_error(path)
    code = getattr(exc, "sqlite_errorcode", None)
    reason = _SQLITE_REASONS.get(code & 0xFF) if isinstance(code, int) else None
    if reason is None:
        return ProgressError(f"cannot write the progress database {path}: {exc}")
    # Effective ids: they decide what this process may write (os.access asks for the real ones).
    if reason in ("cannot open", "read-only", "permission denied") and not os.access(
        path.parent, os.W_OK, effective_ids=os.access in os.supports_effective_ids
    ):
        return Unwritable(f"the data directory {path.parent} is read-only ({exc})", "read-only")
    if reason == "read-only":
        return Unwritable(f"the progress database {path} is read-only ({exc})", reason)
    if reason == "disk full":
        return Unwritable(f"the disk holding {path} is full ({exc})", reason)
    return Unwritable(f"cannot write the progress database {path} ({reason}: {exc})", reason)


def os_reason(exc: OSError) -> str:
    return {
        errno.EROFS: "read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "disk full",
        errno.EDQUOT: "disk full",
        errno.ENOTDIR: "not a folder",
        errno.EEXIST: "not a folder",
    }.get(exc.errno or 0, "cannot create")
