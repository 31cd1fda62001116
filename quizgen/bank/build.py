"""Build a bank from its files: read each (yamlfile.py), check it against the schema (schema.py)
and across facts (checks.py), and make its facts into the model (shape.py) as it is read, so
a large bank never holds all its parsed trees at once. Every problem is reported, not the first.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.bank import releases, schema, yamlfile
from quizgen.bank.checks import (
    attributed,
    check_date,
    check_fact,
    check_unique,
    forget,
    schema_problems,
    sound_but_for_unknown_fields,
    timestamp,
)
from quizgen.bank.fingerprint import canonical_json, fingerprint_texts
from quizgen.bank.locate import RELEASES_FILE, fact_files, leads_outside, shown
from quizgen.bank.located import LocDict
from quizgen.bank.model import Bank, Fact, Source, Topic
from quizgen.bank.shape import fact_from_file
from quizgen.bank.text import clean, own
from quizgen.errors import BankError, Problem


def build(root: Path, manifest_path: Path, check_fingerprint: bool) -> Bank:
    """The bank in these files, every problem found raised at once as a BankError."""

    problems: list[Problem] = []
    manifest_name = shown(manifest_path)
    manifest, found = yamlfile.read(manifest_path, manifest_name)
    problems += found
    if manifest is not None:
        problems += schema_problems(schema.MANIFEST, manifest, manifest_name, found)
    files = fact_files(root, manifest_path)
    if not files:
        problems.append(Problem(shown(root), None, "no fact files (*.yaml) beside the manifest"))
    # The manifest first, so each file's facts are checked and made as the file is read and
    # its parsed tree is let go: a bank of 100,000 facts held all its trees at once (1 GB).
    cross_check = manifest is not None and not any(p.path == manifest_name for p in problems)
    sources: dict[str, Source] = {}
    topic_ids: set[str] = set()
    if cross_check:
        assert isinstance(manifest, LocDict)
        sources = {s["id"]: _source(s) for s in manifest["sources"]}
        topic_ids = {t["id"] for t in manifest["topics"]}
    record = releases.read(root, shown(root / RELEASES_FILE), problems)
    manifest_sources = {s["id"]: s for s in manifest["sources"]} if cross_check else {}
    seen: dict[str, str] = {}
    facts: list[Fact] = []
    fingerprinted: list[tuple[str, str]] = []  # (id, canonical JSON) of every fact, for the fingerprint
    known_ids: set[str] = set()
    reveals: list[tuple[str, int, str, list[str]]] = []  # (file, line, fact id, the ids it names)
    unreleased: list[tuple[str, Problem]] = []  # (fact id, its problem against releases.json)
    for file in files:
        name = shown(file)
        if leads_outside(file, root):
            problems.append(
                Problem(name, None, "is a symbolic link to a file outside the bank; copy the file into the bank folder")
            )
            continue
        # The last file's tree is let go before this one is parsed, not after: the new tree then
        # reuses its memory, while it is still in the processor's caches (10,000 facts: 0.15 s).
        data = raw = None
        forget()  # and what the checks of its facts cached
        data, found = yamlfile.read(file, name)
        problems += attributed(found, data)
        if data is None:
            continue
        file_problems = schema_problems(schema.FACT_FILE, data, name, found)
        problems += file_problems
        if isinstance(data, dict) and isinstance(data.get("facts"), list):
            lines = getattr(data["facts"], "lines", [1] * len(data["facts"]))
            found_lines = [p.line or 0 for p in file_problems + found]
            ends = [*lines[1:], float("inf")]
            for raw, line, end in zip(data["facts"], lines, ends, strict=True):
                if not isinstance(raw, LocDict):
                    continue
                text = canonical_json(raw)
                raw_id = raw.get("id")
                fact_id = own(raw_id) if isinstance(raw_id, str) else str(raw_id)  # kept: see text.own
                fingerprinted.append((fact_id, text))
                if isinstance(raw_id, str):
                    known_ids.add(fact_id)
                well_formed = (
                    not found_lines
                    or not any(line <= at < end for at in found_lines)
                    or sound_but_for_unknown_fields(raw)
                )
                if not (well_formed and cross_check):
                    continue  # every well-formed fact is cross-checked even when others have faults
                before = len(problems)
                check_fact(raw, name, line, sources, topic_ids, seen, problems)
                if len(problems) == before:
                    facts.append(fact_from_file(raw, sources, f"{name}:{line}"))
                if raw.get("reveals"):
                    reveals.append((name, raw.lines.get("reveals", line), raw["id"], list(raw["reveals"])))
                if check_fingerprint and record is not None:  # against what the last bump recorded
                    unreleased += [
                        (raw["id"], problem)
                        for problem in releases.check(
                            record, [(name, line, raw)], manifest_sources, manifest["version"], shown(root), [], text
                        )
                    ]
        elif not file_problems:  # pragma: no cover - the schema reports this
            problems.append(Problem(name, 1, "not a fact file"))
    if not cross_check:
        raise BankError(problems)  # the cross-checks below need a well-formed manifest

    assert isinstance(manifest, LocDict)
    topics = tuple(Topic(t["id"], clean(t["title"])) for t in manifest["topics"])
    check_unique(manifest_name, manifest["sources"], "source", problems)
    check_unique(manifest_name, manifest["topics"], "topic", problems)
    released = timestamp(manifest["released"], manifest_name, manifest.lines["released"], problems)
    check_date(manifest_name, manifest["sources"], problems)
    for name, line, fact_id, named in reveals:
        for other in named:
            if other not in known_ids:
                problems.append(Problem(name, line, f"'reveals' names an unknown fact '{other}'", fact_id))
    faulty = {problem.fact_id for problem in problems}
    problems += [problem for fact_id, problem in unreleased if fact_id not in faulty]

    fingerprint = fingerprint_texts(manifest, fingerprinted)
    if check_fingerprint and not problems and fingerprint != manifest["fingerprint"]:
        problems.append(
            Problem(
                manifest_name,
                manifest.lines["fingerprint"],
                f"the facts changed since version {manifest['version']} was released; run "
                f"'quizgen bump --bank {shown(root)}' to set a new version and release time",
            )
        )
    if problems:
        raise BankError(problems)
    assert released is not None
    return Bank(
        name=manifest["name"],
        title=clean(manifest["title"]),
        description=clean(manifest["description"].strip()),
        language=manifest["language"],
        version=manifest["version"],
        released=released,
        fingerprint=manifest["fingerprint"],
        namespace=manifest["namespace"],
        sources=tuple(sources.values()),
        topics=topics,
        facts=tuple(facts),
        root=root,
        fact_releases=releases.fact_releases(record, (fact.id for fact in facts)),
    )


def _source(raw: LocDict) -> Source:
    place, url = raw.get("place"), raw.get("url")
    return Source(
        raw["id"],
        clean(raw["title"]),
        clean(raw["publisher"]),
        raw["date"],
        raw["paragraphs"],
        clean(place) if place else place,
        clean(url) if url else url,
    )
