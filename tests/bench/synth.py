"""Synthetic banks of any size, in the project's own loader format.

Facts go into files of at most FACTS_PER_FILE facts each, as an author of a large bank would
keep them (a bank file may not exceed 5 MB): a bank of 100,000 facts is 100 files.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from quizgen.bank.fingerprint import content_fingerprint

FACTS_PER_FILE = 1_000
TOPICS = ["politics", "economy", "education", "culture", "science"]
_WORDS = (
    "river mountain treaty harbour council museum railway festival garden bridge market "
    "library college theatre canal castle forest island valley port"
).split()


def make_bank(directory: Path, count: int, seed: int = 0) -> Path:
    """Write a valid bank of `count` facts (about a fifth numeric, a third dated) and return it."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    per_topic: dict[str, list[dict[str, object]]] = {t: [] for t in TOPICS}
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        thing = f"{rng.choice(_WORDS)} {i}"
        fact: dict[str, object] = {"id": f"fact-{i:05d}", "topic": topic, "tags": [topic, f"group-{i % 17}"]}
        if i % 5 == 0:
            value = 100 + i
            fact |= {
                "statement": f"The {thing} is {value} metres long.",
                "prompts": [f"How long is the {thing}?"],
                "answer": f"{value} metres",
                "answer_type": "length",
                "distractors": [f"{value + 7} metres", f"{value + 19} metres", f"{value + 31} metres"],
                "numeric": {"value": value, "unit": "metres", "tolerance": 1},
                "cloze": f"The {thing} is {{{{c1::{value} metres}}}} long.",
            }
        else:
            name = f"Person {i} {rng.choice(_WORDS).title()}"
            fact |= {
                "statement": f"The {thing} was opened by {name}.",
                "prompts": [f"Who opened the {thing}?"],
                "answer": name,
                "answer_type": "person",
                "distractors": [f"Person {i + count} A", f"Person {i + 2 * count} B", f"Person {i + 3 * count} C"],
                "cloze": f"The {thing} was opened by {{{{c1::{name}}}}}.",
                "type_answer": i % 7 == 0,
                "reverse": i % 11 == 0,
            }
        if i % 3 == 0:
            fact |= {"date": f"{1900 + i % 120}", "event": f"The {thing} opens"}
        fact |= {
            "source": {"id": "synthetic", "paragraph": 1 + i % 50},
            "explanation": f"Made up for benchmarks: fact number {i}.",
            "difficulty": 1 + i % 3,
        }
        per_topic[topic].append(fact)
    all_facts = [f for facts in per_topic.values() for f in facts]
    manifest = {
        "name": f"synthetic-{count}",
        "title": f"Synthetic bank of {count} facts",
        "description": "Generated for benchmarks.",
        "language": "en",
        "namespace": "syn",
        "version": "1.0",
        "released": "2024-01-01T00:00:00Z",
        "fingerprint": "",
        "sources": [
            {
                "id": "synthetic",
                "title": "Synthetic source",
                "publisher": "Bench",
                "date": "2024-01-01",
                "paragraphs": 50,
            }
        ],
        "topics": [{"id": t, "title": t.title()} for t in TOPICS],
    }
    manifest["fingerprint"] = content_fingerprint(manifest, all_facts)
    (directory / "bank.yaml").write_text(_dump(manifest))
    for topic, facts in per_topic.items():
        for part, start in enumerate(range(0, len(facts), FACTS_PER_FILE), 1):
            (directory / f"{topic}-{part:03d}.yaml").write_text(_dump({"facts": facts[start : start + FACTS_PER_FILE]}))
    return directory


def _dump(data: object) -> str:
    # libyaml's dumper: the pure-Python one takes a minute for 100,000 facts.
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True)
