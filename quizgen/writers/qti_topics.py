"""Canvas: the QTI 1.2 package with one quiz per topic (`qti` writes one quiz for all topics).

Canvas files each quiz's questions in a question bank named after the quiz, so this package
also gives one question bank per topic. Each quiz is its own set that never gives itself away
(`select` on the topic's facts); the quizzes are taken apart, so they may ask about facts that
another topic's quiz shows.
"""

from __future__ import annotations

from quizgen.bank.model import Bank
from quizgen.questions import pick_facts, select
from quizgen.writers import Artifact
from quizgen.writers.options import RenderOptions
from quizgen.writers.qti import Quiz, digest, package, same_content

__all__ = ["quizzes", "render", "same_content"]

_LONGEST_IDENT = 40  # a longer topic id is shortened to a digest in the quiz's identifier


def quizzes(bank: Bank, seed: int) -> list[Quiz]:
    made = []
    for topic in bank.topics:
        if not pick_facts(bank, topic.id):
            continue
        name = topic.id if len(topic.id) <= _LONGEST_IDENT else digest(topic.id)
        made.append(
            Quiz(
                f"quizgen-{bank.namespace}-topic-{name}",
                f"{bank.title}: {topic.title}",
                select(bank, seed, None, topic=topic.id).questions,
            )
        )
    return made


def render(bank: Bank, options: RenderOptions) -> list[Artifact]:
    return [Artifact(f"{bank.name}.topics.qti.zip", package(bank, quizzes(bank, options.seed)))]
