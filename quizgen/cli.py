"""The command line: parses options and calls the library, nothing more.

Library errors derive from QuizgenError; only this module turns them into messages and
exit statuses. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from quizgen import DEFAULT_SEED, __version__
from quizgen.errors import BankError, ExitStatus, QuizgenError
from quizgen.options import (
    bank_option,
    data_dir_option,
    no_color_option,
    out_dir_option,
    out_file_option,
    seed_option,
    topic_option,
)
from quizgen.quiz.terminal import printable, stream_encoding
from quizgen.writers import REGISTRY


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print one message: made printable for the terminal (file names, option values and replies
    may hold escape sequences), and dropped once the reader has gone (`quizgen check | head -1`):
    the command still finishes its work and exits with its own status."""
    import sys

    stream = sys.stderr if err else sys.stdout
    try:
        click.echo(printable(text, stream_encoding(stream)), err=err, nl=nl)
    except BrokenPipeError:
        _drop(stream)


def _drop(stream: Any) -> None:
    """Send the rest of a stream's output to /dev/null, so its final flush cannot fail."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's stream)
        pass


class QuizgenGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuizgenError as exc:
            for line in exc.lines():
                echo(line if isinstance(exc, BankError) else f"Error: {line}", err=True)
            ctx.exit(int(exc.exit_status))
        except KeyboardInterrupt:
            echo("Interrupted.", err=True)
            ctx.exit(int(ExitStatus.INTERRUPTED))


@click.group(cls=QuizgenGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="quizgen", message="%(prog)s %(version)s")
def cli() -> None:
    """Turn a source-cited fact bank into study material.

    Anki decks, printable worksheets, a terminal quiz with spaced repetition, and exports for
    Moodle and Quizlet, all from one bank of facts.

    \b
    Examples:
      quizgen check                 validate the bundled bank and summarise it
      quizgen build                 write every output into dist/
      quizgen check --bank my-bank  validate a bank of your own
    """


def _load(bank_path: str | None) -> Any:
    from quizgen.bank import load

    return load(bank_path)


@cli.command()
@bank_option
def check(bank_path: str | None) -> None:
    """Validate a bank and summarise its facts and questions.

    Every problem is reported at once, one line each with file, line and fact id;
    the exit status is then 2.

    \b
    Example:
      quizgen check --bank facts/
    """
    from quizgen.summary import summary_lines

    bank = _load(bank_path)
    for line in summary_lines(bank, DEFAULT_SEED):
        echo(line)


@cli.command()
@bank_option
@topic_option
def facts(bank_path: str | None, topic: str | None) -> None:
    """List facts with their ids and citations.

    \b
    Example:
      quizgen facts --topic economy
    """
    from quizgen.questions import pick_facts

    bank = _load(bank_path)
    for fact in pick_facts(bank, topic):
        echo(f"{fact.id}  [{fact.topic}]")
        echo(f"    {fact.statement}")
        echo(f"    source: {fact.citation}")


@cli.command()
@bank_option
@out_dir_option("dist")
@seed_option(DEFAULT_SEED)
def build(bank_path: str | None, out_dir: str, seed: int) -> None:
    """Write every output format into one directory (dist/).

    Nothing is written unless every writer succeeds; each file is replaced atomically.

    \b
    Example:
      quizgen build --out dist
    """
    from pathlib import Path

    from quizgen.build import render_all, write

    bank = _load(bank_path)
    artifacts = render_all(bank, seed, progress=lambda w: echo(f"rendering {w.name} ...", err=True))
    write(artifacts, Path(out_dir), progress=lambda path, size: echo(f"wrote {path} ({_size(size)})"))


@cli.command()
@bank_option
@click.option("--version", "new_version", default=None, help="The new version. Default: the next minor one.")
def bump(bank_path: str | None, new_version: str | None) -> None:
    """Record edited facts as a new release.

    Run it after changing any fact: Anki updates the notes of a re-imported deck only when
    the release is newer.

    \b
    Example:
      quizgen bump --bank facts/ --version 1.1
    """
    from quizgen.bank import bump as bump_bank

    old, new, when = bump_bank(bank_path, new_version)
    echo(f"bank version {old} -> {new}, released {when}")


@cli.command()
@out_file_option("Write to FILE instead of standard output.")
def schema(out_file: str | None) -> None:
    """Print the JSON Schema of fact files, for editors.

    Point your editor's YAML support at it to validate and complete fact files.

    \b
    Example:
      quizgen schema --out facts/schema.json
    """
    import json

    from quizgen.schema import json_schemas

    text = json.dumps(json_schemas(), indent=2, ensure_ascii=False) + "\n"
    if out_file is None:
        echo(text, nl=False)
    else:
        from pathlib import Path

        from quizgen.output import write_atomic

        write_atomic(Path(out_file), text.encode("utf-8"))


@cli.command()
def formats() -> None:
    """List the output formats, one line each.

    \b
    Example:
      quizgen formats
    """
    from quizgen.writers import WRITERS

    width = max(len(w.name) for w in WRITERS)
    for writer in WRITERS:
        echo(f"{writer.name:<{width}}  {writer.description}  ->  {writer.outputs}")


@cli.command()
@bank_option
@out_file_option("The .apkg file to write.  [default: dist/<bank-name>.apkg]")
def anki(bank_path: str | None, out_file: str | None) -> None:
    """Write the Anki deck (.apkg) of a bank.

    Import it with File > Import in Anki; importing a newer release updates the existing
    notes in place and keeps their review history.

    \b
    Example:
      quizgen anki --out ~/kazakhstan-singapore.apkg
    """
    from pathlib import Path

    from quizgen.writers.anki import write_deck

    path, size = write_deck(_load(bank_path), Path(out_file) if out_file else None, DEFAULT_SEED)
    echo(f"wrote {path} ({_size(size)})")


@cli.command()
@click.option("--format", "format_name", required=True, type=click.Choice(list(REGISTRY)),
              help="The output format (see 'quizgen formats'); one that writes a single file.")
@bank_option
@out_file_option("File to write.  [default: dist/ and the format's file name]")
@seed_option(DEFAULT_SEED)
def export(format_name: str, bank_path: str | None, out_file: str | None, seed: int) -> None:
    """Export the questions in one format (GIFT, Quizlet, ...).

    For Moodle (gift), Quizlet (quizlet), spreadsheets (csv) or programs (json).

    \b
    Example:
      quizgen export --format gift --out moodle.gift
    """
    from quizgen.export import export as export_file

    from pathlib import Path

    path, size = export_file(_load(bank_path), format_name, seed, Path(out_file) if out_file else None)
    echo(f"wrote {path} ({_size(size)})")


@cli.command()
@bank_option
@out_dir_option("dist")
@click.option("--versions", default="A,B", show_default=True, metavar="A,B,...",
              help="Version labels: one worksheet (and key) each, same questions in another order.")
@click.option("--count", type=click.IntRange(min=1), default=20, show_default=True, metavar="N",
              help="Number of questions.")
@click.option("--kinds", default=None, metavar="KINDS",
              help="Question kinds, comma-separated: mcq,tf,cloze,short,numeric,matching,ordering. Default: all.")
@topic_option
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
              show_default=True, help="Paper size.")
@seed_option(DEFAULT_SEED)
@click.option("--key", "key_mode", type=click.Choice(["separate", "appended", "none"]), default="separate",
              show_default=True, help="Answer key: its own PDF, pages after the worksheet, or none.")
@click.option("--title", default=None, metavar="TEXT", help="Heading of the sheets. Default: the bank's title.")
def worksheet(bank_path: str | None, out_dir: str, versions: str, count: int, kinds: str | None,
              topic: str | None, paper: str, seed: int, key_mode: str, title: str | None) -> None:
    """Write printable PDF worksheets with answer keys.

    Every version holds the same questions, in its own order of questions and options,
    so neighbours cannot copy; each version has its own key.

    \b
    Example:
      quizgen worksheet --versions A,B,C --count 15 --paper letter
    """
    from pathlib import Path

    from quizgen.build import write
    from quizgen.writers import worksheet as writer

    bank = _load(bank_path)
    echo(f"rendering worksheets {versions} ...", err=True)
    artifacts = writer.render(bank, seed, versions=versions, count=count, kinds=kinds, topic=topic,
                              paper=paper.lower(), key=key_mode, title=title)
    write(artifacts, Path(out_dir), progress=lambda path, size: echo(f"wrote {path} ({_size(size)})"))


# ---- terminal quiz, review and stats -------------------------------------------------------

def _terminal(no_color: bool) -> Any:
    import sys

    from quizgen.quiz.terminal import Terminal

    return Terminal.of(sys.stdin, sys.stdout, no_color)


def _store(data_dir: str | None, opener: Callable[..., Any] | None = None) -> Any:
    from pathlib import Path

    from quizgen.progress import open_store

    return (opener or open_store)(Path(data_dir) if data_dir else None, notice=lambda text: echo(text, err=True))


def _play(session: Callable[[], Any]) -> None:
    """Run a session; a closed terminal (SIGHUP, then EIO/EPIPE on output) ends it quietly
    like Ctrl-C: every answer given is already saved."""
    import errno
    import signal
    import sys

    from quizgen.quiz.session import Ending

    def hang_up(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, hang_up)
    try:
        ending = session()
    except OSError as exc:
        if not isinstance(exc, BrokenPipeError) and exc.errno != errno.EIO:
            raise
        # Nowhere left to write: keep Python's final flush from printing a traceback.
        _drop(sys.stdout)
        ending = Ending.INTERRUPTED
    if ending is Ending.INTERRUPTED:
        raise click.exceptions.Exit(int(ExitStatus.INTERRUPTED))


@cli.command()
@click.option("--count", "-n", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many questions.")
@click.option("--kinds", default=None, metavar="KINDS",
              help="Comma-separated kinds: mcq, tf, cloze, short, numeric, matching, ordering. Default: all.")
@topic_option
@seed_option(None)
@bank_option
@data_dir_option
@no_color_option
def quiz(count: int, kinds: str | None, topic: str | None, seed: int | None, bank_path: str | None,
         data_dir: str | None, no_color: bool) -> None:
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
        from quizgen.quiz.run import open_or_unsaved
        from quizgen.quiz.run import quiz as run

        wanted = parse_kinds(kinds)
        bank = _load(bank_path)
        store = _store(data_dir, open_or_unsaved)
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 100_000)
    _play(lambda: run(_terminal(no_color), bank, store, count=count, kinds=wanted, topic=topic, seed=seed))


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many due cards.")
@click.option("--new", "new", type=click.IntRange(min=0), default=5, show_default=True,
              help="At most this many facts never seen before.")
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
    from quizgen.review import open_for_review
    from quizgen.review import review as run

    bank = _load(bank_path)
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
    from quizgen.stats import stats as run

    bank = _load(bank_path)
    run(_terminal(no_color), bank, _store(data_dir))


def _size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 2**20:.1f} MB"


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main() -> None:
    import signal

    # `kill` or a closed terminal ends quizgen as Ctrl-C does: a file being written is removed
    # (the previous one stays in place), and the exit status is 130.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    cli(prog_name="quizgen")
