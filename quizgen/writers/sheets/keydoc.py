"""The key document of a worksheet version: what an answer sheet prints and grading scores against.

Shape (format "quizgen-worksheet-key", schema_version 1): bank name, version and fingerprint,
seed, version label, title, paper, and the questions in printed order, each with its number,
id, kind, points, fact ids, prompt, options, key and answer (plus accepted answers and numeric
details for typed kinds, items for matching). The question engine writes it
(`quizgen.questions.versions.key_document`); quizgen/sheets and quizgen/grading read only the
document, never the engine's records. This module checks one read back from a file.
"""

from __future__ import annotations

from typing import Any

from quizgen.errors import ExitStatus, QuizgenError
from quizgen.questions.versions import KEY_FORMAT as FORMAT
from quizgen.questions.versions import KEY_SCHEMA_VERSION as SCHEMA_VERSION
from quizgen.questions.versions import key_checksum

CHOICE_KINDS = ("mcq", "tf")
TYPED_KINDS = ("cloze", "short", "numeric")
GROUP_KINDS = ("matching", "ordering")
KINDS = (*CHOICE_KINDS, *TYPED_KINDS, *GROUP_KINDS)


class KeyDocumentError(QuizgenError):
    """A key document that is not one quizgen wrote, or is of an unknown version."""

    exit_status = ExitStatus.BAD_INPUT


def file_name(label: str) -> str:
    return f"worksheet-{label}-key.json"


def checksum(doc: dict[str, Any]) -> str:
    """The engine's checksum of what marking needs (kinds, keys, answers): the sheet's QR code carries it."""
    return key_checksum(doc)


def check(doc: Any, where: str) -> dict[str, Any]:
    """The document if it is a key document of a known version, else a clear error."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise KeyDocumentError(f'{where}: not a quizgen worksheet key (no "format": "{FORMAT}")')
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise KeyDocumentError(
            f"{where}: key schema_version {doc.get('schema_version')!r} is not "
            f"{SCHEMA_VERSION}; grade with the quizgen release that wrote it"
        )
    try:
        for q in doc["questions"]:
            if q["kind"] not in KINDS:
                raise KeyDocumentError(f"{where}: question {q.get('number')}: unknown kind {q['kind']!r}")
            if q["kind"] not in TYPED_KINDS and len(q["key"]) != (
                len(q["items"]) if q["kind"] == "matching" else 1 if q["kind"] in CHOICE_KINDS else len(q["options"])
            ):
                raise KeyDocumentError(f"{where}: question {q['number']}: key does not fit its options")
        str(doc["bank"]["name"]), str(doc["version"]), int(doc["seed"])
    except (KeyError, TypeError) as exc:
        raise KeyDocumentError(f"{where}: malformed key document ({exc!r} missing or wrong)") from None
    return doc
