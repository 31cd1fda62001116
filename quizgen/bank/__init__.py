"""Load a bank from YAML, validate all of it at once, and freeze it into the model."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from quizgen.bank import cloze
from quizgen.bank.compare import normalise, parse_number
from quizgen.errors import BankError, Problem, UsageError
from quizgen.gcpause import collector_paused
from quizgen.bank.model import Bank, Fact, Source, Topic
from quizgen.bank.shape import fact_from_file
from quizgen.bank.text import clean

# yaml, the schema and hashing are imported only when a bank is parsed (a cache miss): the
# terminal quiz loads its bank from the cache and starts without them.

MANIFEST = "bank.yaml"
_PACKAGE = Path(__file__).resolve().parent.parent  # the quizgen package


def bundled_path() -> Path:
    """The bank shipped with quizgen: inside the wheel, or facts/ in a source checkout."""
    installed = _PACKAGE / "facts"
    return installed if installed.is_dir() else _PACKAGE.parent / "facts"


def shown(path: Path) -> str:
    """A path as messages print it: relative to the working directory where that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def locate(path: Path | str | None) -> tuple[Path, Path]:
    """(bank directory, manifest path) for --bank: a directory or its bank.yaml."""
    target = Path(path) if path is not None else bundled_path()
    if target.is_dir():
        manifest = target / MANIFEST
    else:
        manifest, target = target, target.parent
    if not manifest.is_file():
        if not target.exists():
            raise BankError([Problem(shown(target), None, "no such bank directory")])
        raise BankError([Problem(shown(manifest), None, f"no {MANIFEST} manifest here; a bank is a directory with "
                                                        f"{MANIFEST} and fact files beside it")])
    return target, manifest


def fact_files(root: Path, manifest: Path) -> list[Path]:
    """The fact files beside the manifest; hidden files (editor locks `.#x.yaml`, macOS `._x.yaml`) are not."""
    return sorted(p for p in root.iterdir()
                  if p.suffix in (".yaml", ".yml") and p.name != manifest.name and not p.name.startswith("."))


def _leads_outside(file: Path, root: Path) -> bool:
    """A fact file that is a symbolic link to a file outside the bank (a loop is left to the read to report)."""
    if not file.is_symlink():
        return False
    try:
        return not file.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop: RuntimeError before Python 3.13
        return False


def content_fingerprint(manifest_data: dict[str, Any], facts: list[dict[str, Any]]) -> str:
    """sha256 over everything a card shows: the facts, their sources and topics."""
    return _fingerprint(manifest_data, [(str(fact.get("id")), canonical_json(fact)) for fact in facts])


def canonical_json(value: Any) -> str:
    """The one JSON text of a value that fingerprints and release hashes are taken over."""
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _fingerprint(manifest_data: dict[str, Any], facts: list[tuple[str, str]]) -> str:
    """content_fingerprint from each fact's (id, canonical JSON), so a loader need not keep the
    facts' parsed trees: canonical_json({"facts": [...], "sources": ..., "topics": ...}) as text."""
    import hashlib

    digest = hashlib.sha256(b'{"facts":[')
    for index, (_, text) in enumerate(sorted(facts, key=lambda fact: fact[0])):  # piece by piece: no copy
        digest.update(f",{text}".encode() if index else text.encode())
    digest.update(f'],"sources":{canonical_json(manifest_data.get("sources"))},'
                  f'"topics":{canonical_json(manifest_data.get("topics"))}}}'.encode())
    return "sha256:" + digest.hexdigest()


def load(path: Path | str | None = None, *, check_fingerprint: bool = True) -> Bank:
    """Load and validate a bank; raise BankError listing every problem found.

    A bank that validated before, with the same bytes in every file, comes from the cache.
    """
    from quizgen.bank import cache as bankcache

    root, manifest_path = locate(path)
    entry = bankcache.key([manifest_path, *fact_files(root, manifest_path), *_releases_file(root)], check_fingerprint)
    bank = bankcache.get(entry, root)
    if bank is None:
        with collector_paused():  # the cache entry too: the new bank's objects are all still young
            bank = _load(root, manifest_path, check_fingerprint)
            bankcache.put(entry, bank)
    return bank


