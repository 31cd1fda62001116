"""Marking printed worksheets: grade."""

from __future__ import annotations

import click

from quizgen.cli.app import cli, echo
from quizgen.cli.options import (
    out_dir_option,
)
from quizgen.errors import ExitStatus


@cli.command()
@click.argument("scans", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--keys",
    "keys_dir",
    type=click.Path(file_okay=False),
    default="dist",
    show_default=True,
    metavar="DIR",
    help="Where the worksheets were written: their *-key.json and *-answer-sheet.json.",
)
@out_dir_option("graded")
@click.option(
    "--accept",
    "accepts",
    multiple=True,
    metavar="SHEET:Q=ANSWER",
    help="Settle an ambiguous row as the teacher reads it, e.g. scan-07.png:12=B, scan.pdf#3:15.2=C, "
    "scan-07.png:14=half, scan-07.png:id=012345. Repeat for more.",
)
def grade(scans: tuple[str, ...], keys_dir: str, out_dir: str, accepts: tuple[str, ...]) -> None:
    """Grade scanned answer sheets: scores, marked copies and a class report.

    Reads PNG, JPEG and PDF scans or phone photos of the answer sheets `quizgen worksheet
    --answer-sheet` printed, in any orientation. Writes grades.csv, grades.json, a marked copy
    and a name-box picture per sheet, and report.pdf (with the item analysis). Rows that
    cannot be read for sure (two marks, a faint or crossed-out mark, a typed answer not yet
    ticked) are never guessed: they are listed to settle with --accept. A page that is not a
    readable answer sheet is refused with its reason (exit status 1); the others are graded.

    \b
    Example:
      quizgen grade scans/*.pdf --keys dist --out graded --accept scan-07.png:12=B
    """
    from pathlib import Path

    from quizgen.grading.run import grade as run

    outcome = run(list(scans), Path(keys_dir), Path(out_dir), accepts, progress=lambda line: echo(line, err=True))
    results = outcome.results
    for sheet in results["sheets"]:
        for item in sheet["to_settle"]:
            echo(f"to settle: {sheet['sheet']}:{item['ref']}  {item['why']}")
    for line in outcome.problems:
        echo(f"Error: {line}", err=True)
    for entry in results["refused"]:
        echo(f"Error: {entry['sheet']}: {entry['reason']}", err=True)
    graded = len(results["sheets"])
    settle = sum(len(s["to_settle"]) for s in results["sheets"])
    echo(
        f"graded {graded} sheet{'s' if graded != 1 else ''} into {out_dir}"
        + (f"; {settle} row{'s' if settle != 1 else ''} to settle with --accept" if settle else "")
        + (f"; {len(results['refused'])} refused" if results["refused"] else "")
    )
    if results["refused"] or outcome.problems:
        raise click.exceptions.Exit(int(ExitStatus.FAILURE))
