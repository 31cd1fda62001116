"""The bundled bank against its source: cited, covered, quoted exactly, paraphrased, honest about arithmetic.

The article itself lives outside the repository (../shared/source); these tests read the
fingerprint of it kept in tests/data (see tests/source_ngrams.py), so they run anywhere. The
facts' quotes carry the source's own words; a quote is in its paragraph when every trigram of it
is. Where the article is at hand, two more tests check the real text and that the fingerprint
is current.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from quizgen.bank.compare import normalise
from quizgen.bank.model import Bank
from tests import source_ngrams
from tests.helpers import ROOT

SOURCE_ID = "kazinform-2023-03-31"
ARTICLE = ROOT.parent / "shared" / "source" / f"{SOURCE_ID}.txt"
NEEDS_ARTICLE = pytest.mark.skipif(
    not ARTICLE.is_file(),
    reason=f"needs the source article at {ARTICLE} (../shared/source beside the checkout); "
    "the tests above check the bank against its fingerprint in tests/data instead",
)


@pytest.fixture(scope="module")
def article() -> dict[str, Any]:
    return source_ngrams.load(SOURCE_ID)


def test_source_has_the_paragraph_count_the_manifest_says(bundled: Bank, article: dict[str, Any]) -> None:
    [source] = bundled.sources
    assert source.paragraphs == article["paragraphs"] == 11


def test_every_paragraph_is_covered(bundled: Bank, article: dict[str, Any]) -> None:
    cited = {fact.citation.paragraph for fact in bundled.facts}
    assert cited == set(range(1, article["paragraphs"] + 1))


def test_every_fact_quotes_its_cited_paragraph(bundled: Bank, article: dict[str, Any]) -> None:
    wrong = []
    for fact in bundled.facts:
        assert fact.quote, f"{fact.id} has no quote"
        grams = source_ngrams.ngrams(fact.quote, article["quote_n"])
        assert grams, f"{fact.id}: a quote of at least {article['quote_n']} words"
        known = set(article["trigrams"][fact.citation.paragraph - 1])
        missing = [" ".join(g) for g in grams if source_ngrams.digest(g) not in known]
        if missing:
            wrong.append(f"{fact.id}: '{missing[0]}' is not in paragraph {fact.citation.paragraph}")
    assert not wrong, "\n".join(wrong)


def test_a_changed_quote_is_caught(bundled: Bank, article: dict[str, Any]) -> None:
    fact = bundled.fact("lee-kuan-yew-senior-minister")
    known = set(article["trigrams"][fact.citation.paragraph - 1])
    for altered in ("Senior Minister Lee Kuan Yu", "Senior Ministers Lee Kuan Yew", "Minister Senior Lee Kuan Yew"):
        grams = source_ngrams.ngrams(altered, article["quote_n"])
        assert not all(source_ngrams.digest(g) in known for g in grams), altered


@NEEDS_ARTICLE
def test_quotes_stand_in_the_real_article() -> None:
    result = CliRunner().invoke(cli_group(), ["check", "--sources", str(ARTICLE.parent)])
    assert result.exit_code == 0, result.output
    assert "every quote found in its cited paragraph" in result.output


@NEEDS_ARTICLE
def test_the_article_fingerprint_is_current() -> None:
    import json

    assert source_ngrams.fingerprint(ARTICLE.read_text(encoding="utf-8")) == json.loads(
        (source_ngrams.DATA / f"{SOURCE_ID}.ngrams.json").read_text(encoding="utf-8")
    ), "tests/data is stale: run python -m tests.source_ngrams (see its docstring)"


def cli_group() -> Any:
    from quizgen.cli import cli

    return cli


def test_bank_size(bundled: Bank) -> None:
    assert 30 <= len(bundled.facts) <= 50


def test_facts_paraphrase_rather_than_copy(bundled: Bank, article: dict[str, Any]) -> None:
    """No field but the quote shares copy_n words in a row with the article."""
    copy = set(article["copy"])
    copied = []
    for fact in bundled.facts:
        for field, text in [
            ("statement", fact.statement),
            ("explanation", fact.explanation),
            ("cloze", fact.cloze or ""),
            *(("prompt", p) for p in fact.prompts),
            *(("false statement", f) for f in fact.false_statements),
        ]:
            shared = [g for g in source_ngrams.ngrams(text, article["copy_n"]) if source_ngrams.digest(g) in copy]
            if shared:
                copied.append(f"{fact.id}.{field}: {' '.join(shared[0])}")
    assert not copied, "copied from the article:\n" + "\n".join(copied)


KEY_FIGURES = {  # every figure of the article, with the paragraph it stands in
    "1991": 3,
    "2003": 5,
    "2021": 8,
    "2022": 9,
    "1.9 billion": 9,
    "310 million": 9,
    "1.4 billion": 9,
    "2005": 9,
    "119": 9,
    "30th": 1,
}


@pytest.mark.parametrize("figure, paragraph", KEY_FIGURES.items())
def test_every_figure_of_the_article_is_in_a_fact_citing_its_paragraph(
    bundled: Bank, figure: str, paragraph: int
) -> None:
    citing = [f for f in bundled.facts if f.citation.paragraph == paragraph]
    assert any(figure in (f.quote or "") for f in citing), f"{figure}: no quote of paragraph {paragraph} holds it"
    assert any(figure in f.statement or figure in f.answer or figure in f.explanation for f in citing), figure


NAMES = {
    "Lee Kuan Yew": 3,
    "Southeast Asia": 4,
    "Agreement on Trade and Economic Cooperation": 5,
    "Nazarbayev University": 7,
    "National University of Singapore": 7,
    "Gardens by the Bay": 8,
    "ASEAN": 9,
    "Surbana Jurong": 10,
    "G4 City": 10,
    "Almaty region": 10,
}


@pytest.mark.parametrize("name, paragraph", NAMES.items())
def test_every_name_of_the_article_is_in_a_fact_citing_its_paragraph(bundled: Bank, name: str, paragraph: int) -> None:
    citing = [f for f in bundled.facts if f.citation.paragraph == paragraph]
    assert any(name in (f.quote or "") for f in citing), f"{name}: no quote of paragraph {paragraph} holds it"
    assert any(name in f.statement for f in bundled.facts if f.citation.paragraph == paragraph), name


def test_facts_derived_by_arithmetic_say_so(bundled: Bank) -> None:
    """A year no quote holds (other than the report's own) was worked out: the fact says so."""
    quoted = " ".join(fact.quote or "" for fact in bundled.facts) + " " + bundled.sources[0].date[:4]
    for fact in bundled.facts:
        years = set(re.findall(r"\b(19\d\d|20\d\d)\b", fact.statement))
        missing = {y for y in years if y not in quoted}
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
