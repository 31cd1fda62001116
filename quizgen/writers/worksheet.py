"""Printable worksheets: shuffled versions of one question set, each with its answer key.

`quizgen build` writes versions A and B on A4 with separate keys; `quizgen worksheet`
takes every option. The questions come from questions.select(), the versions from
questions.versions (which also makes each key's JSON); this module only lays out the pages.
"""

from __future__ import annotations

from typing import Any, assert_never

from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from quizgen.bank.model import TITLE_MAX, Bank, Citation, cited
from quizgen.bank.text import refusal
from quizgen.errors import UsageError
from quizgen.plural import plural
from quizgen.questions import (
    BLANK,
    LETTERS,
    Cloze,
    Kind,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
    parse_kinds,
    select,
)
from quizgen.questions.versions import (
    Version,
    key_answer,
    key_document,
    key_json,
    make_versions,
    parse_labels,
    points,
)
from quizgen.writers import Artifact
from quizgen.writers.options import RenderOptions
from quizgen.writers.pdf import fonts
from quizgen.writers.pdf.layout import STYLES, Box, FooterLabel, RuledLines, Unsplit, build_pdf, esc, paper_size
from quizgen.writers.sheets.artifacts import SHEET_INSTRUCTIONS, sheet_note
from quizgen.writers.sheets.artifacts import sheet as answer_sheet_artifacts

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


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    """Each version's worksheet PDF and, unless key is 'none', its key: as a PDF (separate) or
    as pages after the worksheet (appended), and always as JSON for programs and marking.
    With answer_sheet, also its bubble answer sheet and the sheet's geometry (quizgen/sheets),
    and the key's JSON even when key is 'none': grading reads it."""
    seed, paper, key, title, answer_sheet = (
        options.seed,
        options.paper.lower(),
        options.key,
        options.title,
        options.answer_sheet,
    )
    labels = parse_labels(options.versions)
    paper_size(paper)  # fail on a bad paper before any work
    if key not in KEY_MODES:
        raise UsageError(f"unknown key mode '{key}'; choose from {', '.join(KEY_MODES)}")
    if title is not None:
        _check_title(title)
    selection = select(bank, seed, options.count, parse_kinds(options.kinds), options.topic)
    if selection.short:
        options.say(f"worksheet: {selection.shortfall()}")
    heading = title or bank.title
    artifacts = []
    for version in make_versions(selection.questions, seed, labels):
        sheet = worksheet_story(bank, heading, version, answer_sheet)
        if key == "appended":
            sheet += _key_break(version) + key_story(bank, heading, version)
        artifacts.append(Artifact(f"worksheet-{version.label}.pdf", _pdf(bank, heading, version, sheet, paper)))
        if key == "separate":
            artifacts.append(
                Artifact(
                    f"worksheet-{version.label}-key.pdf",
                    _pdf(bank, heading, version, key_story(bank, heading, version), paper, is_key=True),
                )
            )
        if key == "none" and not answer_sheet:
            continue  # no key of any kind asked for
        document = key_document(bank, version, seed, heading, paper)
        artifacts.append(Artifact(f"worksheet-{version.label}-key.json", key_json(document)))
        if answer_sheet:  # the bubble sheet and its geometry, laid out from the key (quizgen/sheets)
            artifacts += answer_sheet_artifacts(document)
    return artifacts


def _check_title(title: str) -> None:
    """--title obeys the rules of a bank's title: the same text rule and length (a longer
    heading would not fit on a page)."""
    why = refusal(title)
    if why is not None:
        raise UsageError(f"the title {why}")
    if len(title) > TITLE_MAX:
        raise UsageError(f"the title is longer than {TITLE_MAX} characters")


def _pdf(bank: Bank, heading: str, version: Version, story: list[Any], paper: str, is_key: bool = False) -> bytes:
    what = "Answer key" if is_key else "Worksheet"
    return build_pdf(
        story,
        paper=paper,
        title=f"{heading} - {what}, version {version.label}",
        subject=f"{what}, version {version.label}, from the fact bank {bank.name} {bank.version}",
        lang=bank.language,
        footer=_footer(version, is_key),
    )


def _footer(version: Version, is_key: bool) -> str:
    return f"Version {version.label}" + (" - answer key" if is_key else "")


def _key_break(version: Version) -> list[Any]:
    return [PageBreak(), FooterLabel(_footer(version, is_key=True))]


def _header(bank: Bank, heading: str, version: Version, is_key: bool) -> list[Any]:
    title = Paragraph(esc(heading) + (" - answer key" if is_key else ""), STYLES["title"])
    count = len(version.questions)
    sub = Paragraph(
        f"From the fact bank {esc(bank.name)} {esc(bank.version)} · {plural(count, 'question')} · "
        f"{plural(version.total_points, 'point')} in all",
        STYLES["subtitle"],
    )
    badge = Paragraph(f"Version<br/>{esc(version.label)}", STYLES["badge"])
    top = Table([[[title, sub], badge]], colWidths=["*", 70])
    top.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (1, 0), (1, 0), 1.2, "black"),
                ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    story: list[Any] = [top, Spacer(1, 8)]
    if not is_key:
        story += [_name_fields(version.total_points), Spacer(1, 4)]
    return story


