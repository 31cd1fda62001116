"""Anki: one .apkg per bank that imports into Anki, AnkiDroid and AnkiMobile and updates in place.

A parent deck named after the bank holds one subdeck per topic. Model, deck and note ids come
from stable names (quizgen.writers.anki_notes); the package timestamp is the bank's release
time, so a rebuilt deck of a newer release updates the learner's notes and keeps their reviews.
"""

from __future__ import annotations

import io
import itertools
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from quizgen.model import Bank
from quizgen.resources import template_text
from quizgen.writers import DEFAULT_SEED, Artifact
from quizgen.writers.anki_notes import (
    CSS_FILE,
    NOTE_TYPES,
    deck_description,
    model_id,
    model_name,
    notes,
    parent_deck,
    topic_decks,
)

COLLECTION = "collection.anki2"
MEDIA = "media"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _models(bank: Bank) -> dict[str, Any]:
    import genanki

    css = template_text("anki", CSS_FILE)
    models = {}
    for note_type in NOTE_TYPES:
        models[note_type.kind] = genanki.Model(
            model_id(bank, note_type), model_name(bank, note_type),
            fields=[{"name": name} for name in note_type.fields],
            templates=[{"name": t.name, "qfmt": template_text("anki", t.front), "afmt": template_text("anki", t.back)}
                       for t in note_type.templates],
            css=css, model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        )
    return models


def package(bank: Bank, seed: int = DEFAULT_SEED) -> Any:
    """The genanki Package of the whole deck."""
    import genanki

    models = _models(bank)
    parent_id, parent_name = parent_deck(bank)
    decks = {parent_id: genanki.Deck(parent_id, parent_name, description=deck_description(bank))}
    by_topic = {}
    for deck_id, name, topic_id in topic_decks(bank):
        decks[deck_id] = by_topic[topic_id] = genanki.Deck(deck_id, name, description=deck_description(bank))
    for topic_id, data in notes(bank, seed):
        by_topic[topic_id].add_note(genanki.Note(
            model=models[data.note_type.kind], fields=list(data.fields), tags=list(data.tags), guid=data.guid,
            due=data.due,
        ))
    return genanki.Package(list(decks.values()))


def render(bank: Bank, seed: int = DEFAULT_SEED, **_: Any) -> list[Artifact]:
    return [Artifact(f"{bank.name}.apkg", apkg_bytes(bank, seed))]


def apkg_bytes(bank: Bank, seed: int = DEFAULT_SEED) -> bytes:
    """The .apkg, byte-identical for the same bank and seed (with the same SQLite library)."""
    timestamp = bank.released.timestamp()
    with tempfile.TemporaryDirectory(prefix="quizgen-anki-") as tmp:
        db_path = Path(tmp) / COLLECTION
        # Package.write_to_file would do this too, but leaves its own temporary database behind
        # in the system temp directory; writing the database ourselves keeps it in `tmp`.
        # The id counter starts where write_to_file(timestamp=...) starts it.
        conn = sqlite3.connect(db_path)
        try:
            package(bank, seed).write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        collection = db_path.read_bytes()
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
            archive.writestr(info, data)  # zlib's default level: level 9 costs twice the time for ~2% size
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
    with tempfile.TemporaryDirectory(prefix="quizgen-anki-") as tmp:
        path = Path(tmp) / COLLECTION
        path.write_bytes(files.pop(COLLECTION))
        conn = sqlite3.connect(path)
        try:
            dump = list(conn.iterdump())
        finally:
            conn.close()
    return tuple(names), files, dump


def default_path(bank: Bank) -> Path:
    from quizgen.output import safe_name

    return Path("dist") / safe_name(f"{bank.name}.apkg")


def deck_path(bank: Bank, out: str | None) -> Path:
    """Where `quizgen anki --out` writes: dist/<bank>.apkg by default, DIR/<bank>.apkg into a
    directory (or a path ending in /), and FILE.apkg for a FILE without the suffix, since Anki
    imports only .apkg files. Anything else that exists (a device, a FIFO) stays as given, to
    be refused."""
    import os

    from quizgen.output import safe_name

    if out is None:
        return default_path(bank)
    path = Path(out)
    if out.endswith(("/", os.sep)) or path.is_dir():
        return path / safe_name(f"{bank.name}.apkg")
    if path.suffix.casefold() == ".apkg" or (path.exists() and not path.is_file()):
        return path
    return path.with_name(path.name + ".apkg")


def write_deck(bank: Bank, out_file: Path | None, seed: int = DEFAULT_SEED) -> tuple[Path, int]:
    """`quizgen anki`: render the deck and write it atomically to out_file (default dist/<bank>.apkg)."""
    from quizgen.output import check_file_target, prepare_dir, write_atomic

    target = check_file_target(out_file if out_file is not None else default_path(bank))
    data = apkg_bytes(bank, seed)
    prepare_dir(target.parent if str(target.parent) else Path("."))
    write_atomic(target, data)
    return target, len(data)
