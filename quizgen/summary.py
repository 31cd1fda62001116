"""The summary `quizgen check` prints."""

from __future__ import annotations

from collections import Counter

from quizgen.model import Bank
from quizgen.plural import plural
from quizgen.questions import Kind, question_set


def summary_lines(bank: Bank, seed: int) -> list[str]:
    questions = question_set(bank, seed)
    kinds = Counter(q.kind for q in questions)
    width = max(len(label) for label in [*(t.title for t in bank.topics), *(k.title for k in Kind)])
    lines = [
        f"{bank.title}",
        f"  bank {bank.name} {bank.version}, released {bank.released:%Y-%m-%d %H:%M} UTC: OK",
        f"  {plural(len(bank.facts), 'fact')} from {plural(len(bank.sources), 'source')}",
        "",
        "Facts by topic:",
    ]
    lines += [f"  {topic.title:<{width}}  {len(facts):>4}" for topic, facts in bank.by_topic()]
    lines += ["", f"Questions by kind ({len(questions)} in all):"]
    lines += [f"  {kind.title:<{width}}  {kinds[kind]:>4}" for kind in Kind if kinds[kind]]
    return lines
