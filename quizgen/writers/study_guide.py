"""A study guide for learners who would rather look than read.

Page one shows the dated events on a drawn timeline and the money figures as bar charts;
then every fact, grouped by topic, with its citation; then the sources.
"""

from __future__ import annotations

from typing import Any

from quizgen.bank.model import Bank, Fact
from quizgen.writers import Artifact
from quizgen.writers.options import RenderOptions

FILE_NAME = "study-guide.pdf"


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    paper = options.paper
    from quizgen.writers.pdf.layout import build_pdf

    # The guide lists every fact; nothing in it is random, so the seed plays no part.
    footer = f"Study guide · {bank.title}"
    if len(footer) > 80:
        footer = footer[:79] + "…"
    data = build_pdf(
        story(bank, paper),
        paper=paper,
        title=f"{bank.title} - Study guide",
        subject=f"Study guide to the fact bank {bank.name} {bank.version}",
        lang=bank.language,
        footer=footer,
    )
    return [Artifact(FILE_NAME, data)]


def story(bank: Bank, paper: str) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    from quizgen.writers.pdf.charts import (
        Event,
        bar_chart,
        is_currency,
        timeline_events,
        timelines,
    )
    from quizgen.writers.pdf.layout import MARGIN, STYLES, esc, paper_size

    width = paper_size(paper)[0] - 2 * MARGIN - 12  # the frame's own padding
    flow: list[Any] = [
        Paragraph(f"Study guide · {esc(bank.name)} {esc(bank.version)}", STYLES["subtitle"]),
        Paragraph(esc(bank.title), STYLES["title"]),
        Paragraph(esc(bank.description), STYLES["subtitle"]),
        Spacer(1, 6),
    ]
    events = [Event(f.date, f.event) for f in bank.facts if f.date and f.event]
    if events:
        drawn, heading = timeline_events(events)
        flow.append(Paragraph(esc(heading), STYLES["heading"]))
        for drawing in timelines(drawn, width):
            flow.append(drawing)
    figures = _money_figures(bank.facts, is_currency)
    for unit, items in figures.items():
        flow.append(KeepTogether([Paragraph(f"Figures in {esc(unit)}", STYLES["heading"]), bar_chart(items, width)]))
    flow.append(Paragraph("Facts by topic", STYLES["heading"]))
    numbers = {source.id: n for n, source in enumerate(bank.sources, 1)}
    for topic, facts in bank.by_topic():
        # The topic style keeps its heading with the first fact, and the fact style keeps a
        # fact's lines together: no KeepTogether per fact, which made large banks slow.
        flow.append(Paragraph(esc(topic.title), STYLES["topic"]))
        for fact in facts:
            cite = f"[{numbers[fact.citation.source.id]}], paragraph {fact.citation.paragraph}"
            text = f"{esc(fact.statement)} <font size=8 color='#6b6b6b'>{cite}</font>"
            if fact.quote:  # the source's own words, so a reader can check the fact
                text += f"<br/><font size=8 color='#4a4a4a'><i>“{esc(fact.quote)}”</i></font>"
            flow.append(Paragraph(text, STYLES["fact"], bulletText="•"))
    flow.append(Paragraph("Sources", STYLES["heading"]))
    for n, source in enumerate(bank.sources, 1):
        parts = [f"<i>{esc(source.title)}</i>", esc(source.label), f"{source.paragraphs} paragraphs"]
        if source.url:
            parts.append(esc(source.url))
        flow.append(Paragraph(". ".join(parts) + ".", STYLES["fact"], bulletText=f"[{n}]"))
    return flow


def _money_figures(facts: tuple[Fact, ...], is_currency: Any) -> dict[str, list[Any]]:
    """Facts with an amount of money, grouped by unit: one chart per currency, one scale each."""
    from quizgen.writers.pdf.charts import Figure

    groups: dict[str, list[Any]] = {}
    for fact in facts:
        if fact.numeric and is_currency(fact.numeric.unit):
            groups.setdefault(fact.numeric.unit, []).append(
                Figure(fact.statement, fact.numeric.value, fact.numeric.unit)
            )
    return groups
