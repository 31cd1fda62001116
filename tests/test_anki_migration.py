"""From version 1.0's deck (a note per kind of card, topic subdecks) to one note per fact.

tests/decks/kazakhstan-singapore-1.0.apkg is dist/kazakhstan-singapore.apkg as released with
bank version 1.0. A learner who studied it imports today's deck and follows README's one-time
steps ("Anki deck", "Coming from version 1.0"), done here in the real Anki backend.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.bank.model import Bank
from quizgen.writers.anki import render
from quizgen.writers.anki_notes import FIELDS, LEGACY_NOTE_TYPES, card_kinds, fields_for, model_name
from quizgen.writers.options import RenderOptions
from tests.helpers import TESTS
from tests.learner import MERGE_OPTIONS, Learner, repeated_facts

V1_DECK = TESTS / "decks" / "kazakhstan-singapore-1.0.apkg"

pytestmark = pytest.mark.slow


def kz_sg_note_types(learner: Learner) -> list[str]:
    return sorted(m.name for m in learner.col.models.all_names_and_ids() if m.name.endswith("(kz-sg)"))


def test_a_learner_of_version_1_0_moves_to_one_note_per_fact_keeping_question_card_history(
    bundled: Bank, tmp_path: Path
) -> None:
    learner = Learner(tmp_path / "learner")
    col = learner.col
    try:
        v1 = learner.import_deck(V1_DECK.read_bytes())
        assert len(v1.new) == 108 and col.card_count() == 114
        for _ in range(2):  # two days of study with version 1.0
            learner.study_day(bundled.title)
            learner.next_day()
        carried = {}  # version 1.0's question cards (Q&A note type) that have a history
        for cid in col.find_cards('"note:Q&A (kz-sg)" -is:new'):
            card = col.get_card(cid)
            carried[cid] = (
                card.nid,
                card.ord,
                card.type,
                card.queue,
                card.due,
                card.ivl,
                card.reps,
                col.db.scalar("select count() from revlog where cid = ?", cid),
            )
        assert len(carried) >= 10
        deck = render(bundled, RenderOptions())[0].data
        before_ids = {col.get_note(nid)["FactId"] for nid in col.find_notes("")}
        now_ids = {fact.id for fact in bundled.facts}
        kept, added, removed = before_ids & now_ids, now_ids - before_ids, before_ids - now_ids

        # Imported with the default options, the changed note type comes in as a copy, holding only
        # the facts new in this release: none of the learner's notes changes.
        forgot = learner.import_deck(deck)
        assert (len(forgot.new), len(forgot.updated), len(forgot.conflicting)) == (len(added), 0, len(kept))
        assert "Fact (kz-sg)" in kz_sg_note_types(learner)
        col.models.remove(col.models.id_for_name("Fact (kz-sg)"))  # README: delete it, import again

        # Step 1: import with Merge note types, Update notes: Always, Update note types: Always.
        merged = learner.import_deck(deck, MERGE_OPTIONS)
        assert (len(merged.new), len(merged.updated), len(merged.conflicting)) == (len(added), len(kept), 0)
        # Step 2: delete version 1.0's other note types, with their notes.
        for title in LEGACY_NOTE_TYPES.values():
            col.models.remove(col.models.id_for_name(f"{title} (kz-sg)"))

        assert kz_sg_note_types(learner) == [model_name(bundled)]
        notes = {col.get_note(nid)["FactId"]: col.get_note(nid) for nid in col.find_notes("")}
        assert len(notes) == col.note_count() == len(now_ids | removed), "one note per fact, no duplicates"
        cards = col.card_count()
        col.after_note_updates(list(col.find_notes("")), mark_modified=False)  # Anki would add no card ...
        assert col.card_count() == cards
        assert not col.get_empty_cards().notes  # ... and finds no empty one
        for fact in bundled.facts:
            note = notes[fact.id]
            assert dict(note.items()) == dict(zip(FIELDS, fields_for(fact), strict=True)), fact.id
            assert sorted(c.template()["name"] for c in note.cards()) == sorted(k.template for k in card_kinds(fact))
        for cid, before in carried.items():
            card = col.get_card(cid)
            assert (
                card.nid,
                card.ord,
                card.type,
                card.queue,
                card.due,
                card.ivl,
                card.reps,
                col.db.scalar("select count() from revlog where cid = ?", cid),
            ) == before, "history kept"

        again = learner.import_deck(deck)  # a later import of the same deck changes nothing
        assert (len(again.new), len(again.updated), len(again.conflicting)) == (0, 0, 0)

        # Step 3: burying on; the older cards keep their topic subdecks and positions, so it is needed.
        learner.bury_siblings(bundled.title)
        for day in range(3):
            shown = learner.study_day(bundled.title)
            assert shown and not repeated_facts(shown), f"day {day + 1}: {repeated_facts(shown)}"
            learner.next_day()
    finally:
        learner.close()
