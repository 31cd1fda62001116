"""Work measured inside one fresh process: `python -m tests.bench.tasks TASK ARGS...`.

Each task prints one JSON line: its own wall time (imports included, interpreter start
excluded, the same for quizgen and its baselines) and its peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _report(start: float) -> None:
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": time.perf_counter() - start, "rss_mb": rss_mb}))


def validate(bank_dir: str) -> None:
    from quizgen.bank import load

    load(bank_dir)


def render(writer_name: str, bank_dir: str) -> None:
    from quizgen.bank import load
    from quizgen.writers import DEFAULT_SEED, get

    get(writer_name).render(load(bank_dir), seed=DEFAULT_SEED)


def dump_anki_notes(bank_dir: str, out_json: str) -> None:
    """Untimed preparation: the deck's notes as plain data, so the baseline pays no quizgen cost."""
    from pathlib import Path

    from quizgen.bank import load
    from quizgen.resources import template_text
    from quizgen.writers.anki_notes import CSS_FILE, FIELDS, TEMPLATES, model_id, model_name, notes

    bank = load(bank_dir)
    data = {
        "model": {"id": model_id(bank), "name": model_name(bank), "fields": list(FIELDS),
                  "templates": [{"name": t.template, "qfmt": template_text("anki", t.front),
                                 "afmt": template_text("anki", t.back)} for t in TEMPLATES]},
        "css": template_text("anki", CSS_FILE),
        "notes": [{"fields": list(n.fields), "tags": list(n.tags), "guid": n.guid} for n in notes(bank)],
    }
    Path(out_json).write_text(json.dumps(data))


def baseline_anki(notes_json: str, out_dir: str) -> None:
    """A minimal genanki script writing the same notes with the same note type into one deck."""
    import genanki

    with open(notes_json, encoding="utf-8") as handle:
        data = json.load(handle)
    spec = data["model"]
    model = genanki.Model(spec["id"], spec["name"], fields=[{"name": f} for f in spec["fields"]],
                          templates=spec["templates"], css=data["css"])
    deck = genanki.Deck(2_000_000, "Bench")
    for index, note in enumerate(data["notes"]):
        deck.add_note(genanki.Note(model=model, fields=note["fields"], tags=note["tags"], guid=note["guid"], due=index))
    genanki.Package([deck]).write_to_file(f"{out_dir}/baseline.apkg", timestamp=1_700_000_000)


def worksheet_all(bank_dir: str) -> None:
    """Our worksheet holding every fact of the bank (version A, no key)."""
    from quizgen.bank import load
    from quizgen.writers import DEFAULT_SEED
    from quizgen.writers.worksheet import render as worksheet

    bank = load(bank_dir)
    worksheet(bank, DEFAULT_SEED, versions="A", count=len(bank.facts), key="none", answer_sheet=False)


def dump_pdf_text(bank_dir: str, out_json: str) -> None:
    """Untimed preparation: the paragraphs our worksheet and study guide lay out."""
    from pathlib import Path

    from quizgen.bank import load
    from quizgen.questions import select
    from quizgen.questions.reveal import shown_texts
    from quizgen.questions.versions import make_versions
    from quizgen.writers import DEFAULT_SEED

    bank = load(bank_dir)
    [version] = make_versions(select(bank, DEFAULT_SEED, len(bank.facts)).questions, DEFAULT_SEED, ["A"])
    sheet = []
    for question in version.questions:
        sheet += [question.prompt, *shown_texts(question)]
    guide = [f"{fact.statement}\x00[1], paragraph {fact.citation.paragraph}" for fact in bank.facts]
    Path(out_json).write_text(json.dumps({"worksheet": sheet, "study-guide": guide}))


