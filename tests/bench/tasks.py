"""Untimed preparation for the benchmark: `python -m tests.bench.tasks TASK ARGS...`.

Dumps of what quizgen's outputs show, as plain data for the baselines (tests/bench/baselines.py),
a learner's progress database, and a class of scans to grade. Nothing here is timed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def dump_deck_facts(bank_dir: str, out_json: str) -> None:
    """Each fact's content as the deck shows it, unescaped; the note type and deck as data."""
    from quizgen.bank.loader import load
    from quizgen.resources import template_text
    from quizgen.writers.anki_notes import CSS_FILE, FIELDS, TEMPLATES, deck, model_id, model_name

    bank = load(bank_dir)
    deck_id, deck_name = deck(bank)
    facts = []
    for fact in bank.facts:
        facts.append(
            {
                "id": fact.id,
                "topic": fact.topic,
                "tags": list(fact.tags),
                "prompt": fact.prompts[0],
                "answer": fact.answer,
                "explanation": fact.explanation,
                "citation": str(fact.citation),
                "source_title": fact.citation.source.title,
                "reverse": fact.reverse,
                "distractors": list(fact.distractors),
                "cloze": fact.cloze,
                "type_answer": fact.type_answer,
            }
        )
    data = {
        "namespace": bank.namespace,
        "facts": facts,
        "model": {
            "id": model_id(bank),
            "name": model_name(bank),
            "fields": list(FIELDS),
            "templates": [
                {"name": t.template, "qfmt": template_text("anki", t.front), "afmt": template_text("anki", t.back)}
                for t in TEMPLATES
            ],
            "css": template_text("anki", CSS_FILE),
            "deck_id": deck_id,
            "deck_name": deck_name,
        },
    }
    Path(out_json).write_text(json.dumps(data), encoding="utf-8")


def dump_worksheet(bank_dir: str, count: str, out_json: str) -> None:
    """Version A of the worksheet `quizgen worksheet --count N --versions A` prints: its parts and
    questions as text."""
    from quizgen.bank.loader import load
    from quizgen.plural import plural
    from quizgen.questions import BLANK, Cloze, Matching, MultipleChoice, Ordering, TrueFalse, select
    from quizgen.questions.versions import make_versions
    from quizgen.writers import DEFAULT_SEED
    from quizgen.writers.worksheet import FILL_IN, INSTRUCTIONS, _section_heading

    bank = load(bank_dir)
    [version] = make_versions(select(bank, DEFAULT_SEED, int(count)).questions, DEFAULT_SEED, ["A"])
    parts, number = [], 0
    for index, section in enumerate(version.sections, 1):
        questions = []
        for q in section.questions:
            number += 1
            entry: dict[str, object] = {
                "number": number,
                "kind": str(q.kind),
                "prompt": q.prompt.replace(BLANK, FILL_IN) if isinstance(q, Cloze) else q.prompt,
            }
            if isinstance(q, MultipleChoice | TrueFalse):
                entry["options"] = list(q.options)
            elif isinstance(q, Matching):
                entry |= {"items": list(q.items), "options": list(q.options)}
            elif isinstance(q, Ordering):
                entry["events"] = list(q.events)
            questions.append(entry)
        heading = _section_heading(index, section.kind, section.questions)[0].text
        parts.append({"heading": heading, "instruction": INSTRUCTIONS[section.kind], "questions": questions})
    data = {
        "title": bank.title,
        "label": "A",
        "points": version.total_points,
        "footer": "Version A",
        "subtitle": f"From the fact bank {bank.name} {bank.version} · {plural(number, 'question')} · "
        f"{plural(version.total_points, 'point')} in all",
        "parts": parts,
    }
    Path(out_json).write_text(json.dumps(data), encoding="utf-8")


