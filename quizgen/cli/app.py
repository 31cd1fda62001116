"""The `quizgen` command group: how help is laid out, how errors become messages and exit
statuses (only here), how the bank is loaded and what commands print. The commands themselves
live beside this module, one module per kind of task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from quizgen import __version__
from quizgen.errors import BankError, ExitStatus, QuizgenError
from quizgen.study.terminal import printable, stream_encoding

if TYPE_CHECKING:
    from quizgen.bank.model import Bank

# How `quizgen --help` groups the commands (as gh does), and the module of quizgen.cli that
# defines each group. A command's module is imported when the command runs (or help lists it),
# so `quizgen quiz` never loads the writers (click's "lazily loading subcommands" pattern).
SECTIONS = (
    ("Study", "study", ("quiz", "review", "stats")),
    ("Study material", "material", ("build", "anki", "worksheet", "export", "formats")),
    ("Fact bank", "bank", ("check", "lint", "facts", "bump", "schema")),
    ("Marking", "marking", ("grade",)),
)
HOMES = {name: f"quizgen.cli.{module}" for _, module, names in SECTIONS for name in names}


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print one message: made printable for the terminal (file names, option values and replies
    may hold escape sequences), and dropped once the reader has gone (`quizgen check | head -1`):
    the command still finishes its work and exits with its own status."""
    import sys

    stream = sys.stderr if err else sys.stdout
    try:
        click.echo(printable(text, stream_encoding(stream)), err=err, nl=nl)
    except BrokenPipeError:
        drop(stream)


def drop(stream: Any) -> None:
    """Send the rest of a stream's output to /dev/null, so its final flush cannot fail."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real file (a test's stream)
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


class QuizgenGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*HOMES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in HOMES:
            import importlib

            importlib.import_module(HOMES[cmd_name])  # its @cli.command decorators register it
        return self.commands.get(cmd_name)

    def every_command(self) -> dict[str, click.Command]:
        """Every command, its module imported (for help and for tests)."""
        for name in HOMES:
            self.get_command(click.Context(self), name)
        return dict(sorted(self.commands.items()))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = self.every_command()
        names = list(commands)
        grouped = [(title, [n for n in members if n in commands]) for title, _, members in SECTIONS]
        placed = {n for _, members in grouped for n in members}
        grouped.append(("Other", [n for n in names if n not in placed]))
        width = formatter.width - 6 - max(len(n) for n in names)
        for title, members in grouped:
            rows = [(n, commands[n].get_short_help_str(width)) for n in members if not commands[n].hidden]
            if rows:
                with formatter.section(f"{title} commands"):
                    formatter.write_dl(rows)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Usage, what quizgen does and the everyday tasks, the commands, then the options.
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_commands(ctx, formatter)
        click.Command.format_options(self, ctx, formatter)
        self.format_epilog(ctx, formatter)

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


@click.group(
    cls=QuizgenGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="quizgen", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn a source-cited fact bank into study material: Anki decks, printable worksheets,
    a terminal quiz with spaced repetition, and exports for Moodle and Quizlet.

    \b
    What people do most:
      quizgen quiz            take a quiz in the terminal (answers are saved)
      quizgen build           write the deck, worksheets and exports into dist/
      quizgen check --bank B  check a bank of your own, listing every problem

    Each command has --help, with an example.
    """
    if ctx.invoked_subcommand is None:  # plain `quizgen`: the help, which starts with the above
        click.echo(ctx.get_help())


def load_bank(bank_path: str | None) -> Bank:
    import gc

    from quizgen.bank.loader import load
    from quizgen.gcpause import collector_paused

    # The bank lives as long as the command and holds no garbage: moved out of the collector's
    # generations before the collector runs again, it is never walked (at 10,000 facts those
    # walks cost 0.7 s of a check).
    with collector_paused():
        bank = load(bank_path)
        gc.freeze()
    return bank


def notice(text: str) -> None:
    echo(text, err=True)


def wrote(path: Any, length: int) -> None:
    echo(f"wrote {path} ({size(length)})")


def size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 2**20:.1f} MB"
