"""The bundled bank against its source: cited, covered, paraphrased, honest about arithmetic."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT  # type: ignore[import-not-found]
from quizgen.answers import normalise
from quizgen.model import Bank

ARTICLE = ROOT.parent / "shared" / "source" / "kazinform-2023-03-31.txt"
COPY_LIMIT = 8  # words in a row shared with the article count as copying


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    if not ARTICLE.is_file():
        pytest.skip(f"needs the source article {ARTICLE.name}, kept outside this repository in ../shared/source/ "
                    f"beside the checkout (looked for {ARTICLE})")
    text = ARTICLE.read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_source_has_the_paragraph_count_the_manifest_says(bundled: Bank, paragraphs: list[str]) -> None:
    [source] = bundled.sources
    assert source.paragraphs == len(paragraphs) == 11


def test_every_paragraph_is_covered(bundled: Bank, paragraphs: list[str]) -> None:
    cited = {fact.citation.paragraph for fact in bundled.facts}
    assert cited == set(range(1, len(paragraphs) + 1))


def test_bank_size(bundled: Bank) -> None:
    assert 30 <= len(bundled.facts) <= 50


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = normalise(text).split()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_facts_paraphrase_rather_than_copy(bundled: Bank, paragraphs: list[str]) -> None:
    article = set().union(*(_ngrams(p, COPY_LIMIT) for p in paragraphs))
    copied = []
    for fact in bundled.facts:
        for field, text in [("statement", fact.statement), ("explanation", fact.explanation),
                            ("cloze", fact.cloze or ""), *(("prompt", p) for p in fact.prompts)]:
            shared = _ngrams(text, COPY_LIMIT) & article
            if shared:
                copied.append(f"{fact.id}.{field}: {' '.join(next(iter(shared)))}")
    assert not copied, "copied from the article:\n" + "\n".join(copied)


KEY_FIGURES = {  # every figure of the article, with the paragraph it stands in
    "1991": 3, "2003": 5, "2021": 8, "2022": 9, "1.9 billion": 9, "310 million": 9, "1.4 billion": 9,
    "2005": 9, "119": 9, "30th": 1,
}


@pytest.mark.parametrize("figure, paragraph", KEY_FIGURES.items())
def test_every_figure_of_the_article_is_in_a_fact_citing_its_paragraph(
        bundled: Bank, paragraphs: list[str], figure: str, paragraph: int) -> None:
    assert figure in paragraphs[paragraph - 1]
    citing = [f for f in bundled.facts if f.citation.paragraph == paragraph]
    assert any(figure in f.statement or figure in f.answer or figure in f.explanation for f in citing), figure


NAMES = {
    "Lee Kuan Yew": 3, "Southeast Asia": 4, "Agreement on Trade and Economic Cooperation": 5,
    "Nazarbayev University": 7, "National University of Singapore": 7, "Gardens by the Bay": 8,
    "ASEAN": 9, "Surbana Jurong": 10, "G4 City": 10, "Almaty region": 10,
}


@pytest.mark.parametrize("name, paragraph", NAMES.items())
def test_every_name_of_the_article_is_in_a_fact_citing_its_paragraph(
        bundled: Bank, paragraphs: list[str], name: str, paragraph: int) -> None:
    assert name in paragraphs[paragraph - 1]
    assert any(name in f.statement for f in bundled.facts if f.citation.paragraph == paragraph), name


def test_facts_derived_by_arithmetic_say_so(bundled: Bank, paragraphs: list[str]) -> None:
    article = " ".join(paragraphs)
    for fact in bundled.facts:
        years = set(re.findall(r"\b(19\d\d|20\d\d)\b", fact.statement))
        missing = {y for y in years if y not in article}
        if missing or "derived" in fact.tags:
            assert "derived" in fact.explanation.casefold(), f"{fact.id}: {missing} is not in the article"
            assert "derived" in fact.tags


def test_ids_are_unique_and_stable_looking(bundled: Bank) -> None:
    ids = [f.id for f in bundled.facts]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_no_all_or_none_of_the_above(bundled: Bank) -> None:
    for fact in bundled.facts:
        for option in (fact.answer, *fact.distractors):
            assert "of the above" not in option.casefold(), fact.id


def test_stems_do_not_give_the_answer_away(bundled: Bank) -> None:
    for fact in bundled.facts:
        for prompt in fact.prompts:
            assert normalise(fact.answer) not in normalise(prompt), fact.id
