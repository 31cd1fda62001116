"""Fact text as learning platforms take it: shared by the Moodle XML and Canvas QTI writers.

- An HTML field shows fact text as written: it is HTML-escaped (so `<b>` is text, not bold)
  and a line break becomes `<br>`; the writer's XML library then escapes it once more.
- A typed answer is one line, since a student types it in a one-line box: line breaks and
  runs of white space become one space.
- Feedback holds the explanation and the citation, as in the GIFT file.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from quizgen.bank.model import Bank
from quizgen.questions import Ordering, Question

BREAK = "<br>"
# Timeline ordering written as matching (Canvas, GIFT): each place with its event.
ORDERING_PLACES = "For each place in time, 1 the earliest, choose its event."


def lines(text: str) -> str:
    """Line breaks as '\\n' only: XML parsers would turn a bare '\\r' into '\\n' anyway."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_field(text: str) -> str:
    """Fact text as HTML that displays it as written."""
    return html.escape(lines(text), quote=False).replace("\n", BREAK)


def one_line(text: str) -> str:
    return " ".join(text.split())


def typed_answers(accepted: Iterable[str]) -> list[str]:
    """The accepted answers as a student can type them, without repeats."""
    return list(dict.fromkeys(one_line(answer) for answer in accepted))


def feedback(question: Question) -> str:
    sources = "; ".join(str(c) for c in question.citations)
    return f"{question.explanation} Source: {sources}."


def title(bank: Bank, question: Question) -> str:
    """'kz-sg/trade-volume-2022 mcq': the facts and kind, so a teacher finds the fact to correct."""
    return f"{bank.namespace}/{', '.join(question.fact_ids)} {question.kind}"


def topic_title(bank: Bank, topic: str) -> str:
    titles = {t.id: t.title for t in bank.topics}
    return titles.get(topic, "Questions that combine facts of several topics")


def chronological(question: Ordering) -> list[str]:
    """The events of an ordering question, earliest first."""
    return [question.events[i] for i in question.order]
