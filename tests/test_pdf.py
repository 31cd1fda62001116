"""The PDF writers, checked by parsing their output with pypdf and qpdf."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.questions import BLANK, Kind, Matching, MultipleChoice, Ordering, TrueFalse, parse_kinds, select
from quizgen.questions.reveal import shown_texts
from quizgen.questions.versions import Version, key_answer, make_versions, parse_labels
from quizgen.writers import Artifact, study_guide, worksheet
from quizgen.writers.options import DEFAULT_COUNT, RenderOptions
from tests.helpers import ROOT

A4 = (595, 842)
LETTER = (612, 792)
SEED = 1


def text_of(data: bytes) -> str:
    """All the text, whitespace collapsed: wrapped lines read as one sentence."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def versions_for(bank: Bank, labels: str = "A,B", count: int = DEFAULT_COUNT) -> list[Version]:
    """What the engine asks of each version; the writer must print exactly this."""
    return make_versions(select(bank, SEED, count, parse_kinds(None)).questions, SEED, parse_labels(labels))


def pdfs(artifacts: list[Artifact]) -> dict[str, bytes]:
    return {a.name: a.data for a in artifacts if a.name.endswith(".pdf")}


@pytest.fixture(scope="module")
def bundled_sheets(bundled: Bank) -> dict[str, bytes]:
    return pdfs(worksheet.render(bundled, RenderOptions(seed=SEED)))


@pytest.fixture(scope="module")
def small_sheets(small: Bank) -> dict[str, bytes]:
    return pdfs(worksheet.render(small, RenderOptions(seed=SEED)))


@pytest.fixture(scope="module")
def guide(bundled: Bank) -> bytes:
    [artifact] = study_guide.render(bundled, RenderOptions(seed=SEED))
    return artifact.data


def test_build_defaults_give_two_versions_with_separate_keys(bundled_sheets: dict[str, bytes]) -> None:
    assert sorted(bundled_sheets) == [
        "worksheet-A-answer-sheet.pdf",
        "worksheet-A-key.pdf",
        "worksheet-A.pdf",
        "worksheet-B-answer-sheet.pdf",
        "worksheet-B-key.pdf",
        "worksheet-B.pdf",
    ]


@pytest.mark.parametrize("bank_name", ["bundled", "small"])
def test_every_question_and_option_is_printed(bank_name: str, request: pytest.FixtureRequest) -> None:
    bank: Bank = request.getfixturevalue(bank_name)
    sheets: dict[str, bytes] = request.getfixturevalue(f"{bank_name}_sheets")
    for version in versions_for(bank):
        text = text_of(sheets[f"worksheet-{version.label}.pdf"])
        for q in version.questions:
            assert flat(q.prompt.replace(BLANK, worksheet.FILL_IN)) in text, q.id
            for shown in shown_texts(q):
                assert flat(shown) in text, (q.id, shown)


@pytest.mark.parametrize("bank_name", ["bundled", "small"])
def test_key_answers_are_the_engines_answers_for_that_version(bank_name: str, request: pytest.FixtureRequest) -> None:
    bank: Bank = request.getfixturevalue(bank_name)
    sheets: dict[str, bytes] = request.getfixturevalue(f"{bank_name}_sheets")
    for version in versions_for(bank):
        sheet = text_of(sheets[f"worksheet-{version.label}.pdf"])
        key = text_of(sheets[f"worksheet-{version.label}-key.pdf"])
        numbers = list(range(1, len(version.questions) + 1))
        assert question_numbers(sheets[f"worksheet-{version.label}.pdf"]) == numbers
        assert question_numbers(sheets[f"worksheet-{version.label}-key.pdf"]) == numbers
        assert sheet.count("Page 1 of") == 1
        position = 0
        for q in version.questions:
            found = key.find(f"Answer: {flat(key_answer(q))}", position)
            assert found >= 0, (version.label, q.id, key_answer(q))
            position = found
            if q.kind not in (Kind.MATCHING, Kind.ORDERING):
                assert flat(q.explanation) in key, q.id
            assert f"paragraph {q.citations[0].paragraph}" in key or "paragraphs" in key


def question_numbers(data: bytes) -> list[int]:
    """The numbers that start a line, '1. ', '2. ', ...: one per question."""
    return [int(n) for page in pages_of(data) for n in re.findall(r"(?m)^\s*(\d+)\.\s", page)]


