"""One record of every option a writer may read (as pandoc's WriterOptions).

Each writer reads the fields it needs and checks their values where their meaning lives (the
worksheet its paper, key mode, labels and title). A misspelt option cannot be dropped on the
way: making the record fails at once. The defaults are the library's; the command line keeps
its own (such as `dist/` for output), which it passes in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from quizgen import DEFAULT_SEED

DEFAULT_COUNT = 20  # questions on a worksheet


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderOptions:
    seed: int = DEFAULT_SEED  # which questions, and every shuffle: the same seed gives the same bytes
    # Worksheets (quizgen.writers.worksheet); the study guide reads `paper` too.
    versions: str | tuple[str, ...] | None = None  # labels, 'A,B' or ('A', 'B'); None: A and B
    count: int = DEFAULT_COUNT
    kinds: str | tuple[str, ...] | None = None  # 'mcq,tf' or ('mcq', 'tf'); None: every kind
    topic: str | None = None
    paper: str = "a4"
    key: str = "separate"  # separate | appended | none
    title: str | None = None
    answer_sheet: bool = True
    # Where a writer says what the user should know (fewer questions than asked for), if anywhere.
    notice: Callable[[str], None] | None = field(default=None, compare=False)

    def say(self, text: str) -> None:
        if self.notice is not None:
            self.notice(text)
