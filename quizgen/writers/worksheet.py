"""Printable worksheets: shuffled versions of one question set, each with its answer key.

`quizgen build` writes versions A and B on A4 with separate keys; `quizgen worksheet`
takes every option. The questions come from questions.select(); pdf/versions.py re-orders
them per version; this module only lays out the pages.
"""

from __future__ import annotations

from typing import Any

from quizgen.model import Bank, Citation
from quizgen.pdf.versions import LETTERS, Version, key_answer, make_versions, parse_labels, points
from quizgen.questions import BLANK, Kind, Question, parse_kinds, select
from quizgen.writers import Artifact

DEFAULT_COUNT = 20
KEY_MODES = ("separate", "appended", "none")
FILL_IN = "_" * 20

INSTRUCTIONS = {
    Kind.MCQ: "Circle the letter of the one correct answer.",
    Kind.TF: "Circle True or False.",
    Kind.CLOZE: "Write the missing words on the line.",
    Kind.SHORT: "Answer in a few words on the lines.",
    Kind.NUMERIC: "Write the number with its unit on the line.",
    Kind.MATCHING: "Write the letter of the matching answer in each box.",
    Kind.ORDERING: "Number the events in the boxes, 1 for the earliest.",
}


def render(bank: Bank, seed: int, versions: str | list[str] | None = None, count: int | None = None,
           kinds: str | list[str] | None = None, topic: str | None = None, paper: str = "a4",
           key: str = "separate", title: str | None = None, **_: Any) -> list[Artifact]:
    from quizgen.errors import UsageError
    from quizgen.pdf.layout import paper_size

    labels = parse_labels(versions)
    paper_size(paper)  # fail on a bad paper before any work
    if key not in KEY_MODES:
        raise UsageError(f"unknown key mode '{key}'; choose from {', '.join(KEY_MODES)}")
    if title is not None:
        _check_title(title)
    questions = select(bank, seed, DEFAULT_COUNT if count is None else count, parse_kinds(kinds), topic)
    heading = title or bank.title
    artifacts = []
    for version in make_versions(questions, seed, labels):
        sheet = worksheet_story(bank, heading, version)
        if key == "appended":
            sheet += _key_break(version) + key_story(bank, heading, version)
        artifacts.append(Artifact(f"worksheet-{version.label}.pdf", _pdf(bank, heading, version, sheet, paper)))
        if key == "separate":
            artifacts.append(Artifact(f"worksheet-{version.label}-key.pdf",
                                      _pdf(bank, heading, version, key_story(bank, heading, version), paper,
                                           is_key=True)))
    return artifacts


def _check_title(title: str) -> None:
    """--title obeys the rules of a bank's title: the same text rule and length (a longer
    heading would not fit on a page)."""
    from quizgen.errors import UsageError
    from quizgen.schema import MANIFEST
    from quizgen.text import refusal

    why = refusal(title)
    if why is not None:
        raise UsageError(f"the title {why}")
    longest = MANIFEST.required["title"].max_length  # type: ignore[attr-defined]
    if len(title) > longest:
        raise UsageError(f"the title is longer than {longest} characters")


def _pdf(bank: Bank, heading: str, version: Version, story: list[Any], paper: str, is_key: bool = False) -> bytes:
    from quizgen.pdf.layout import build_pdf

    what = "Answer key" if is_key else "Worksheet"
    return build_pdf(story, paper=paper, title=f"{heading} - {what}, version {version.label}",
                     subject=f"{what}, version {version.label}, from the fact bank {bank.name} {bank.version}",
                     lang=bank.language, footer=_footer(version, is_key))


def _footer(version: Version, is_key: bool) -> str:
    return f"Version {version.label}" + (" - answer key" if is_key else "")


def _key_break(version: Version) -> list[Any]:
    from reportlab.platypus import PageBreak

    from quizgen.pdf.layout import FooterLabel

    return [PageBreak(), FooterLabel(_footer(version, is_key=True))]


def _header(bank: Bank, heading: str, version: Version, is_key: bool) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from quizgen.pdf import fonts
    from quizgen.pdf.layout import STYLES, esc

    title = Paragraph(esc(heading) + (" - answer key" if is_key else ""), STYLES["title"])
    count = len(version.questions)
    sub = Paragraph(f"From the fact bank {esc(bank.name)} {esc(bank.version)} · {count} questions · "
                    f"{version.total_points} points in all", STYLES["subtitle"])
    badge = Paragraph(f"Version<br/>{esc(version.label)}", STYLES["badge"])
    top = Table([[[title, sub], badge]], colWidths=["*", 70])
    top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (1, 0), (1, 0), 1.2, "black"),
                             ("VALIGN", (1, 0), (1, 0), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    story: list[Any] = [top, Spacer(1, 8)]
    if not is_key:
        story += [_name_fields(version.total_points), Spacer(1, 4)]
    return story


def _name_fields(total: int) -> Any:
    from reportlab.platypus import Paragraph, Table, TableStyle

    from quizgen.pdf import fonts
    from quizgen.pdf.layout import STYLES

    def label(text: str) -> Any:
        return Paragraph(text, STYLES["field"])

    rows = [[label("Name"), "", label("Class"), ""],
            [label("Date"), "", label("Score"), Paragraph(f"/ {total}", STYLES["field-right"])]]
    table = Table(rows, colWidths=[42, "*", 42, 130], rowHeights=24)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("LINEBELOW", (1, 0), (1, 1), 0.6, "black"), ("LINEBELOW", (3, 0), (3, 0), 0.6, "black"),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (3, 1), (3, 1), 0.6, "black"), ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]))
    return table