def _releases_file(root: Path) -> list[Path]:
    from quizgen.bank.releases import FILE

    path = root / FILE
    return [path] if path.exists() else []


def _load(root: Path, manifest_path: Path, check_fingerprint: bool) -> Bank:
    from quizgen.bank import releases, schema, yamlfile

    problems: list[Problem] = []
    manifest_name = shown(manifest_path)
    manifest, found = yamlfile.read(manifest_path, manifest_name)
    problems += found
    if manifest is not None:
        problems += _schema_problems(schema.MANIFEST, manifest, manifest_name, found)
    files = fact_files(root, manifest_path)
    if not files:
        problems.append(Problem(shown(root), None, "no fact files (*.yaml) beside the manifest"))
    # The manifest first, so each file's facts are checked and made as the file is read and
    # its parsed tree is let go: a bank of 100,000 facts held all its trees at once (1 GB).
    cross_check = manifest is not None and not any(p.path == manifest_name for p in problems)
    sources: dict[str, Source] = {}
    topic_ids: set[str] = set()
    if cross_check:
        assert isinstance(manifest, dict)
        sources = {s["id"]: _source(s) for s in manifest["sources"]}
        topic_ids = {t["id"] for t in manifest["topics"]}
    record = releases.read(root, shown(root / releases.FILE), problems)
    manifest_sources = {s["id"]: s for s in manifest["sources"]} if cross_check else {}
    seen: dict[str, str] = {}
    facts: list[Fact] = []
    fingerprinted: list[tuple[str, str]] = []  # (id, canonical JSON) of every fact, for the fingerprint
    known_ids: set[str] = set()
    reveals: list[tuple[str, int, str, list[str]]] = []  # (file, line, fact id, the ids it names)
    unreleased: list[tuple[str, Problem]] = []  # (fact id, its problem against releases.json)
    for file in files:
        name = shown(file)
        if _leads_outside(file, root):
            problems.append(Problem(name, None, "is a symbolic link to a file outside the bank; copy the file "
                                                "into the bank folder"))
            continue
        data, found = yamlfile.read(file, name)
        problems += _attributed(found, data)
        if data is None:
            continue
        file_problems = _schema_problems(schema.FACT_FILE, data, name, found)
        problems += file_problems
        if isinstance(data, dict) and isinstance(data.get("facts"), list):
            lines = getattr(data["facts"], "lines", [1] * len(data["facts"]))
            found_lines = [p.line or 0 for p in file_problems + found]
            ends = [*lines[1:], float("inf")]
            for raw, line, end in zip(data["facts"], lines, ends, strict=True):
                if not isinstance(raw, dict):
                    continue
                text = canonical_json(raw)
                fingerprinted.append((str(raw.get("id")), text))
                if isinstance(raw.get("id"), str):
                    known_ids.add(raw["id"])
                well_formed = (not found_lines or not any(line <= at < end for at in found_lines)
                               or _sound_but_for_unknown_fields(raw))
                if not (well_formed and cross_check):
                    continue  # every well-formed fact is cross-checked even when others have faults
                before = len(problems)
                _check_fact(raw, name, line, sources, topic_ids, seen, problems)
                if len(problems) == before:
                    facts.append(fact_from_file(raw, sources, f"{name}:{line}"))
                if raw.get("reveals"):
                    reveals.append((name, raw.lines.get("reveals", line), raw["id"], list(raw["reveals"])))
                if check_fingerprint and record is not None:  # against what the last bump recorded
                    unreleased += [(raw["id"], problem) for problem in
                                   releases.check(record, [(name, line, raw)], manifest_sources, manifest["version"],
                                                  shown(root), [], text)]
        elif not file_problems:  # pragma: no cover - the schema reports this
            problems.append(Problem(name, 1, "not a fact file"))
    if not cross_check:
        raise BankError(problems)  # the cross-checks below need a well-formed manifest

    assert isinstance(manifest, dict)
    topics = tuple(Topic(t["id"], clean(t["title"])) for t in manifest["topics"])
    _check_unique(manifest_name, manifest["sources"], "source", problems)
    _check_unique(manifest_name, manifest["topics"], "topic", problems)
    released = _timestamp(manifest["released"], manifest_name, manifest.lines["released"], problems)
    _check_date(manifest_name, manifest["sources"], problems)
    for name, line, fact_id, named in reveals:
        for other in named:
            if other not in known_ids:
                problems.append(Problem(name, line, f"'reveals' names an unknown fact '{other}'", fact_id))
    faulty = {problem.fact_id for problem in problems}
    problems += [problem for fact_id, problem in unreleased if fact_id not in faulty]

    fingerprint = _fingerprint(manifest, fingerprinted)
    if check_fingerprint and not problems and fingerprint != manifest["fingerprint"]:
        problems.append(Problem(
            manifest_name, manifest.lines["fingerprint"],
            f"the facts changed since version {manifest['version']} was released; run "
            f"'quizgen bump --bank {shown(root)}' to set a new version and release time",
        ))
    if problems:
        raise BankError(problems)
    assert released is not None
    return Bank(
        name=manifest["name"], title=clean(manifest["title"]), description=clean(manifest["description"].strip()),
        language=manifest["language"], version=manifest["version"], released=released,
        fingerprint=manifest["fingerprint"], namespace=manifest["namespace"],
        sources=tuple(sources.values()), topics=topics, facts=tuple(facts), root=root,
        fact_releases=releases.fact_releases(record, (fact.id for fact in facts)),
    )


