"""Counts with their noun in the right number: '1 question', '2 questions'."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 source', '3 sources'; `nouns` for a plural that is not noun + 's'."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
