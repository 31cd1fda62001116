"""Commands about a fact bank: check, lint, facts, bump, schema."""

from __future__ import annotations

import click

from quizgen import DEFAULT_SEED
from quizgen.cli.app import cli, echo, load_bank
from quizgen.cli.options import (
    bank_option,
    out_file_option,
    topic_option,
)
from quizgen.errors import ExitStatus


@cli.command()
@bank_option
@click.option(
    "--sources",
    "sources_dir",
    type=click.Path(file_okay=False),
    default=None,
    metavar="DIR",
    envvar="QUIZGEN_SOURCES",
    show_envvar=True,
    help="Folder of source texts, <source-id>.txt: check every quote against its cited paragraph.",
)
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

    bank = load_bank(bank_path)
    for line in summary_lines(bank, DEFAULT_SEED, sources_dir):
        echo(line)


@cli.command()
@bank_option
@click.option("--strict", is_flag=True, help="Exit with status 1 when there is any warning.")
@click.option(
    "--rule",
    "rules",
    multiple=True,
    metavar="NAME",
    help="Only this rule (repeatable). The rules: see 'Writing good items' in README.",
)
@click.option(
    "--results",
    "results_path",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="GRADES.JSON",
    help="Also the item analysis of a graded class (quizgen grade's grades.json): negative "
    "discrimination and distractors nobody chose, at the facts' lines.",
)
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
    from quizgen.questions.lint import RULE_NAMES, RULES
    from quizgen.questions.lint import lint as run

    unknown = [name for name in rules if name not in RULE_NAMES]
    if unknown:
        raise click.BadParameter(
            f"unknown rule {unknown[0]!r}; choose from {', '.join(RULE_NAMES)}", param_hint="--rule"
        )
    chosen = tuple(rule for rule in RULES if not rules or rule.name in rules)
    bank = load_bank(bank_path)
    warnings = run(bank, chosen)
    if results_path is not None:
        from pathlib import Path

        from quizgen.grading.lint import results_warnings

        warnings += results_warnings(bank, Path(results_path))
    for warning in warnings:
        echo(str(warning))
    count = len(warnings)
    echo(
        f"{count} warning{'s' if count != 1 else ''}" + ("" if count else ": the items meet every rule checked"),
        err=True,
    )
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

    bank = load_bank(bank_path)
    wanted = {fact.id for fact in pick_facts(bank, topic)}
    # In the bank's topic order, as `quizgen check` counts them.
    for fact in (fact for _, group in bank.by_topic() for fact in group if fact.id in wanted):
        echo(f"{fact.id}  [{fact.topic}]")
        echo(f"    {fact.statement}")
        echo(f"    source: {fact.citation}")


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
    from quizgen.bank.releases import bump as bump_bank

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
