"""The Anki deck, checked with the real Anki importer (the `anki` package, test-only)."""

from __future__ import annotations

import html
import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from click.testing import CliRunner

from conftest import SMALL_BANK  # type: ignore[import-not-found]
from quizgen.bank import bump, load
from quizgen.cli import cli
from quizgen.model import Bank
from quizgen.resources import templates_dir
from quizgen.writers import REGISTRY
from quizgen.writers.anki import apkg_bytes, render, same_content
from quizgen.writers.anki_notes import (
    NOTE_TYPES,
    escape_cloze,
    model_id,
    note_guid,
    note_types_for,
    stable_id,
)

@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def import_deck(col: Any, data: bytes, path: Path) -> Any:
    path.write_bytes(data)
    request = ImportAnkiPackageRequest(package_path=str(path.resolve()), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def expected_counts(bank: Bank) -> tuple[int, int]:
    notes = sum(len(note_types_for(fact)) for fact in bank.facts)
    cards = notes + sum(1 for fact in bank.facts if fact.reverse)  # Q&A reverse cards
    return notes, cards


def visible_text(card_html: str) -> str:
    body = re.sub(r"(?s)<style>.*?</style>", "", card_html)
    return html.unescape(re.sub(r"<[^>]+>", " ", body)).strip()


def card_html(col: Any) -> list[str]:
    cards = [col.get_card(cid) for cid in col.find_cards("")]
    return [card.question() + card.answer() for card in cards]


@pytest.mark.slow
def test_bundled_deck_imports_into_real_anki(bundled: Bank, collection: Any, tmp_path: Path) -> None:
    data = render(bundled)[0].data
    log = import_deck(collection, data, tmp_path / "deck.apkg")
    notes, cards = expected_counts(bundled)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (notes, 0, 0)
    assert collection.note_count() == notes
    assert collection.card_count() == cards

    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        assert visible_text(card.question()), f"empty question on card {cid}"
        assert visible_text(card.answer()), f"empty answer on card {cid}"
        assert "Kazinform" in card.answer() and "paragraph" in card.answer(), "the back cites the source"

    names = {d.name for d in collection.decks.all_names_and_ids()} - {"Default"}
    assert names == {bundled.title} | {f"{bundled.title}::{topic.title}" for topic in bundled.topics}
    assert "Kazinform" in collection.decks.by_name(bundled.title)["desc"]

    for nid in collection.find_notes(""):
        note = collection.get_note(nid)
        fact = bundled.fact(note["FactId"])
        assert f"kz-sg::topic::{fact.topic}" in note.tags
        assert {f"kz-sg::tag::{t}" for t in fact.tags} <= set(note.tags)
        assert sum(tag.startswith("kz-sg::kind::") for tag in note.tags) == 1
        assert collection.decks.name(collection.get_card(note.card_ids()[0]).did).endswith(
            "::" + bundled.topic(fact.topic).title)
    for kind in ("qa", "mcq", "cloze", "typed"):
        assert collection.find_notes(f"tag:kz-sg::kind::{kind}"), kind
    reverse_facts = [f.id for f in bundled.facts if f.reverse]
    assert len(collection.find_cards('"note:Q&A (kz-sg)" card:2')) == len(reverse_facts)

    again = import_deck(collection, data, tmp_path / "again.apkg")
    assert (len(again.new), len(again.updated)) == (0, 0)
    assert collection.note_count() == notes


@pytest.mark.slow
def test_a_corrected_fact_updates_its_notes_in_place(collection: Any, tmp_path: Path) -> None:
    bank_dir = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank_dir)
    import_deck(collection, apkg_bytes(load(bank_dir)), tmp_path / "v1.apkg")
    [qa_note] = collection.find_notes("FactId:treaty-year note:Q&A*")
    [card_id] = collection.find_cards(f"nid:{qa_note}")
    card = collection.get_card(card_id)
    card.type, card.queue, card.ivl, card.due = 2, 2, 30, 100  # a card the learner has been reviewing
    collection.update_card(card)

    facts = bank_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("Paragraph 4 dates the treaty.", "Paragraph 4 dates the treaty (corrected)."),
                     encoding="utf-8")
    bump(bank_dir, released=datetime(2024, 6, 1, tzinfo=UTC))
    log = import_deck(collection, apkg_bytes(load(bank_dir)), tmp_path / "v2.apkg")

    assert not log.new and not log.conflicting
    updated = {note.id.nid for note in log.updated}
    treaty_notes = set(collection.find_notes("FactId:treaty-year"))
    assert len(treaty_notes) == 3 and treaty_notes <= updated
    assert collection.note_count() == expected_counts(load(bank_dir))[0]
    assert "(corrected)" in collection.get_note(qa_note)["Explanation"]
    kept = collection.get_card(card_id)
    assert (kept.ivl, kept.queue) == (30, 2), "review state survives the update"


