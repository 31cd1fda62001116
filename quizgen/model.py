"""The immutable bank model every writer reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from pathlib import Path

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def human_date(iso: str) -> str:
    """'2021-10-07' -> '7 October 2021'; '1991-09' -> 'September 1991'; '2003' -> '2003'."""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


@dataclass(frozen=True)
class Source:
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


@dataclass(frozen=True)
class Citation:
    source: Source
    paragraph: int

    def __str__(self) -> str:
        return f"{self.source.label}, paragraph {self.paragraph}"


@dataclass(frozen=True)
class Numeric:
    value: float
    unit: str
    tolerance: float = 0.0


@dataclass(frozen=True)
class Topic:
    id: str
    title: str


@dataclass(frozen=True)
class Fact:
    id: str
    topic: str
    statement: str
    citation: Citation
    prompts: tuple[str, ...]
    answer: str
    distractors: tuple[str, ...]
    explanation: str
    tags: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    answer_type: str = "other"
    difficulty: int = 2
    date: str | None = None
    event: str | None = None
    numeric: Numeric | None = None
    cloze: str | None = None
    reverse: bool = False
    type_answer: bool = False
    # Where the fact was read from, for messages; not part of its content.
    origin: str = field(default="", compare=False)

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.answer, *self.alternatives)


@dataclass(frozen=True)
class Bank:
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

    @cached_property
    def _facts_by_id(self) -> dict[str, Fact]:
        return {fact.id: fact for fact in self.facts}

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id (KeyError if none); constant time, for writers that look up many."""
        return self._facts_by_id[fact_id]

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def by_topic(self) -> Iterator[tuple[Topic, tuple[Fact, ...]]]:
        """Topics in manifest order, each with its facts, skipping empty topics."""
        for topic in self.topics:
            facts = tuple(fact for fact in self.facts if fact.topic == topic.id)
            if facts:
                yield topic, facts
