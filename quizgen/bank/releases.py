"""What changed in which release, per fact: the bank's `releases.json`, written by `quizgen bump`.

For each fact the file keeps a hash of its content (every field as written, with the source it
cites, since cards show the source too) and the versions in which the fact was added and last
changed. So a fact edited without a bump is reported at its own file and line, and the Anki
deck gives each note the time its own fact last changed: an update touches only the notes of
facts that changed, and a learner's edit of any other note survives.

The hash covers the raw YAML mapping, so fields added to facts later (or to quizgen's schema)
count as content without any change here. A bank without the file still loads: every fact
then counts as changed in the bank's current release, and the manifest's fingerprint alone
guards against edits without a bump, until the next `quizgen bump` writes the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from quizgen.bank.fingerprint import canonical_json, content_fingerprint
from quizgen.bank.locate import RELEASES_FILE, fact_files, locate, shown
from quizgen.bank.model import FactRelease
from quizgen.errors import BankError, Problem, UsageError

FORMAT = 1
_ABOUT = (
    "Written by 'quizgen bump'; do not edit. The bank's releases, and for each fact a hash of its "
    "content (with its source) and the versions in which it was added and last changed."
)
_TIME = "%Y-%m-%dT%H:%M:%SZ"
_REWRITE = "restore it from version control, or delete it and run 'quizgen bump'"


class Entry(NamedTuple):
    sha256: str
    added: str  # versions, keys of Record.releases
    changed: str


class Record(NamedTuple):
    releases: dict[str, str]  # version -> release time, oldest first
    facts: dict[str, Entry]


def fact_hash(fact: dict[str, Any], source: Any, fact_json: str | None = None) -> str:
    """sha256 of a fact as written (any fields) and of the source entry it cites: of
    canonical_json({"fact": fact, "source": source}), from the fact's own canonical JSON when
    the caller has it already."""
    from hashlib import sha256

    text = fact_json if fact_json is not None else canonical_json(fact)
    return sha256(f'{{"fact":{text},"source":{canonical_json(source)}}}'.encode()).hexdigest()


def _source_of(fact: dict[str, Any], sources: dict[str, Any]) -> Any:
    source = fact.get("source")
    return sources.get(str(source.get("id"))) if isinstance(source, dict) else None


def read(root: Path, shown: str, problems: list[Problem]) -> Record | None:
    """The record beside the manifest (shown: its path for messages); None when there is none."""
    try:
        data = json.loads((root / RELEASES_FILE).read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.append(Problem(shown, None, f"cannot read it ({exc}); {_REWRITE}"))
        return None
    try:
        if data["format"] != FORMAT:
            raise ValueError(f"format {data['format']!r}; this quizgen reads format {FORMAT}")
        releases = {str(version): str(when) for version, when in data["releases"].items()}
        for when in releases.values():
            _time(when)
        facts = {
            str(fact_id): Entry(str(entry["sha256"]), str(entry["added"]), str(entry["changed"]))
            for fact_id, entry in data["facts"].items()
        }
        if not all(entry.added in releases and entry.changed in releases for entry in facts.values()):
            raise ValueError("a fact names a release the file does not list")
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        problems.append(Problem(shown, None, f"not a releases file quizgen wrote ({exc}); {_REWRITE}"))
        return None
    return Record(releases, facts)


def _time(text: Any) -> datetime:
    return datetime.strptime(str(text), _TIME).replace(tzinfo=UTC)


def check(
    record: Record,
    facts: Iterable[tuple[str, int, dict[str, Any]]],
    sources: dict[str, Any],
    version: str,
    bank: str,
    problems: list[Problem],
    fact_json: str | None = None,
) -> list[Problem]:
    """One problem per fact (at its file and line) whose content is not the one recorded, added
    to `problems`, which is returned. fact_json: the canonical JSON of a single fact given."""
    bump = f"run 'quizgen bump --bank {bank}' to record it in a new release"
    for path, line, raw in facts:
        entry = record.facts.get(raw["id"])
        if entry is None:
            problems.append(Problem(path, line, f"new since version {version}: {bump}", raw["id"]))
        elif entry.sha256 != fact_hash(raw, _source_of(raw, sources), fact_json):
            problems.append(
                Problem(path, line, f"changed since version {version} (or its source did): {bump}", raw["id"])
            )
    return problems


def fact_releases(record: Record | None, ids: Iterable[str]) -> tuple[tuple[str, FactRelease], ...]:
    """(fact id, FactRelease) of each recorded fact among ids, for the model."""
    if record is None:
        return ()
    return tuple(
        (fact_id, FactRelease(_time(record.releases[entry.added]), _time(record.releases[entry.changed])))
        for fact_id in ids
        if (entry := record.facts.get(fact_id)) is not None
    )


def bumped(
    record: Record | None, facts: Iterable[dict[str, Any]], sources: dict[str, Any], version: str, released: str
) -> Record:
    """The record after a release: facts whose hash differs (or that are new) changed in it."""
    old = record or Record({}, {})
    releases = {**old.releases, version: released}
    entries = {}
    for raw in facts:
        digest = fact_hash(raw, _source_of(raw, sources))
        before = old.facts.get(raw["id"])
        if before is not None and before.sha256 == digest:
            entries[raw["id"]] = before
        else:
            entries[raw["id"]] = Entry(digest, before.added if before else version, version)
    return Record(releases, dict(sorted(entries.items())))


def dump(record: Record) -> bytes:
    """The file's bytes: one fact a line, sorted by id, so a release's diff shows what changed."""
    releases = ",\n".join(f"    {json.dumps(version)}: {json.dumps(when)}" for version, when in record.releases.items())
    facts = ",\n".join(
        f"    {json.dumps(fact_id, ensure_ascii=False)}: "
        f"{json.dumps(entry._asdict(), ensure_ascii=False, separators=(', ', ': '))}"
        for fact_id, entry in record.facts.items()
    )
    text = (
        f'{{\n  "about": {json.dumps(_ABOUT)},\n  "format": {FORMAT},\n'
        f'  "releases": {{\n{releases}\n  }},\n  "facts": {{\n{facts}\n  }}\n}}\n'
    )
    return text.encode("utf-8")


def bump(
    path: Path | str | None = None, version: str | None = None, released: datetime | None = None
) -> tuple[str, str, str]:
    """Record the current fact content as a new release: (old version, new version, released).

    Rewrites only the version, released and fingerprint lines of the manifest, so its
    comments and layout stay as the author wrote them, and writes releases.json: which facts
    changed in this release (quizgen.bank.releases). That file is written first, so a bump cut
    short leaves a stale fingerprint that `quizgen check` reports, and bumping again mends it.
    """
    from quizgen.bank import yamlfile
    from quizgen.bank.loader import load
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
    record = read(root, shown(root / RELEASES_FILE), [])  # load() above refused an unreadable one
    if record is not None and version in record.releases:
        raise UsageError(f"version {version} was released already ({record.releases[version]}); choose a new one")
    sources = {source["id"]: source for source in manifest["sources"]}
    write_atomic(root / RELEASES_FILE, dump(bumped(record, raws, sources, version, stamp)))
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
