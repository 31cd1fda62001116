"""Study in the terminal: quiz, review, stats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from quizgen import NEW_PER_REVIEW
from quizgen.cli.app import cli, drop, echo, load_bank
from quizgen.cli.options import (
    bank_option,
    data_dir_option,
    kinds_option,
    no_color_option,
    seed_option,
    topic_option,
)
from quizgen.errors import ExitStatus


def _terminal(no_color: bool) -> Any:
    import sys

    from quizgen.study.terminal import Terminal

    return Terminal.of(sys.stdin, sys.stdout, no_color)


def _store(data_dir: str | None, opener: Callable[..., Any] | None = None) -> Any:
    """The progress store, opened by `opener` (open_store by default), with Ctrl-C held back
    while each answer commits (quizgen.cli.signals)."""
    from pathlib import Path

    from quizgen.cli.signals import interrupts_deferred
    from quizgen.study.progress import open_store

    return (opener or open_store)(
        Path(data_dir) if data_dir else None, notice=lambda text: echo(text, err=True), guard=interrupts_deferred
    )


def _play(session: Callable[[], Any]) -> None:
    """Run a session; a closed terminal (SIGHUP, then EIO/EPIPE on output) ends it quietly
    like Ctrl-C (quizgen.cli.signals): every answer given is already saved."""
    import errno
    import sys

    from quizgen.study.session import Ending

    try:
        ending = session()
    except OSError as exc:
        if not isinstance(exc, BrokenPipeError) and exc.errno != errno.EIO:
            raise
        # Nowhere left to write: keep Python's final flush from printing a traceback.
        drop(sys.stdout)
        ending = Ending.INTERRUPTED
    if ending is Ending.INTERRUPTED:
        raise click.exceptions.Exit(int(ExitStatus.INTERRUPTED))


@cli.command()
@click.option("--count", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many questions.")
@kinds_option
@topic_option
@seed_option(None)
@bank_option
@data_dir_option
@no_color_option
def quiz(
    count: int,
    kinds: str | None,
    topic: str | None,
    seed: int | None,
    bank_path: str | None,
    data_dir: str | None,
    no_color: bool,
) -> None:
    """Take a quiz in the terminal; every answer is saved.

    Answer multiple choice with a-d, true/false with t/f, ordering with the numbers in
    order (3 1 4 2), matching with pairs (1b 2a 3c); type other answers (small typos are
    forgiven). ? shows help, s skips, q ends. Answers are read one a line, so input can be
    piped. Progress is kept in --data-dir (or QUIZGEN_DATA_DIR); when that cannot be
    written (read-only, disk full) the quiz says so and runs without saving.

    \b
    Example:
      quizgen quiz --count 5 --kinds mcq,tf --topic economy
    """
    import random

    from quizgen.gcpause import collector_paused

    # Start-up makes thousands of long-lived objects and no garbage: the collector, run
    # again and again over them, only delays the first question (~1.5 ms of ~60).
    with collector_paused():
        from quizgen.questions import parse_kinds
        from quizgen.study.quiz import open_or_unsaved
        from quizgen.study.quiz import quiz as run

        wanted = parse_kinds(kinds)
        bank = load_bank(bank_path)
        store = _store(data_dir, open_or_unsaved)
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 100_000)
    _play(lambda: run(_terminal(no_color), bank, store, count=count, kinds=wanted, topic=topic, seed=seed))


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many due cards.")
@click.option(
    "--new",
    "new",
    type=click.IntRange(min=0),
    default=NEW_PER_REVIEW,
    show_default=True,
    help="At most this many facts never seen before.",
)
@bank_option
@data_dir_option
@no_color_option
def review(limit: int, new: int, bank_path: str | None, data_dir: str | None, no_color: bool) -> None:
    """Review what is due, by spaced repetition (FSRS).

    One question per due fact. A right answer counts as Good (press h or e for Hard or
    Easy), a wrong one as Again; quiz answers are scheduled too. When nothing is due it
    says when the next review is and offers practice anyway.

    \b
    Example:
      quizgen review --limit 10 --new 3
    """
    from quizgen.study.review import open_for_review
    from quizgen.study.review import review as run

    bank = load_bank(bank_path)
    store = _store(data_dir, open_for_review)
    _play(lambda: run(_terminal(no_color), bank, store, limit=limit, new=new))


@cli.command()
@bank_option
@data_dir_option
@no_color_option
def stats(bank_path: str | None, data_dir: str | None, no_color: bool) -> None:
    """Show progress: accuracy, cards due, retention, streak.

    \b
    Example:
      quizgen stats --data-dir ~/quizgen-progress
    """
    from pathlib import Path

    from quizgen.study.progress import open_read_only
    from quizgen.study.stats import stats as run

    bank = load_bank(bank_path)
    run(_terminal(no_color), bank, open_read_only(Path(data_dir) if data_dir else None))
