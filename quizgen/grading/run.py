"""`quizgen grade`: scans in; grades.csv, grades.json, marked copies and the class report out.

Each page is read, scored and its images written before the next is opened, so memory stays
bounded by one page. A page that cannot be read is refused with its reason and the others go
on; the tables and the report are written at the end from every page graded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from quizgen.errors import UsageError
from quizgen.grading.score import Accept
from quizgen.writers.sheets import keydoc, layout

FORMAT = "quizgen-grades"
SCHEMA_VERSION = 1


class Key(NamedTuple):
    doc: dict[str, Any]
    geometry: dict[str, Any]
    checksum: str
    table: Any  # marks.Table: the sheet's bubbles in pixels


class Refused(Exception):
    """A page that is not a readable answer sheet of a known key; the message says why."""


class Outcome(NamedTuple):
    results: dict[str, Any]  # what grades.json holds
    problems: list[str]  # --accept lines that matched nothing
    written: list[Path]


def load_keys(keys_dir: Path) -> dict[str, Key]:
    """Key documents paired with their answer sheets' geometry, by key checksum."""
    if not keys_dir.is_dir():
        raise UsageError(f"{keys_dir}: no such folder; --keys names the folder the worksheets were written to")
    docs = {}
    for path in sorted(keys_dir.glob("worksheet-*-key.json")):
        doc = keydoc.check(_json(path), str(path))
        docs[keydoc.checksum(doc)] = doc
    keys = {}
    for path in sorted(keys_dir.glob(f"{layout.file_stem('*')}.json")):
        geometry = _json(path)
        if not isinstance(geometry, dict) or geometry.get("format") != layout.FORMAT:
            raise UsageError(f"{path}: not a quizgen answer-sheet file")
        checksum = geometry["key"]["checksum"]
        if checksum in docs:
            from quizgen.grading.marks import table

            keys[checksum] = Key(docs[checksum], geometry, checksum, table(geometry))
    if not keys:
        raise UsageError(
            f"{keys_dir}: no answer sheets with their keys (worksheet-*-key.json and "
            "worksheet-*-answer-sheet.json); point --keys at the folder that "
            "`quizgen worksheet --answer-sheet` or `quizgen build` wrote"
        )
    return keys


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it as JSON ({exc})") from None


def parse_accepts(texts: Iterable[str], scans: list[str]) -> list[Accept]:
    accepts = [Accept.parse(text) for text in texts]
    for accept in accepts:
        stem, hash_, page = accept.sheet.rpartition("#")
        if accept.sheet not in scans and not (hash_ and page.isdigit() and stem in scans):
            raise UsageError(
                f"--accept {accept.sheet}:{accept.item}={accept.value}: {accept.sheet} is not one "
                "of the scans given (name it as on the command line, plus #N for a PDF page)"
            )
    return accepts


def grade(
    scans: list[str],
    keys_dir: Path,
    out_dir: Path,
    accept_texts: Iterable[str] = (),
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    from quizgen.errors import OutputError
    from quizgen.grading import images
    from quizgen.output import prepare_dir

    if out_dir.exists() and not out_dir.is_dir():  # before any work; the folder is made only once keys load
        raise OutputError(f"{out_dir}: exists and is not a directory; choose a directory for --out")
    accepts = parse_accepts(accept_texts, scans)
    keys = load_keys(keys_dir)
    prepare_dir(out_dir)
    reader = _Reader(keys, out_dir, accepts)
    for shown in scans:
        for page in images.pages(Path(shown), shown):
            reader.page(page)
            if progress:
                progress(reader.last)
    results = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "sheets": reader.sheets,
        "refused": reader.refused,
        "blank_pages": reader.blank,
        "keys": {k.checksum: k.doc for k in keys.values() if k.checksum in reader.used},
    }
    reader.written += _tables(results, out_dir)
    return Outcome(results, reader.problems, reader.written)