def _name_fields(total: int) -> Any:
    def label(text: str) -> Any:
        return Paragraph(text, STYLES["field"])

    rows = [
        [label("Name"), "", label("Class"), ""],
        [label("Date"), "", label("Score"), Paragraph(f"/ {total}", STYLES["field-right"])],
    ]
    table = Table(rows, colWidths=[42, "*", 42, 130], rowHeights=24)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("LINEBELOW", (1, 0), (1, 1), 0.6, "black"),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, "black"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (3, 1), (3, 1), 0.6, "black"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def _section_heading(number: int, kind: Kind, questions: tuple[Question, ...]) -> list[Any]:
    if kind is Kind.MATCHING:
        each = "1 point per pair"
    else:
        n = points(questions[0])
        each = f"{n} point{'s' if n != 1 else ''} each"
    return [Paragraph(f"Part {number} · {kind.title} <font size=9>({each})</font>", STYLES["section"])]


def worksheet_story(bank: Bank, heading: str, version: Version, answer_sheet: bool = False) -> list[Any]:
    story = _header(bank, heading, version, is_key=False)
    instructions = INSTRUCTIONS
    if answer_sheet:  # students answer on the bubble sheet, not on these pages
        instructions = SHEET_INSTRUCTIONS
        story.append(Paragraph(sheet_note(version.label), STYLES["body"]))
    number = 0
    for part, section in enumerate(version.sections, 1):
        # The heading and instruction travel with the first question: never alone at a page foot.
        lead = _section_heading(part, section.kind, section.questions)
        lead.append(Paragraph(instructions[section.kind], STYLES["instruction"]))
        for question in section.questions:
            number += 1
            story.append(Unsplit(lead + _question(number, question)))
            lead = []
    return story


def _question(number: int, q: Question) -> list[Any]:
    prompt = esc(q.prompt)
    if isinstance(q, Cloze):
        prompt = prompt.replace(BLANK, FILL_IN)
    flow: list[Any] = [Paragraph(prompt, STYLES["question"], bulletText=f"{number}.")]
    match q:
        case MultipleChoice():
            flow += [
                Paragraph(esc(option), STYLES["option"], bulletText=LETTERS[i]) for i, option in enumerate(q.options)
            ]
        case TrueFalse():
            gap = "&nbsp;" * 12
            flow.append(Paragraph(gap.join(f"<b>{esc(o)}</b>" for o in q.options), STYLES["option"]))
        case ShortAnswer():
            flow.append(RuledLines(2))
        case NumericAnswer():
            flow.append(RuledLines(1))
        case Cloze():
            pass  # written on the line in the sentence
        case Matching():
            flow.append(_matching_table(q))
        case Ordering():
            flow.append(_ordering_table(q))
        case _:
            assert_never(q)
    return flow


def _grid(rows: list[list[Any]], widths: list[Any]) -> Any:
    # splitInRow: a row taller than a page (a very long item) breaks across pages instead of failing.
    table = Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _matching_table(q: Matching) -> Any:
    rows = []
    for i in range(max(len(q.items), len(q.options))):
        item = [Box(), Paragraph(esc(q.items[i]), STYLES["cell"])] if i < len(q.items) else ["", ""]
        option = (
            [Paragraph(LETTERS[i], STYLES["cell-bold"]), Paragraph(esc(q.options[i]), STYLES["cell"])]
            if i < len(q.options)
            else ["", ""]
        )
        rows.append(item + option)
    return _grid(rows, [38, "*", 22, 150])


def _ordering_table(q: Ordering) -> Any:
    return _grid([[Box(), Paragraph(esc(event), STYLES["cell"])] for event in q.events], [38, "*"])


def key_story(bank: Bank, heading: str, version: Version) -> list[Any]:
    story = _header(bank, heading, version, is_key=True)
    number = 0
    for part, section in enumerate(version.sections, 1):
        lead = _section_heading(part, section.kind, section.questions)
        for q in section.questions:
            number += 1
            flow = lead + [
                Paragraph(esc(q.prompt), STYLES["question"], bulletText=f"{number}."),
                Paragraph(f"<b>Answer: {esc(key_answer(q))}</b>{_answer_note(q)}", STYLES["key-answer"]),
            ]
            flow += [Paragraph(esc(line), STYLES["key-detail"]) for line in (_explain(q), cite(q.citations))]
            flow += [Paragraph(f"<i>“{esc(quote)}”</i>", STYLES["key-detail"]) for quote in _quotes(bank, q)]
            story.append(Unsplit(flow))
            lead = []
    return story


def _answer_note(q: Question) -> str:
    match q:
        case MultipleChoice():
            return f" &nbsp;({esc(q.answer)})"
        case Cloze() | ShortAnswer() | NumericAnswer():
            others = [a for a in q.accepted if a != q.answer]
            if others:
                return f" &nbsp;<font size=8.5>also accept: {esc('; '.join(dict.fromkeys(others)))}</font>"
            return ""
        case Matching() | Ordering():
            return " &nbsp;<font size=8.5>(boxes from top to bottom)</font>"
        case TrueFalse():
            return ""
        case _:
            assert_never(q)


def _explain(q: Question) -> str:
    # Matching and ordering join several facts' explanations: the pairs say more, in one line.
    if isinstance(q, Matching):
        return "; ".join(f"{item} → {q.options[m]}" for item, m in zip(q.items, q.matches, strict=True))
    if isinstance(q, Ordering):
        return "In order: " + q.answer
    return q.explanation


def _quotes(bank: Bank, q: Question) -> list[str]:
    """The source's own words behind a single-fact question (group questions cite paragraphs only)."""
    if len(q.fact_ids) != 1:
        return []
    quote = bank.fact(q.fact_ids[0]).quote
    return [quote] if quote else []


def cite(citations: tuple[Citation, ...]) -> str:
    """'Source: Kazinform, Astana, 31 March 2023, paragraphs 5, 9' - one source named once."""
    return "Source: " + cited(citations)
