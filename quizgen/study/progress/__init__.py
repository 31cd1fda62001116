"""Progress on disk: one SQLite database of answers and spaced-repetition cards.

Every answer is its own transaction, committed before the next question is shown, so
nothing answered is lost to Ctrl-C (the CLI holds it back while a transaction commits), end of
input, a closed terminal or a crash. WAL mode and a busy timeout let two sessions write at once.
A file SQLite cannot read, or whose tables are not those its version promises, is moved aside
and a fresh database started; a row that cannot be read raises Damaged, a clear message; a
locked one is reported, not waited on forever. A database that cannot be written (read-only
folder or file, permission denied, disk full, I/O error) raises Unwritable, at open or at any
write, so the quiz can go on unsaved. `quizgen stats` opens it read-only.

- errors.py: what can go wrong, told apart by SQLite's codes;
- schema.py: the tables and their migrations;
- connect.py: opening (create, migrate, check, move a damaged file aside), or read-only;
- store.py: the queries, each write its own transaction.
"""

from quizgen.study.progress.connect import (
    BUSY_TIMEOUT_MS,
    DB_NAME,
    default_data_dir,
    move_aside,
    open_read_only,
    open_store,
)
from quizgen.study.progress.errors import Damaged, ProgressError, Unwritable, is_locked
from quizgen.study.progress.schema import MIGRATIONS, SCHEMA_VERSION
from quizgen.study.progress.store import AnswerRow, CardRow, FactResult, Guard, ProgressStore, iso, moment

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DB_NAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AnswerRow",
    "CardRow",
    "Damaged",
    "FactResult",
    "Guard",
    "ProgressError",
    "ProgressStore",
    "Unwritable",
    "default_data_dir",
    "is_locked",
    "iso",
    "moment",
    "move_aside",
    "open_read_only",
    "open_store",
]
