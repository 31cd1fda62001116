"""The key document of a worksheet version: what an answer sheet prints and grading scores against.

Shape (format "quizgen-worksheet-key", schema_version 1): bank name, version and fingerprint,
seed, version label, title, paper, and the questions in printed order, each with its number,
id, kind, points, fact ids, prompt, options, key and answer (plus accepted answers and numeric
details for typed kinds, items for matching). The question engine publishes this document
itself once it is rewritten (issue 11); until then `from_version` below builds it from today's
`pdf.versions.Version`. Everything else in quizgen/sheets and quizgen/grading reads only the
document, never the engine's records.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from quizgen.errors import QuizgenError

FORMAT = "quizgen-worksheet-key"
SCHEMA_VERSION = 1
CHOICE_KINDS = ("mcq", "tf")
TYPED_KINDS = ("cloze", "short", "numeric")
GROUP_KINDS = ("matching", "ordering")
KINDS = (*CHOICE_KINDS, *TYPED_KINDS, *GROUP_KINDS)


class KeyDocumentError(QuizgenError):
    """A key document that is not one quizgen wrote, or is of an unknown version."""


def file_name(label: str) -> str:
    return f"worksheet-{label}-key.json"


# ---- ADAPTER: remove once the question engine (issue 11) publishes the key document itself. ----
def from_version(bank: Any, version: Any, seed: int, title: str, paper: str) -> dict[str, Any]:
    """ADAPTER (temporary): the key document of a today's `quizgen.pdf.versions.Version`."""
    from quizgen.pdf.versions import key_answer, points

    questions = []
    for number, q in enumerate(version.questions, 1):
        entry: dict[str, Any] = {"number": number, "id": q.id, "kind": str(q.kind), "points": points(q),
                                 "fact_ids": list(q.fact_ids), "prompt": q.prompt}
        if str(q.kind) in TYPED_KINDS:
            entry["answer"] = q.answer
            entry["accepted"] = list(dict.fromkeys(q.accepted or (q.answer,)))
            if q.numeric is not None:
                entry["numeric"] = {"value": q.numeric.value, "unit": q.numeric.unit,
                                    "tolerance": q.numeric.tolerance}
        else:
            if q.items:
                entry["items"] = list(q.items)
            entry |= {"options": list(q.options), "key": list(q.key), "answer": key_answer(q)}
        questions.append(entry)
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION,
            "bank": {"name": bank.name, "version": bank.version, "fingerprint": bank.fingerprint},
            "seed": seed, "version": version.label, "title": title, "paper": paper, "questions": questions}
# ---- end of ADAPTER ----


def canonical(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def checksum(doc: dict[str, Any]) -> str:
    """12 hex digits of sha256 over the whole document: a sheet printed from another key differs."""
    return hashlib.sha256(canonical(doc)).hexdigest()[:12]


def dumps(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8") + b"\n"


def check(doc: Any, where: str) -> dict[str, Any]:
    """The document if it is a key document of a known version, else a clear error."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise KeyDocumentError(f"{where}: not a quizgen worksheet key (no \"format\": \"{FORMAT}\")")
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise KeyDocumentError(f"{where}: key schema_version {doc.get('schema_version')!r} is not {SCHEMA_VERSION}; "
                        "grade with the quizgen release that wrote it")
    try:
        for q in doc["questions"]:
            if q["kind"] not in KINDS:
                raise KeyDocumentError(f"{where}: question {q.get('number')}: unknown kind {q['kind']!r}")
            if q["kind"] not in TYPED_KINDS and len(q["key"]) != (len(q["items"]) if q["kind"] == "matching"
                                                                  else 1 if q["kind"] in CHOICE_KINDS
                                                                  else len(q["options"])):
                raise KeyDocumentError(f"{where}: question {q['number']}: key does not fit its options")
        str(doc["bank"]["name"]), str(doc["version"]), int(doc["seed"])
    except (KeyError, TypeError) as exc:
        raise KeyDocumentError(f"{where}: malformed key document ({exc!r} missing or wrong)") from None
    return doc