def baseline_pdf(text_json: str, which: str, out_dir: str) -> None:
    """A minimal ReportLab script laying out the same paragraphs, in the same embedded font."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from quizgen.pdf.fonts import FONT_DIR

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
    with open(text_json, encoding="utf-8") as handle:
        texts = json.load(handle)[which]
    doc = SimpleDocTemplate(f"{out_dir}/baseline-{which}.pdf", pagesize=A4, invariant=1,
                            initialFontName="DejaVuSans")
    # The study guide's paragraphs carry their citation in a smaller grey font and a bullet:
    # the baseline lays out the same markup.
    story = []
    for text in texts:
        statement, _, cite = text.partition("\x00")
        markup = escape(statement) + (f" <font size=8 color='#6b6b6b'>{escape(cite)}</font>" if cite else "")
        story.append(Paragraph(markup, style, bulletText="•" if cite else None))
    doc.build(story)


def make_review_db(bank_dir: str, data_dir: str, answers: str) -> None:
    """Untimed preparation: a progress database with a card per fact and many logged answers."""
    import random
    from datetime import UTC, datetime, timedelta
    from pathlib import Path

    from fsrs import Card, State

    from quizgen.bank import load
    from quizgen.progress import iso, open_store
    from quizgen.review import card_id

    bank = load(bank_dir)
    store = open_store(Path(data_dir))
    rng = random.Random(0)
    now = datetime.now(UTC)
    with store.transaction() as db:
        for fact in bank.facts:  # a few due now, most later
            due = now + timedelta(days=rng.randint(-2, 60))
            card = Card(card_id=card_id(bank.name, fact.id), state=State.Review, stability=10.0, difficulty=5.0,
                        due=due, last_review=due - timedelta(days=10))
            db.execute("INSERT INTO cards (bank, fact_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)",
                       (bank.name, fact.id, card.to_json(), iso(due), iso(now)))
        rows = []
        for index in range(int(answers)):
            fact = bank.facts[index % len(bank.facts)]
            at = now - timedelta(minutes=index)
            rows.append((bank.name, "quiz", iso(at), f"mcq:{fact.id}", "mcq", fact.topic, "a", index % 3 != 0, 0))
        db.executemany("INSERT INTO answers (bank, mode, answered_at, question_id, kind, topic, reply, correct,"
                       " near_miss) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("INSERT INTO fact_results (answer_id, bank, fact_id, correct, scheduled)"
                   " SELECT id, bank, substr(question_id, 5), correct, 1 FROM answers")
    store.close()


def make_class(folder: str, students: str) -> None:
    """Untimed preparation: printed sheets (keys) and a class of two-page scans (tests/demo_class.py)."""
    from pathlib import Path

    from tests.demo_class import make_class as make

    make(Path(folder), int(students))


def grade_class(folder: str, out_dir: str) -> None:
    """`quizgen grade` on every scan of the class, into out_dir."""
    from pathlib import Path

    from quizgen.grading.run import grade

    grade([str(p) for p in sorted((Path(folder) / "scans").glob("*.pdf"))], Path(folder) / "keys", Path(out_dir))


def rasterise_class(folder: str) -> None:
    """Baseline: only rasterise the same PDF pages, as grading does first (pypdfium2, 150 dpi)."""
    from pathlib import Path

    import pypdfium2 as pdfium

    for path in sorted((Path(folder) / "scans").glob("*.pdf")):
        document = pdfium.PdfDocument(path.read_bytes())
        for page in document:
            page.render(scale=150 / 72, grayscale=True).to_numpy()
        document.close()


TASKS = {
    "make-class": make_class, "grade-class": grade_class, "rasterise-class": rasterise_class,
    "make-review-db": make_review_db,
    "worksheet-all": worksheet_all, "dump-pdf-text": dump_pdf_text, "baseline-pdf": baseline_pdf,
    "validate": validate, "render": render, "dump-anki-notes": dump_anki_notes, "baseline-anki": baseline_anki}


def main() -> None:
    name, *args = sys.argv[1:]
    start = time.perf_counter()
    TASKS[name](*args)
    _report(start)


if __name__ == "__main__":
    main()