@pytest.mark.slow
def test_a_fact_without_a_newer_release_is_not_updated(collection: Any, small: Bank, tmp_path: Path) -> None:
    import_deck(collection, apkg_bytes(small), tmp_path / "v1.apkg")
    fact = small.fact("founder")._replace(explanation="Changed without a new release.")
    edited = small._replace(facts=tuple(fact if f.id == fact.id else f for f in small.facts))
    log = import_deck(collection, apkg_bytes(edited), tmp_path / "v2.apkg")
    assert not log.new and not log.updated  # why `quizgen bump` must set a later release


@pytest.mark.slow
def test_fact_text_shows_literally_and_never_runs(small: Bank, collection: Any, tmp_path: Path) -> None:
    import_deck(collection, apkg_bytes(small), tmp_path / "small.apkg")
    pages = card_html(collection)
    everything = "\n".join(pages)
    assert "<script" not in everything.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "Қарағанды &amp; Co" in everything
    assert "&lt;test&gt;" in everything and "Ақтөбе &lt;b&gt;" in everything
    shown = [visible_text(page) for page in pages]
    assert any("<script>alert(1)</script> is only text, and so are {{ and }} and ::." in text for text in shown)
    assert any("Ақтөбе <b>" in text for text in shown)

    # The explanation's '{{', '}}' and '::' sit in the cloze note's Extra: still one card, one deletion.
    [cloze_note] = collection.find_notes("FactId:city-name note:Cloze*")
    [card_id] = collection.find_cards(f"nid:{cloze_note}")
    card = collection.get_card(card_id)
    assert "[...]" in visible_text(card.question())
    assert "Қарағанды & Co" not in visible_text(card.question())
    assert "Қарағанды & Co" in visible_text(card.answer())
    assert "{{ and }} and ::" in visible_text(card.answer())
    assert set(collection.get_note(cloze_note).tags) == {"fx::topic::alpha", "fx::kind::cloze", "fx::tag::places"}


def test_cloze_escaping_hides_cloze_syntax() -> None:
    escaped = escape_cloze("{{c2::x::hint}} a < b & c")
    assert not set("{}:<>") & set(escaped)
    assert html.unescape(escaped) == "{{c2::x::hint}} a < b & c"


def test_two_renders_are_byte_identical(small: Bank) -> None:
    first, second = apkg_bytes(small), apkg_bytes(small)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_same_content_ignores_the_sqlite_version_but_not_the_facts(small: Bank) -> None:
    data = apkg_bytes(small)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        collection, media = archive.read("collection.anki2"), archive.read("media")
    other_sqlite = collection[:96] + (1).to_bytes(4, "big") + collection[100:]  # another library version
    rezipped = io.BytesIO()
    with zipfile.ZipFile(rezipped, "w") as archive:
        archive.writestr("collection.anki2", other_sqlite)
        archive.writestr("media", media)
    assert rezipped.getvalue() != data
    assert same_content(data, rezipped.getvalue())
    assert REGISTRY["anki"].same_content(data, rezipped.getvalue())

    fact = small.fact("founder")._replace(explanation="Another explanation.")
    edited = small._replace(facts=tuple(fact if f.id == fact.id else f for f in small.facts))
    assert not same_content(data, apkg_bytes(edited))
    assert not same_content(data, b"not a zip")


