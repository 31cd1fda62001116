"""Answer sheets: the key document, the geometry JSON and the printed page agree, on A4 and letter."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.errors import UsageError
from quizgen.writers import worksheet
from quizgen.writers.options import RenderOptions
from quizgen.writers.sheets import keydoc, layout

SEED = 1


@pytest.fixture(scope="module")
def printed(bundled: Bank) -> dict[str, bytes]:
    return {a.name: a.data for a in worksheet.render(bundled, RenderOptions(seed=SEED))}


def test_key_document_has_what_the_sheets_need(bundled: Bank, printed: dict[str, bytes]) -> None:
    doc = json.loads(printed["worksheet-A-key.json"])
    assert doc["format"] == "quizgen-worksheet-key" and doc["schema_version"] == 1
    assert doc["bank"] == {"name": bundled.name, "version": bundled.version, "fingerprint": bundled.fingerprint}
    assert (doc["seed"], doc["version"], doc["title"], doc["paper"]) == (SEED, "A", bundled.title, "a4")
    assert [q["number"] for q in doc["questions"]] == list(range(1, len(doc["questions"]) + 1))
    for q in doc["questions"]:
        assert q["points"] == {"mcq": 1, "tf": 1, "cloze": 1, "short": 2, "numeric": 2, "ordering": 2}.get(
            q["kind"], len(q.get("items", []))
        )
        if q["kind"] in keydoc.TYPED_KINDS:
            assert q["answer"] and q["accepted"] and "key" not in q
        elif q["kind"] == "matching":
            assert len(q["key"]) == len(q["items"]) and re.fullmatch(r"[A-D](, [A-D])+", q["answer"])
        elif q["kind"] == "ordering":
            assert sorted(q["key"]) == list(range(len(q["options"])))
        else:
            assert len(q["key"]) == 1 and len(q["options"]) == (2 if q["kind"] == "tf" else 4)
    assert {q["kind"] for q in doc["questions"]} == set(keydoc.KINDS)
    assert keydoc.check(doc, "doc") is doc


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a quizgen worksheet key"),
        (lambda d: d.update(schema_version=2), "schema_version 2"),
        (lambda d: d["questions"][0].update(kind="essay"), "unknown kind"),
        (lambda d: d["questions"][0].update(key=[0, 1]), "key does not fit"),
        (lambda d: d.pop("seed"), "malformed key document"),
    ],
)
def test_a_bad_key_document_is_refused(printed: dict[str, bytes], change: object, message: str) -> None:
    doc = json.loads(printed["worksheet-A-key.json"])
    change(doc)  # type: ignore[operator]
    with pytest.raises(keydoc.KeyDocumentError, match=message):
        keydoc.check(doc, "worksheet-A-key.json")


def test_geometry_places_every_answer_once_without_overlaps(printed: dict[str, bytes]) -> None:
    for label in "AB":
        doc = json.loads(printed[f"worksheet-{label}-key.json"])
        geometry = json.loads(printed[f"worksheet-{label}-answer-sheet.json"])
        assert geometry["key"]["checksum"] == keydoc.checksum(doc) and geometry["key"]["version"] == label
        assert [b["number"] for b in geometry["questions"]] == [q["number"] for q in doc["questions"]]
        for block, q in zip(geometry["questions"], doc["questions"], strict=True):
            rows = block["rows"]
            if q["kind"] == "matching":
                assert len(rows) == len(q["items"]) and all(len(r["bubbles"]) == len(q["options"]) for r in rows)
            elif q["kind"] == "ordering":
                assert [len(r["bubbles"]) for r in rows] == [len(q["options"])] * len(q["options"])
            else:
                values = [b["value"] for b in rows[0]["bubbles"]]
                assert values == {"mcq": ["A", "B", "C", "D"], "tf": ["T", "F"]}.get(
                    q["kind"], ["right", "half", "wrong"]
                )
        page = geometry["page"]
        bubbles = [b for block in geometry["questions"] for row in block["rows"] for b in row["bubbles"]]
        bubbles += [b for column in geometry["student_number"]["columns"] for b in column]
        assert len(geometry["student_number"]["columns"]) == layout.ID_DIGITS
        for b in bubbles:  # inside the frame of corner marks, clear of them
            assert layout.MARK_INSET + 15 < b["x"] < page["width"] - layout.MARK_INSET - 15
            assert layout.MARK_INSET + 15 < b["y"] < page["height"] - layout.MARK_INSET - 15
        centres = sorted((b["x"], b["y"], b["r"]) for b in bubbles)
        for i, (x, y, r) in enumerate(centres):
            for x2, y2, r2 in centres[i + 1 : i + 40]:
                assert (x - x2) ** 2 + (y - y2) ** 2 >= (r + r2 + 4) ** 2, (x, y, x2, y2)


def test_the_sheet_is_one_page_with_its_fonts_and_text(bundled: Bank, printed: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(printed["worksheet-B-answer-sheet.pdf"]))
    assert len(reader.pages) == 1
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]
    text = reader.pages[0].extract_text()
    for needed in (
        "Answer sheet",
        "Version",
        "Student number",
        "Name",
        "How to answer",
        "Multiple choice",
        "Matching",
        "Timeline ordering",
        bundled.name,
    ):
        assert needed in text, needed
    assert reader.metadata is not None and (reader.metadata.title or "").endswith("Answer sheet, version B")
    fonts = {str(f["/BaseFont"]).split("+")[-1] for f in _fonts(reader)}
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold"}, fonts


def _fonts(reader: PdfReader) -> list[Any]:
    resources: Any = reader.pages[0]["/Resources"]
    return [font.get_object() for font in resources["/Font"].values()]


def test_the_qr_code_names_bank_version_seed_label_and_key(printed: dict[str, bytes]) -> None:
    import cv2

    from tests.scans import render

    doc = json.loads(printed["worksheet-A-key.json"])
    image = render(printed["worksheet-A-answer-sheet.pdf"])
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert layout.parse_payload(text) == {
        "bank": doc["bank"]["name"],
        "bank_version": doc["bank"]["version"],
        "seed": "1",
        "version": "A",
        "checksum": keydoc.checksum(doc),
    }


def test_sheets_are_byte_identical_on_rebuild(small: Bank) -> None:
    first = worksheet.render(small, RenderOptions(seed=SEED, versions="A"))
    assert first == worksheet.render(small, RenderOptions(seed=SEED, versions="A"))


def test_worksheet_tells_students_to_answer_on_the_sheet(printed: dict[str, bytes]) -> None:
    text = " ".join(PdfReader(io.BytesIO(printed["worksheet-A.pdf"])).pages[0].extract_text().split())
    assert "Answer on your answer sheet, version A" in text
    without = worksheet.render(worksheet_bank(), RenderOptions(seed=SEED, versions="A", key="none", answer_sheet=False))
    assert [a.name for a in without] == ["worksheet-A.pdf"]
    assert "answer sheet" not in PdfReader(io.BytesIO(without[0].data)).pages[0].extract_text()


def worksheet_bank() -> Bank:
    from quizgen.bank.loader import load
    from tests.helpers import SMALL_BANK

    return load(SMALL_BANK)


def test_letter_paper_sheet(bundled: Bank) -> None:
    artifacts = {
        a.name: a.data for a in worksheet.render(bundled, RenderOptions(seed=SEED, versions="A", paper="letter"))
    }
    geometry = json.loads(artifacts["worksheet-A-answer-sheet.json"])
    assert geometry["page"]["paper"] == "letter" and geometry["page"]["height"] == 792
    reader = PdfReader(io.BytesIO(artifacts["worksheet-A-answer-sheet.pdf"]))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    assert max(row["y"] for b in geometry["questions"] for row in b["rows"]) < 792 - layout.MARGIN


def test_a_sheet_too_full_for_one_page_is_refused_clearly(bundled: Bank, printed: dict[str, bytes]) -> None:
    worksheet.render(
        bundled, RenderOptions(seed=SEED, versions="A", count=40, key="none")
    )  # the whole bundled bank fits
    doc = json.loads(printed["worksheet-A-key.json"])
    mcq = next(q for q in doc["questions"] if q["kind"] == "mcq")
    doc["questions"] = [mcq | {"number": n} for n in range(1, 81)]
    with pytest.raises(UsageError, match=r"answer sheet is full.*has 80; use a smaller --count"):
        layout.geometry(doc)


def test_worksheet_command_writes_sheets_only_when_asked(tmp_path: Path) -> None:
    from tests.helpers import SMALL_BANK

    runner = CliRunner()
    command = ["worksheet", "--bank", str(SMALL_BANK), "--versions", "A"]
    result = runner.invoke(cli, [*command, "--out", str(tmp_path / "a"), "--answer-sheet", "--count", "8"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "worksheet-A-answer-sheet.json",
        "worksheet-A-answer-sheet.pdf",
        "worksheet-A-key.json",
        "worksheet-A-key.pdf",
        "worksheet-A.pdf",
    ]
    result = runner.invoke(cli, [*command, "--out", str(tmp_path / "b")])
    assert result.exit_code == 0 and sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "worksheet-A-key.json",
        "worksheet-A-key.pdf",
        "worksheet-A.pdf",
    ]
