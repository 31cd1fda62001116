"""The immutable bank model every writer reads, and the one declaration of a fact's shape.

Each field of `Fact` (and of `Numeric` and `SourceRef`) carries, in its metadata, what the file
format says of it: its key in a fact file, its doc, and the rules the schema checks. The schema
(schema.py), the loader, the bank cache and the JSON Schema editors use (facts/schema.json) are
all made from these declarations (shape.py), so the shape is written down once, here.
Frozen dataclasses: change a value with `x.replace(field=...)`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

TITLE_MAX = 200  # characters in a bank's title (and a worksheet's --title), so a heading fits a page
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TAG = r"^[a-z0-9]+([-_][a-z0-9]+)*$"
DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def declared(doc: str, *, key: str | None = None, default: Any = MISSING, **rules: Any) -> Any:
    """A field as a fact file states it: `key` (its name unless given), `doc`, and the rules the
    schema checks: pattern and hint, max_length, min_items, minimum and maximum, and `item`
    (the rules of each item of a list). A field without a default is required in the file."""
    metadata = {"key": key, "doc": doc, "rules": rules}
    if default is MISSING:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(iso: str) -> str:
    """'2021-10-07' -> '7 October 2021'; '1991-09' -> 'September 1991'; '2003' -> '2003'."""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


class Source(NamedTuple):
    id: str
    title: str
    publisher: str
    date: str
    paragraphs: int
    place: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        """'Kazinform, Astana, 31 March 2023'."""
        return ", ".join(part for part in (self.publisher, self.place, human_date(self.date)) if part)


class Citation(NamedTuple):
    source: Source
    paragraph: int

    def __str__(self) -> str:
        return f"{self.source.label}, paragraph {self.paragraph}"


def cited(citations: tuple[Citation, ...]) -> str:
    """'Kazinform, Astana, 31 March 2023, paragraphs 1, 5, 8': each source named once."""
    by_source: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for c in citations:
        by_source.setdefault(c.source.id, []).append(c.paragraph)
        labels[c.source.id] = c.source.label
    parts = []
    for source_id, paragraphs in by_source.items():
        numbers = sorted(set(paragraphs))
        word = "paragraph" if len(numbers) == 1 else "paragraphs"
        parts.append(f"{labels[source_id]}, {word} {', '.join(map(str, numbers))}")
    return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Numeric:
    """The answer as a number, for numeric questions and charts."""

    value: float = declared("The value in plain units (1.9 billion is 1900000000).")
    unit: str = declared("Unit shown after the number, e.g. 'US dollars' or 'enterprises'.", max_length=40)
    tolerance: float = declared(
        "How far a typed number may be from the value and still count (default 0).", default=0.0, minimum=0
    )


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)  # a declaration only, never made
class SourceRef:
    """A fact file's shape of a citation (its 'source'): the loader makes it a Citation of the Source itself."""

    id: str = declared("A source id from the manifest's 'sources'.", pattern=KEBAB, hint="a kebab-case id")
    paragraph: int = declared("Paragraph number in the source (blank-line separated blocks, from 1).", minimum=1)


