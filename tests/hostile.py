"""Hostile fact banks for property tests: text a teacher might type, and text an attacker would.

`banks()` is a hypothesis strategy of raw bank data (a manifest and a list of facts, as the
YAML files hold them) that the loader accepts; `write_bank` puts one on disk with a correct
fingerprint, so tests go through the real YAML reader and validator, not around them.
"""

from __future__ import annotations

import functools
import random
import string
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from quizgen.bank import cloze as cloze_text
from quizgen.bank.cloze import fault as cloze_fault
from quizgen.bank.compare import normalise
from quizgen.bank.fingerprint import content_fingerprint
from quizgen.bank.text import refusal

KAZAKH = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
CYRILLIC = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
PIECES = (
    # Right-to-left scripts with their direction marks, emoji (skin tones, ZWJ families, flags).
    "שלום",
    "مرحبا بالعالم",
    "\u200f",
    "\u200e",
    "\u061c",
    "שלום\u200e 2023",
    "😀",
    "👩\u200d👩\u200d👧",
    "🇰🇿",
    "👍🏽",
    "🏳️\u200d🌈",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # a flag's tag sequence
    # Combining marks, joiners scripts need (Persian, Devanagari), unusual spaces, line separators.
    "e\u0301",
    "a\u0308\u0323",
    "\u20dd",
    "می\u200cخواهم",
    "क्\u200dष",
    "\u00a0",
    "\u3000",
    "x\u2028y",
    # Markup of every target format: HTML, Anki fields and cloze, GIFT, CSV, ReportLab, YAML.
    "<",
    ">",
    "&",
    "{",
    "}",
    "[",
    "]",
    ":",
    "#",
    "~",
    "=",
    '"',
    "'",
    ",",
    ";",
    "\\",
    "|",
    "*",
    "%",
    "`",
    "{{c1::x}}",
    "{{c1::",
    "}}",
    "::",
    "{{Question}}",
    "{{type:Answer}}",
    "<script>alert(1)</script>",
    "<b>",
    "</i>",
    "<img src=x onerror=alert(1)>",
    "&amp;",
    "&#123;",
    "&lt;",
    "]]>",
    "<!--",
    "-->",
    "$(rm -rf ~)",
    "`id`",
    "; ls",
    "%s%n",
    "${HOME}",
    "---",
    "- ",
    "? ",
    "! ",
    "@",
    "&anchor",
    "*alias",
    "=1+2",
    "+CMD",
    "-2+3",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "\n",
    "\t",
)
# What the text rule (quizgen.bank.text) refuses: controls written as YAML escapes, bidi overrides
# and isolates, invisible characters, carriage returns. A bank holding one must not load.
REFUSED_PIECES = (
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x07",
    "\x00",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9b31m",
    "\r\n",
    "\x08",
    "\u202eevil\u202c",
    "\u2067x\u2069",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\u2060",
    "\u3164",
    "\U000e0041",
)
_LETTERS = string.ascii_letters + KAZAKH + CYRILLIC
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Any code point the text rule lets in: no controls, surrogates, private-use or unassigned
# ones, and no bidi controls or invisible characters.
_ANY_CHAR = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")).filter(
    lambda char: refusal(char) is None
)


_PIECE = st.one_of(
    st.sampled_from(PIECES),
    st.text(st.sampled_from(_LETTERS), min_size=1, max_size=12),
    st.text(_ANY_CHAR, min_size=1, max_size=6),
)


@functools.cache  # building strategies costs more than drawing from them
def hostile_text(max_length: int = 300) -> st.SearchStrategy[str]:
    """Text with something awkward in it, non-blank, at most max_length characters."""
    short = st.lists(_PIECE, min_size=1, max_size=8).map(" ".join)
    # Very long strings: a short one repeated up to the schema's limit.
    long = st.tuples(short, st.integers(20, 400)).map(lambda pair: pair[0] * pair[1])
    text = st.one_of(short, short, short, long) if max_length > 200 else short
    # Cut to the limit: a cut inside a flag's tag sequence leaves a tag the text rule refuses.
    return text.map(lambda value: value[:max_length]).filter(
        lambda value: bool(value.strip()) and refusal(value) is None
    )


def _distinct_forms(texts: list[str]) -> bool:
    forms = [normalise(text) for text in texts]
    return len(set(forms)) == len(forms)


