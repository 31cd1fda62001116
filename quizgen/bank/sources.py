"""Checking a bank's quotes against the text of its sources, when that text is at hand.

A fact's `quote` holds the source's own words that support it. quizgen never needs the
source text to work, and a bank need not ship it (a news article is not ours to copy), so
the check runs when a folder of source texts is given: `quizgen check --sources DIR` (or
`$QUIZGEN_SOURCES`) reads `DIR/<source id>.txt`, whose paragraphs are its blank-line separated
blocks, numbered from 1 as citations count them. A quote must stand in the paragraph the fact
cites, word for word (spacing and typographic quote marks aside).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from quizgen.bank.model import Bank
from quizgen.errors import Problem

ENVIRONMENT = "QUIZGEN_SOURCES"
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


def folder(given: str | None) -> Path | None:
    """The folder of source texts: the option, else $QUIZGEN_SOURCES, else none."""
    chosen = given or os.environ.get(ENVIRONMENT)
    return Path(chosen) if chosen else None


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _plain(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MARKS).split())


def check_quotes(bank: Bank, directory: Path) -> tuple[list[Problem], list[str]]:
    """(problems, ids of the sources checked): every quote against its cited paragraph."""
    problems: list[Problem] = []
    checked: list[str] = []
    for source in bank.sources:
        path = directory / f"{source.id}.txt"
        try:
            blocks = paragraphs(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), None, f"cannot read the source text: {exc}"))
            continue
        checked.append(source.id)
        if len(blocks) != source.paragraphs:
            problems.append(
                Problem(
                    str(path),
                    None,
                    f"has {len(blocks)} paragraphs; the manifest says source '{source.id}' has {source.paragraphs}",
                )
            )
        for fact in bank.facts:
            if fact.quote is None or fact.citation.source.id != source.id:
                continue
            number = fact.citation.paragraph
            if number > len(blocks) or _plain(fact.quote) not in _plain(blocks[number - 1]):
                problems.append(
                    Problem(
                        fact.path,
                        fact.line,
                        f"the quote is not in paragraph {number} of '{source.id}' ({path.name}): \"{fact.quote}\"",
                        fact.id,
                    )
                )
    return problems, checked
