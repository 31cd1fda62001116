"""`quizgen grade` on synthetic scans: every answer read right or flagged, never silently wrong.

The sheets are the bundled bank's versions A and B, rendered once at 150 dpi; tests/scans.py
fills them like a student (and a teacher ticking typed answers) and degrades them like a
scanner or a phone. Each scan knows what was meant in every row, so a reading is either
right, flagged for the teacher, or a misread, and misreads must be zero.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.grading import run, score
from quizgen.output import emit
from quizgen.writers import worksheet
from quizgen.writers.options import RenderOptions
from tests import scans

SEED = 1


class Printed:
    """The worksheets of one bank and seed as written to a folder, with their sheets rendered."""

    def __init__(self, bank: Bank, folder: Path, seed: int = SEED, **options: Any) -> None:
        self.folder = folder
        emit(worksheet.render(bank, RenderOptions(seed=seed, **options)), folder)
        self.keys = run.load_keys(folder)
        self.layouts = run.layouts(self.keys)
        self.by_label = {k.doc["version"]: k for k in self.keys.values()}
        self.images = {
            label: scans.render((folder / f"worksheet-{label}-answer-sheet.pdf").read_bytes())
            for label in self.by_label
        }

    def scan(self, label: str, rng: random.Random, kinds: tuple[str, ...] = (), tricky: bool = False) -> scans.Scan:
        geometry = self.by_label[label].geometry
        image, intents = scans.fill(self.images[label], geometry, rng, tricky=tricky)
        return scans.Scan(scans.degrade(image, geometry, kinds, rng), intents, label, "+".join(kinds) or "clean")


@pytest.fixture(scope="module")
def printed(bundled: Bank, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return Printed(bundled, tmp_path_factory.mktemp("printed"))


def expected_points(doc: dict[str, Any], intents: dict[str, scans.Intent]) -> float:
    """The score a sheet earns, worked out from what the student meant, independently of quizgen.grading."""
    total = 0.0
    for q in doc["questions"]:
        n, kind = q["number"], q["kind"]
        if kind in ("mcq", "tf"):
            wanted = "TF"[q["key"][0]] if kind == "tf" else "ABCD"[q["key"][0]]
            total += q["points"] * (intents[str(n)].value == wanted)
        elif kind == "matching":
            total += sum(intents[f"{n}.{i + 1}"].value == "ABCD"[k] for i, k in enumerate(q["key"]))
        elif kind == "ordering":
            places = [str(q["key"].index(i) + 1) for i in range(len(q["options"]))]
            total += q["points"] * all(intents[f"{n}.{i + 1}"].value == p for i, p in enumerate(places))
        else:
            total += {"right": q["points"], "half": q["points"] / 2}.get(intents[str(n)].value, 0)
    return total


def judge(readings: list[Any], intents: dict[str, scans.Intent]) -> Counter[str]:
    """right / flagged (had to be) / flagged-unneeded / misread, per row."""
    seen: Counter[str] = Counter()
    for reading in readings:
        meant = intents[reading.ref]
        if reading.state == "ambiguous":
            seen["flagged" if meant.must_flag else "flagged-unneeded"] += 1
        elif meant.must_flag or reading.value != meant.value:
            seen["misread"] += 1
        else:
            seen["right"] += 1
    return seen


def plan(rng: random.Random) -> list[tuple[str, tuple[str, ...]]]:
    """40 clean scans, each degradation alone on 8, and 110 random mixes of two to five."""
    runs: list[tuple[str, tuple[str, ...]]] = [("clean", ())] * 40
    runs += [(kind, (kind,)) for kind in scans.DEGRADATIONS for _ in range(8)]
    for _ in range(110):
        runs.append(("mix", tuple(rng.sample(scans.DEGRADATIONS, rng.randint(2, 5)))))
    return runs


@pytest.mark.slow
def test_two_hundred_and_thirty_synthetic_scans_are_never_misread(printed: Printed) -> None:
    rng = random.Random(2024)
    totals: Counter[str] = Counter()
    used: Counter[str] = Counter()
    misreads, clean_problems = [], []
    runs = plan(rng)
    for index, (name, kinds) in enumerate(runs):
        label = "AB"[index % 2]
        scan = printed.scan(label, rng, kinds, tricky="crossed-out" in kinds)
        key, _, readings = run.read_sheet(scan.image, printed.keys, printed.layouts)
        assert key.doc["version"] == label, scan.what
        seen = judge(readings, scan.intents)
        totals += seen
        used.update(kinds or ("clean",))
        used[f"version {label}"] += 1
        if seen["misread"]:
            misreads.append(
                (
                    index,
                    scan.what,
                    [
                        r
                        for r in readings
                        if r.state != "ambiguous"
                        and (scan.intents[r.ref].must_flag or r.value != scan.intents[r.ref].value)
                    ],
                )
            )
        if name == "clean":
            by_ref = {r.ref: r for r in readings}
            got = sum(q["points"] for q in score.score(key.doc, by_ref))
            if seen["right"] != len(readings) or got != expected_points(key.doc, scan.intents):
                clean_problems.append((index, seen, got, expected_points(key.doc, scan.intents)))
    assert len(runs) >= 200 and all(used[k] >= 8 for k in scans.DEGRADATIONS) and used["version B"] >= 100
    assert not misreads, f"silent misreads: {misreads[:3]}"
    assert not clean_problems, f"clean sheets not read or scored exactly: {clean_problems[:3]}"
    # Flagging everything would also avoid misreads: nearly every row a student meant plainly is read.
    assert totals["flagged-unneeded"] <= 0.01 * (totals["right"] + totals["flagged-unneeded"]), totals
    assert totals["flagged"] > 100, totals  # the tricky rows were there, and caught


# ---- the command, on a small class ----


@pytest.fixture(scope="module")
def other_keys(bundled: Bank, tmp_path_factory: pytest.TempPathFactory) -> tuple[Printed, Printed]:
    """Sheets of another seed, and of the same seed rebuilt with other questions (so another key)."""
    folder = tmp_path_factory.mktemp("other")
    return (
        Printed(bundled, folder / "seed7", seed=7, versions="A", key="none"),
        Printed(bundled, folder / "rebuilt", versions="A", key="none", count=18),
    )


@pytest.fixture(scope="module")
def classroom(
    printed: Printed, other_keys: tuple[Printed, Printed], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, scans.Scan]]:
    """A folder of scans: PNG, JPEG, a PDF with a blank back page, and pages that are no sheet."""
    rng = random.Random(7)
    folder = tmp_path_factory.mktemp("scans")
    made = {
        "a-clean.png": printed.scan("A", rng),
        "b-phone.jpg": printed.scan("B", rng, ("perspective", "lighting", "upside-down", "jpeg")),
        "a-tilted.png": printed.scan("A", rng, ("rotation", "scaling", "blur", "noise")),
    }
    for name, scan in made.items():
        scans.write_image(folder / name, scan.image)
    duplex = printed.scan("B", rng, ("rotation",))
    blank = np.full_like(duplex.image, 250)
    (folder / "class.pdf").write_bytes(scans.pdf_of([duplex.image, blank]))
    made["class.pdf#1"] = duplex
    worksheet_page = scans.render((printed.folder / "worksheet-A.pdf").read_bytes())
    scans.write_image(folder / "worksheet-page.png", worksheet_page)
    (folder / "notes.txt").write_text("not a scan\n")
    seed7, rebuilt = other_keys
    scans.write_image(folder / "seed7.png", seed7.scan("A", rng).image)
    scans.write_image(folder / "rebuilt.png", rebuilt.scan("A", rng).image)
    return folder, made


ORDER = [
    "a-clean.png",
    "b-phone.jpg",
    "a-tilted.png",
    "class.pdf",
    "worksheet-page.png",
    "notes.txt",
    "seed7.png",
    "rebuilt.png",
]


def grade_cli(folder: Path, keys: Path, out: Path, *extra: str) -> Any:
    return CliRunner().invoke(
        cli, ["grade", *(str(folder / name) for name in ORDER), "--keys", str(keys), "--out", str(out), *extra]
    )


def test_grade_command_grades_a_class_and_refuses_what_is_no_sheet(
    printed: Printed, classroom: tuple[Path, dict[str, scans.Scan]], tmp_path: Path
) -> None:
    folder, made = classroom
    result = grade_cli(folder, printed.folder, tmp_path / "out")
    assert result.exit_code == 1, result.output  # some pages refused: said, and the rest graded
    assert "Traceback" not in result.output
    assert "graded 4 sheets" in result.output and "4 refused" in result.output
    refusals = {
        line.split(": ", 2)[1].rsplit("/", 1)[-1]: line
        for line in result.output.splitlines()
        if line.startswith("Error: ")
    }
    assert "not a quizgen answer sheet" in refusals["worksheet-page.png"]
    assert "not an image or PDF" in refusals["notes.txt"]
    assert "seed 7, version A" in refusals["seed7.png"] and "no such key" in refusals["seed7.png"]
    assert "rebuilt after printing" in refusals["rebuilt.png"]
    out = tmp_path / "out"
    results = json.loads((out / "grades.json").read_text())
    assert results["blank_pages"] == [f"{folder / 'class.pdf'}#2"]
    by_name = {Path(s["sheet"].split("#")[0]).name + ("#1" if "#" in s["sheet"] else ""): s for s in results["sheets"]}
    assert sorted(by_name) == sorted(made)
    for name, scan in made.items():
        sheet = by_name[name]
        digits = "".join(scan.intents[f"id.{i}"].value for i in range(1, 7))
        assert sheet["student_number"] == digits and sheet["version"] == scan.version
        assert sheet["score"] == expected_points(printed.by_label[scan.version].doc, scan.intents)
        assert sheet["status"] == "graded" and not sheet["to_settle"]
        marked = cv2.imread(str(out / sheet["annotated_image"]))
        assert marked is not None and marked.shape[2] == 3 and marked.shape[0] > 1500
        assert cv2.imread(str(out / sheet["name_image"])) is not None
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8-sig"))))
    assert [r["student_number"] for r in rows] == [s["student_number"] for s in results["sheets"]]
    assert all(r["q20"] != "" for r in rows) and rows[0]["status"] == "graded"
    report = (out / "report.pdf").read_bytes()
    if shutil.which("qpdf"):
        subprocess.run(["qpdf", "--check", str(out / "report.pdf")], check=True, capture_output=True)
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report)).pages)
    assert "Score distribution" in text and "4 sheets graded" in text and "Pages not graded" in text


def test_ambiguous_rows_are_listed_then_settled_with_accept(printed: Printed, tmp_path: Path) -> None:
    rng = random.Random(3)
    geometry = printed.by_label["A"].geometry
    image, intents = scans.fill(printed.images["A"], geometry, rng)
    bubbles = scans.rows_of(geometry)
    scans.good_mark(image, bubbles["2"][0], rng)
    scans.good_mark(image, bubbles["2"][3], rng)  # now two or three marks in row 2
    scans.faint_mark(image, bubbles["id.2"][(int(intents["id.2"].value) + 5) % 10], rng)
    path = tmp_path / "sheet.png"
    scans.write_image(path, image)
    runner = CliRunner()
    first = runner.invoke(cli, ["grade", str(path), "--keys", str(printed.folder), "--out", str(tmp_path / "1")])
    assert first.exit_code == 0, first.output
    assert f"to settle: {path}:2  marks in" in first.output and f"to settle: {path}:id.2  faint" in first.output
    sheet = json.loads((tmp_path / "1" / "grades.json").read_text())["sheets"][0]
    assert sheet["status"] == "to settle" and sheet["student_number"][1] == "?"
    number = "".join(intents[f"id.{i}"].value for i in range(1, 7))
    doc = printed.by_label["A"].doc
    key_letter = "ABCD"[doc["questions"][1]["key"][0]]
    second = runner.invoke(
        cli,
        [
            "grade",
            str(path),
            "--keys",
            str(printed.folder),
            "--out",
            str(tmp_path / "2"),
            "--accept",
            f"{path}:2={key_letter.lower()}",
            "--accept",
            f"{path}:id={number}",
        ],
    )
    assert second.exit_code == 0 and "to settle" not in second.output, second.output
    settled = json.loads((tmp_path / "2" / "grades.json").read_text())["sheets"][0]
    assert settled["status"] == "graded" and settled["student_number"] == number
    assert settled["score"] == sheet["score"] + doc["questions"][1]["points"]


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        ("nonsense", "write SHEET:QUESTION=ANSWER"),
        ("other.png:3=B", "other.png is not one of the scans given"),
    ],
)
def test_a_bad_accept_is_refused_before_any_work(printed: Printed, tmp_path: Path, accept: str, message: str) -> None:
    scan = tmp_path / "sheet.png"
    scans.write_image(scan, printed.images["A"])
    result = CliRunner().invoke(
        cli, ["grade", str(scan), "--keys", str(printed.folder), "--out", str(tmp_path / "out"), "--accept", accept]
    )
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_accept_that_fits_no_row_is_an_error(printed: Printed, tmp_path: Path) -> None:
    scan = tmp_path / "sheet.png"
    scans.write_image(scan, printed.images["A"])
    result = CliRunner().invoke(
        cli,
        [
            "grade",
            str(scan),
            "--keys",
            str(printed.folder),
            "--out",
            str(tmp_path / "out"),
            "--accept",
            f"{scan}:99=B",
            "--accept",
            f"{scan}:1=Z",
        ],
    )
    assert result.exit_code == 1
    assert "has no row 99" in result.output and "choose one of A, B, C, D or blank" in result.output


def test_keys_folder_without_sheets_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["grade", str(tmp_path / "x.png"), "--keys", str(tmp_path), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2 and "no answer sheets with their keys" in result.output
    result = CliRunner().invoke(cli, ["grade", "x.png", "--keys", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no such folder" in result.output


def test_a_damaged_qr_code_or_a_cut_page_is_refused_not_guessed(printed: Printed) -> None:
    geometry = printed.by_label["A"].geometry
    damaged = printed.images["A"].copy()
    qr = geometry["qr"]
    x, y, size = (round(v * scans.PX) for v in (qr["x"], qr["y"], qr["size"]))
    damaged[y + size // 4 : y + 3 * size // 4, x : x + size] = 255
    with pytest.raises(run.Refused, match="QR code could not be read"):
        run.read_sheet(damaged, printed.keys, printed.layouts)
    with pytest.raises(run.Refused, match="corner marks"):
        run.read_sheet(printed.images["A"][: printed.images["A"].shape[0] // 2], printed.keys, printed.layouts)
    noise = np.random.default_rng(1).integers(0, 255, (1200, 900), dtype=np.uint8)
    with pytest.raises(run.Refused):
        run.read_sheet(noise, printed.keys, printed.layouts)


def test_letter_paper_sheets_are_read(bundled: Bank, tmp_path: Path) -> None:
    letter = Printed(bundled, tmp_path, versions="A,B", paper="letter", key="none")
    rng = random.Random(5)
    for label in "AB":
        scan = letter.scan(label, rng, ("rotation", "noise"))
        key, _, readings = run.read_sheet(scan.image, letter.keys, letter.layouts)
        assert key.doc["paper"] == "letter" and judge(readings, scan.intents)["misread"] == 0


@pytest.mark.parametrize("corner", [0, 1, 2, 3])
def test_a_stray_square_beside_a_corner_is_never_taken_silently(printed: Printed, corner: int) -> None:
    """A square as big as a corner mark, further out than it (another sheet's mark on the scanner
    glass, a doodle) is tried as a corner, found not to line up, and passed over."""
    rng = random.Random(corner)
    geometry = printed.by_label["B"].geometry
    image, intents = scans.fill(printed.images["B"], geometry, rng)
    border = 80
    image = scans.pad(image, border)
    mark = geometry["marks"][corner]
    side = round(mark["size"] * scans.PX)
    for step in (1.6, 2.2):
        dx = -1 if corner in (0, 3) else 1
        dy = -1 if corner in (0, 1) else 1
        x = round(mark["x"] * scans.PX + border + dx * step * side)
        y = round(mark["y"] * scans.PX + border + dy * step * side)
        stray = image.copy()
        stray[y - side // 2 : y + side // 2, x - side // 2 : x + side // 2] = 0
        _, _, readings = run.read_sheet(stray, printed.keys, printed.layouts)
        assert judge(readings, intents) == {"right": len(readings)}


def test_a_page_whose_bubbles_do_not_line_up_is_refused(printed: Printed) -> None:
    """The corner marks and QR code in place, the rest of the page shifted (a fold): refused, not guessed."""
    image, _ = scans.fill(printed.images["A"], printed.by_label["A"].geometry, random.Random(9))
    folded = image.copy()
    band = slice(round(200 * scans.PX), round(780 * scans.PX))
    folded[band] = np.roll(image[band], round(7 * scans.PX), axis=1)
    with pytest.raises(run.Refused, match="not where the corner marks put them"):
        run.read_sheet(folded, printed.keys, printed.layouts)


@pytest.mark.parametrize("turn", [cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE])
def test_a_sheet_scanned_sideways_is_read(printed: Printed, turn: int) -> None:
    scan = printed.scan("B", random.Random(turn), ("rotation", "blur"))
    key, located, readings = run.read_sheet(cv2.rotate(scan.image, turn), printed.keys, printed.layouts)
    assert key.doc["version"] == "B" and located.rotation in (1, 3)
    assert judge(readings, scan.intents) == {"right": len(readings)}


def test_odd_files_are_refused_or_skipped_with_a_reason(printed: Printed, tmp_path: Path) -> None:
    files = {
        "one-pixel.png": np.zeros((1, 1), np.uint8),
        "black.png": np.zeros((900, 700), np.uint8),
        "grey.png": np.full((900, 700), 200, np.uint8),
    }
    for name, image in files.items():
        scans.write_image(tmp_path / name, image)
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    names = [*files, "empty.jpg", "broken.pdf"]
    result = CliRunner().invoke(
        cli,
        ["grade", *(str(tmp_path / n) for n in names), "--keys", str(printed.folder), "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    results = json.loads((tmp_path / "out" / "grades.json").read_text())
    assert results["blank_pages"] == [str(tmp_path / "grey.png")]  # an empty page: the back of a duplex scan
    reasons = {Path(r["sheet"]).name: r["reason"] for r in results["refused"]}
    assert sorted(reasons) == ["black.png", "broken.pdf", "empty.jpg", "one-pixel.png"]
    assert "damaged or protected PDF" in reasons["broken.pdf"] and "not an image" in reasons["empty.jpg"]


def test_a_page_that_fails_unexpectedly_costs_only_itself(
    printed: Printed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizgen.grading import marks

    rng = random.Random(11)
    for name in ("first.png", "second.png"):
        scans.write_image(tmp_path / name, printed.scan("A", rng).image)
    real, calls = marks.decide, []

    def failing_once(*args: Any) -> Any:  # fault injection: the first page's reading breaks
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("injected fault")
        return real(*args)

    monkeypatch.setattr(marks, "decide", failing_once)
    outcome = run.grade([str(tmp_path / "first.png"), str(tmp_path / "second.png")], printed.folder, tmp_path / "out")
    assert [s["sheet"] for s in outcome.results["sheets"]] == [str(tmp_path / "second.png")]
    assert outcome.results["refused"][0]["reason"] == "could not be read (ValueError: injected fault)"
    assert (tmp_path / "out" / "grades.csv").is_file() and (tmp_path / "out" / "report.pdf").is_file()
