"""The Anki deck, checked with the real Anki importer (the `anki` package, test-only).

Learning over several days is in test_anki_learning.py, the move from version 1.0's deck in
test_anki_migration.py.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizgen.bank.loader import load
from quizgen.bank.model import Bank
from quizgen.bank.releases import bump
from quizgen.cli import cli
from quizgen.resources import templates_dir
from quizgen.writers import REGISTRY
from quizgen.writers.anki import apkg_bytes, render, same_content
from quizgen.writers.anki_notes import (
    FIELDS,
    NOTES_CHANGED,
    TEMPLATES,
    card_kinds,
    mcq_options,
    model_id,
    note_guid,
    notes,
    stable_id,
)
from quizgen.writers.options import RenderOptions
from tests.expected_files import ANKI_NOTES, anki_notes, unannounced_changes
from tests.helpers import SMALL_BANK
from tests.learner import MERGE_OPTIONS, Learner

LATER = datetime(2027, 1, 1, tzinfo=UTC)  # a release after NOTES_CHANGED, so notes of changed facts update


@pytest.fixture
def learner(tmp_path: Path) -> Iterator[Learner]:
    person = Learner(tmp_path / "learner")
    yield person
    person.close()


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A copy of the small bank to edit and bump."""
    return Path(shutil.copytree(SMALL_BANK, tmp_path / "bank"))


def edit(bank_dir: Path, old: str, new: str) -> None:
    facts = bank_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert old in text, old
    facts.write_text(text.replace(old, new, 1), encoding="utf-8")


def expected_cards(bank: Bank) -> int:
    return sum(len(card_kinds(fact)) for fact in bank.facts)


def visible_text(card_html: str) -> str:
    body = re.sub(r"(?s)<style>.*?</style>", "", card_html)
    return html.unescape(re.sub(r"<[^>]+>", " ", body)).strip()


def snapshot(col: Any) -> dict[str, tuple[Any, ...]]:
    """Fact id -> what Anki holds of its note: fields, tags, modification time, and its cards."""
    result = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        cards = tuple(sorted((card.ord, card.id, card.due, card.did) for card in note.cards()))
        result[note["FactId"]] = (tuple(note.fields), tuple(note.tags), note.mod, cards)
    return result


@pytest.mark.slow
def test_bundled_deck_imports_into_real_anki(bundled: Bank, learner: Learner) -> None:
    col = learner.col
    log = learner.import_deck(render(bundled, RenderOptions())[0].data)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (len(bundled.facts), 0, 0)
    assert col.note_count() == len(bundled.facts), "one note per fact"
    assert col.card_count() == expected_cards(bundled)
    # Anki's own card generation agrees with the cards the package holds: none missing, none empty.
    col.after_note_updates(list(col.find_notes("")), mark_modified=False)
    assert col.card_count() == expected_cards(bundled)
    assert not col.get_empty_cards().notes

    for cid in col.find_cards(""):
        card = col.get_card(cid)
        assert visible_text(card.question()), f"empty question on card {cid}"
        assert visible_text(card.answer()), f"empty answer on card {cid}"
        assert "Kazinform" in card.answer() and "paragraph" in card.answer(), "the back cites the source"

    assert {d.name for d in col.decks.all_names_and_ids()} == {"Default", bundled.title}, "one deck, no subdecks"
    assert "Kazinform" in col.decks.by_name(bundled.title)["desc"]
    [note_type] = [m for m in col.models.all_names_and_ids() if "(kz-sg)" in m.name]
    assert note_type.name == "Fact (kz-sg)"

    for nid in col.find_notes(""):
        note = col.get_note(nid)
        fact = bundled.fact(note["FactId"])
        assert set(note.tags) == {f"kz-sg::topic::{fact.topic}"} | {f"kz-sg::tag::{t}" for t in fact.tags}
        assert sorted(card.template()["name"] for card in note.cards()) == sorted(k.template for k in card_kinds(fact))
    assert len(col.find_cards("card:Reverse")) == sum(fact.reverse for fact in bundled.facts)

    again = learner.import_deck(render(bundled, RenderOptions())[0].data)
    assert (len(again.new), len(again.updated)) == (0, 0)
    assert col.note_count() == len(bundled.facts)


