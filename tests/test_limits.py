"""What `check` accepts, every writer builds, with every worksheet option.

Banks are generated at the edges of the schema (texts at their maximum length, words longer
than a line, wide and combining characters, money figures from -1.7e308 to 5e-324, dates from
year 1 to 9999, matching groups and timelines) and go through the real loader; every bank it
accepts must render with every writer, and the worksheet with options drawn from all it takes.
A bank that cannot be built must be refused by the loader with a line, never fail in a writer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from quizgen import DEFAULT_SEED
from quizgen.bank.loader import load
from quizgen.errors import BankError
from quizgen.questions import Kind
from quizgen.questions.summary import summary_lines
from quizgen.writers import WRITERS, get
from quizgen.writers.options import RenderOptions
from tests.hostile import write_bank

WIDE = "漢字😀Ꙍ﷽𒐫"  # wide glyphs, one that DejaVu lacks, the widest code points there are
COMBINING = "a\u0301\u0302\u0303\u0304\u0323"


SHAPES = ("one long word", "words", "wide", "combining", "markup")


@st.composite
def text_at(draw: st.DrawFn, limit: int, shapes: tuple[str, ...] = SHAPES) -> str:
    """Text of up to `limit` characters, often exactly at it, in shapes that strain a layout."""
    length = draw(st.sampled_from([limit, limit, limit - 1, 1, min(limit, 40)]))
    shape = draw(st.sampled_from(shapes))
    unit = {
        "one long word": "W",
        "words": "word ",
        "wide": WIDE,
        "combining": COMBINING,
        "markup": "<b>&amp;</b> {{c1::x}} ~=#{}: ",
    }[shape]
    text = (unit * (length // len(unit) + 1))[:length].strip()
    return text or "x"


MONEY = [-1.7e308, -1e15, -2.5e9, -1.0, 0.0, 5e-324, 1e-300, 1.5, 1.9e9, 1e15, 1.7e308]


@st.composite
def limit_fact(draw: st.DrawFn, index: int) -> dict[str, Any]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    plain = SHAPES[:4]  # no braces or colons: the cloze wraps the answer in its own
    answer = f"answer {letters[index]} " + draw(text_at(180, plain))
    fact: dict[str, Any] = {
        "id": f"fact-{index}",
        "topic": draw(st.sampled_from(["alpha", "beta"])),
        "statement": draw(text_at(2000)),
        "source": {"id": "src", "paragraph": draw(st.integers(1, 3))},
        "prompts": draw(st.lists(text_at(2000), min_size=1, max_size=3)),
        "answer": answer[:200],
        "distractors": [f"wrong {letters[index]}{n} " + draw(text_at(150)) for n in letters[: draw(st.integers(3, 6))]],
        "explanation": draw(text_at(2000)),
        "answer_type": draw(st.sampled_from(["same", "same", "other"])),
        "difficulty": draw(st.integers(1, 3)),
    }
    if draw(st.booleans()):  # a money figure; answers hold no digits, so any value matches them
        fact["numeric"] = {
            "value": draw(st.sampled_from(MONEY)),
            "unit": draw(st.sampled_from(["US dollars", "₸ tenge", "euro " + "x" * 35])),
            "tolerance": draw(st.sampled_from([0, 1e-300, 1e300])),
        }
    if draw(st.booleans()):
        fact["date"] = draw(st.sampled_from(["0001", "0001-01-01", "1999-12", "2024-02-29", "9999", "9999-12-31"]))
        fact["event"] = draw(text_at(120))
    if draw(st.booleans()):
        fact["cloze"] = f"{draw(text_at(900, plain))} {{{{c1::{fact['answer']}}}}} {draw(text_at(900, plain))}"
    fact |= {"reverse": draw(st.booleans()), "type_answer": draw(st.booleans())}
    return fact


@st.composite
def limit_banks(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    manifest = {
        "name": "n" * 60,
        "title": draw(text_at(200)),
        "description": draw(text_at(2000)),
        "language": "en",
        "namespace": "n" * 30,
        "version": "1.0",
        "released": "2024-01-01T00:00:00Z",
        "fingerprint": "",
        "sources": [
            {
                "id": "src",
                "title": draw(text_at(2000)),
                "publisher": draw(text_at(2000)),
                "place": draw(text_at(100)),
                "date": "2024-01-01",
                "paragraphs": 3,
            }
        ],
        "topics": [{"id": "alpha", "title": draw(text_at(80))}, {"id": "beta", "title": draw(text_at(80))}],
    }
    return manifest, [draw(limit_fact(index)) for index in range(draw(st.integers(1, 7)))]


worksheet_options = st.fixed_dictionaries(
    {
        "versions": st.lists(
            st.sampled_from(["A", "B", "C", "Z9", "x" * 16, "form-1_b"]), min_size=1, max_size=4, unique_by=str.lower
        ).map(",".join),
        "count": st.integers(1, 40),
        "kinds": st.none() | st.lists(st.sampled_from([str(k) for k in Kind]), min_size=1, unique=True).map(",".join),
        "topic": st.sampled_from([None, "alpha", "beta"]),
        "paper": st.sampled_from(["a4", "letter"]),
        "key": st.sampled_from(["separate", "appended", "none"]),
        "title": st.none() | text_at(200),
    }
)


def extreme_bank() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Every edge at once, whatever hypothesis draws: money at both ends of a float, the
    first and last years, four matching prompts of one 2000-letter word each."""
    manifest = {
        "name": "extreme",
        "title": "W" * 200,
        "description": "D" * 2000,
        "language": "en",
        "namespace": "ex",
        "version": "1.0",
        "released": "2024-01-01T00:00:00Z",
        "fingerprint": "",
        "sources": [{"id": "src", "title": WIDE * 300, "publisher": "P", "date": "2024-01-01", "paragraphs": 3}],
        "topics": [{"id": "alpha", "title": "A" * 80}, {"id": "beta", "title": COMBINING * 13}],
    }
    facts = []
    for index, (value, date) in enumerate(
        zip([-1.7e308, 1.7e308, -2.5e9, 5e-324], ["0001", "9999-12-31", "2024-02-29", "1999"], strict=True)
    ):
        letter = "abcd"[index]
        facts.append(
            {
                "id": f"edge-{index}",
                "topic": "alpha",
                "statement": "S" * 2000,
                "source": {"id": "src", "paragraph": 1},
                "prompts": [letter.upper() * 2000],
                "answer": f"answer {letter} " + "W" * 190,
                "distractors": [f"wrong {letter}{n}" for n in "abc"],
                "explanation": "E" * 2000,
                "answer_type": "same",
                "date": date,
                "event": "V" * 120,
                "numeric": {"value": value, "unit": "US dollars"},
            }
        )
    return manifest, facts


