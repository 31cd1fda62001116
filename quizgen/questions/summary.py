"""The summary `quizgen check` prints."""

from __future__ import annotations

from quizgen.bank.model import Bank
from quizgen.errors import BankError
from quizgen.plural import plural
from quizgen.questions import Kind, kind_counts


def summary_lines(bank: Bank, seed: int, sources_dir: str | None = None) -> list[str]:
    """The summary; BankError when a quote is not in the source text given."""
    kinds = kind_counts(bank)  # counted, not made: making every question of a large bank took seconds
    width = max(len(label) for label in [*(t.title for t in bank.topics), *(k.title for k in Kind)])
    lines = [
        f"{bank.title}",
        f"  bank {bank.name} {bank.version}, released {bank.released:%Y-%m-%d %H:%M} UTC: OK",
        f"  {plural(len(bank.facts), 'fact')} from {plural(len(bank.sources), 'source')}",
        "",
        "Facts by topic:",
    ]
    lines += [f"  {topic.title:<{width}}  {len(facts):>4}" for topic, facts in bank.by_topic()]
    lines += ["", f"Questions by kind ({sum(kinds.values())} in all):"]
    lines += [f"  {kind.title:<{width}}  {kinds[kind]:>4}" for kind in Kind if kinds[kind]]
    return lines + ["", *_quote_lines(bank, sources_dir), _lint_line(bank)]


def _lint_line(bank: Bank) -> str:
    from quizgen.questions.lint import counts

    rules = counts(bank)  # the summary prints counts only: no warning is made
    total = sum(rules.values())
    if not total:
        return "Item-writing lint: no warnings."
    listed = ", ".join(f"{rule} {count}" for rule, count in rules.most_common())
    return f"Item-writing lint: {total} warning{'s' if total != 1 else ''} ({listed}); see 'quizgen lint'"


def _quote_lines(bank: Bank, sources_dir: str | None) -> list[str]:
    from quizgen.bank import sources

    quoted = sum(1 for fact in bank.facts if fact.quote)
    directory = sources.folder(sources_dir)
    if directory is None:
        return [
            f"Quotes: {quoted} of {len(bank.facts)} facts quote their source; not checked against the text "
            f"(give --sources DIR with <source-id>.txt files)"
        ]
    problems, checked = sources.check_quotes(bank, directory)
    if problems:
        raise BankError(problems)
    if not checked:
        return [f"Quotes: not checked: no <source-id>.txt for this bank's sources in {directory}"]
    return [
        f"Quotes: {quoted} of {len(bank.facts)} facts quote their source; every quote found in its "
        f"cited paragraph of {', '.join(checked)}"
    ]
