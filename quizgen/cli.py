"""The command line: parses options and calls the library, nothing more.

Library errors derive from QuizgenError; only this module turns them into messages and
exit statuses. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

from typing import Any

import click

from quizgen import DEFAULT_SEED, __version__
from quizgen.errors import BankError, ExitStatus, QuizgenError
from quizgen.options import bank_option, out_dir_option, out_file_option, seed_option, topic_option



class QuizgenGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuizgenError as exc:
            for line in exc.lines():
                click.echo(line if isinstance(exc, BankError) else f"Error: {line}", err=True)
            ctx.exit(int(exc.exit_status))
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
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
        click.echo(line)


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
        click.echo(f"{fact.id}  [{fact.topic}]")
        click.echo(f"    {fact.statement}")
        click.echo(f"    source: {fact.citation}")


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
    artifacts = render_all(bank, seed, progress=lambda w: click.echo(f"rendering {w.name} ...", err=True))
    write(artifacts, Path(out_dir), progress=lambda path, size: click.echo(f"wrote {path} ({_size(size)})"))


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
    click.echo(f"bank version {old} -> {new}, released {when}")


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
        click.echo(text, nl=False)
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
        click.echo(f"{writer.name:<{width}}  {writer.description}  ->  {writer.outputs}")


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
    from quizgen.writers.anki import write_deck

    from pathlib import Path

    path, size = write_deck(_load(bank_path), Path(out_file) if out_file else None, DEFAULT_SEED)
    click.echo(f"wrote {path} ({_size(size)})")


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
