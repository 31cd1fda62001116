"""The one table of writers, and the one way to their output. A new format is one module plus
one row here.

A writer module defines `render(bank, options: RenderOptions) -> list[Artifact]`: it returns
file names and bytes and never opens files itself. Every command reaches disk the same way:
`render` (or `render_all`) here, then `quizgen.output.emit` into a folder or `emit_file` to one
file the user named. A writer may define `same_content(a, b)` when equal content can differ
in bytes. Writer modules are imported only when used, so the quiz never pays for genanki or
ReportLab (and this table, which the CLI reads at start-up, imports nothing heavy).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from quizgen import DEFAULT_SEED
from quizgen.errors import UsageError
from quizgen.output import Artifact

if TYPE_CHECKING:
    from quizgen.bank.model import Bank
    from quizgen.writers.options import RenderOptions

__all__ = ["DEFAULT_SEED", "WRITERS", "Artifact", "Writer", "get", "render_all"]


class Writer(NamedTuple):
    name: str
    description: str
    module: str  # imported on first use
    outputs: str  # what `quizgen build` writes, for `quizgen formats`
    single_file: bool = True  # False: several files, so `quizgen export` leaves it to its own command

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)

    def render(self, bank: Bank, options: RenderOptions | None = None) -> list[Artifact]:
        """The writer's artifacts, made with the cyclic garbage collector paused (gcpause)."""
        from quizgen.gcpause import collector_paused
        from quizgen.writers.options import RenderOptions

        with collector_paused():
            return self.load().render(bank, options or RenderOptions())  # type: ignore[no-any-return]

    def same_content(self, a: bytes, b: bytes) -> bool:
        compare = getattr(self.load(), "same_content", None)
        return bool(compare(a, b)) if compare else a == b


WRITERS: tuple[Writer, ...] = (
    Writer(
        "json",
        "the whole question set as JSON, with a schema version (also the debug dump)",
        "quizgen.writers.json_dump",
        "<bank>.json",
    ),
    Writer(
        "anki",
        "an Anki deck: one note per fact, a card per way of asking it, updating in place",
        "quizgen.writers.anki",
        "<bank>.apkg",
    ),
    Writer(
        "gift",
        "Moodle GIFT: every question kind, a category per topic, feedback with sources",
        "quizgen.writers.gift",
        "<bank>.gift",
    ),
    Writer(
        "moodle-xml",
        "Moodle XML: real ordering questions, numbers with units, a category per topic, fact ids",
        "quizgen.writers.moodle_xml",
        "<bank>.moodle.xml",
    ),
    Writer(
        "qti",
        "Canvas QTI 1.2 package: one quiz (and question bank) for all topics",
        "quizgen.writers.qti",
        "<bank>.qti.zip",
    ),
    Writer(
        "qti-topics",
        "Canvas QTI 1.2 package: one quiz (and question bank) per topic",
        "quizgen.writers.qti_topics",
        "<bank>.topics.qti.zip",
    ),
    Writer(
        "kahoot",
        "Kahoot! spreadsheet: the multiple-choice and true/false questions that fit Kahoot's limits",
        "quizgen.writers.kahoot",
        "<bank>.kahoot.xlsx",
    ),
    Writer(
        "quizlet",
        "Quizlet import: one card a fact, tab between term and definition",
        "quizgen.writers.quizlet",
        "<bank>.quizlet.tsv",
    ),
    Writer(
        "csv",
        "one row per question: kind, prompt, options, answer, explanation, source, tags",
        "quizgen.writers.csv_table",
        "<bank>.csv",
    ),
    Writer(
        "worksheet",
        "printable PDF worksheets in shuffled versions, each with an answer key and a bubble answer sheet",
        "quizgen.writers.worksheet",
        "worksheet-A.pdf, worksheet-A-key.pdf (.json), worksheet-A-answer-sheet.pdf (.json), the same for B",
        single_file=False,
    ),
    Writer(
        "study-guide",
        "a PDF study guide: facts by topic, a drawn timeline, a chart of figures, sources",
        "quizgen.writers.study_guide",
        "study-guide.pdf",
    ),
)


def _registry(writers: tuple[Writer, ...]) -> dict[str, Writer]:
    table: dict[str, Writer] = {}
    for writer in writers:
        if writer.name in table:
            raise ValueError(f"two writers are named {writer.name!r}")
        table[writer.name] = writer
    return table


REGISTRY = _registry(WRITERS)


def render_all(
    bank: Bank,
    options: RenderOptions | None = None,
    writers: Iterable[Writer] = WRITERS,
    progress: Callable[[Writer], None] | None = None,
) -> list[Artifact]:
    """Every artifact of every writer, in memory: nothing is written until all succeeded."""
    artifacts = []
    for writer in writers:
        if progress:
            progress(writer)
        artifacts += writer.render(bank, options)
    return artifacts


def get(name: str) -> Writer:
    try:
        return REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}'; choose from {', '.join(REGISTRY)}") from None