def dump_guide(bank_dir: str, out_json: str) -> None:
    """What the study guide shows: its heading, the events its timelines draw, facts by topic, sources."""
    from quizgen.bank.loader import load
    from quizgen.bank.model import human_date
    from quizgen.writers.pdf.charts import MAX_EVENTS, Event, position, timeline_events

    bank = load(bank_dir)
    numbers = {source.id: n for n, source in enumerate(bank.sources, 1)}
    drawn, heading = timeline_events([Event(f.date, f.event) for f in bank.facts if f.date and f.event])
    events = [[position(e), f"{human_date(e.date)}\x00{e.label}"] for e in drawn]
    data = {
        "title": bank.title,
        "subtitle": f"Study guide · {bank.name} {bank.version}",
        "description": bank.description,
        "footer": f"Study guide · {bank.title}"[:80],
        "timeline_heading": heading,
        "timelines": [events[i : i + MAX_EVENTS] for i in range(0, len(events), MAX_EVENTS)],
        "topics": [
            {
                "title": topic.title,
                "facts": [
                    [f.statement, f"[{numbers[f.citation.source.id]}], paragraph {f.citation.paragraph}", f.quote]
                    for f in facts
                ],
            }
            for topic, facts in bank.by_topic()
        ],
        "sources": [f"{s.title}. {s.label}. {s.paragraphs} paragraphs." for s in bank.sources],
    }
    Path(out_json).write_text(json.dumps(data), encoding="utf-8")


def make_progress(bank_dir: str, data_dir: str, answers: str, due_share: str) -> None:
    """A learner's progress database: a card per fact (when due_share > 0), `answers` answers
    logged over the past months, the last quiz's ten answers not yet scheduled. Of the cards,
    `due_share` are due now; a few more come due later today, the rest over the next weeks."""
    import random
    from datetime import UTC, datetime, timedelta

    from fsrs import Card, State

    from quizgen.bank.loader import load
    from quizgen.study.progress import iso, open_store
    from quizgen.study.scheduling import card_id

    bank = load(bank_dir)
    store = open_store(Path(data_dir))
    rng = random.Random(0)
    now = datetime.now(UTC)
    share = float(due_share)
    with store.transaction() as db:
        if share > 0:
            cards = []
            for fact in bank.facts:
                roll = rng.random()
                due = (
                    now - timedelta(hours=rng.uniform(1, 48))
                    if roll < share
                    else now + timedelta(hours=rng.uniform(1, 6))
                    if roll < share + 0.01
                    else now + timedelta(days=rng.uniform(1, 60))
                )
                card = Card(
                    card_id=card_id(bank.name, fact.id),
                    state=State.Review,
                    stability=10.0,
                    difficulty=5.0,
                    due=due,
                    last_review=due - timedelta(days=10),
                )
                cards.append((bank.name, fact.id, card.to_json(), iso(due), iso(now)))
            db.executemany("INSERT INTO cards (bank, fact_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)", cards)
        rows = []
        total = int(answers)
        for index in range(total):
            fact = bank.facts[rng.randrange(len(bank.facts))]
            at = now - timedelta(minutes=(total - index) * 2)
            rows.append(
                (
                    bank.name,
                    "quiz" if index % 3 else "review",
                    iso(at),
                    f"mcq:{fact.id}",
                    "mcq",
                    fact.topic,
                    "a",
                    index % 4 != 0,
                    0,
                )
            )
        db.executemany(
            "INSERT INTO answers (bank, mode, answered_at, question_id, kind, topic, reply, correct,"
            " near_miss) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.execute(
            "INSERT INTO fact_results (answer_id, bank, fact_id, correct, scheduled)"
            " SELECT id, bank, substr(question_id, 5), correct, id <= ? FROM answers",
            (total - 10,),
        )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def make_class(folder: str, students: str) -> None:
    """Printed sheets (keys) and a class of two-page scans (tests/demo_class.py)."""
    from tests.demo_class import make_class as make

    make(Path(folder), int(students))


TASKS = {
    "dump-deck-facts": dump_deck_facts,
    "dump-worksheet": dump_worksheet,
    "dump-guide": dump_guide,
    "make-progress": make_progress,
    "make-class": make_class,
}


if __name__ == "__main__":
    name, *args = sys.argv[1:]
    TASKS[name](*args)