@pytest.mark.slow
def test_a_corrected_fact_updates_its_note_alone_and_a_learners_edit_elsewhere_survives(
    bank_dir: Path, learner: Learner
) -> None:
    col = learner.col
    learner.import_deck(apkg_bytes(load(bank_dir)))
    [treaty] = col.find_notes("FactId:treaty-year")
    [forward] = col.find_cards(f"nid:{treaty} card:Forward")
    card = col.get_card(forward)
    card.type, card.queue, card.ivl, card.due = 2, 2, 30, 100  # a card the learner has been reviewing
    col.update_card(card)
    [founder] = col.find_notes("FactId:founder")  # the learner rewrites the explanation of another fact
    own = col.get_note(founder)
    own["Explanation"] = "My own mnemonic: Ұлан founded it."
    col.update_note(own)
    before = snapshot(col)

    edit(bank_dir, "Paragraph 4 dates the treaty.", "Paragraph 4 dates the treaty (corrected).")
    bump(bank_dir, released=LATER)
    log = learner.import_deck(apkg_bytes(load(bank_dir)))

    assert not log.new and not log.conflicting
    assert [note.id.nid for note in log.updated] == [treaty], "only the corrected fact's note is updated"
    assert "(corrected)" in col.get_note(treaty)["Explanation"]
    assert col.get_note(founder)["Explanation"] == "My own mnemonic: Ұлан founded it.", "the learner's edit stays"
    after = snapshot(col)
    assert {fact_id: state for fact_id, state in after.items() if fact_id != "treaty-year"} == {
        fact_id: state for fact_id, state in before.items() if fact_id != "treaty-year"
    }
    kept = col.get_card(forward)
    assert (kept.ivl, kept.queue) == (30, 2), "review state survives the update"


@pytest.mark.slow
def test_adding_a_fact_changes_no_other_note(bank_dir: Path, learner: Learner) -> None:
    col = learner.col
    learner.import_deck(apkg_bytes(load(bank_dir)))
    before = snapshot(col)
    new_fact = """
  - id: river-mouth
    topic: alpha
    statement: The test river flows into the test sea.
    source: {id: fixture-source, paragraph: 1}
    prompts: [Into which sea does the test river flow?]
    answer: The test sea
    answer_type: place
    distractors: [The north sea, The salt lake, The east ocean]
    explanation: Paragraph 1 names the mouth.
    reverse: true
"""
    (bank_dir / "facts.yaml").write_text(
        (bank_dir / "facts.yaml").read_text(encoding="utf-8") + new_fact, encoding="utf-8"
    )
    bump(bank_dir, released=LATER)
    log = learner.import_deck(apkg_bytes(load(bank_dir)))

    assert (len(log.new), len(log.updated), len(log.conflicting)) == (1, 0, 0)
    after = snapshot(col)
    assert set(after) - set(before) == {"river-mouth"}
    assert {fact_id: after[fact_id] for fact_id in before} == before, "no other note or card changed"
    # The new fact's cards come after those of the release before.
    assert min(due for _, _, due, _ in after["river-mouth"][3]) > max(
        due for state in before.values() for _, _, due, _ in state[3]
    )


def test_one_facts_edit_addition_or_removal_leaves_every_other_note_as_it_was(small: Bank) -> None:
    """Fields, tags, GUIDs and modification times of a note depend on its own fact only."""

    def by_fact(bank: Bank) -> dict[str, tuple[Any, ...]]:
        return {n.fact.id: (n.fields, n.tags, n.guid, n.mod) for n in notes(bank)}

    base = by_fact(small)
    founder = small.fact("founder")
    edited = founder.replace(answer="Ұлан Әбу Second", distractors=("A", "B", "C", "D"))
    extra = founder.replace(id="second-founder", prompts=("Who came second?",))
    variants = {
        "edited": small.replace(facts=tuple(edited if f.id == "founder" else f for f in small.facts)),
        "added": small.replace(facts=(*small.facts[:2], extra, *small.facts[2:])),
        "removed": small.replace(facts=tuple(f for f in small.facts if f.id != "city-name")),
    }
    for name, bank in variants.items():
        changed = {fact_id for fact_id, state in by_fact(bank).items() if base.get(fact_id) != state}
        assert changed == {"edited": {"founder"}, "added": {"second-founder"}, "removed": set()}[name], name