def test_versions_hold_the_same_questions_in_another_order(bundled: Bank) -> None:
    a, b, c = versions_for(bundled, "A,B,C")
    ids = [sorted(q.id for q in v.questions) for v in (a, b, c)]
    assert ids[0] == ids[1] == ids[2]
    assert [q.id for q in a.questions] != [q.id for q in b.questions]
    assert [shown_texts(q) for q in a.questions] != [shown_texts(q) for q in b.questions]
    originals = {q.id: q for q in select(bundled, SEED, DEFAULT_COUNT, parse_kinds(None))}
    for version in (a, b, c):
        for q in version.questions:
            original = originals[q.id]
            assert sorted(shown_texts(q)) == sorted(shown_texts(original))
            if isinstance(q, MultipleChoice | TrueFalse):
                assert q.answer == original.answer
            if isinstance(q, Matching) and isinstance(original, Matching):
                pairs = {(item, q.options[k]) for item, k in zip(q.items, q.matches, strict=True)}
                assert pairs == {
                    (item, original.options[k]) for item, k in zip(original.items, original.matches, strict=True)
                }
            if isinstance(q, Ordering) and isinstance(original, Ordering):
                assert [q.events[k] for k in q.order] == [original.events[k] for k in original.order]


def test_correct_letters_are_spread_evenly(bundled: Bank) -> None:
    questions = select(bundled, SEED, 16, parse_kinds("mcq")).questions
    versions = make_versions(questions, SEED, ("A", "B", "C"))
    total: Counter[str] = Counter()
    for version in versions:
        letters = Counter(key_answer(q) for q in version.questions)
        assert max(letters.values()) <= 0.4 * len(version.questions), letters
        total += letters
    assert max(total.values()) <= 0.4 * sum(total.values())


def fonts_of(data: bytes) -> list[object]:
    reader = PdfReader(io.BytesIO(data))
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            found.append(font.get_object())
    return found


def all_pdfs(bundled_sheets: dict[str, bytes], guide: bytes) -> dict[str, bytes]:
    return bundled_sheets | {"study-guide.pdf": guide}


