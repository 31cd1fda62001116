"""The bank's shape is declared once (quizgen.bank.model): the schema, the loader, the cache and
the JSON Schema agree with that declaration, so a field added to Fact reaches all of them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from quizgen.bank import cache
from quizgen.bank.loader import load
from quizgen.bank.model import Fact, Numeric
from quizgen.bank.schema import FACT, NUMERIC, SOURCE_REF, json_schemas
from quizgen.bank.shape import FACT_FIELDS, NUMERIC_FIELDS, ROW_LAYOUT, SOURCE_REF_FIELDS, fact_from_row, fact_row

# A fact that states every field, each with a value other than its default.
EVERY_FIELD = {
    "id": "every-field",
    "topic": "general",
    "statement": "Kazakhstan and Singapore set up relations in 1992.",
    "source": {"id": "kazinform", "paragraph": 1},
    "prompts": ["When were relations set up?"],
    "answer": "1992",
    "distractors": ["1989", "1995", "1999"],
    "explanation": "The article says so.",
    "tags": ["diplomacy"],
    "alternatives": ["in 1992"],
    "answer_type": "year",
    "difficulty": 3,
    "date": "1992-09",
    "event": "Relations",
    "numeric": {"value": 1992, "unit": "year", "tolerance": 0.5},
    "cloze": "Kazakhstan and Singapore set up relations in {{c1::1992}}.",
    "reverse": True,
    "type_answer": True,
    "quote": "relations",
    "false_statements": ["Kazakhstan and Singapore set up relations in 1999."],
    "cloze_distractors": ["1999", "2001", "2005"],
    "reveals": ["other-fact"],
}


def test_the_schema_checks_exactly_the_fields_the_model_declares() -> None:
    for spec, fields in ((FACT, FACT_FIELDS), (NUMERIC, NUMERIC_FIELDS), (SOURCE_REF, SOURCE_REF_FIELDS)):
        assert list(spec.required) == [f.key for f in fields if f.required]
        assert list(spec.optional) == [f.key for f in fields if not f.required]
    fact_schema = json_schemas()["properties"]["facts"]["items"]
    assert list(fact_schema["properties"]) == [f.key for f in FACT_FIELDS]
    assert fact_schema["required"] == [f.key for f in FACT_FIELDS if f.required]
    declared = {f.name for f in FACT_FIELDS}
    assert declared == {f.name for f in dataclasses.fields(Fact)} - {"origin"}, "a Fact field the file cannot state"
    assert set(EVERY_FIELD) == {f.key for f in FACT_FIELDS}, "the test fact below must state every field"


def test_a_field_s_default_is_the_one_the_model_gives(tmp_path: Path) -> None:
    for field in FACT_FIELDS:
        if not field.required:
            assert Fact.__dataclass_fields__[field.name].default == field.default
    assert {f.name: f.default for f in NUMERIC_FIELDS if not f.required} == {"tolerance": 0.0}


@pytest.fixture
def every_field_bank(tmp_path: Path) -> Path:
    manifest = {
        "name": "shape",
        "title": "Shape",
        "description": "Every field.",
        "language": "en",
        "version": "1.0",
        "released": "2024-01-01T00:00:00Z",
        "fingerprint": "sha256:" + "0" * 64,
        "namespace": "shape",
        "sources": [
            {"id": "kazinform", "title": "An article", "publisher": "Kazinform", "date": "2023-03-31", "paragraphs": 3}
        ],
        "topics": [{"id": "general", "title": "General"}],
    }
    other = {key: value for key, value in EVERY_FIELD.items() if key in {f.key for f in FACT_FIELDS if f.required}}
    other |= {
        "id": "other-fact",
        "answer": "Astana",
        "distractors": ["Almaty", "Shymkent", "Karaganda"],
        "prompts": ["Which city is the capital?"],
        "statement": "Astana is the capital of Kazakhstan.",
    }
    (tmp_path / "bank.yaml").write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / "facts.yaml").write_text(json.dumps({"facts": [EVERY_FIELD, other]}), encoding="utf-8")
    return tmp_path


def test_the_loader_fills_every_declared_field_from_the_file(every_field_bank: Path) -> None:
    fact = load(every_field_bank, check_fingerprint=False).fact("every-field")
    for field in FACT_FIELDS:
        value = getattr(fact, field.name)
        assert value != field.default, f"{field.key} was not read from the file"
    assert fact.citation.paragraph == 1 and fact.citation.source.publisher == "Kazinform"
    assert fact.numeric == Numeric(1992.0, "year", 0.5)
    assert fact.tags == ("diplomacy",) and fact.reveals == ("other-fact",)


def test_the_cache_gives_back_the_very_bank_it_was_given(every_field_bank: Path) -> None:
    bank = load(every_field_bank, check_fingerprint=False)
    sources = {source.id: source for source in bank.sources}
    for fact in bank.facts:
        row = fact_row(fact)
        assert len(row) == len(ROW_LAYOUT)
        assert tuple(f.name for f in dataclasses.fields(Fact)) == ROW_LAYOUT, "rows are made positionally"
        again = fact_from_row(row, sources)
        assert again == fact and again.origin == fact.origin
        assert all(type(getattr(again, f.name)) is type(getattr(fact, f.name)) for f in FACT_FIELDS)
    data = cache._data(bank)
    assert cache._bank(data, bank.root) == bank


def test_a_cache_entry_of_another_shape_is_a_miss(every_field_bank: Path) -> None:
    bank = load(every_field_bank, check_fingerprint=False)
    data = cache._data(bank)
    data["row_layout"] = list(ROW_LAYOUT[:-2]) + ["origin"]
    with pytest.raises(KeyError):
        cache._bank(data, bank.root)
