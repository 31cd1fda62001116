"""What many tests share: where things are, and how to tell a command's own failure from a crash.

Test modules import from here (`from tests.helpers import ROOT`), and the other helper
modules beside it (`from tests.hostile import write_bank`): tests/ is a package.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from click.testing import Result

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SMALL_BANK = TESTS / "banks" / "small"


def no_crash(result: Result) -> None:
    """The command ended with its own message and status, not an exception it did not expect.

    CliRunner keeps such an exception in result.exception and never prints its traceback, so
    `"Traceback" not in result.output` cannot fail: check the exception instead.
    """
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"the command crashed: {result.exception!r}") from result.exception
