"""The bank's file formats, declared once.

The same declarations check a loaded file (types, missing and unknown fields, ranges) and
generate the JSON Schema that editors use (`quizgen schema`, facts/schema.json). Checks that
need the whole bank (unique ids, known sources, distractors against answers) live in bank.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quizgen.errors import Problem
from quizgen.plural import plural

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TAG = r"^[a-z0-9]+([-_][a-z0-9]+)*$"
DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
TIMESTAMP = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"

# A problem reporter: report(line, message, fact_id=None).
Report = Callable[..., None]


class Spec:
    doc: str = ""

    def check(self, value: Any, line: int, report: Report, name: str) -> None:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _described(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {"description": self.doc, **schema} if self.doc else schema


@dataclass
class Str(Spec):
    doc: str = ""
    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int = 2000

    def check(self, value: Any, line: int, report: Report, name: str) -> None:
        if not isinstance(value, str):  # text first: it is nearly every value of a bank
            if isinstance(value, int | float) and not isinstance(value, bool):
                report(line, f"'{name}' must be text, not a number: put it in quotes, e.g. \"{value}\"")
            else:
                report(line, f"'{name}' must be text, not {_kind(value)}")
        elif not value.strip():
            report(line, f"'{name}' is empty")
        elif len(value) > self.max_length:
            report(line, f"'{name}' is longer than {self.max_length} characters")
        # fullmatch: with re.match, '$' also matches before a final newline ('name\n' passed).
        elif self.pattern and not _compiled(self.pattern).fullmatch(value):
            report(line, f"'{name}' {value!r} is not {self.pattern_hint or 'in the expected form'}")

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = self.pattern
        return self._described(schema)


@dataclass
class Int(Spec):
    doc: str = ""
    minimum: int | None = None
    maximum: int | None = None

    def check(self, value: Any, line: int, report: Report, name: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            report(line, f"'{name}' must be a whole number, not {_kind(value)}")
        elif (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            report(line, f"'{name}' is {value}, outside {self.minimum}..{self.maximum}")

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return self._described(schema)


@dataclass
class Num(Spec):
    doc: str = ""
    minimum: float | None = None

    def check(self, value: Any, line: int, report: Report, name: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            report(line, f"'{name}' must be a number, not {_kind(value)}")
        elif value != value or value in (float("inf"), float("-inf")):
            report(line, f"'{name}' must be a finite number")
        elif self.minimum is not None and value < self.minimum:
            report(line, f"'{name}' is {value}, below {self.minimum}")

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return self._described(schema)


@dataclass
class Bool(Spec):
    doc: str = ""

    def check(self, value: Any, line: int, report: Report, name: str) -> None:
        if not isinstance(value, bool):
            report(line, f"'{name}' must be true or false, not {_kind(value)}")

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "boolean"})


@dataclass
class List(Spec):
    item: Spec
    doc: str = ""
    min_items: int = 0

    def check(self, value: Any, line: int, report: Report, name: str) -> None:
        if not isinstance(value, list):
            report(line, f"'{name}' must be a list, not {_kind(value)}")
            return
        if len(value) < self.min_items:
            report(line, f"'{name}' needs at least {plural(self.min_items, 'item')}, has {len(value)}")
        lines = getattr(value, "lines", [line] * len(value))
        for index, item in enumerate(value):
            self.item.check(item, lines[index], report, f"{name}[{index + 1}]")

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return self._described(schema)


@dataclass
class Obj(Spec):
    required: dict[str, Spec]
    optional: dict[str, Spec] = field(default_factory=dict)
    doc: str = ""
    title: str = ""
    # Problems inside a mapping with this field name the mapping by it (a fact by its id).
    names_by: str | None = None

    def __post_init__(self) -> None:
        self.known = self.required | self.optional  # every field it may have, looked up for each fact

    def check(self, value: Any, line: int, report: Report, name: str) -> None:
        if not isinstance(value, dict):
            report(line, f"'{name}' must be a mapping of fields, not {_kind(value)}")
            return
        if self.names_by and isinstance(value.get(self.names_by), str):
            outer, own = report, value[self.names_by]

            def report(line: int, message: str, fact_id: str | None = None) -> None:
                outer(line, message, fact_id or own)

            name = ""
        lines: dict[str, int] = getattr(value, "lines", {})
        for key in self.required:
            if key not in value:
                report(line, f"missing field '{key}' in '{name}'" if name else f"missing field '{key}'")
        known = self.known
        for key, item in value.items():
            key_line = lines.get(key, line)
            if key not in known:
                report(key_line, f"unknown field '{key}'{_suggest(key, known)}")
            else:
                known[key].check(item, key_line, report, f"{name}.{key}" if name else key)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {key: spec.json_schema() for key, spec in (self.required | self.optional).items()},
            "required": list(self.required),
            "additionalProperties": False,
        }
        if self.title:
            schema = {"title": self.title, **schema}
        return self._described(schema)


@functools.lru_cache(maxsize=None)  # a handful of patterns, each checked against every fact
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    for python_type, word in ((str, "text"), (int, "a number"), (float, "a number"), (list, "a list"), (dict, "a mapping")):
        if isinstance(value, python_type):
            return word
    return type(value).__name__


def _suggest(key: str, known: dict[str, Spec]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(sorted(known))}"


SOURCE_REF = Obj(
    doc="Where the fact comes from: a source id from the manifest and the paragraph number in it.",
    required={
        "id": Str(doc="A source id from the manifest's 'sources'.", pattern=KEBAB, pattern_hint="a kebab-case id"),
        "paragraph": Int(doc="Paragraph number in the source (blank-line separated blocks, from 1).", minimum=1),
    },
)

NUMERIC = Obj(
    doc="The answer as a number, for numeric questions and charts.",
    required={
        "value": Num(doc="The value in plain units (1.9 billion is 1900000000)."),
        "unit": Str(doc="Unit shown after the number, e.g. 'US dollars' or 'enterprises'.", max_length=40),
    },
    optional={
        "tolerance": Num(doc="How far a typed number may be from the value and still count (default 0).", minimum=0),
    },
)

FACT = Obj(
    names_by="id",
    title="Fact",
    doc="One true, source-cited fact and what the question engine needs to ask about it.",
    required={
        "id": Str(doc="Stable kebab-case id; never reuse or rename it.", pattern=KEBAB, pattern_hint="a kebab-case id",
                  max_length=80),
        "topic": Str(doc="A topic id from the manifest's 'topics'.", pattern=KEBAB, pattern_hint="a kebab-case id"),
        "statement": Str(doc="The fact as one true sentence, in your own words."),
        "source": SOURCE_REF,
        "prompts": List(Str(), min_items=1, doc="Question stems whose answer is 'answer'."),
        "answer": Str(doc="The correct answer, short.", max_length=200),
        "distractors": List(
            Str(max_length=200), min_items=3,
            doc="Plausible wrong answers of the same kind as the answer (at least 3).",
        ),
        "explanation": Str(doc="Why the answer is right; say so when it is derived by arithmetic."),
    },
    optional={
        "tags": List(Str(pattern=TAG, pattern_hint="a tag (lower case, no spaces)"), doc="Free tags, no spaces."),
        "alternatives": List(Str(max_length=200), doc="Other answers a typed reply may match."),
        "answer_type": Str(
            doc="What kind of thing the answer is (year, person, amount, ...): matching questions pair facts of one kind.",
            pattern=KEBAB, pattern_hint="a kebab-case word",
        ),
        "difficulty": Int(doc="1 easy, 2 medium, 3 hard (default 2).", minimum=1, maximum=3),
        "date": Str(doc="When it happened, YYYY, YYYY-MM or YYYY-MM-DD (for timelines).", pattern=DATE,
                    pattern_hint="a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        "event": Str(doc="Short timeline label; required with 'date'.", max_length=120),
        "numeric": NUMERIC,
        "cloze": Str(doc="The statement with the answer marked {{c1::like this}} for fill-in-the-blank."),
        "reverse": Bool(doc="Also ask it backwards (answer -> question) on flashcards."),
        "type_answer": Bool(doc="Exact recall matters: flashcards ask to type the answer."),
        "quote": Str(doc="The source's own words that support the fact: at most one sentence, copied exactly "
                         "from the cited paragraph.", max_length=400),
        "false_statements": List(
            Str(), doc="False sentences for true/false questions, each built like the true one (the filled "
                       "cloze, else the statement) and false on one point that matters.",
        ),
        "cloze_distractors": List(
            Str(max_length=200),
            doc="Wrong fillers for the cloze's blank, written to fit its sentence (a false true/false statement "
                "is the cloze with one of them). Default: the distractors, when they fit.",
        ),
        "reveals": List(
            Str(pattern=KEBAB, pattern_hint="a fact id"),
            doc="Ids of facts that give this fact's answer away (or whose answer this fact gives away): "
                "they never share a worksheet, quiz or export set.",
        ),
    },
)

FACT_FILE = Obj(
    title="quizgen fact file",
    doc="A file of facts in a quizgen bank (any *.yaml beside bank.yaml).",
    required={"facts": List(FACT, min_items=1, doc="The facts in this file.")},
)

SOURCE = Obj(
    doc="A source that facts cite.",
    required={
        "id": Str(pattern=KEBAB, pattern_hint="a kebab-case id"),
        "title": Str(),
        "publisher": Str(),
        "date": Str(pattern=DATE, pattern_hint="a date as YYYY-MM-DD"),
        "paragraphs": Int(doc="How many paragraphs the source has.", minimum=1),
    },
    optional={"place": Str(), "url": Str()},
)

TOPIC = Obj(
    required={"id": Str(pattern=KEBAB, pattern_hint="a kebab-case id"), "title": Str(max_length=80)},
)

MANIFEST = Obj(
    title="quizgen bank manifest",
    doc="bank.yaml: what the bank is, its release, its sources and topics.",
    required={
        "name": Str(doc="File-name slug for outputs, kebab-case.", pattern=KEBAB, pattern_hint="a kebab-case name",
                    max_length=60),
        "title": Str(max_length=200),
        "description": Str(),
        "language": Str(doc="BCP 47 language tag, e.g. 'en'.", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                        pattern_hint="a language tag like 'en'"),
        "version": Str(doc="The bank's version; bump it when facts change.", pattern=r"^[0-9]+(\.[0-9]+)*$",
                       pattern_hint="a version like 1.2"),
        "released": Str(doc="Release time, ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ).", pattern=TIMESTAMP,
                        pattern_hint="a UTC timestamp like 2023-04-01T00:00:00Z"),
        "fingerprint": Str(doc="sha256 of the fact content at this release; 'quizgen bump' writes it.",
                           pattern=r"^sha256:[0-9a-f]{64}$", pattern_hint="'sha256:' and 64 hex digits"),
        "namespace": Str(doc="Short prefix for tags and card ids, e.g. 'kz-sg'.", pattern=KEBAB,
                         pattern_hint="a kebab-case word", max_length=30),
        "sources": List(SOURCE, min_items=1),
        "topics": List(TOPIC, min_items=1),
    },
)


def check(spec: Spec, value: Any, path: str, problems: list[Problem]) -> None:
    """Check a whole file against a spec, adding one problem per fault."""

    def report(line: int, message: str, fact_id: str | None = None) -> None:
        problems.append(Problem(path, line, message, fact_id))

    spec.check(value, getattr(value, "line", 1), report, "")


def json_schemas() -> dict[str, Any]:
    """The JSON Schema of fact files, with the manifest's under $defs."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quizgen.invalid/schema/facts.json",
        **FACT_FILE.json_schema(),
    }
    schema["$defs"] = {"manifest": MANIFEST.json_schema()}
    return schema