def _schema_problems(spec: Any, data: Any, name: str, found: list[Problem]) -> list[Problem]:
    """The schema's problems with a file, less those on a line where the YAML reader found one:
    a value it left out (a bad tag, refused text) is that one problem, not also a missing or
    mistyped field."""
    from quizgen.bank import schema

    problems: list[Problem] = []
    schema.check(spec, data, name, problems)
    faulty = {problem.line for problem in found}
    return [problem for problem in problems if problem.line not in faulty] if faulty else problems


def _sound_but_for_unknown_fields(fact: dict[str, Any]) -> bool:
    """A fact whose only faults are unknown fields (a typo, a field from elsewhere) can still
    be cross-checked, so its other problems are reported in the same run."""
    from quizgen.bank import schema

    known = schema.FACT.required | schema.FACT.optional
    trimmed = {key: value for key, value in fact.items() if key in known}
    faults: list[Problem] = []
    schema.FACT.check(trimmed, 0, lambda line, message, fact_id=None: faults.append(Problem("", line, message)), "")
    return not faults


def _attributed(found: list[Problem], data: Any) -> list[Problem]:
    """Name the fact that a file-level problem (a duplicate key) falls inside."""
    facts = data.get("facts") if isinstance(data, dict) else None
    if not found or not isinstance(facts, list):
        return found
    starts = [(line, fact.get("id")) for line, fact in zip(facts.lines, facts, strict=True)
              if isinstance(fact, dict) and isinstance(fact.get("id"), str)]
    named = []
    for problem in found:
        owner = None
        for line, fact_id in starts:
            if problem.line is not None and line <= problem.line:
                owner = fact_id
        named.append(Problem(problem.path, problem.line, problem.message, problem.fact_id or owner))
    return named


def _source(raw: dict[str, Any]) -> Source:
    place, url = raw.get("place"), raw.get("url")
    return Source(raw["id"], clean(raw["title"]), clean(raw["publisher"]), raw["date"], raw["paragraphs"],
                  clean(place) if place else place, clean(url) if url else url)


def _timestamp(text: str, path: str, line: int, problems: list[Problem]) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        problems.append(Problem(path, line, f"'released' {text!r} is not a real date and time"))
        return None


