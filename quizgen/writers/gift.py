"""GIFT, Moodle's question import format: Question bank > Import > GIFT format.

One `$CATEGORY:` per topic, each question titled with its fact id and kind, general feedback
(`####`) holding the explanation and citation. Moodle's GIFT reader (question/format/gift)
decides what to write here:

- Question text, multiple-choice answers, matching prompts and feedback are marked `[html]`
  and HTML-escaped, so fact text shows as written (`<b>` as text, not bold), and a leading
  `[` or `%`, or a `->` in a matching prompt, cannot be read as GIFT syntax; a line break
  in them becomes `<br>`, since HTML shows a bare one as a space.
- Short answers and matching answers are stored by Moodle as plain text, so they are not
  HTML-escaped; a `*` becomes `\\*` (Moodle's short answers treat a bare `*` as a wildcard),
  and a leading weight- or format-like prefix is guarded with an explicit one.
- Everywhere, GIFT's specials `~ = # { } :` and backslash are backslash-escaped and a line
  break becomes `\\n`, so fact text never ends a line, starts a comment or splits a question.
- Timeline ordering has no GIFT form; it is written as matching: each event with its place
  (1 for the earliest).
- Numeric answers are asked in a scale a student can type (1.9 billion US dollars, `writers/scale.py`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import assert_never

from quizgen.bank.model import Bank
from quizgen.questions import (
    Cloze,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
    select,
)
from quizgen.writers import Artifact, scale
from quizgen.writers.options import RenderOptions
from quizgen.writers.scale import scaled

_SPECIALS = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}
)
# What Moodle would read as an answer weight (`%50%`) or a text format (`[html]`) at the start.
_WEIGHT = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")
_FORMAT = re.compile(r"^\[(moodle|html|plain|markdown)\]")
# Moodle's matching and short-answer detection looks for '->' anywhere in the answers.
_ARROW = "->"


def escape(text: str) -> str:
    """Backslash-escape GIFT's special characters; line breaks become `\\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPECIALS)


def html_text(text: str) -> str:
    """A field Moodle reads as HTML: escaped for HTML (line breaks as <br>) first, then for GIFT."""
    escaped = html.escape(text, quote=False).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    if escaped[:1] in ("[", "%"):  # would be read as a format or a weight
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return escape(escaped)


def plain_answer(text: str) -> str:
    """A short answer as Moodle stores it: plain text, `*` literal, no accidental weight or format."""
    guarded = text.replace("*", "\\*")
    prefix = ""
    if _WEIGHT.match(guarded):
        prefix = "%100%"
    if _FORMAT.match(guarded):
        prefix += "[plain]"
    return prefix + escape(guarded)


def feedback(question: Question) -> str:
    sources = "; ".join(str(c) for c in question.citations)
    return html_text(f"{question.explanation} Source: {sources}.")


def title(bank: Bank, question: Question) -> str:
    return escape(f"{bank.namespace}/{', '.join(question.fact_ids)} {question.kind}")


def typable(answers: Iterable[str]) -> list[str]:
    """Accepted answers GIFT can hold, without repeats: Moodle would read '->' as matching."""
    return [a for a in dict.fromkeys(answers) if _ARROW not in a]


def render_question(bank: Bank, question: Question) -> str:
    head = f"::{title(bank, question)}::[html]"
    general = f"\t####{feedback(question)}\n"
    match question:
        case Cloze():
            return _cloze(question, head)
        case ShortAnswer():
            answers = typable(question.accepted)
            if not answers:
                return _unwritable(question)
            lines = "".join(f"\t={plain_answer(a)}\n" for a in answers)
            return f"{head}{html_text(question.prompt)} {{\n{lines}{general}}}\n"
        case MultipleChoice():
            lines = "".join(
                f"\t{'=' if i == question.correct else '~'}{html_text(option)}\n"
                for i, option in enumerate(question.options)
            )
            return f"{head}{html_text(question.prompt)} {{\n{lines}{general}}}\n"
        case TrueFalse():
            verdict = "TRUE" if question.truth else "FALSE"
            return f"{head}{html_text(question.prompt)} {{{verdict}\n{general}}}\n"
        case NumericAnswer():
            # In the largest scale that stays short: "1.9" billion US dollars, not 1900000000.
            asked = scaled(question.numeric)
            prompt = f"{question.prompt} (a number, in {asked.unit})"
            value, tolerance = scale.text(asked.value), scale.text(asked.tolerance)
            return f"{head}{html_text(prompt)} {{#\n\t={value}:{tolerance}\n{general}}}\n"
        case Matching():
            pairs = [(item, question.options[question.matches[i]]) for i, item in enumerate(question.items)]
            return _pairs(head, question.prompt, pairs, general)
        case Ordering():  # as matching: each event with its place in time
            places = {shown: place for place, shown in enumerate(question.order, start=1)}
            pairs = [(event, str(places[shown])) for shown, event in enumerate(question.events)]
            prompt = "Put these events in chronological order: give each its place, 1 for the earliest."
            return _pairs(head, prompt, pairs, general)
        case _:
            assert_never(question)


def _pairs(head: str, prompt: str, pairs: list[tuple[str, str]], general: str) -> str:
    lines = "".join(f"\t={html_text(left)} -> {escape(right)}\n" for left, right in pairs)
    return f"{head}{html_text(prompt)} {{\n{lines}{general}}}\n"


def _cloze(question: Cloze, head: str) -> str:
    # The blank stays inline ("missing word"): the text before and after the braces.
    answers = typable(question.accepted)
    if not answers:
        return _unwritable(question)
    choices = " ".join(f"={plain_answer(a)}" for a in answers)
    return f"{head}{html_text(question.before)}{{{choices} ####{feedback(question)}}}{html_text(question.after)}\n"


def _unwritable(question: Question) -> str:
    return f"// {escape(question.id)}: left out, GIFT cannot hold '->' in a typed answer\n"


def render_text(bank: Bank, questions: list[Question]) -> str:
    title_line = " ".join(bank.title.split())  # a comment ends at the line break
    blocks = [f"// {title_line}, version {bank.version}: questions for Moodle (GIFT format)\n"]
    topics = [t.id for t in bank.topics] + ["mixed"]
    for topic in topics:
        chosen = [q for q in questions if q.topic == topic]
        if chosen:
            blocks.append(f"$CATEGORY: {bank.namespace}/{topic}\n")
            blocks += [render_question(bank, q) for q in chosen]
    return "\n".join(blocks)


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    text = render_text(bank, select(bank, options.seed, None).questions)
    return [Artifact(f"{bank.name}.gift", text.encode("utf-8"))]