def test_mcq_options_come_from_the_fact_alone(small: Bank) -> None:
    fact = small.fact("river-length")
    options, key = mcq_options(fact)
    assert options[key] == fact.answer and sorted(options) == sorted((fact.answer, *fact.distractors[:3]))
    assert mcq_options(fact.replace(explanation="Other words.", tags=("x",))) == (options, key)
    keys = [mcq_options(fact.replace(id=f"fact-{n}"))[1] for n in range(400)]
    assert all(60 <= keys.count(place) <= 140 for place in range(4)), "each letter about equally often"


@pytest.mark.slow
def test_a_multi_line_field_shows_its_line_break(bank_dir: Path, learner: Learner) -> None:
    edit(
        bank_dir,
        "    explanation: Paragraph 4 dates the treaty.\n",
        "    explanation: |-\n      Paragraph 4 dates the treaty.\n      It was signed in spring.\n",
    )
    bump(bank_dir, released=LATER)
    bank = load(bank_dir)
    learner.import_deck(apkg_bytes(bank))
    col = learner.col
    for cid in col.find_cards("FactId:treaty-year"):
        assert "Paragraph 4 dates the treaty.<br>It was signed in spring." in col.get_card(cid).answer()
    # GIFT (Moodle reads its fields as HTML) keeps the break the same way.
    gift = REGISTRY["gift"].render(bank, RenderOptions(seed=1))[0].data.decode("utf-8")
    assert "Paragraph 4 dates the treaty.<br>It was signed in spring." in gift


@pytest.mark.slow
def test_a_fact_without_a_newer_release_is_not_updated(small: Bank, learner: Learner) -> None:
    learner.import_deck(apkg_bytes(small))
    fact = small.fact("founder").replace(explanation="Changed without a new release.")
    edited = small.replace(facts=tuple(fact if f.id == fact.id else f for f in small.facts))
    log = learner.import_deck(apkg_bytes(edited))
    assert not log.new and not log.updated  # why `quizgen bump` must record the change


@pytest.mark.slow
def test_fact_text_shows_literally_and_never_runs(small: Bank, learner: Learner) -> None:
    learner.import_deck(apkg_bytes(small))
    col = learner.col
    pages = [col.get_card(cid).question() + col.get_card(cid).answer() for cid in col.find_cards("")]
    everything = "\n".join(pages)
    assert "<script" not in everything.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "Қарағанды &amp; Co" in everything
    assert "&lt;test&gt;" in everything and "Ақтөбе &lt;b&gt;" in everything
    shown = [visible_text(page) for page in pages]
    assert any("<script>alert(1)</script> is only text, and so are {{ and }} and ::." in text for text in shown)
    assert any("Ақтөбе <b>" in text for text in shown)

    [card_id] = col.find_cards('FactId:city-name "card:Fill in the blank"')
    card = col.get_card(card_id)
    assert "[...]" in visible_text(card.question())
    assert "Қарағанды & Co" not in visible_text(card.question())
    assert "Қарағанды & Co" in visible_text(card.answer())
    assert "{{ and }} and ::" in visible_text(card.answer())


def test_note_times_are_the_release_of_each_facts_last_change(bank_dir: Path) -> None:
    edit(bank_dir, "Paragraph 4 dates the treaty.", "Paragraph 4 gives the treaty's year.")
    bump(bank_dir, released=LATER)
    times = {n.fact.id: n.mod for n in notes(load(bank_dir))}
    assert times.pop("treaty-year") == int(LATER.timestamp())
    assert set(times.values()) == {int(NOTES_CHANGED.timestamp())}, "unchanged facts keep their time"