def test_every_font_is_embedded_with_a_unicode_map(bundled_sheets: dict[str, bytes], guide: bytes) -> None:
    for name, data in all_pdfs(bundled_sheets, guide).items():
        fonts = fonts_of(data)
        assert fonts, name
        for font in fonts:
            assert font["/BaseFont"].endswith(
                ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique")
            ), (name, font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"], (name, font["/BaseFont"])
            assert "/ToUnicode" in font, (name, font["/BaseFont"])


def test_qpdf_finds_no_fault(bundled_sheets: dict[str, bytes], guide: bytes, tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("needs qpdf on PATH (Debian package qpdf; 'make systools' installs it as root)")
    for name, data in all_pdfs(bundled_sheets, guide).items():
        path = tmp_path / name
        path.write_bytes(data)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def page_size(data: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_paper_sizes(bundled: Bank, bundled_sheets: dict[str, bytes], guide: bytes) -> None:
    assert page_size(bundled_sheets["worksheet-A.pdf"]) == A4
    assert page_size(guide) == A4
    [letter] = worksheet.render(
        bundled, RenderOptions(seed=SEED, versions="A", key="none", paper="letter", answer_sheet=False)
    )
    assert page_size(letter.data) == LETTER
    assert page_size(study_guide.render(bundled, RenderOptions(seed=SEED, paper="letter"))[0].data) == LETTER


def test_page_footers_count_the_pages(bundled_sheets: dict[str, bytes], guide: bytes) -> None:
    for name, data in all_pdfs(bundled_sheets, guide).items():
        if name.endswith("-answer-sheet.pdf"):
            continue  # one page, its version printed large (tests/test_sheets.py)
        pages = pages_of(data)
        assert len(pages) >= 2, name
        for number, text in enumerate(pages, 1):
            assert f"Page {number} of {len(pages)}" in text, name
            if name.startswith("worksheet-"):
                assert f"Version {name.split('-')[1].removesuffix('.pdf')}" in text


def test_metadata(bundled: Bank, bundled_sheets: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(bundled_sheets["worksheet-B-key.pdf"]))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"{bundled.title} - Answer key, version B"
    assert "Answer key, version B" in (meta.subject or "")
    assert meta.author == "quizgen"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_rebuild_is_byte_identical(small: Bank, small_sheets: dict[str, bytes]) -> None:
    again = pdfs(worksheet.render(small, RenderOptions(seed=SEED)))
    assert again == small_sheets
    assert study_guide.render(small, RenderOptions(seed=SEED)) == study_guide.render(small, RenderOptions(seed=SEED))


def test_small_bank_keeps_kazakh_and_markup_characters(small: Bank, small_sheets: dict[str, bytes]) -> None:
    [artifact] = study_guide.render(small, RenderOptions(seed=SEED))
    text = text_of(artifact.data)
    for fact in small.facts:
        assert flat(fact.statement) in text
    for literal in ("Alpha & Omega", "Beta «Қазақ»", "Small fixture bank «тест»", "Алматы", "Land founded"):
        assert literal in text
    sheets = text_of(small_sheets["worksheet-A.pdf"]) + text_of(small_sheets["worksheet-A-key.pdf"])
    assert "Қарағанды & Co" in sheets and "Ұлан Әбу" in sheets
    key = text_of(small_sheets["worksheet-A-key.pdf"])
    assert "a <script>alert(1)</script> is only text, and so are {{ and }} and ::." in key
    assert "Source: Test Press, Алматы, 1 January 2024, paragraph 2" in key


def test_study_guide_shows_timeline_chart_and_sources(bundled: Bank, guide: bytes) -> None:
    first = flat(pages_of(guide)[0])
    assert "Timeline, 1991 to 2023" in first
    for fact in bundled.facts:
        if fact.date and fact.event:
            assert fact.event in first, fact.id
    for figure in ("1.9 billion US dollars", "1.4 billion US dollars", "310 million US dollars"):
        assert figure in first
    text = text_of(guide)
    for topic in bundled.topics:
        assert topic.title in text
    assert text.rstrip().rfind("Sources") > text.find("Facts by topic") > 0
    assert bundled.sources[0].title in text


def test_charts_print_kazakh_in_an_embedded_font() -> None:
    from quizgen.writers.pdf.charts import Event, Figure, bar_chart, timeline
    from quizgen.writers.pdf.layout import build_pdf

    story = [
        timeline([Event("1997-12-10", "Астана – елорда «Ақмола»"), Event("2001", "Ғ Қ Ң Ө Ұ Ү Һ І")], 400),
        bar_chart([Figure("Сауда <b> & Co", 2.5e9, "теңге"), Figure("Инвестиция", 4e8, "теңге")], 400),
    ]
    data = build_pdf(story, paper="a4", title="t", subject="s", lang="kk", footer="Қ")
    text = text_of(data)
    for literal in ("Астана – елорда «Ақмола»", "Ғ Қ Ң Ө Ұ Ү Һ І", "Сауда <b> & Co", "2.5 billion теңге"):
        assert literal in text
    assert all("/ToUnicode" in font and "DejaVu" in font["/BaseFont"] for font in fonts_of(data))


def test_worksheet_command_writes_versions(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "worksheet",
            "--out",
            str(tmp_path),
            "--versions",
            "A,B,C",
            "--key",
            "none",
            "--count",
            "8",
            "--kinds",
            "mcq,tf",
            "--paper",
            "letter",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["worksheet-A.pdf", "worksheet-B.pdf", "worksheet-C.pdf"]
    assert page_size((tmp_path / "worksheet-C.pdf").read_bytes()) == LETTER


def test_appended_key_follows_the_worksheet(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["worksheet", "--out", str(tmp_path), "--versions", "X", "--key", "appended", "--title", "Quiz <1> & «Сынақ»"],
    )
    assert result.exit_code == 0, result.output
    pages = pages_of((tmp_path / "worksheet-X.pdf").read_bytes())
    assert "Quiz <1> & «Сынақ»" in pages[0]
    assert "Version X - answer key" in pages[-1] and "Answer:" in pages[-1]
    assert "answer key" not in pages[0]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--versions", "A,../B"], "bad version label"),
        (["--versions", "A,a"], "must differ"),
        (["--kinds", "essay"], "unknown question kind"),
        (["--topic", "nope"], "unknown topic"),
    ],
)
def test_bad_options_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["worksheet", "--out", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not any(tmp_path.iterdir())


def test_readme_shows_the_page_images() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\((docs/images/[^)]+\.png)\)", readme)
    assert len(images) >= 2
    for image in images:
        assert (ROOT / image).is_file(), image


def test_artifacts_are_bytes_with_bare_names(small: Bank) -> None:
    artifacts = worksheet.render(small, RenderOptions(seed=SEED, versions="A"))
    assert [a.name for a in artifacts] == [
        "worksheet-A.pdf",
        "worksheet-A-key.pdf",
        "worksheet-A-key.json",
        "worksheet-A-answer-sheet.pdf",
        "worksheet-A-answer-sheet.json",
    ]
    for artifact in artifacts:
        assert isinstance(artifact, Artifact) and "/" not in artifact.name
        assert artifact.data.startswith(b"{" if artifact.name.endswith(".json") else b"%PDF")


def test_reportlab_is_imported_only_when_a_pdf_is_made() -> None:
    """Writer modules load when they render (Writer.load): listing them, or any other command, leaves
    ReportLab out."""
    import sys

    code = (
        "import sys, quizgen.cli, quizgen.writers, quizgen.questions.versions; from quizgen.writers import WRITERS; "
        "[w.description for w in WRITERS]; "
        "sys.exit(any(m.split('.')[0] == 'reportlab' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_block_taller_than_a_page_flows_instead_of_failing() -> None:
    """Unsplit moves a question whole to the next page; one taller than a page must still print."""
    import io

    from pypdf import PdfReader
    from reportlab.platypus import Paragraph

    from quizgen.writers.pdf.layout import STYLES, Unsplit, build_pdf

    lines = [Paragraph(f"line {n} of a very tall question", STYLES["question"]) for n in range(120)]
    small = [Paragraph(f"small block {n}", STYLES["question"]) for n in range(3)]
    data = build_pdf([Unsplit(small), Unsplit(lines)], paper="a4", title="t", subject="s", lang="en", footer="f")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert all(f"line {n} of" in text for n in range(120)) and "small block 2" in text
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
