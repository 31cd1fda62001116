"""The bank's file formats, declared once.

The same declarations check a loaded file (types, missing and unknown fields, ranges) and
generate the JSON Schema that editors use (`quizgen schema`, facts/schema.json). A fact's
part is made from the model's own declaration (model.Fact, read through shape.py); the
manifest's is declared here. Checks that need the whole bank (unique ids, known sources,
distractors against answers) live in quizgen.bank.checks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from quizgen.bank.model import DATE, KEBAB, TITLE_MAX, Fact
from quizgen.bank.shape import FACT_FIELDS, NUMERIC_FIELDS, SOURCE_REF_FIELDS, Declared
from quizgen.errors import Problem
from quizgen.plural import plural

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
        elif (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
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
        lines = getattr(value, "lines", None)
        if lines is None:
            lines = [line] * len(value)
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
        if not self.required.keys() <= value.keys():  # one set comparison for the usual case
            for key in self.required:
                if key not in value:
                    report(line, f"missing field '{key}' in '{name}'" if name else f"missing field '{key}'")
        known = self.known
        for key, item in value.items():
            spec = known.get(key)
            if spec is None:
                report(lines.get(key, line), f"unknown field '{key}'{_suggest(key, known)}")
            else:
                spec.check(item, lines.get(key, line), report, f"{name}.{key}" if name else key)

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


@functools.cache  # a handful of patterns, each checked against every fact
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    for python_type, word in (
        (str, "text"),
        (int, "a number"),
        (float, "a number"),
        (list, "a list"),
        (dict, "a mapping"),
    ):
        if isinstance(value, python_type):
            return word
    return type(value).__name__


def _suggest(key: str, known: dict[str, Spec]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(sorted(known))}"


def _spec(declared: Declared) -> Spec:
    """The check of one declared field of the model (quizgen.bank.model, read by shape.py)."""
    rules, doc = declared.rules, declared.doc
    if declared.kind == "text":
        return _text(rules, doc)
    if declared.kind == "texts":
        return List(_text(rules.get("item", {})), doc=doc, min_items=rules.get("min_items", 0))
    if declared.kind == "whole":
        return Int(doc=doc, minimum=rules.get("minimum"), maximum=rules.get("maximum"))
    if declared.kind == "number":
        return Num(doc=doc, minimum=rules.get("minimum"))
    if declared.kind == "flag":
        return Bool(doc=doc)
    parts = {"citation": SOURCE_REF_FIELDS, "numeric": NUMERIC_FIELDS}[declared.kind]
    return _object(parts, doc=doc)


def _text(rules: Mapping[str, Any], doc: str = "") -> Str:
    return Str(
        doc=doc,
        pattern=rules.get("pattern"),
        pattern_hint=rules.get("hint", ""),
        max_length=rules.get("max_length", Str.max_length),
    )


def _object(fields: tuple[Declared, ...], **options: Any) -> Obj:
    return Obj(
        required={d.key: _spec(d) for d in fields if d.required},
        optional={d.key: _spec(d) for d in fields if not d.required},
        **options,
    )


SOURCE_REF = _spec(next(d for d in FACT_FIELDS if d.kind == "citation"))
NUMERIC = _spec(next(d for d in FACT_FIELDS if d.kind == "numeric"))
FACT = _object(FACT_FIELDS, names_by="id", title="Fact", doc=Fact.__doc__ or "")

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
        "name": Str(
            doc="File-name slug for outputs, kebab-case.",
            pattern=KEBAB,
            pattern_hint="a kebab-case name",
            max_length=60,
        ),
        "title": Str(max_length=TITLE_MAX),
        "description": Str(),
        "language": Str(
            doc="BCP 47 language tag, e.g. 'en'.",
            pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
            pattern_hint="a language tag like 'en'",
        ),
        "version": Str(
            doc="The bank's version; bump it when facts change.",
            pattern=r"^[0-9]+(\.[0-9]+)*$",
            pattern_hint="a version like 1.2",
        ),
        "released": Str(
            doc="Release time, ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ).",
            pattern=TIMESTAMP,
            pattern_hint="a UTC timestamp like 2023-04-01T00:00:00Z",
        ),
        "fingerprint": Str(
            doc="sha256 of the fact content at this release; 'quizgen bump' writes it.",
            pattern=r"^sha256:[0-9a-f]{64}$",
            pattern_hint="'sha256:' and 64 hex digits",
        ),
        "namespace": Str(
            doc="Short prefix for tags and card ids, e.g. 'kz-sg'.",
            pattern=KEBAB,
            pattern_hint="a kebab-case word",
            max_length=30,
        ),
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
