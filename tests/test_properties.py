"""Property tests: banks full of hostile text go through every writer and read back intact.

Banks come from tests/hostile.py and go through the real YAML reader and validator; output
is read back by the real readers of tests/readback.py (the hook new writers extend).
Examples are derandomized (profile in tests/conftest.py), so CI runs the same cases each time.
"""

from __future__ import annotations

import html
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from quizgen.bank.cloze import parts as cloze_parts
from quizgen.bank.loader import load
from quizgen.bank.model import Bank
from quizgen.errors import OutputError
from quizgen.output import safe_name
from quizgen.writers import REGISTRY, WRITERS
from quizgen.writers.anki_notes import FIELDS, notes
from quizgen.writers.options import RenderOptions
from tests.hostile import banks, many_facts, write_bank
from tests.readback import READERS, SEED, SLOW_READERS, must_show, squash

PDF_WRITERS = {"worksheet", "study-guide"}
# A fixed, especially nasty bank that every property test also runs, whatever hypothesis draws.
NASTY = many_facts(3)


def loaded(spec: tuple[dict[str, Any], list[dict[str, Any]]], tmp: str) -> Bank:
    return load(write_bank(Path(tmp) / "Мой банк фактов", *spec))


def assert_reads_back(name: str, bank: Bank) -> None:
    artifacts = REGISTRY[name].render(bank, RenderOptions(seed=SEED))
    assert artifacts, f"{name} wrote nothing"
    again = REGISTRY[name].render(bank, RenderOptions(seed=SEED))
    assert [a.data for a in artifacts] == [a.data for a in again], f"{name} is not deterministic"
    for artifact in artifacts:
        assert safe_name(artifact.name) == artifact.name
    reader = READERS.get(name)
    if reader is None:
        return  # test_every_writer_has_a_reader says so
    text = squash("\n".join(reader(artifact.data) for artifact in artifacts))
    if name in PDF_WRITERS:  # a line of print may break inside a long word: compare without spaces
        text = "".join(text.split())
        missing = [shown for shown in must_show(bank, name) if "".join(shown.split()) not in text]
    else:
        missing = [shown for shown in must_show(bank, name) if squash(shown) not in text]
    assert not missing, f"{name}: text lost or altered: {missing[:3]!r}"


@pytest.mark.parametrize("name", [w.name for w in WRITERS])
def test_every_writer_renders_hostile_text_that_reads_back(name: str) -> None:
    # Slow writers (a real Anki import, a PDF per example) draw few examples and skip
    # shrinking, which would re-render the PDF hundreds of times to minimise a failure.
    slow = name in SLOW_READERS

    @settings(
        max_examples=4 if slow else 30, phases=[Phase.explicit, Phase.generate] if slow else settings.default.phases
    )
    @given(spec=banks())
    @example(spec=NASTY)
    def check(spec: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            assert_reads_back(name, loaded(spec, tmp))

    check()


@pytest.mark.parametrize("name", [w.name for w in WRITERS if w.name not in SLOW_READERS])
def test_many_hostile_facts_read_back(name: str, tmp_path: Path) -> None:
    assert_reads_back(name, load(write_bank(tmp_path / "bank", *many_facts(300))))


def test_every_writer_has_a_reader() -> None:
    """A writer merged without a read-back would escape the property tests: hook it into READERS."""
    missing = sorted(set(REGISTRY) - set(READERS))
    assert not missing, f"add a reader for {missing} to READERS in tests/readback.py"


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# The only markup a note field may hold is the writer's own: line breaks, source title, MCQ option list.
OWN_TAGS = {
    ("br", ()),
    ("i", ()),
    ("ol", (("class", "options"), ("type", "A"))),
    ("li", ()),
    ("li", (("class", "correct"),)),
}


def parse(field: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(field)
    parser.close()
    return parser


def shown(field: str) -> str:
    """A field's text as Anki shows it: entities decoded, <br> a line break."""
    return html.unescape(field.replace("<br>", "\n"))


def lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=40)
@given(spec=banks())
@example(spec=NASTY)
def test_anki_fields_hold_fact_text_only_escaped(spec: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = loaded(spec, tmp)
    for note in notes(bank):
        fact = note.fact
        for name, field in zip(FIELDS, note.fields, strict=True):
            parsed = parse(field)
            tags = {(tag, tuple(attrs)) for tag, attrs in parsed.tags}
            assert tags <= OWN_TAGS, f"{name}: markup from fact text: {tags - OWN_TAGS}"
            assert "\n" not in field and "\r" not in field, f"{name}: a line break Anki would show as a space"
        fields = dict(zip(FIELDS, note.fields, strict=True))
        assert shown(fields["Question"]) == lines(fact.prompts[0])
        assert shown(fields["Answer"]) == lines(fact.answer)
        assert shown(fields["Explanation"]) == lines(fact.explanation)
        assert lines(fact.answer) in [shown(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", fields["Options"])]
        if fact.cloze is not None:
            before, hidden, after = cloze_parts(fact.cloze)
            assert [shown(fields[name]) for name in ("ClozeBefore", "ClozeAnswer", "ClozeAfter")] == [
                lines(before),
                lines(hidden),
                lines(after),
            ]
        else:
            assert not fields["ClozeAnswer"]


@settings(max_examples=3)
@given(spec=banks(max_facts=3))
@example(spec=NASTY)
def test_real_anki_cards_show_fact_text_and_run_no_script(spec: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory() as tmp:
        bank = loaded(spec, tmp)
        package = Path(tmp) / "deck.apkg"
        package.write_bytes(REGISTRY["anki"].render(bank, RenderOptions(seed=SEED))[0].data)
        col = Collection(str(Path(tmp) / "collection.anki2"))
        try:
            col.import_anki_package(
                ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions())
            )
            cards = [col.get_card(cid) for cid in col.find_cards("")]
            rendered = [(card.note()["FactId"], card.question() + card.answer()) for card in cards]
        finally:
            col.close()
    assert rendered
    for fact_id, card_html in rendered:
        parsed = parse(card_html)
        assert not [t for t, _ in parsed.tags if t in ("script", "img", "iframe", "object")], card_html
        assert not [a for _, attrs in parsed.tags for a, _ in attrs if a.startswith("on")], card_html
        visible = squash(" ".join(parsed.text))  # <br> and other tags part text as a break does
        assert squash(bank.fact(fact_id).explanation) in visible


@given(st.text(max_size=40))
@example("../evil")
@example("a/b")
@example("x\0y")
@example("..")
@example(".hidden")
@example("C:\\evil")
def test_safe_name_keeps_files_directly_inside_the_output_directory(name: str) -> None:
    out = Path("/srv/out")
    try:
        kept = safe_name(name)
    except OutputError as exc:
        assert "refusing" in str(exc)
        return
    assert kept == name
    assert (out / kept).parent == out and (out / kept).name == name and not name.startswith(".")
