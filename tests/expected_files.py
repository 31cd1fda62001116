"""Saved expected outputs of the text writers for tests/banks/small (pandoc-style golden files).

The tests compare against these files and never write them. After an intended change to a
writer, regenerate them with `make expected` (this script), read the diff, and commit it.

The Anki deck's notes are kept as JSON (small.anki.json). A note whose fields change while its
fact did not must get a later modification time, or learners' Anki would keep the old note:
so this script refuses to save such a change until NOTES_CHANGED (writers/anki_notes.py) is raised.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from quizgen.writers.options import RenderOptions

TESTS = Path(__file__).resolve().parent
EXPECTED = TESTS / "expected"
SMALL_BANK = TESTS / "banks" / "small"
TEXT_FORMATS = ("gift", "quizlet", "csv", "json")
SEED = 1
ANKI_NOTES = EXPECTED / "small.anki.json"


def expected_path(bank_name: str, artifact_name: str) -> Path:
    """'small-fixture.quizlet.tsv' -> tests/expected/small.quizlet.tsv."""
    return EXPECTED / ("small" + artifact_name.removeprefix(bank_name))


def anki_notes(bank: Any) -> dict[str, Any]:
    """The deck's notes as plain data: what a learner's Anki stores for each fact."""
    from quizgen.writers.anki_notes import FIELDS, NOTES_CHANGED, TEMPLATES, notes

    return {
        "notes_changed": NOTES_CHANGED.isoformat(),
        "notes": [
            {
                "guid": n.guid,
                "mod": n.mod,
                "tags": list(n.tags),
                "fields": dict(zip(FIELDS, n.fields, strict=True)),
                "cards": {TEMPLATES[ordinal].template: due for ordinal, due in n.cards},
            }
            for n in notes(bank)
        ],
    }


def unannounced_changes(saved: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """GUIDs of notes whose fields changed while their modification time did not."""
    before = {note["guid"]: note for note in saved["notes"]}
    return [
        note["guid"]
        for note in current["notes"]
        if note["guid"] in before
        and note["fields"] != before[note["guid"]]["fields"]
        and note["mod"] <= before[note["guid"]]["mod"]
    ]


def main() -> int:
    sys.path.insert(0, str(TESTS.parent))
    from quizgen.bank.loader import load
    from quizgen.writers import get

    bank = load(SMALL_BANK)
    EXPECTED.mkdir(exist_ok=True)
    for name in TEXT_FORMATS:
        for artifact in get(name).render(bank, RenderOptions(seed=SEED)):
            path = expected_path(bank.name, artifact.name)
            path.write_bytes(artifact.data)
            print(f"wrote {path.relative_to(TESTS.parent)}")
    current = anki_notes(bank)
    if ANKI_NOTES.is_file():
        stale = unannounced_changes(json.loads(ANKI_NOTES.read_text(encoding="utf-8")), current)
        if stale:
            print(
                f"not writing {ANKI_NOTES.name}: the fields of {len(stale)} notes changed without a later "
                "modification time; raise NOTES_CHANGED in quizgen/writers/anki_notes.py first",
                file=sys.stderr,
            )
            return 1
    ANKI_NOTES.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {ANKI_NOTES.relative_to(TESTS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