@st.composite
def facts(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """One fact the loader accepts, hostile wherever the schema allows free text."""
    answer = draw(hostile_text(200))
    distractors = draw(
        st.lists(hostile_text(200), min_size=3, max_size=3).filter(lambda ds: _distinct_forms([answer, *ds]))
    )
    fact: dict[str, Any] = {
        "id": f"fact-{index}",
        "topic": "alpha" if index % 2 else "beta",
        "statement": draw(hostile_text(2000)),
        "source": {"id": "src", "paragraph": 1},
        "prompts": [draw(hostile_text(2000))],
        "answer": answer,
        "distractors": distractors,
        "explanation": draw(hostile_text(2000)),
        "answer_type": "thing",
    }
    if draw(st.booleans()):
        before, after = draw(hostile_text(300)), draw(hostile_text(300))
        cloze = f"{before}{{{{c1::{answer.strip()}}}}}{after}"
        if cloze_fault(cloze, {normalise(answer): answer}) is None:
            fact["cloze"] = cloze
            before, hidden, after = cloze_text.parts(cloze)
            if any(cloze_text.misfits(before, d, after, hidden) for d in distractors):
                # Distractors that would not read right in the blank: the true/false question
                # then needs false statements of its own, as the loader asks.
                true = normalise(f"{before}{hidden}{after}")
                fact["false_statements"] = [draw(hostile_text(300).filter(lambda t: normalise(t) != true))]
    if draw(st.booleans()):
        fact |= {"date": f"{1900 + index}", "event": draw(hostile_text(120))}
    fact |= {"reverse": draw(st.booleans()), "type_answer": draw(st.booleans())}
    return fact


@st.composite
def banks(draw: st.DrawFn, max_facts: int = 6) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(manifest, facts) of a valid bank whose every free-text field is hostile."""
    count = draw(st.integers(1, max_facts))
    manifest = {
        "name": "hostile-bank",
        "title": draw(hostile_text(200)),
        "description": draw(hostile_text(2000)),
        "language": "kk",
        "namespace": "hb",
        "version": "1.0",
        "released": "2024-01-01T00:00:00Z",
        "fingerprint": "",
        "sources": [
            {
                "id": "src",
                "title": draw(hostile_text(300)),
                "publisher": draw(hostile_text(300)),
                "place": draw(hostile_text(100)),
                "date": "2024-01-01",
                "paragraphs": 3,
            }
        ],
        "topics": [{"id": "alpha", "title": draw(hostile_text(80))}, {"id": "beta", "title": draw(hostile_text(80))}],
    }
    return manifest, [draw(facts(index)) for index in range(count)]


def many_facts(count: int, seed: int = 0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A big hostile bank without hypothesis (its examples stay small): pieces chosen by a seeded Random."""
    rng = random.Random(seed)

    def text(words: int, tail: str, pieces: tuple[str, ...] = PIECES + (KAZAKH, CYRILLIC[:20])) -> str:
        return " ".join(rng.choice(pieces) for _ in range(words)) + f" {tail}"

    # A cloze may not hold braces or '::' outside its one deletion.
    plain = tuple(piece for piece in PIECES if not set(piece) & set("{}:")) + (KAZAKH,)

    facts_ = []
    for i in range(count):
        answer = text(3, f"ответ {i}", plain)
        facts_.append(
            {
                "id": f"fact-{i}",
                "topic": "alpha" if i % 2 else "beta",
                "statement": text(12, "."),
                "source": {"id": "src", "paragraph": 1 + i % 3},
                "prompts": [text(8, "?")],
                "answer": answer,
                "distractors": [text(3, f"жоқ {i} {n}") for n in ("bir", "eki", "üsh")],
                "explanation": text(20, f"#{i}"),
                "answer_type": f"type-{i % 4}",
                "cloze": f"{text(4, '', plain)} {{{{c1::{answer.strip()}}}}} {text(4, '!', plain)}",
                "false_statements": [text(10, f"жалған {i}.")],
                **({"date": f"{1900 + i % 120}", "event": text(4, f"{i}")} if i % 3 == 0 else {}),
                "reverse": i % 5 == 0,
                "type_answer": i % 7 == 0,
            }
        )
    manifest, _ = _plain_manifest()
    return manifest, facts_


def _plain_manifest() -> tuple[dict[str, Any], None]:
    return {
        "name": "hostile-bank",
        "title": "Банк «фактов» <b>&amp;</b> {{c1::x}} 🇰🇿",
        "description": "שלום & <i>",
        "language": "kk",
        "namespace": "hb",
        "version": "1.0",
        "released": "2024-01-01T00:00:00Z",
        "fingerprint": "",
        "sources": [
            {
                "id": "src",
                "title": "Source <title> & «co»",
                "publisher": "Қазақ Press",
                "place": "Алматы",
                "date": "2024-01-01",
                "paragraphs": 3,
            }
        ],
        "topics": [{"id": "alpha", "title": "Alpha :: Omega & <x>"}, {"id": "beta", "title": "Бета «Қ»"}],
    }, None


def write_bank(directory: Path, manifest: dict[str, Any], facts_: list[dict[str, Any]]) -> Path:
    """Write the bank's YAML files, fingerprinted as `quizgen bump` would, and return the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest = dict(manifest, fingerprint=content_fingerprint(manifest, facts_))
    (directory / "bank.yaml").write_text(
        yaml.dump(manifest, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    (directory / "facts.yaml").write_text(
        yaml.dump({"facts": facts_}, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return directory
