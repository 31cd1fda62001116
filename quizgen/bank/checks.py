"""The checks that need more than one field or file: a fact against the manifest (its topic,
source and paragraph), its answer against its distractors, its cloze and numeric value against
its answer, ids unique across files; and the placing of each problem at its file, line and fact.
The shape of each field alone is schema.py's job."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from quizgen.bank import cloze
from quizgen.bank.compare import normalise, parse_number
from quizgen.bank.located import LocDict, LocList
from quizgen.bank.model import Source
from quizgen.bank.text import own
from quizgen.errors import Problem


def schema_problems(spec: Any, data: Any, name: str, found: list[Problem]) -> list[Problem]:
    """The schema's problems with a file, less those on a line where the YAML reader found one:
    a value it left out (a bad tag, refused text) is that one problem, not also a missing or
    mistyped field."""
    from quizgen.bank import schema

    problems: list[Problem] = []
    schema.check(spec, data, name, problems)
    faulty = {problem.line for problem in found}
    return [problem for problem in problems if problem.line not in faulty] if faulty else problems


def sound_but_for_unknown_fields(fact: dict[str, Any]) -> bool:
    """A fact whose only faults are unknown fields (a typo, a field from elsewhere) can still
    be cross-checked, so its other problems are reported in the same run."""
    from quizgen.bank import schema

    known = schema.FACT.required | schema.FACT.optional
    trimmed = {key: value for key, value in fact.items() if key in known}
    faults: list[Problem] = []
    schema.FACT.check(trimmed, 0, lambda line, message, fact_id=None: faults.append(Problem("", line, message)), "")
    return not faults


def attributed(found: list[Problem], data: Any) -> list[Problem]:
    """Name the fact that a file-level problem (a duplicate key) falls inside."""
    facts = data.get("facts") if isinstance(data, dict) else None
    if not found or not isinstance(facts, LocList):
        return found
    starts = [
        (line, fact.get("id"))
        for line, fact in zip(facts.lines, facts, strict=True)
        if isinstance(fact, dict) and isinstance(fact.get("id"), str)
    ]
    named = []
    for problem in found:
        owner = None
        for line, fact_id in starts:
            if problem.line is not None and line <= problem.line:
                owner = fact_id
        named.append(Problem(problem.path, problem.line, problem.message, problem.fact_id or owner))
    return named


def timestamp(text: str, path: str, line: int, problems: list[Problem]) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        problems.append(Problem(path, line, f"'released' {text!r} is not a real date and time"))
        return None


def valid_date(text: str) -> bool:
    parts = [int(part) for part in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def check_date(path: str, items: list[LocDict], problems: list[Problem]) -> None:
    for item in items:
        if not valid_date(item["date"]):
            problems.append(Problem(path, item.lines["date"], f"'date' {item['date']!r} is not a real date"))


def check_unique(path: str, items: list[LocDict], what: str, problems: list[Problem]) -> None:
    first: dict[str, int] = {}
    for item in items:
        if item["id"] in first:
            problems.append(
                Problem(path, item.line, f"duplicate {what} id '{item['id']}' (first on line {first[item['id']]})")
            )
        first.setdefault(item["id"], item.line)


def forget() -> None:
    """Empty the caches check_fact fills (normalised texts, the cloze's words). They hold the texts
    of the file last checked: kept while the next file is parsed, each keeps its block of memory
    from being reused whole (see quizgen.bank.text.own; 100,000 facts: 0.8 s)."""
    normalise.cache_clear()
    cloze.forget()


def check_fact(
    raw: LocDict,
    path: str,
    line: int,
    sources: dict[str, Source],
    topics: set[str],
    seen: dict[str, str],
    problems: list[Problem],
) -> None:
    fact_id: str = raw["id"]
    lines: dict[str, int] = raw.lines

    def fault(field: str, message: str) -> None:
        problems.append(Problem(path, lines.get(field, line), message, fact_id))

    if fact_id in seen:
        fault("id", f"duplicate fact id (first at {seen[fact_id]})")
    else:
        seen[own(fact_id)] = f"{path}:{line}"  # kept for the whole bank: see text.own
    if raw["topic"] not in topics:
        fault("topic", f"unknown topic '{raw['topic']}'; the manifest's topics are: {', '.join(sorted(topics))}")
    source = sources.get(raw["source"]["id"])
    if source is None:
        fault("source", f"unknown source id '{raw['source']['id']}'; the manifest lists: {', '.join(sorted(sources))}")
    elif raw["source"]["paragraph"] > source.paragraphs:
        fault(
            "source",
            f"paragraph {raw['source']['paragraph']} is out of range: source "
            f"'{source.id}' has {source.paragraphs} paragraphs",
        )
    accepted = [raw["answer"], *raw.get("alternatives", [])]
    accepted_forms = {normalise(text): text for text in accepted}
    distractor_forms: dict[str, str] = {}
    numeric = raw.get("numeric")
    for distractor in raw["distractors"]:
        form = normalise(distractor)
        if form in accepted_forms:
            what = (
                "the answer"
                if accepted_forms[form] == raw["answer"]
                else f"the accepted answer '{accepted_forms[form]}'"
            )
            fault("distractors", f"distractor '{distractor}' equals {what}")
        elif form in distractor_forms:
            fault("distractors", f"distractor '{distractor}' repeats '{distractor_forms[form]}'")
        elif numeric is not None:
            value = parse_number(distractor)
            if value is not None and abs(value - numeric["value"]) <= numeric.get("tolerance", 0):
                fault("distractors", f"distractor '{distractor}' is within the tolerance of the answer")
        distractor_forms.setdefault(form, distractor)
    if "date" in raw:
        if not valid_date(raw["date"]):
            fault("date", f"'date' {raw['date']!r} is not a real date")
        if "event" not in raw:
            fault("date", "a fact with a 'date' needs an 'event' label for the timeline")
    elif "event" in raw:
        fault("event", "'event' needs a 'date'")
    if numeric is not None:
        number = parse_number(raw["answer"])
        if number is not None and abs(number - numeric["value"]) > numeric.get("tolerance", 0) + abs(number) * 1e-9:
            fault("numeric", f"numeric value {numeric['value']:g} does not match the answer '{raw['answer']}'")
    true_statement = raw["statement"]
    if "cloze" in raw:
        message = cloze.fault(raw["cloze"], accepted_forms)
        if message:
            fault("cloze", message)
        else:
            before, hidden, after = cloze.parts(raw["cloze"])
            _check_fillers(raw, before, hidden, after, accepted_forms, fault)
            true_statement = f"{before}{hidden}{after}"  # cloze.fill with the hidden text
    elif "cloze_distractors" in raw:
        fault("cloze_distractors", "'cloze_distractors' needs a 'cloze'")
    false_statements = raw.get("false_statements", ())
    true_form = normalise(true_statement) if false_statements else ""
    for false in false_statements:
        if normalise(false) == true_form:
            fault("false_statements", f"false statement '{false}' is the true statement")
    if fact_id in raw.get("reveals", ()):
        fault("reveals", "a fact cannot reveal itself; 'reveals' names other facts")
    quote = raw.get("quote")
    if quote is not None and re.search(r"[.!?]\s+[\"“«(]?[A-Z]", quote.strip()):
        fault("quote", "a quote is at most one sentence of the source")


def _check_fillers(
    raw: LocDict,
    before: str,
    hidden: str,
    after: str,
    accepted_forms: dict[str, str],
    fault: Callable[[str, str], None],
) -> None:
    """Each wrong filler of the blank (between before and after, where hidden reads right) must
    read right in the cloze sentence (see quizgen.bank.cloze)."""
    if "cloze_distractors" in raw:
        field, fillers = "cloze_distractors", raw["cloze_distractors"]
        seen: set[str] = set()
        for filler in fillers:
            form = normalise(filler)
            if form in accepted_forms or form == normalise(hidden):
                fault(field, f"cloze distractor '{filler}' is the answer")
            elif form in seen:
                fault(field, f"cloze distractor '{filler}' is given twice")
            seen.add(form)
    elif "false_statements" in raw:
        return  # the true/false question uses the false statements, not the cloze
    else:
        field, fillers = "distractors", raw["distractors"]
    for filler in fillers:
        problems = cloze.misfits(before, filler, after, hidden)
        if problems:
            what = "cloze distractor" if field == "cloze_distractors" else "distractor"
            advice = (
                ""
                if field == "cloze_distractors"
                else ("; add 'cloze_distractors' written to fit the blank, or 'false_statements'")
            )
            fault(
                field,
                f"{what} '{filler}' does not fit the cloze's blank ({'; '.join(problems)}): "
                f'"{before}{filler}{after}"{advice}',
            )