EVERY_OPTION = {
    "versions": "A,B,C,D," + "x" * 16,
    "count": 40,
    "kinds": None,
    "topic": None,
    "paper": "letter",
    "key": "appended",
    "title": "T" * 200,
}


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=limit_banks(), options=worksheet_options)
@example(spec=extreme_bank(), options=EVERY_OPTION)
def test_a_bank_check_accepts_builds_with_every_writer_and_option(
    spec: tuple[dict[str, Any], list[dict[str, Any]]], options: dict[str, Any]
) -> None:
    from quizgen.errors import UsageError

    with tempfile.TemporaryDirectory() as tmp:
        try:
            bank = load(write_bank(Path(tmp) / "bank", *spec))
        except BankError as refused:  # refused with a line: allowed, but say which, to keep the strategy honest
            assert all(problem.line for problem in refused.problems), refused.lines()
            assume(False)
            return
    assert summary_lines(bank, DEFAULT_SEED)  # what `quizgen check` prints
    for writer in WRITERS:
        assert writer.render(bank, RenderOptions(seed=DEFAULT_SEED)), writer.name
    try:
        get("worksheet").render(bank, RenderOptions(seed=DEFAULT_SEED, **options))
    except UsageError as usage:  # a message, not a failure: a topic or kind with no questions, or more
        # versions than a sheet this small can make differ (two questions have two orders)
        assert any(reason in str(usage) for reason in ("no questions", "unknown topic", "differ enough")), usage
