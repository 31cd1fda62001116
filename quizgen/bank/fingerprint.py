"""The bank's content fingerprint: sha256 over everything a card shows (facts, sources, topics).

`quizgen bump` records it in the manifest; the loader recomputes it, so facts edited without a
new release are caught. Each fact is hashed from its canonical JSON, which releases.py hashes too.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import json


def content_fingerprint(manifest_data: dict[str, Any], facts: list[dict[str, Any]]) -> str:
    """sha256 over everything a card shows: the facts, their sources and topics."""
    return fingerprint_texts(manifest_data, [(str(fact.get("id")), canonical_json(fact)) for fact in facts])


def canonical_json(value: Any) -> str:
    """The one JSON text of a value that fingerprints and release hashes are taken over."""
    return _encoder().encode(value)


@functools.cache  # json.dumps makes an encoder for every call with options: one for every fact
def _encoder() -> json.JSONEncoder:
    import json

    return json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def fingerprint_texts(manifest_data: dict[str, Any], facts: list[tuple[str, str]]) -> str:
    """content_fingerprint from each fact's (id, canonical JSON), so a loader need not keep the
    facts' parsed trees: canonical_json({"facts": [...], "sources": ..., "topics": ...}) as text."""
    import hashlib

    digest = hashlib.sha256(b'{"facts":[')
    for index, (_, text) in enumerate(sorted(facts, key=lambda fact: fact[0])):  # piece by piece: no copy
        digest.update(f",{text}".encode() if index else text.encode())
    digest.update(
        f'],"sources":{canonical_json(manifest_data.get("sources"))},'
        f'"topics":{canonical_json(manifest_data.get("topics"))}}}'.encode()
    )
    return "sha256:" + digest.hexdigest()
