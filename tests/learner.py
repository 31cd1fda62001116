"""A learner's Anki collection, driven through the real `anki` backend (test-only).

Days pass as they do for a learner: the collection's creation time moves back a day and the
collection is reopened, so Anki's own day counter advances; review due dates, learning steps
and the daily new-card limit follow from Anki's scheduler, never from us.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS as ALWAYS

GOOD = 3
# What README's "Anki deck" section tells a learner to pick when a note type changed.
MERGE_OPTIONS = ImportAnkiPackageOptions(merge_notetypes=True, update_notes=ALWAYS, update_notetypes=ALWAYS)


class Learner:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / "collection.anki2"
        self.col: Any = Collection(str(self.path))
        self.imports = 0

    def import_deck(self, data: bytes, options: ImportAnkiPackageOptions | None = None) -> Any:
        """Import an .apkg as File > Import does (default options unless given); the import log."""
        self.imports += 1
        package = self.folder / f"deck-{self.imports}.apkg"
        package.write_bytes(data)
        request = ImportAnkiPackageRequest(
            package_path=str(package.resolve()), options=options or ImportAnkiPackageOptions()
        )
        log = self.col.import_anki_package(request).log
        # The Python side caches note types; one merged by the import is stale there until reopened.
        self.col.close()
        self.col.reopen()
        return log

    def study_day(self, deck_name: str) -> dict[str, set[int]]:
        """Answer Good to everything Anki shows today in the deck: fact id -> ids of the cards shown."""
        col = self.col
        col.decks.select(col.decks.id_for_name(deck_name))
        shown: dict[str, set[int]] = defaultdict(set)
        while (card := col.sched.getCard()) is not None:
            shown[card.note()["FactId"]].add(card.id)
            col.sched.answerCard(card, GOOD)
        return shown

    def next_day(self) -> None:
        self.col.db.execute("update col set crt = crt - 86400")
        self.col.close()  # the backend reads the day's start when it opens the collection
        self.col.reopen()
        # Anki unburies yesterday's buried cards once it sees the new day; the app asks at once.
        _ = self.col.sched.today

    def bury_siblings(self, deck_name: str) -> None:
        """Deck options > Burying: all three options on, as README suggests."""
        config = self.col.decks.config_dict_for_deck_id(self.col.decks.id_for_name(deck_name))
        config["new"]["bury"] = config["rev"]["bury"] = config["buryInterdayLearning"] = True
        self.col.decks.update_config(config)

    def close(self) -> None:
        self.col.close()


def repeated_facts(shown: dict[str, set[int]]) -> dict[str, int]:
    """Facts that showed more than one of their cards in a day, with how many."""
    return {fact_id: len(cards) for fact_id, cards in shown.items() if len(cards) > 1}
