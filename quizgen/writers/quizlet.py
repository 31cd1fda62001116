"""Quizlet: one card a fact, term and definition separated by a tab, one card a line.

That is Quizlet's import default (Create > Import: "Between term and definition: Tab",
"Between cards: New line"). Quizlet has no quoting, so a tab or line break inside fact text
would split a card: each run of them becomes one space. Opened in a spreadsheet, a card
starting like a formula would compute: it gets the CSV writer's apostrophe guard.
"""

from __future__ import annotations

import re

from quizgen.bank.model import Bank, Fact
from quizgen.writers import Artifact
from quizgen.writers.csv_table import cell
from quizgen.writers.options import RenderOptions

_SPLITTERS = re.compile(r"[\t\r\n\v\f\u0085\u2028\u2029]+")


def flatten(text: str) -> str:
    """Text that stays inside one field of one card, and shows as text in a spreadsheet."""
    return cell(_SPLITTERS.sub(" ", text).strip())


def card(fact: Fact) -> str:
    """Term: the fact's first prompt; definition: its answer."""
    return f"{flatten(fact.prompts[0])}\t{flatten(fact.answer)}\n"


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    # One card per fact, in bank order: nothing random, so the seed does not matter.
    text = "".join(card(fact) for fact in bank.facts)
    return [Artifact(f"{bank.name}.quizlet.tsv", text.encode("utf-8"))]
