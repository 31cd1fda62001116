"""Synthetic banks of any size, in the project's own loader format."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from quizgen.bank import content_fingerprint

TOPICS = ["politics", "economy", "education", "culture", "science"]
_WORDS = ("river mountain treaty harbour council museum railway festival garden bridge market "
          "library college theatre canal castle forest island valley port").split()


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
                "prompts": [f"How long is the {thing}?"], "answer": f"{value} metres",
                "answer_type": "length",
                "distractors": [f"{value + 7} metres", f"{value + 19} metres", f"{value + 31} metres"],
                "numeric": {"value": value, "unit": "metres", "tolerance": 1},
                "cloze": f"The {thing} is {{{{c1::{value} metres}}}} long.",
            }
        else:
            name = f"Person {i} {rng.choice(_WORDS).title()}"
            fact |= {
                "statement": f"The {thing} was opened by {name}.",
                "prompts": [f"Who opened the {thing}?"], "answer": name, "answer_type": "person",
                "distractors": [f"Person {i + count} A", f"Person {i + 2 * count} B", f"Person {i + 3 * count} C"],
                "cloze": f"The {thing} was opened by {{{{c1::{name}}}}}.",
                "type_answer": i % 7 == 0, "reverse": i % 11 == 0,
            }
        if i % 3 == 0:
            fact |= {"date": f"{1900 + i % 120}", "event": f"The {thing} opens"}
        fact |= {"source": {"id": "synthetic", "paragraph": 1 + i % 50},
                 "explanation": f"Made up for benchmarks: fact number {i}.", "difficulty": 1 + i % 3}
        per_topic[topic].append(fact)
    all_facts = [f for facts in per_topic.values() for f in facts]
    manifest = {
        "name": f"synthetic-{count}", "title": f"Synthetic bank of {count} facts",
        "description": "Generated for benchmarks.", "language": "en", "namespace": "syn", "version": "1.0",
        "released": "2024-01-01T00:00:00Z", "fingerprint": "",
        "sources": [{"id": "synthetic", "title": "Synthetic source", "publisher": "Bench", "date": "2024-01-01",
                     "paragraphs": 50}],
        "topics": [{"id": t, "title": t.title()} for t in TOPICS],
    }
    manifest["fingerprint"] = content_fingerprint(manifest, all_facts)
    (directory / "bank.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True))
    for topic, facts in per_topic.items():
        (directory / f"{topic}.yaml").write_text(yaml.safe_dump({"facts": facts}, sort_keys=False, allow_unicode=True))
    return directory
