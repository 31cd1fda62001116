"""Anki: one .apkg per bank that imports into Anki, AnkiDroid and AnkiMobile and updates in place.

One deck named after the bank, one note per fact (quizgen.writers.anki_notes says why). genanki
writes the package, each note with the time its own fact last changed and each card at its own
new-card position (genanki's own Note takes one time for all notes and one position per note).
"""

from __future__ import annotations

import io
import itertools
import sqlite3
import zipfile
from typing import Any

from quizgen.bank.model import Bank
from quizgen.resources import template_text
from quizgen.writers import DEFAULT_SEED, Artifact
from quizgen.writers.anki_notes import (
    CSS_FILE,
    FIELDS,
    NOTES_CHANGED,
    TEMPLATES,
    NoteData,
    deck,
    deck_description,
    model_id,
    model_name,
    notes,
)
from quizgen.writers.options import RenderOptions

COLLECTION = "collection.anki2"
MEDIA = "media"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _model(bank: Bank) -> Any:
    import genanki

    return genanki.Model(
        model_id(bank),
        model_name(bank),
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {"name": t.template, "qfmt": template_text("anki", t.front), "afmt": template_text("anki", t.back)}
            for t in TEMPLATES
        ],
        css=template_text("anki", CSS_FILE),
    )


def package(bank: Bank, note_list: list[NoteData]) -> Any:
    """The genanki Package of the whole deck."""
    import genanki

    model = _model(bank)
    deck_id, name = deck(bank)
    the_deck = genanki.Deck(deck_id, name, description=deck_description(bank))
    note_class = _note_class()
    for data in note_list:
        the_deck.add_note(note_class(model, data))
    return genanki.Package([the_deck])


def _note_class() -> Any:
    """genanki's Note, written at its fact's own time with each card at its own position."""
    import genanki

    class Card(genanki.Card):  # type: ignore[misc]
        def __init__(self, ordinal: int, position: int) -> None:
            super().__init__(ordinal)
            self.position = position

        def write_to_db(
            self, cursor: Any, timestamp: float, deck_id: int, note_id: int, id_gen: Any, due: int = 0
        ) -> None:
            super().write_to_db(cursor, timestamp, deck_id, note_id, id_gen, self.position)

    class Note(genanki.Note):  # type: ignore[misc]
        cards: list[Any]  # genanki's, made from the templates

        def __init__(self, model: Any, data: NoteData) -> None:
            super().__init__(model=model, fields=list(data.fields), tags=list(data.tags), guid=data.guid)
            self.data = data

        def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
            positions = dict(self.data.cards)
            # genanki decides from the templates which cards a note has; we decide from the fact.
            if {card.ord for card in self.cards} != positions.keys() or len(self.cards) != len(positions):
                raise AssertionError(
                    f"genanki makes cards {sorted(card.ord for card in self.cards)} of fact "
                    f"{self.data.fact.id} where the deck has {sorted(positions)}: templates and "
                    "anki_notes.card_kinds disagree"
                )
            self.cards = [Card(card.ord, positions[card.ord]) for card in self.cards]
            super().write_to_db(cursor, self.data.mod, deck_id, id_gen)

    return Note


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    return [Artifact(f"{bank.name}.apkg", apkg_bytes(bank, options.seed))]


def package_time(bank: Bank) -> float:
    """The note type's and deck's modification time: the latest release, or quizgen's latest note layout."""
    return max(bank.released, NOTES_CHANGED).timestamp()


def apkg_bytes(bank: Bank, seed: int = DEFAULT_SEED) -> bytes:
    """The .apkg, byte-identical for the same bank (with the same SQLite library); the deck needs no seed."""
    timestamp = package_time(bank)
    note_list = list(notes(bank))
    # The database is built in memory and serialised: Package.write_to_file would write it to
    # a temporary file (and leave it behind), syncing it to disk at every commit for nothing.
    # The id counter starts where write_to_file(timestamp=...) starts it.
    conn = sqlite3.connect(":memory:")
    try:
        package(bank, note_list).write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        conn.commit()
        collection = conn.serialize()
    finally:
        conn.close()
    return _zip({COLLECTION: collection, MEDIA: b"{}"})


def _zip(entries: dict[str, bytes]) -> bytes:
    """A zip with entries in the given order and fixed dates and modes: same input, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            # zlib's fastest level: at 10,000 facts level 6 took 0.16 s (an eighth of the deck's time)
            # for a file 10% smaller.
            archive.writestr(info, data, compresslevel=1)
    return buffer.getvalue()


def same_content(a: bytes, b: bytes) -> bool:
    """Do two .apkg files hold the same deck? Compares table rows, not the SQLite file bytes.

    The SQLite header records the library version (bytes 96-99) and page layout can differ
    between SQLite builds, so equal decks built on two machines need not be equal bytes.
    """
    if a == b:
        return True
    try:
        return _content(a) == _content(b)
    except (zipfile.BadZipFile, KeyError, sqlite3.DatabaseError):
        return False


def _content(data: bytes) -> tuple[object, ...]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        files = {name: archive.read(name) for name in names}
    conn = sqlite3.connect(":memory:")  # the collection read in place: no scratch file
    try:
        conn.deserialize(files.pop(COLLECTION))
        dump = list(conn.iterdump())
    finally:
        conn.close()
    return tuple(names), files, dump