def _valid_date(text: str) -> bool:
    parts = [int(part) for part in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _check_date(path: str, items: list[dict[str, Any]], problems: list[Problem]) -> None:
    for item in items:
        if not _valid_date(item["date"]):
            problems.append(Problem(path, item.lines["date"], f"'date' {item['date']!r} is not a real date"))


def _check_unique(path: str, items: list[dict[str, Any]], what: str, problems: list[Problem]) -> None:
    first: dict[str, int] = {}
    for item in items:
        if item["id"] in first:
            problems.append(Problem(path, item.line, f"duplicate {what} id '{item['id']}' (first on line "
                                                     f"{first[item['id']]})"))
        first.setdefault(item["id"], item.line)


def _check_fact(raw: dict[str, Any], path: str, line: int, sources: dict[str, Source], topics: set[str],
                seen: dict[str, str], problems: list[Problem]) -> None:
    fact_id: str = raw["id"]
    lines: dict[str, int] = raw.lines

    def fault(field: str, message: str) -> None:
        problems.append(Problem(path, lines.get(field, line), message, fact_id))

    if fact_id in seen:
        fault("id", f"duplicate fact id (first at {seen[fact_id]})")
    else:
        seen[fact_id] = f"{path}:{line}"
    if raw["topic"] not in topics:
        fault("topic", f"unknown topic '{raw['topic']}'; the manifest's topics are: {', '.join(sorted(topics))}")
    source = sources.get(raw["source"]["id"])
    if source is None:
        fault("source", f"unknown source id '{raw['source']['id']}'; the manifest lists: {', '.join(sorted(sources))}")
    elif raw["source"]["paragraph"] > source.paragraphs:
        fault("source", f"paragraph {raw['source']['paragraph']} is out of range: source "
                        f"'{source.id}' has {source.paragraphs} paragraphs")
    accepted = [raw["answer"], *raw.get("alternatives", [])]
    accepted_forms = {normalise(text): text for text in accepted}
    distractor_forms: dict[str, str] = {}
    numeric = raw.get("numeric")
    for distractor in raw["distractors"]:
        form = normalise(distractor)
        if form in accepted_forms:
            what = "the answer" if accepted_forms[form] == raw["answer"] else f"the accepted answer '{accepted_forms[form]}'"
            fault("distractors", f"distractor '{distractor}' equals {what}")
        elif form in distractor_forms:
            fault("distractors", f"distractor '{distractor}' repeats '{distractor_forms[form]}'")
        elif numeric is not None:
            value = parse_number(distractor)
            if value is not None and abs(value - numeric["value"]) <= numeric.get("tolerance", 0):
                fault("distractors", f"distractor '{distractor}' is within the tolerance of the answer")
        distractor_forms.setdefault(form, distractor)
    if "date" in raw:
        if not _valid_date(raw["date"]):
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
        message = _cloze_fault(raw["cloze"], accepted_forms)
        if message:
            fault("cloze", message)
        else:
            _check_fillers(raw, accepted_forms, fault)
            true_statement = cloze.fill(raw["cloze"], cloze.parts(raw["cloze"])[1])
    elif "cloze_distractors" in raw:
        fault("cloze_distractors", "'cloze_distractors' needs a 'cloze'")
    for false in raw.get("false_statements", ()):
        if normalise(false) == normalise(true_statement):
            fault("false_statements", f"false statement '{false}' is the true statement")
    if fact_id in raw.get("reveals", ()):
        fault("reveals", "a fact cannot reveal itself; 'reveals' names other facts")
    quote = raw.get("quote")
    if quote is not None and re.search(r"[.!?]\s+[\"“«(]?[A-Z]", quote.strip()):
        fault("quote", "a quote is at most one sentence of the source")


def _check_fillers(raw: dict[str, Any], accepted_forms: dict[str, str], fault: Any) -> None:
    """Each wrong filler of the blank must read right in the cloze sentence (see quizgen.bank.cloze)."""
    before, hidden, after = cloze.parts(raw["cloze"])
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
            advice = "" if field == "cloze_distractors" else (
                "; add 'cloze_distractors' written to fit the blank, or 'false_statements'")
            fault(field, f"{what} '{filler}' does not fit the cloze's blank ({'; '.join(problems)}): "
                         f"\"{before}{filler}{after}\"{advice}")


def _cloze_fault(text: str, accepted_forms: dict[str, str]) -> str | None:
    deletions = list(cloze.PATTERN.finditer(text))
    if not deletions:
        return "malformed cloze: no deletion like {{c1::answer}}"
    if len(deletions) > 1:
        return "malformed cloze: use exactly one deletion, {{c1::...}}"
    deletion = deletions[0]
    outside = text[: deletion.start()] + text[deletion.end():]
    if "{{" in outside or "}}" in outside:
        return "malformed cloze: unbalanced '{{' or '}}' outside the deletion"
    if deletion.group(1) != "1":
        return f"malformed cloze: the deletion is c{deletion.group(1)}, expected c1"
    hidden = deletion.group(2)
    if not hidden.strip() or "{" in hidden or "}" in hidden:
        return "malformed cloze: the deletion is empty or holds braces"
    if normalise(hidden) not in accepted_forms:
        return f"malformed cloze: the hidden text '{hidden}' is not the answer or an alternative"
    return None


cloze_parts = cloze.parts  # (text before, hidden answer, text after) of a validated cloze


def bump(path: Path | str | None = None, version: str | None = None,
         released: datetime | None = None) -> tuple[str, str, str]:
    """Record the current fact content as a new release: (old version, new version, released).

    Rewrites only the version, released and fingerprint lines of the manifest, so its
    comments and layout stay as the author wrote them, and writes releases.json: which facts
    changed in this release (quizgen.bank.releases). That file is written first, so a bump cut
    short leaves a stale fingerprint that `quizgen check` reports, and bumping again mends it.
    """
    from quizgen.bank import releases, yamlfile
    from quizgen.output import write_atomic

    root, manifest_path = locate(path)
    current = load(root, check_fingerprint=False)  # everything else must be valid first
    manifest, _ = yamlfile.read(manifest_path, shown(manifest_path))
    raws = []
    for file in fact_files(root, manifest_path):
        data, _ = yamlfile.read(file, shown(file))
        raws += list(data["facts"])
    fingerprint = content_fingerprint(manifest, raws)
    if version is None:
        parts = current.version.split(".")
        version = ".".join([*parts[:-1], str(int(parts[-1]) + 1)])
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", version):
        raise UsageError(f"version {version!r} is not like 1.2")
    if _version_key(version) <= _version_key(current.version):
        raise UsageError(f"version {version} is not later than the current version {current.version}")
    when = (released or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    if when <= current.released:
        raise UsageError(f"the new release time must be later than {current.released:%Y-%m-%dT%H:%M:%SZ}")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    record = releases.read(root, shown(root / releases.FILE), [])  # load() above refused an unreadable one
    if record is not None and version in record.releases:
        raise UsageError(f"version {version} was released already ({record.releases[version]}); choose a new one")
    sources = {source["id"]: source for source in manifest["sources"]}
    write_atomic(root / releases.FILE, releases.dump(releases.bumped(record, raws, sources, version, stamp)))
    text = manifest_path.read_text(encoding="utf-8")
    for key, value in (("version", version), ("released", stamp), ("fingerprint", fingerprint)):
        text, count = re.subn(rf"(?m)^{key}:.*$", f'{key}: "{value}"', text, count=1)
        if count != 1:  # pragma: no cover - the schema requires these keys at top level
            raise BankError([Problem(shown(manifest_path), None, f"cannot find the '{key}:' line to update")])
    # Through a symbolic link to the file it names: the link stays a link.
    write_atomic(manifest_path.resolve(), text.encode("utf-8"))
    return current.version, version, stamp


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    """A sortable form of '1.2': each part by its digits (compared as numbers, without int(),
    which refuses very long ones); trailing zero parts do not count, so 1.2 is 1.2.0."""
    parts = [(len(digits), digits) for digits in (part.lstrip("0") for part in version.split("."))]
    while len(parts) > 1 and parts[-1] == (0, ""):
        parts.pop()
    return tuple(parts)