class _Reader:
    def __init__(self, keys: dict[str, Key], out_dir: Path, accepts: list[Accept]) -> None:
        self.keys, self.out_dir, self.accepts = keys, out_dir, accepts
        self.sheets: list[dict[str, Any]] = []
        self.refused: list[dict[str, str]] = []
        self.blank: list[str] = []
        self.problems: list[str] = []
        self.written: list[Path] = []
        self.used: set[str] = set()
        self.last = ""
        self.layouts = layouts(keys)

    def page(self, page: Any) -> None:
        from quizgen.grading import images

        if page.image is None:
            self._refuse(page.label, page.problem)
        elif images.is_blank(page.image):
            self.blank.append(page.label)
            self.last = f"{page.label}: blank page, skipped"
        else:
            try:
                key, located, readings = read_sheet(page.image, self.keys, self.layouts)
            except Refused as exc:
                self._refuse(page.label, str(exc))
            except Exception as exc:  # noqa: BLE001 - one unreadable page must not cost the pages graded
                self._refuse(page.label, f"could not be read ({type(exc).__name__}: {exc})")
            else:
                self.used.add(key.checksum)
                self._record(page.label, key, located.image, readings)

    def _refuse(self, label: str, reason: str) -> None:
        self.refused.append({"sheet": label, "reason": reason})
        self.last = f"{label}: refused: {reason}"

    def _record(self, label: str, key: Key, image: Any, readings: list[Any]) -> None:
        import cv2

        from quizgen.grading import annotate, score
        from quizgen.output import write_atomic

        mine = [a for a in self.accepts if a.sheet == label]
        settled, problems = score.settle(readings, mine, {row.ref: row.values for row in key.table.rows})
        self.problems += problems
        by_ref = {r.ref: r for r in settled}
        records = score.score(key.doc, by_ref)
        number, unclear_id = score.student_number(by_ref)
        to_settle = [
            {"ref": d["ref"], "why": d["why"], "question": r["number"]} for r in records for d in r.get("to_settle", [])
        ]
        to_settle += [{"ref": ref, "why": by_ref[ref].why, "question": None} for ref in unclear_id]
        total = sum(r["points"] for r in records)
        most = sum(r["max_points"] for r in records)
        index = len(self.sheets) + 1
        # The marked copy as JPEG, as AMC's are: a PNG of a noisy scan takes 5x longer to write.
        names = {"annotated_image": f"sheet-{index:03d}.jpg", "name_image": f"name-{index:03d}.png"}
        summary = f"{total:g}/{most} - version {key.doc['version']} - student {number or '?'}" + (
            f" - {len(to_settle)} to settle" if to_settle else ""
        )
        marked = annotate.annotate(image, key.geometry, records, by_ref, summary)
        for name, picture in (
            (names["annotated_image"], marked),
            (names["name_image"], annotate.name_crop(image, key.geometry)),
        ):
            params = [cv2.IMWRITE_JPEG_QUALITY, 85] if name.endswith(".jpg") else [cv2.IMWRITE_PNG_COMPRESSION, 3]
            _ok, data = cv2.imencode(name[-4:], picture, params)
            path = self.out_dir / name
            write_atomic(path, data.tobytes())
            self.written.append(path)
        self.sheets.append(
            {
                "sheet": label,
                "index": index,
                "student_number": number,
                **names,
                "version": key.doc["version"],
                "key_checksum": key.checksum,
                "bank": {"name": key.doc["bank"]["name"], "version": key.doc["bank"]["version"]},
                "seed": key.doc["seed"],
                "score": total,
                "max_score": most,
                "status": "to settle" if to_settle else "graded",
                "to_settle": to_settle,
                "questions": records,
            }
        )
        self.last = f"{label}: {summary}"


def layouts(keys: dict[str, Key]) -> list[dict[str, Any]]:
    """One geometry per paper size: every sheet of a size has its corner marks and QR code in one place."""
    return list(
        {
            json.dumps([g["page"], g["qr"], g["marks"]], sort_keys=True): g for g in (k.geometry for k in keys.values())
        }.values()
    )


def read_sheet(image: Any, keys: dict[str, Key], sheet_layouts: list[dict[str, Any]]) -> tuple[Key, Any, list[Any]]:
    """(key, located sheet, readings of every row) of one page, or Refused with the reason."""
    from quizgen.grading import marks
    from quizgen.grading.locate import NotASheet, locate

    measured: dict[str, Any] = {}

    def lined_up(straight: Any, payload: dict[str, str]) -> bool:
        key = keys.get(payload["checksum"])
        if key is None:
            return True  # refused below for its key, whatever its alignment
        measured["measures"] = marks.measure(straight, key.table, key.geometry["marks"])
        return marks.lined_up(key.table, measured["measures"]) >= 0.75

    located, reasons = None, []
    for geometry in sheet_layouts:
        try:
            located = locate(image, geometry["page"], geometry["qr"], geometry["marks"], lined_up)
            break
        except NotASheet as exc:
            reasons.append(str(exc))
    if located is None:
        raise Refused(reasons[0])
    key = keys.get(located.payload["checksum"])
    if key is None:
        raise Refused(_unknown_key(located.payload, keys))
    return key, located, marks.decide(key.table, measured["measures"])


def _unknown_key(payload: dict[str, str], keys: dict[str, Key]) -> str:
    sheet = (
        f"an answer sheet for bank {payload['bank']} {payload['bank_version']}, seed {payload['seed']}, "
        f"version {payload['version']} (key {payload['checksum']})"
    )
    same = [
        k
        for k in keys.values()
        if k.doc["bank"]["name"] == payload["bank"]
        and k.doc["version"] == payload["version"]
        and str(k.doc["seed"]) == payload["seed"]
    ]
    if same:
        return (
            f"{sheet}, but the key for version {payload['version']} in the keys folder differs "
            f"(key {same[0].checksum}): the worksheets were rebuilt after printing; grade with the files "
            "written when these sheets were printed"
        )
    return f"{sheet}, and the keys folder has no such key: point --keys at the folder its worksheets were written to"


def _tables(results: dict[str, Any], out_dir: Path) -> list[Path]:
    from quizgen.grading.report import report_pdf
    from quizgen.grading.tables import grades_csv
    from quizgen.output import write_atomic

    files = {
        "grades.json": json.dumps(results, ensure_ascii=False, indent=1).encode("utf-8") + b"\n",
        "grades.csv": grades_csv(results),
        "report.pdf": report_pdf(results),
    }
    written = []
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written
