"""The model's value semantics: what compares equal, what cannot change, how copies are made."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from quizgen.bank.model import Bank


def test_a_facts_origin_is_not_part_of_its_content(small: Bank) -> None:
    fact = small.facts[0]
    moved = fact.replace(origin="elsewhere.yaml:1")
    assert moved == fact and not moved != fact  # noqa: SIM202 - both operators and hash(moved) == hash(fact)
    assert fact.replace(answer="something else") != fact


def test_a_banks_root_is_not_part_of_its_content(small: Bank) -> None:
    moved = small.replace(root=Path("/somewhere/else"))
    assert moved == small and hash(moved) == hash(small) and moved.root == Path("/somewhere/else")
    assert small.replace(version="9.9.9") != small
    assert small != tuple(small.facts)


def test_a_bank_is_immutable_and_copies_keep_the_fact_index(small: Bank) -> None:
    with pytest.raises(AttributeError):
        small.name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del small.facts
    with pytest.raises(AttributeError):
        small.facts[0].answer = "other"  # type: ignore[misc]
    with pytest.raises(TypeError, match="nmae"):
        small.replace(nmae="typo")
    with pytest.raises(TypeError, match="answr"):
        small.facts[0].replace(answr="typo")
    fewer = small.replace(facts=small.facts[:1])
    assert fewer.fact(small.facts[0].id) is small.facts[0]
    with pytest.raises(KeyError):
        fewer.fact(small.facts[1].id)
    for twin in (copy.copy(small), copy.deepcopy(small), pickle.loads(pickle.dumps(small))):
        assert twin == small and twin.root == small.root and twin.fact(small.facts[1].id) == small.facts[1]
    assert repr(small).startswith(f"Bank(name={small.name!r}, ")
