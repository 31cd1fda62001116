"""The command line: parses options and calls the library, nothing more.

Library errors derive from QuizgenError; only this module turns them into messages and
exit statuses. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from quizgen import DEFAULT_SEED, NEW_PER_REVIEW, __version__
from quizgen.errors import BankError, ExitStatus, QuizgenError
from quizgen.options import (
    bank_option,
    data_dir_option,
    kinds_option,
    no_color_option,
    out_dir_option,
    out_file_option,
    seed_option,
    topic_option,
)
from quizgen.study.quiz.terminal import printable, stream_encoding
from quizgen.writers import REGISTRY

# How `quizgen --help` groups the commands (as gh does); a command not named here is listed
# under "Other commands", so none is ever hidden.
SECTIONS = (
    ("Study", ("quiz", "review", "stats")),
    ("Study material", ("build", "anki", "worksheet", "export", "formats")),
    ("Fact bank", ("check", "facts", "bump", "schema")),
)


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
    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        grouped = [(title, [n for n in members if n in names]) for title, members in SECTIONS]
        placed = {n for _, members in grouped for n in members}
        grouped.append(("Other", [n for n in names if n not in placed]))
        width = formatter.width - 6 - max(len(n) for n in names)
        for title, members in grouped:
            rows = [(n, self.commands[n].get_short_help_str(width)) for n in members
                    if not self.commands[n].hidden]
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


@click.group(cls=QuizgenGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def _load(bank_path: str | None) -> Any:
    import gc

    from quizgen.bank import load
    from quizgen.gcpause import collector_paused

    # The bank lives as long as the command and holds no garbage: moved out of the collector's
    # generations before the collector runs again, it is never walked (at 10,000 facts those
    # walks cost 0.7 s of a check).
    with collector_paused():
        bank = load(bank_path)
        gc.freeze()
    return bank


@cli.command()
@bank_option
@click.option("--sources", "sources_dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              envvar="QUIZGEN_SOURCES", show_envvar=True,
              help="Folder of source texts, <source-id>.txt: check every quote against its cited paragraph.")
def check(bank_path: str | None, sources_dir: str | None) -> None:
    """Validate a bank and summarise its facts and questions.

    Every problem is reported at once, one line each with file, line and fact id;
    the exit status is then 2. With --sources, every fact's quote is also looked up in the
    paragraph it cites. The summary ends with the item-writing warnings of 'quizgen lint'.

    \b
    Examples:
      quizgen check --bank facts/
      quizgen check --sources ../shared/source
    """
    from quizgen.questions.summary import summary_lines

    bank = _load(bank_path)
    for line in summary_lines(bank, DEFAULT_SEED, sources_dir):
        echo(line)


@cli.command()
@bank_option
@click.option("--strict", is_flag=True, help="Exit with status 1 when there is any warning.")
@click.option("--rule", "rules", multiple=True, metavar="NAME",
              help="Only this rule (repeatable). The rules: see 'Writing good items' in README.")
@click.option("--results", "results_path", type=click.Path(dir_okay=False), default=None, metavar="GRADES.JSON",
              help="Also the item analysis of a graded class (quizgen grade's grades.json): negative "
                   "discrimination and distractors nobody chose, at the facts' lines.")
def lint(bank_path: str | None, strict: bool, rules: tuple[str, ...], results_path: str | None) -> None:
    """Check a bank's items against the item-writing guidelines.

    One warning a line, 'file:line: fact 'id': rule-name: message': the answer as the
    longest option, absolute words, options of mixed form, distractors converging on the
    answer, a stem word shared only with the answer, look-alike options, a sentence without
    its subject, an ungradeable reverse card, a stem holding its own answer, a false
    statement unlike the true one. Warnings do not stop a build; --strict fails on them.

    \b
    Examples:
      quizgen lint --bank my-bank
      quizgen lint --strict --rule converging --rule stem-clue
      quizgen lint --results graded/grades.json
    """
    from quizgen.questions.lint import RULE_NAMES, RULES, lint as run

    unknown = [name for name in rules if name not in RULE_NAMES]
    if unknown:
        raise click.BadParameter(f"unknown rule {unknown[0]!r}; choose from {', '.join(RULE_NAMES)}",
                                 param_hint="--rule")
    chosen = tuple(rule for rule in RULES if not rules or rule.name in rules)
    bank = _load(bank_path)
    warnings = run(bank, chosen)
    if results_path is not None:
        from pathlib import Path

        from quizgen.grading.lint import results_warnings

        warnings += results_warnings(bank, Path(results_path))
    for warning in warnings:
        echo(str(warning))
    count = len(warnings)
    echo(f"{count} warning{'s' if count != 1 else ''}" + ("" if count else ": the items meet every rule checked"),
               err=True)
    if strict and warnings:
        raise click.exceptions.Exit(int(ExitStatus.FAILURE))


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
    wanted = {fact.id for fact in pick_facts(bank, topic)}
    # In the bank's topic order, as `quizgen check` counts them.
    for fact in (fact for _, group in bank.by_topic() for fact in group if fact.id in wanted):
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

    from quizgen.output import emit
    from quizgen.writers import render_all
    from quizgen.writers.options import RenderOptions

    bank = _load(bank_path)
    artifacts = render_all(bank, RenderOptions(seed=seed, notice=_notice),
                           progress=lambda w: echo(f"rendering {w.name} ...", err=True))
    emit(artifacts, Path(out_dir), progress=_wrote)


@cli.command()
@bank_option
@click.option("--version", "new_version", default=None, help="The new version. Default: the next minor one.")
def bump(bank_path: str | None, new_version: str | None) -> None:
    """Record edited facts as a new release.

    Run it after changing any fact: it sets the manifest's version and release time and
    records in releases.json which facts changed. Anki updates the note of a fact in a
    re-imported deck only when that fact changed in a newer release.

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

    from quizgen.bank.schema import json_schemas

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
@click.option("--out", "out_path", type=click.Path(), default=None, metavar="FILE|DIR",
              help="The .apkg file to write (.apkg is added when missing), or a directory to write "
                   "<bank-name>.apkg into.  [default: dist/<bank-name>.apkg]")
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

    bank = _load(bank_path)
    _wrote(*emit_file(get("anki").render(bank), _deck_path(bank.name, out_path), "anki"))


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
            command = f"quizgen {value}" if value in cli.commands else "quizgen build"
            self.fail(f"'{value}' writes several files; use '{command} --out DIR' for it.", param, ctx)
        return super().convert(value, param, ctx)