def test_ids_come_from_stable_names_not_content(small: Bank, bundled: Bank) -> None:
    ids = [model_id(bank, note_type) for bank in (small, bundled) for note_type in NOTE_TYPES]
    assert len(set(ids)) == len(ids)
    assert all((1 << 30) <= i < (1 << 31) for i in ids)
    assert stable_id("kz-sg", "model", "qa") == model_id(bundled, NOTE_TYPES[0])
    fact = small.fact("city-name")
    corrected = fact._replace(answer="Another city", explanation="Corrected.", cloze=None)
    for note_type in NOTE_TYPES:
        assert note_guid(small, fact, note_type) == note_guid(small, corrected, note_type)
    assert len({note_guid(small, fact, t) for t in NOTE_TYPES}) == len(NOTE_TYPES)


def test_templates_are_files_that_the_note_types_use() -> None:
    folder = templates_dir() / "anki"
    used = {"cards.css"} | {name for t in NOTE_TYPES for tmpl in t.templates for name in (tmpl.front, tmpl.back)}
    assert used == {path.name for path in folder.iterdir()}
    css = (folder / "cards.css").read_text(encoding="utf-8")
    assert ".nightMode" in css and ".night_mode" in css
    assert "{{type:Answer}}" in (folder / "type-front.html").read_text(encoding="utf-8")
    assert "{{#Reverse}}" in (folder / "qa-reverse-front.html").read_text(encoding="utf-8")


def test_anki_command_writes_the_deck(tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(cli, ["anki", "--bank", str(SMALL_BANK), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == apkg_bytes(load(SMALL_BANK))
    assert "wrote" in result.output


def test_anki_command_default_path_and_bad_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["anki", "--bank", str(SMALL_BANK)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "small-fixture.apkg").is_file()
    result = CliRunner().invoke(cli, ["anki", "--bank", str(SMALL_BANK), "--out", str(tmp_path / "decks")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "decks.apkg").is_file()  # Anki imports only .apkg files
    (tmp_path / "into").mkdir()
    for out in (tmp_path / "into", f"{tmp_path / 'new'}/"):
        result = CliRunner().invoke(cli, ["anki", "--bank", str(SMALL_BANK), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert f"wrote {Path(out) / 'small-fixture.apkg'} (" in result.output
        assert (Path(out) / "small-fixture.apkg").read_bytes() == (tmp_path / "decks.apkg").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("merge", [False, True], ids=["default-options", "merge-options"])
def test_adding_a_field_later_needs_the_import_options_the_readme_names(
        small: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merge: bool) -> None:
    import quizgen.writers.anki as writer
    import quizgen.writers.anki_notes as notes

    first = apkg_bytes(small)
    # A hypothetical later release whose Type-the-answer note type has one more field.
    typed = replace(notes.TYPED, fields=(*notes.TYPED.fields, "Hint"))
    fields_for = notes.fields_for
    monkeypatch.setattr(writer, "NOTE_TYPES", (notes.QA, notes.CLOZE, notes.MCQ, typed))
    monkeypatch.setattr(notes, "fields_for", lambda fact, kind, mcq=None: (
        (*fields_for(fact, notes.TYPED), "") if kind is typed else fields_for(fact, kind, mcq)))
    monkeypatch.setattr(notes, "note_types_for", lambda fact: tuple(
        typed if kind is notes.TYPED else kind for kind in note_types_for(fact)))
    later = apkg_bytes(small._replace(released=datetime(2025, 1, 1, tzinfo=UTC)))

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS as always

        options = (ImportAnkiPackageOptions(merge_notetypes=True, update_notes=always, update_notetypes=always)
                   if merge else ImportAnkiPackageOptions())
        import_deck(col, first, tmp_path / "v1.apkg")
        (tmp_path / "v2.apkg").write_bytes(later)
        log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(tmp_path / "v2.apkg"),
                                                               options=options)).log
        typed_notes = sum(fact.type_answer for fact in small.facts)
        assert not log.new
        assert len(log.conflicting) == (0 if merge else typed_notes)
        names = [m.name for m in col.models.all_names_and_ids() if "(fx)" in m.name]
        assert len(names) == (4 if merge else 5)  # without merging, Anki keeps a copy of the note type
    finally:
        col.close()