def test_note_changes_are_saved_with_a_later_modification_time(small: Bank) -> None:
    """tests/expected/small.anki.json: a note that looks different must carry a later time."""
    saved = json.loads(ANKI_NOTES.read_text(encoding="utf-8"))
    current = anki_notes(small)
    stale = unannounced_changes(saved, current)
    assert not stale, (
        f"{len(stale)} notes changed their fields with the same modification time: learners "
        "would keep the old notes. Raise NOTES_CHANGED in writers/anki_notes.py, then `make expected`"
    )
    assert current == saved, "the deck's notes changed: if that is intended, run `make expected` and commit it"


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

    fact = small.fact("founder").replace(explanation="Another explanation.")
    edited = small.replace(facts=tuple(fact if f.id == fact.id else f for f in small.facts))
    assert not same_content(data, apkg_bytes(edited))
    assert not same_content(data, b"not a zip")


def test_ids_come_from_stable_names_not_content(small: Bank, bundled: Bank) -> None:
    assert model_id(small) != model_id(bundled)
    assert all((1 << 30) <= i < (1 << 31) for i in (model_id(small), model_id(bundled)))
    # Version 1.0's Q&A note type and notes: the note type and notes that carry their history on.
    assert stable_id("kz-sg", "model", "qa") == model_id(bundled)
    fact = small.fact("city-name")
    corrected = fact.replace(answer="Another city", explanation="Corrected.", cloze=None)
    assert note_guid(small, fact) == note_guid(small, corrected)
    from genanki import guid_for

    assert note_guid(small, fact) == guid_for("fx", "city-name", "qa")


def test_templates_are_files_that_the_note_type_uses() -> None:
    folder = templates_dir() / "anki"
    used = {"cards.css"} | {name for kind in TEMPLATES for name in (kind.front, kind.back)}
    assert used == {path.name for path in folder.iterdir()}
    css = (folder / "cards.css").read_text(encoding="utf-8")
    assert ".nightMode" in css and ".night_mode" in css
    assert "{{type:Answer}}" in (folder / "type-front.html").read_text(encoding="utf-8")
    # Every front but Forward's shows only when its own field is filled: no empty cards, and
    # merging the note type into version 1.0's makes no cards before the import brings them.
    for kind, field in (
        ("qa-reverse", "Reverse"),
        ("mcq", "Options"),
        ("cloze", "ClozeAnswer"),
        ("type", "TypeAnswer"),
    ):
        front = (folder / f"{kind}-front.html").read_text(encoding="utf-8").strip()
        assert front.startswith(f"{{{{#{field}}}}}") and front.endswith(f"{{{{/{field}}}}}"), kind
        assert field in FIELDS


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
    small: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merge: bool
) -> None:
    import quizgen.writers.anki as writer
    import quizgen.writers.anki_notes as notes_module

    first = apkg_bytes(small)
    # A hypothetical later release whose note type has one more field.
    fields_for = notes_module.fields_for
    monkeypatch.setattr(writer, "FIELDS", (*FIELDS, "Hint"))
    monkeypatch.setattr(notes_module, "fields_for", lambda fact: (*fields_for(fact), ""))
    monkeypatch.setattr(notes_module, "NOTES_CHANGED", LATER)
    later = apkg_bytes(small.replace(released=LATER))

    person = Learner(tmp_path / "learner")
    try:
        person.import_deck(first)
        log = person.import_deck(later, MERGE_OPTIONS if merge else None)
        assert not log.new
        assert len(log.conflicting) == (0 if merge else len(small.facts))
        assert len(log.updated) == (len(small.facts) if merge else 0)
        names = [m.name for m in person.col.models.all_names_and_ids() if "(fx)" in m.name]
        assert len(names) == (1 if merge else 2)  # without merging, Anki keeps a copy of the note type
    finally:
        person.close()