def _section_heading(number: int, kind: Kind, questions: tuple[Question, ...]) -> list[Any]:
    from reportlab.platypus import Paragraph

    from quizgen.pdf.layout import STYLES

    if kind is Kind.MATCHING:
        each = "1 point per pair"
    else:
        n = points(questions[0])
        each = f"{n} point{'s' if n != 1 else ''} each"
    return [Paragraph(f"Part {number} · {kind.title} <font size=9>({each})</font>", STYLES["section"])]


def worksheet_story(bank: Bank, heading: str, version: Version) -> list[Any]:
    from reportlab.platypus import Paragraph

    from quizgen.pdf.layout import STYLES, Unsplit

    story = _header(bank, heading, version, is_key=False)
    number = 0
    for part, section in enumerate(version.sections, 1):
        # The heading and instruction travel with the first question: never alone at a page foot.
        lead = _section_heading(part, section.kind, section.questions)
        lead.append(Paragraph(INSTRUCTIONS[section.kind], STYLES["instruction"]))
        for question in section.questions:
            number += 1
            story.append(Unsplit(lead + _question(number, question)))
            lead = []
    return story


def _question(number: int, q: Question) -> list[Any]:
    from reportlab.platypus import Paragraph

    from quizgen.pdf.layout import STYLES, RuledLines, esc

    prompt = esc(q.prompt)
    if q.kind is Kind.CLOZE:
        prompt = prompt.replace(BLANK, FILL_IN)
    flow: list[Any] = [Paragraph(prompt, STYLES["question"], bulletText=f"{number}.")]
    if q.kind is Kind.MCQ:
        flow += [Paragraph(esc(option), STYLES["option"], bulletText=LETTERS[i]) for i, option in enumerate(q.options)]
    elif q.kind is Kind.TF:
        gap = "&nbsp;" * 12
        flow.append(Paragraph(gap.join(f"<b>{esc(o)}</b>" for o in q.options), STYLES["option"]))
    elif q.kind is Kind.SHORT:
        flow.append(RuledLines(2))
    elif q.kind is Kind.NUMERIC:
        flow.append(RuledLines(1))
    elif q.kind is Kind.MATCHING:
        flow.append(_matching_table(q))
    elif q.kind is Kind.ORDERING:
        flow.append(_ordering_table(q))
    return flow


def _grid(rows: list[list[Any]], widths: list[Any]) -> Any:
    from reportlab.platypus import Table, TableStyle

    from quizgen.pdf import fonts

    # A row may run on to the next page: a matching prompt can be taller than a page.
    table = Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table


def _matching_table(q: Question) -> Any:
    from reportlab.platypus import Paragraph

    from quizgen.pdf.layout import STYLES, Box, esc

    rows = []
    for i in range(max(len(q.items), len(q.options))):
        item = [Box(), Paragraph(esc(q.items[i]), STYLES["cell"])] if i < len(q.items) else ["", ""]
        option = ([Paragraph(LETTERS[i], STYLES["cell-bold"]), Paragraph(esc(q.options[i]), STYLES["cell"])]
                  if i < len(q.options) else ["", ""])
        rows.append(item + option)
    return _grid(rows, [38, "*", 22, 150])


def _ordering_table(q: Question) -> Any:
    from reportlab.platypus import Paragraph

    from quizgen.pdf.layout import STYLES, Box, esc

    return _grid([[Box(), Paragraph(esc(event), STYLES["cell"])] for event in q.options], [38, "*"])


def key_story(bank: Bank, heading: str, version: Version) -> list[Any]:
    from reportlab.platypus import Paragraph

    from quizgen.pdf.layout import STYLES, Unsplit, esc

    story = _header(bank, heading, version, is_key=True)
    number = 0
    for part, section in enumerate(version.sections, 1):
        lead = _section_heading(part, section.kind, section.questions)
        for q in section.questions:
            number += 1
            flow = lead + [Paragraph(esc(q.prompt), STYLES["question"], bulletText=f"{number}."),
                    Paragraph(f"<b>Answer: {esc(key_answer(q))}</b>{_answer_note(q)}", STYLES["key-answer"])]
            flow += [Paragraph(esc(line), STYLES["key-detail"]) for line in (_explain(q), cite(q.citations))]
            story.append(Unsplit(flow))
            lead = []
    return story


def _answer_note(q: Question) -> str:
    from quizgen.pdf.layout import esc

    if q.kind is Kind.MCQ:
        return f" &nbsp;({esc(q.correct_option)})"
    others = [a for a in q.accepted if a != q.answer]
    if others:
        return f" &nbsp;<font size=8.5>also accept: {esc('; '.join(dict.fromkeys(others)))}</font>"
    if q.kind is Kind.MATCHING:
        return " &nbsp;<font size=8.5>(boxes from top to bottom)</font>"
    if q.kind is Kind.ORDERING:
        return " &nbsp;<font size=8.5>(boxes from top to bottom)</font>"
    return ""


def _explain(q: Question) -> str:
    # Matching and ordering join several facts' explanations: the pairs say more, in one line.
    if q.kind is Kind.MATCHING:
        return "; ".join(f"{item} → {q.options[k]}" for item, k in zip(q.items, q.key, strict=True))
    if q.kind is Kind.ORDERING:
        return "In order: " + q.answer
    return q.explanation


def cite(citations: tuple[Citation, ...]) -> str:
    """'Source: Kazinform, Astana, 31 March 2023, paragraphs 5, 9' - one source named once."""
    by_source: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for c in citations:
        by_source.setdefault(c.source.id, []).append(c.paragraph)
        labels[c.source.id] = c.source.label
    parts = []
    for source_id, paragraphs in by_source.items():
        numbers = sorted(set(paragraphs))
        word = "paragraph" if len(numbers) == 1 else "paragraphs"
        parts.append(f"{labels[source_id]}, {word} {', '.join(map(str, numbers))}")
    return "Source: " + "; ".join(parts)