@cli.command()
@click.option("--format", "format_name", required=True, type=SingleFileFormat(),
              help="The output format (see 'quizgen formats').")
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

    artifacts = get(format_name).render(_load(bank_path), RenderOptions(seed=seed, notice=_notice))
    target = Path(out_file) if out_file else Path("dist") / safe_name(artifacts[0].name)
    _wrote(*emit_file(artifacts, target, format_name))


@cli.command()
@bank_option
@out_dir_option("dist")
@click.option("--versions", default="A,B", show_default=True, metavar="A,B,...",
              help="Version labels: one worksheet (and key) each, same questions in another order.")
@click.option("--count", type=click.IntRange(min=1), default=20, show_default=True, metavar="N",
              help="Number of questions.")
@kinds_option
@topic_option
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
              show_default=True, help="Paper size.")
@seed_option(DEFAULT_SEED)
@click.option("--key", "key_mode", type=click.Choice(["separate", "appended", "none"]), default="separate",
              show_default=True, help="Answer key: its own PDF, pages after the worksheet, or none.")
@click.option("--title", default=None, metavar="TEXT", help="Heading of the sheets. Default: the bank's title.")
@click.option("--answer-sheet", is_flag=True, default=False,
              help="Also a one-page bubble answer sheet per version, for `quizgen grade` (and its key as JSON).")
def worksheet(bank_path: str | None, out_dir: str, versions: str, count: int, kinds: str | None,
              topic: str | None, paper: str, seed: int, key_mode: str, title: str | None, answer_sheet: bool) -> None:
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

    bank = _load(bank_path)
    echo(f"rendering worksheets {versions} ...", err=True)
    options = RenderOptions(seed=seed, versions=versions, count=count, kinds=kinds, topic=topic, paper=paper,
                            key=key_mode, title=title, answer_sheet=answer_sheet, notice=_notice)
    emit(get("worksheet").render(bank, options), Path(out_dir), progress=_wrote)


@cli.command()
@click.argument("scans", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--keys", "keys_dir", type=click.Path(file_okay=False), default="dist", show_default=True,
              metavar="DIR", help="Where the worksheets were written: their *-key.json and *-answer-sheet.json.")
@out_dir_option("graded")
@click.option("--accept", "accepts", multiple=True, metavar="SHEET:Q=ANSWER",
              help="Settle an ambiguous row as the teacher reads it, e.g. scan-07.png:12=B, scan.pdf#3:15.2=C, "
                   "scan-07.png:14=half, scan-07.png:id=012345. Repeat for more.")
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
    echo(f"graded {graded} sheet{'s' if graded != 1 else ''} into {out_dir}"
               + (f"; {settle} row{'s' if settle != 1 else ''} to settle with --accept" if settle else "")
               + (f"; {len(results['refused'])} refused" if results["refused"] else ""))
    if results["refused"] or outcome.problems:
        raise click.exceptions.Exit(int(ExitStatus.FAILURE))


# ---- terminal quiz, review and stats -------------------------------------------------------

def _terminal(no_color: bool) -> Any:
    import sys

    from quizgen.study.quiz.terminal import Terminal

    return Terminal.of(sys.stdin, sys.stdout, no_color)


def _store(data_dir: str | None, opener: Callable[..., Any] | None = None) -> Any:
    from pathlib import Path

    from quizgen.study.progress import open_store

    return (opener or open_store)(Path(data_dir) if data_dir else None, notice=lambda text: echo(text, err=True))


def _play(session: Callable[[], Any]) -> None:
    """Run a session; a closed terminal (SIGHUP, then EIO/EPIPE on output) ends it quietly
    like Ctrl-C: every answer given is already saved."""
    import errno
    import signal
    import sys

    from quizgen.study.quiz.session import Ending

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
@kinds_option
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
        from quizgen.study.quiz.run import open_or_unsaved
        from quizgen.study.quiz.run import quiz as run

        wanted = parse_kinds(kinds)
        bank = _load(bank_path)
        store = _store(data_dir, open_or_unsaved)
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 100_000)
    _play(lambda: run(_terminal(no_color), bank, store, count=count, kinds=wanted, topic=topic, seed=seed))


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many due cards.")
@click.option("--new", "new", type=click.IntRange(min=0), default=NEW_PER_REVIEW, show_default=True,
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
    from quizgen.study.review import open_for_review
    from quizgen.study.review import review as run

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
    from quizgen.study.stats import stats as run

    bank = _load(bank_path)
    run(_terminal(no_color), bank, _store(data_dir))


def _notice(text: str) -> None:
    echo(text, err=True)


def _wrote(path: Any, size: int) -> None:
    echo(f"wrote {path} ({_size(size)})")


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
