"""One root exception; only the CLI turns these into messages and exit codes."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitStatus(IntEnum):
    OK = 0
    FAILURE = 1  # something went wrong at run time
    BAD_INPUT = 2  # malformed bank, bad option, broken database
    INTERRUPTED = 130


class QuizgenError(Exception):
    """Base of every error quizgen raises on purpose."""

    exit_status: ExitStatus = ExitStatus.FAILURE

    def lines(self) -> list[str]:
        return [str(self)]


class Problem(NamedTuple):
    """One fault in a bank: where it is and what is wrong."""

    path: str
    line: int | None
    message: str
    fact_id: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        who = f" fact '{self.fact_id}':" if self.fact_id else ""
        message = " ".join(self.message.splitlines())  # one problem, one line
        return f"{where}:{who} {message}"


class BankError(QuizgenError):
    """A bank that does not load: carries every problem found, not just the first."""

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(QuizgenError):
    """A bad option or argument value found by the library."""

    exit_status = ExitStatus.BAD_INPUT


class OutputError(QuizgenError):
    """An output path that cannot be written."""

    exit_status = ExitStatus.BAD_INPUT