class Topic(NamedTuple):
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One true, source-cited fact and what the question engine needs to ask about it."""

    id: str = declared(
        "Stable kebab-case id; never reuse or rename it.", pattern=KEBAB, hint="a kebab-case id", max_length=80
    )
    topic: str = declared("A topic id from the manifest's 'topics'.", pattern=KEBAB, hint="a kebab-case id")
    statement: str = declared("The fact as one true sentence, in your own words.")
    citation: Citation = declared(
        "Where the fact comes from: a source id from the manifest and the paragraph number in it.", key="source"
    )
    prompts: tuple[str, ...] = declared("Question stems whose answer is 'answer'.", min_items=1)
    answer: str = declared("The correct answer, short.", max_length=200)
    distractors: tuple[str, ...] = declared(
        "Plausible wrong answers of the same kind as the answer (at least 3).", min_items=3, item={"max_length": 200}
    )
    explanation: str = declared("Why the answer is right; say so when it is derived by arithmetic.")
    tags: tuple[str, ...] = declared(
        "Free tags, no spaces.", default=(), item={"pattern": TAG, "hint": "a tag (lower case, no spaces)"}
    )
    alternatives: tuple[str, ...] = declared(
        "Other answers a typed reply may match.", default=(), item={"max_length": 200}
    )
    answer_type: str = declared(
        "What kind of thing the answer is (year, person, amount, ...): matching questions pair facts of one kind.",
        default="other",
        pattern=KEBAB,
        hint="a kebab-case word",
    )
    difficulty: int = declared("1 easy, 2 medium, 3 hard (default 2).", default=2, minimum=1, maximum=3)
    date: str | None = declared(
        "When it happened, YYYY, YYYY-MM or YYYY-MM-DD (for timelines).",
        default=None,
        pattern=DATE,
        hint="a date as YYYY, YYYY-MM or YYYY-MM-DD",
    )
    event: str | None = declared("Short timeline label; required with 'date'.", default=None, max_length=120)
    numeric: Numeric | None = declared(Numeric.__doc__ or "", default=None)
    cloze: str | None = declared(
        "The statement with the answer marked {{c1::like this}} for fill-in-the-blank.", default=None
    )
    reverse: bool = declared("Also ask it backwards (answer -> question) on flashcards.", default=False)
    type_answer: bool = declared("Exact recall matters: flashcards ask to type the answer.", default=False)
    quote: str | None = declared(
        "The source's own words that support the fact: at most one sentence, copied exactly from the cited paragraph.",
        default=None,
        max_length=400,
    )
    false_statements: tuple[str, ...] = declared(
        "False sentences for true/false questions, each built like the true one (the filled cloze, else the "
        "statement) and false on one point that matters.",
        default=(),
    )
    cloze_distractors: tuple[str, ...] = declared(
        "Wrong fillers for the cloze's blank, written to fit its sentence (a false true/false statement is the "
        "cloze with one of them). Default: the distractors, when they fit.",
        default=(),
        item={"max_length": 200},
    )
    reveals: tuple[str, ...] = declared(
        "Ids of facts that give this fact's answer away (or whose answer this fact gives away): they never share "
        "a worksheet, quiz or export set.",
        default=(),
        item={"pattern": KEBAB, "hint": "a fact id"},
    )
    # Where the fact was read from ('file:line'), for messages: not part of its content.
    origin: str = field(default="", compare=False)

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.answer, *self.alternatives)

    @property
    def line(self) -> int | None:
        """The line the fact starts on in its file, from `origin` ('file:line')."""
        _, _, line = self.origin.rpartition(":")
        return int(line) if line.isdigit() else None

    @property
    def path(self) -> str:
        return self.origin.rpartition(":")[0] if self.line is not None else self.origin

    def replace(self, **changes: Any) -> Fact:
        return dataclasses.replace(self, **changes)


class FactRelease(NamedTuple):
    """The releases in which a fact entered the bank and in which its content last changed."""

    added: datetime
    changed: datetime


@dataclass(frozen=True, slots=True)
class Bank:
    """A validated bank. `root` (where it was read from) is not part of its content.

    `fact_releases` holds what `quizgen bump` recorded (releases.json): (fact id, FactRelease)
    pairs; a fact without one counts as added and changed in the bank's current release.
    """

    name: str
    title: str
    description: str
    language: str
    version: str
    released: datetime
    fingerprint: str
    namespace: str
    sources: tuple[Source, ...]
    topics: tuple[Topic, ...]
    facts: tuple[Fact, ...]
    root: Path = field(compare=False)
    fact_releases: tuple[tuple[str, FactRelease], ...] = ()
    # Indexes for writers that look up many facts: made once, not part of the content.
    _facts_by_id: dict[str, Fact] = field(init=False, repr=False, compare=False)
    _releases_by_id: dict[str, FactRelease] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_facts_by_id", {fact.id: fact for fact in self.facts})
        object.__setattr__(self, "_releases_by_id", dict(self.fact_releases))

    def replace(self, **changes: Any) -> Bank:
        return dataclasses.replace(self, **changes)

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id (KeyError if none); constant time, for writers that look up many."""
        return self._facts_by_id[fact_id]

    def release_of(self, fact_id: str) -> FactRelease:
        """When the fact was added and last changed; the bank's release when nothing was recorded."""
        return self._releases_by_id.get(fact_id) or FactRelease(self.released, self.released)

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def topic_title(self, topic_id: str) -> str:
        """A topic's title; 'Mixed topics' for a question on facts of several."""
        try:
            return self.topic(topic_id).title
        except KeyError:
            return "Mixed topics" if topic_id == "mixed" else topic_id

    def by_topic(self) -> Iterator[tuple[Topic, tuple[Fact, ...]]]:
        """Topics in manifest order, each with its facts, skipping empty topics."""
        for topic in self.topics:
            facts = tuple(fact for fact in self.facts if fact.topic == topic.id)
            if facts:
                yield topic, facts
