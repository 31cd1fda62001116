"""Commands that make study material: build, formats, anki, export, worksheet."""

from __future__ import annotations

from typing import Any

import click

from quizgen import DEFAULT_SEED
from quizgen.cli.app import HOMES, cli, echo, load_bank, notice, wrote
from quizgen.cli.options import (
    bank_option,
    kinds_option,
    out_dir_option,
    out_file_option,
    seed_option,
    topic_option,
)
from quizgen.writers import REGISTRY


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

    from quizgen.output import emit
    from quizgen.writers import render_all
    from quizgen.writers.options import RenderOptions

    bank = load_bank(bank_path)
    artifacts = render_all(
        bank, RenderOptions(seed=seed, notice=notice), progress=lambda w: echo(f"rendering {w.name} ...", err=True)
    )
    emit(artifacts, Path(out_dir), progress=wrote)


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
@click.option(
    "--out",
    "out_path",
    type=click.Path(),
    default=None,
    metavar="FILE|DIR",
    help="The .apkg file to write (.apkg is added when missing), or a directory to write "
    "<bank-name>.apkg into.  [default: dist/<bank-name>.apkg]",
)
def anki(bank_path: str | None, out_path: str | None) -> None:
    """Write the Anki deck (.apkg) of a bank.

    Import it with File > Import in Anki; importing a newer release updates the existing
    notes in place and keeps their review history.

    \b
    Example:
      quizgen anki --out ~/kazakhstan-singapore.apkg
    """
    from quizgen.output import emit_file
    from quizgen.writers import get

    bank = load_bank(bank_path)
    wrote(*emit_file(get("anki").render(bank), _deck_path(bank.name, out_path), "anki"))


def _deck_path(name: str, out: str | None) -> Any:
    """Where `quizgen anki --out` writes: dist/<bank>.apkg by default, DIR/<bank>.apkg into a
    directory (or a path ending in /), and FILE.apkg for a FILE without the suffix, since Anki
    imports only .apkg files. Anything else that exists (a device, a FIFO) stays as given, to
    be refused."""
    import os
    from pathlib import Path

    from quizgen.output import safe_name

    if out is None:
        return Path("dist") / safe_name(f"{name}.apkg")
    path = Path(out)
    if out.endswith(("/", os.sep)) or path.is_dir():
        return path / safe_name(f"{name}.apkg")
    if path.suffix.casefold() == ".apkg" or (path.exists() and not path.is_file()):
        return path
    return path.with_name(path.name + ".apkg")


class SingleFileFormat(click.Choice):  # type: ignore[type-arg]
    """The formats that write one file; a format of several files is sent to its own command."""

    def __init__(self) -> None:
        super().__init__([w.name for w in REGISTRY.values() if w.single_file])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        writer = REGISTRY.get(value)
        if writer is not None and not writer.single_file:
            command = f"quizgen {value}" if value in HOMES else "quizgen build"
            self.fail(f"'{value}' writes several files; use '{command} --out DIR' for it.", param, ctx)
        return super().convert(value, param, ctx)


@cli.command()
@click.option(
    "--format", "format_name", required=True, type=SingleFileFormat(), help="The output format (see 'quizgen formats')."
)
@bank_option
@out_file_option("File to write.  [default: dist/ and the format's file name]")
@seed_option(DEFAULT_SEED)
def export(format_name: str, bank_path: str | None, out_file: str | None, seed: int) -> None:
    """Export the questions in one format (GIFT, Moodle XML, QTI, Kahoot, ...).

    For Moodle (gift, moodle-xml), Canvas (qti, qti-topics), Kahoot (kahoot), Quizlet
    (quizlet), spreadsheets (csv) or programs (json).

    \b
    Example:
      quizgen export --format gift --out moodle.gift
    """
    from pathlib import Path

    from quizgen.output import emit_file, safe_name
    from quizgen.writers import get
    from quizgen.writers.options import RenderOptions

    artifacts = get(format_name).render(load_bank(bank_path), RenderOptions(seed=seed, notice=notice))
    target = Path(out_file) if out_file else Path("dist") / safe_name(artifacts[0].name)
    wrote(*emit_file(artifacts, target, format_name))


@cli.command()
@bank_option
@out_dir_option("dist")
@click.option(
    "--versions",
    default="A,B",
    show_default=True,
    metavar="A,B,...",
    help="Version labels: one worksheet (and key) each, same questions in another order.",
)
@click.option(
    "--count", type=click.IntRange(min=1), default=20, show_default=True, metavar="N", help="Number of questions."
)
@kinds_option
@topic_option
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size.",
)
@seed_option(DEFAULT_SEED)
@click.option(
    "--key",
    "key_mode",
    type=click.Choice(["separate", "appended", "none"]),
    default="separate",
    show_default=True,
    help="Answer key: its own PDF, pages after the worksheet, or none.",
)
@click.option("--title", default=None, metavar="TEXT", help="Heading of the sheets. Default: the bank's title.")
@click.option(
    "--answer-sheet",
    is_flag=True,
    default=False,
    help="Also a one-page bubble answer sheet per version, for `quizgen grade` (and its key as JSON).",
)
def worksheet(
    bank_path: str | None,
    out_dir: str,
    versions: str,
    count: int,
    kinds: str | None,
    topic: str | None,
    paper: str,
    seed: int,
    key_mode: str,
    title: str | None,
    answer_sheet: bool,
) -> None:
    """Write printable PDF worksheets with answer keys.

    Every version holds the same questions, in its own order of questions and options,
    so neighbours cannot copy; each version has its own key. With --answer-sheet students
    answer on a bubble sheet that `quizgen grade` reads from scans.

    \b
    Example:
      quizgen worksheet --versions A,B,C --count 15 --paper letter --answer-sheet
    """
    from pathlib import Path

    from quizgen.output import emit
    from quizgen.writers import get
    from quizgen.writers.options import RenderOptions

    bank = load_bank(bank_path)
    echo(f"rendering worksheets {versions} ...", err=True)
    options = RenderOptions(
        seed=seed,
        versions=versions,
        count=count,
        kinds=kinds,
        topic=topic,
        paper=paper,
        key=key_mode,
        title=title,
        answer_sheet=answer_sheet,
        notice=notice,
    )
    emit(get("worksheet").render(bank, options), Path(out_dir), progress=wrote)
