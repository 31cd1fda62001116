"""The immutable bank model every writer reads.

NamedTuples and one small slotted class rather than dataclasses: the terminal quiz imports
this at start-up, and each @dataclass costs about a millisecond to build (it compiles code).
Change a value with `x._replace(field=...)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

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


class Numeric(NamedTuple):
    value: float
    unit: str
    tolerance: float = 0.0


class Topic(NamedTuple):
    id: str
    title: str


class Fact(NamedTuple):
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
    quote: str | None = None  # the source's own words that support the fact
    false_statements: tuple[str, ...] = ()  # for true/false: false sentences built like the true one
    cloze_distractors: tuple[str, ...] = ()  # wrong fillers written to fit the cloze's blank
    reveals: tuple[str, ...] = ()  # facts whose questions give this one's answer away, or the reverse
    # Where the fact was read from, for messages; not part of its content (so not compared).
    origin: str = ""

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

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Fact:
            return NotImplemented
        return self[:-1] == other[:-1]  # type: ignore[index]

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self[:-1])


class FactRelease(NamedTuple):
    """The releases in which a fact entered the bank and in which its content last changed."""

    added: datetime
    changed: datetime


_BANK_FIELDS = ("name", "title", "description", "language", "version", "released", "fingerprint", "namespace",
                "sources", "topics", "facts", "root", "fact_releases")


class Bank:
    """A validated bank. Immutable; `root` (where it was read from) is not part of its content.

    A slotted class rather than a NamedTuple because it also keeps indexes of its facts by id.
    `fact_releases` holds what `quizgen bump` recorded (releases.json): (fact id, FactRelease)
    pairs; a fact without one counts as added and changed in the bank's current release.
    """

    __slots__ = (*_BANK_FIELDS, "_facts_by_id", "_releases_by_id")
    _fields = _BANK_FIELDS

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
    root: Path
    fact_releases: tuple[tuple[str, FactRelease], ...]
    _facts_by_id: dict[str, Fact]
    _releases_by_id: dict[str, FactRelease]

    def __init__(self, name: str, title: str, description: str, language: str, version: str, released: datetime,
                 fingerprint: str, namespace: str, sources: tuple[Source, ...], topics: tuple[Topic, ...],
                 facts: tuple[Fact, ...], root: Path, fact_releases: tuple[tuple[str, FactRelease], ...] = ()) -> None:
        values = (name, title, description, language, version, released, fingerprint, namespace, sources, topics,
                  facts, root, fact_releases)
        for field, value in zip(_BANK_FIELDS, values, strict=True):
            object.__setattr__(self, field, value)
        object.__setattr__(self, "_facts_by_id", {fact.id: fact for fact in facts})
        object.__setattr__(self, "_releases_by_id", dict(fact_releases))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Bank is immutable; use _replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Bank is immutable")

    def _content(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field) for field in _BANK_FIELDS if field != "root")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Bank:
            return NotImplemented
        return self._content() == other._content()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._content())

    def __repr__(self) -> str:
        return "Bank(" + ", ".join(f"{field}={getattr(self, field)!r}" for field in _BANK_FIELDS) + ")"

    def __reduce__(self) -> tuple[type[Bank], tuple[Any, ...]]:  # copy and pickle go through __init__
        return Bank, tuple(getattr(self, field) for field in _BANK_FIELDS)

    def _replace(self, **changes: Any) -> Bank:
        """A copy with some fields changed, like NamedTuple._replace."""
        unknown = set(changes) - set(_BANK_FIELDS)
        if unknown:
            raise ValueError(f"Got unexpected field names: {sorted(unknown)!r}")
        return Bank(**{field: changes.get(field, getattr(self, field)) for field in _BANK_FIELDS})

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

    def by_topic(self) -> Iterator[tuple[Topic, tuple[Fact, ...]]]:
        """Topics in manifest order, each with its facts, skipping empty topics."""
        for topic in self.topics:
            facts = tuple(fact for fact in self.facts if fact.topic == topic.id)
            if facts:
                yield topic, facts
