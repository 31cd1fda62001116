"""A fact's shape, read off its one declaration (model.Fact and its field metadata).

Each field of Fact is one of a few kinds, told by its type; the kind says how the file holds
it and how the bank cache does. The schema (schema.py), the loader (`fact_from_file`) and the
cache (`fact_row` / `fact_from_row`) all work from `FACT_FIELDS`, so none repeats the shape;
tests/test_shape.py proves they agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, NamedTuple

from quizgen.bank.model import Citation, Fact, Numeric, Source, SourceRef
from quizgen.bank.text import clean, own

# The kinds of value a declared field holds, by its annotation (model.py writes them as text).
_KINDS = {
    "str": "text",
    "str | None": "text",
    "tuple[str, ...]": "texts",
    "int": "whole",
    "float": "number",
    "bool": "flag",
    "Citation": "citation",
    "Numeric | None": "numeric",
}


class Declared(NamedTuple):
    name: str  # the model's field name
    key: str  # its key in a fact file
    kind: str  # text | texts | whole | number | flag | citation | numeric
    required: bool
    default: Any
    doc: str
    rules: Mapping[str, Any]


def declared_fields(cls: type) -> tuple[Declared, ...]:
    """The fields of a model class that a file states, in declaration order."""
    found = []
    for item in dataclasses.fields(cls):
        if "key" not in item.metadata:
            continue  # not from a file (a fact's origin)
        kind = _KINDS[item.type if isinstance(item.type, str) else item.type.__name__]
        required = item.default is dataclasses.MISSING
        found.append(
            Declared(
                item.name,
                item.metadata["key"] or item.name,
                kind,
                required,
                None if required else item.default,
                item.metadata["doc"],
                item.metadata["rules"],
            )
        )
    return tuple(found)


FACT_FIELDS = declared_fields(Fact)
NUMERIC_FIELDS = declared_fields(Numeric)
SOURCE_REF_FIELDS = declared_fields(SourceRef)


def fact_from_file(raw: Mapping[str, Any], sources: Mapping[str, Source], origin: str) -> Fact:
    """A checked fact of a file made into the model: text cleaned (quizgen.bank.text) and
    stripped, lists made tuples, a source reference made a citation, defaults for what is left out."""
    values: dict[str, Any] = {}
    for declared in FACT_FIELDS:
        if declared.key not in raw:
            continue
        value = raw[declared.key]
        kind = declared.kind
        if kind == "text":
            values[declared.name] = own(clean(value.strip()))
        elif kind == "texts":
            values[declared.name] = tuple(own(clean(item.strip())) for item in value)
        elif kind == "citation":
            values[declared.name] = Citation(sources[value["id"]], value["paragraph"])
        elif kind == "numeric":
            values[declared.name] = Numeric(
                float(value["value"]), clean(value["unit"]), float(value.get("tolerance", 0))
            )
        else:
            values[declared.name] = value
    return Fact(**values, origin=origin)


def fact_row(fact: Fact) -> list[Any]:
    """A fact as a JSON row for the bank cache: every field in declaration order, then its origin."""
    row: list[Any] = []
    for declared in FACT_FIELDS:
        value = getattr(fact, declared.name)
        if declared.kind == "citation":
            value = [value.source.id, value.paragraph]
        elif declared.kind == "numeric" and value is not None:
            value = [value.value, value.unit, value.tolerance]
        row.append(value)
    row.append(fact.origin)
    return row


def fact_from_row(row: list[Any], sources: Mapping[str, Source]) -> Fact:
    """The fact of a cache row (made in place: the row is the decoded JSON, used once)."""
    for index in _TEXTS_AT:
        row[index] = tuple(row[index])
    source_id, paragraph = row[_CITATION_AT]
    row[_CITATION_AT] = Citation(sources[source_id], paragraph)
    if row[_NUMERIC_AT] is not None:
        row[_NUMERIC_AT] = Numeric(*row[_NUMERIC_AT])
    return Fact(*row)  # a row is in Fact's own field order, origin last (tests/test_shape.py)


ROW_LAYOUT = tuple(declared.name for declared in FACT_FIELDS) + ("origin",)  # a cache entry's check
_TEXTS_AT = tuple(index for index, declared in enumerate(FACT_FIELDS) if declared.kind == "texts")
_CITATION_AT = next(index for index, declared in enumerate(FACT_FIELDS) if declared.kind == "citation")
_NUMERIC_AT = next(index for index, declared in enumerate(FACT_FIELDS) if declared.kind == "numeric")
