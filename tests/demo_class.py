"""A synthetic class, for the benchmark and the README's pictures.

    python -m tests.demo_class images     grade a class of 24 and refresh docs/images/graded-sheet.png
                                          and docs/images/class-report.png (needs pdftoppm)

`make_class` prints the bundled bank's worksheets A and B with answer sheets, and has each
student fill one (the teacher ticking the typed answers); each scan is a two-page PDF, the
sheet and the blank back of a duplex scan, degraded as a scanner or phone would.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

from quizgen.writers.options import RenderOptions

ROOT = Path(__file__).resolve().parents[1]


NAMES = (
    "Aigerim S.",
    "Daniyar K.",
    "Mei Ling T.",
    "Arman B.",
    "Priya N.",
    "Timur A.",
    "Zhanar O.",
    "Wei Jie L.",
    "Aruzhan M.",
    "Rahul D.",
    "Dana Zh.",
    "Siti R.",
)
PICTURED = 5  # the student whose marked sheet the README shows: a few rows to settle, a mild scan


def make_class(folder: Path, students: int, seed: int = 30) -> tuple[Path, list[Path]]:
    """(keys folder, scans) of a class whose skill varies from student to student."""
    import numpy as np

    from quizgen.bank.loader import load
    from quizgen.bank.locate import bundled_path
    from quizgen.output import emit
    from quizgen.writers import worksheet
    from tests import scans

    keys = folder / "keys"
    emit(worksheet.render(load(bundled_path()), RenderOptions(seed=1, key="none")), keys)
    import json

    geometry = {label: json.loads((keys / f"worksheet-{label}-answer-sheet.json").read_text()) for label in "AB"}
    docs = {label: json.loads((keys / f"worksheet-{label}-key.json").read_text()) for label in "AB"}
    blank_sheets = {label: scans.render((keys / f"worksheet-{label}-answer-sheet.pdf").read_bytes()) for label in "AB"}
    rng = random.Random(seed)
    (folder / "scans").mkdir(parents=True, exist_ok=True)
    paths = []
    for student in range(students):
        label = "AB"[student % 2]
        image, _ = scans.fill(
            blank_sheets[label],
            geometry[label],
            rng,
            tricky=student % 6 == 5,
            knows=_knowledge(docs[label], rng.uniform(0.35, 0.95), rng),
            name=NAMES[student % len(NAMES)],
        )
        kinds = tuple(rng.sample(("rotation", "scaling", "blur", "noise", "jpeg", "lighting"), rng.randint(1, 3)))
        if student == PICTURED:
            kinds = ("rotation", "lighting")
        image = scans.degrade(image, geometry[label], kinds, rng)
        back = np.full_like(image, 248)
        path = folder / "scans" / f"student-{student + 1:02d}.pdf"
        path.write_bytes(scans.pdf_of([image, back]))
        paths.append(path)
    return keys, paths


def _knowledge(doc: dict[str, object], skill: float, rng: random.Random) -> dict[str, str]:
    """What this student answers where they know the answer: the key, with probability `skill`."""
    known: dict[str, str] = {}
    for q in doc["questions"]:  # type: ignore[attr-defined]
        n, kind = q["number"], q["kind"]
        if rng.random() > skill:
            continue
        if kind in ("mcq", "tf"):
            known[str(n)] = ("T", "F")[q["key"][0]] if kind == "tf" else "ABCD"[q["key"][0]]
        elif kind == "matching":
            known |= {f"{n}.{i + 1}": "ABCD"[k] for i, k in enumerate(q["key"])}
        elif kind == "ordering":
            known |= {f"{n}.{i + 1}": str(q["key"].index(i) + 1) for i in range(len(q["options"]))}
        else:
            known[str(n)] = "right"
    return known


def images() -> None:
    """Grade a class of 24 and keep a marked sheet and the report's first page for the README."""
    import cv2

    from quizgen.grading.run import grade

    with tempfile.TemporaryDirectory(prefix="quizgen-class-") as temp:
        work = Path(temp)
        keys, paths = make_class(work, 24)
        outcome = grade([str(p) for p in paths], keys, work / "graded")
        sheets = outcome.results["sheets"]
        shown = sheets[PICTURED]
        marked = cv2.imread(str(work / "graded" / shown["annotated_image"]))
        small = cv2.resize(marked, None, fx=0.55, fy=0.55, interpolation=cv2.INTER_AREA)
        cv2.imwrite(str(ROOT / "docs" / "images" / "graded-sheet.png"), small, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(work / "graded" / "report.pdf"),
                str(ROOT / "docs" / "images" / "class-report"),
            ],
            check=True,
        )
        print(f"graded {len(sheets)} sheets; pictured {shown['sheet'].rsplit('/', 1)[-1]}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] != ["images"]:
        sys.exit(__doc__)
    images()
