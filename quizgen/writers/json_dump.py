"""JSON: the bank's metadata and its whole question set, in a documented, versioned shape."""

from __future__ import annotations

import json
from typing import Any, assert_never

from quizgen.bank.model import Bank, Citation
from quizgen.bank.shape import NUMERIC_FIELDS
from quizgen.questions import (
    Cloze,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
    select,
)
from quizgen.writers import Artifact
from quizgen.writers.options import RenderOptions

SCHEMA_VERSION = 2  # 2: one set of questions that never give each other away, not every question


def citation(c: Citation) -> dict[str, Any]:
    return {"source": c.source.id, "paragraph": c.paragraph, "label": str(c)}


def question(q: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": q.id,
        "kind": str(q.kind),
        "topic": q.topic,
        "fact_ids": list(q.fact_ids),
        "prompt": q.prompt,
    }
    match q:
        case MultipleChoice() | TrueFalse():
            data |= {"options": list(q.options), "key": [q.correct]}
        case Cloze() | ShortAnswer() | NumericAnswer():
            data["accepted"] = list(q.accepted)
            if q.numeric:
                data["numeric"] = {field.key: getattr(q.numeric, field.name) for field in NUMERIC_FIELDS}
        case Matching():
            data |= {"items": list(q.items), "options": list(q.options), "key": list(q.matches)}
        case Ordering():
            data |= {"options": list(q.events), "dates": list(q.dates), "key": list(q.order)}
        case _:
            assert_never(q)
    data |= {
        "answer": q.answer,
        "explanation": q.explanation,
        "citations": [citation(c) for c in q.citations],
        "difficulty": q.difficulty,
    }
    return data


def document(bank: Bank, questions: list[Question], seed: int) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "bank": {
            "name": bank.name,
            "title": bank.title,
            "version": bank.version,
            "released": bank.released.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "language": bank.language,
            "sources": [
                {"id": s.id, "title": s.title, "publisher": s.publisher, "place": s.place, "date": s.date}
                for s in bank.sources
            ],
            "topics": [{"id": t.id, "title": t.title} for t in bank.topics],
        },
        "seed": seed,
        "questions": [question(q) for q in questions],
    }


def dumps(data: dict[str, Any]) -> str:
    """Indented JSON, but each question (and each item of the bank) on one line.

    Readable and diff-friendly, and fast: json's C encoder only runs without `indent`.
    """
    lines = ["{"]
    items = list(data.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, list) and value:
            inner = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in value)
            lines.append(f"  {json.dumps(key)}: [\n{inner}\n  ]{comma}")
        elif isinstance(value, dict):
            inner = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
            lines.append(f"  {json.dumps(key)}: {{\n{inner}\n  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    return "\n".join(lines) + "\n}\n"


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    text = dumps(document(bank, select(bank, options.seed, None).questions, options.seed))
    return [Artifact(f"{bank.name}.json", text.encode("utf-8"))]
