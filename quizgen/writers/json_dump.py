"""JSON: the bank's metadata and its whole question set, in a documented, versioned shape."""

from __future__ import annotations

import json
from typing import Any

from quizgen.model import Bank, Citation
from quizgen.questions import Question, question_set
from quizgen.writers import Artifact

SCHEMA_VERSION = 1


def citation(c: Citation) -> dict[str, Any]:
    return {"source": c.source.id, "paragraph": c.paragraph, "label": str(c)}


def question(q: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": q.id, "kind": str(q.kind), "topic": q.topic, "fact_ids": list(q.fact_ids), "prompt": q.prompt,
    }
    if q.items:
        data["items"] = list(q.items)
    if q.options:
        data["options"] = list(q.options)
    if q.key:
        data["key"] = list(q.key)
    data["answer"] = q.answer
    if q.accepted:
        data["accepted"] = list(q.accepted)
    if q.numeric:
        data["numeric"] = {"value": q.numeric.value, "unit": q.numeric.unit, "tolerance": q.numeric.tolerance}
    data |= {"explanation": q.explanation, "citations": [citation(c) for c in q.citations],
             "difficulty": q.difficulty}
    return data


def document(bank: Bank, questions: list[Question], seed: int) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "bank": {
            "name": bank.name, "title": bank.title, "version": bank.version,
            "released": bank.released.strftime("%Y-%m-%dT%H:%M:%SZ"), "language": bank.language,
            "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher, "place": s.place, "date": s.date}
                        for s in bank.sources],
            "topics": [{"id": t.id, "title": t.title} for t in bank.topics],
        },
        "seed": seed,
        "questions": [question(q) for q in questions],
    }


def render(bank: Bank, seed: int, **_: Any) -> list[Artifact]:
    text = json.dumps(document(bank, question_set(bank, seed), seed), ensure_ascii=False, indent=2) + "\n"
    return [Artifact(f"{bank.name}.json", text.encode("utf-8"))]
