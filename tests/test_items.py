"""Classroom-grade items, read back from what quizgen writes for the bundled bank.

- every true/false statement in the exports, quizzes and worksheets of seeds 1-50 reads right,
  and a false one differs from the true one in one span only (built the same way);
- no worksheet version of seeds 1-50, with 2 to 6 versions, holds two items that give each
  other away, and any two versions differ as they must: checked from the JSON keys;
- typed answers accept what a teacher would.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from quizgen.bank import cloze
from quizgen.bank.compare import normalise, numbers_in
from quizgen.bank.model import Bank, Fact
from quizgen.questions import Kind, TrueFalse, question_set, select, true_statement
from quizgen.questions.reveal import fact_marks
from quizgen.questions.versions import key_document, make_versions
from quizgen.writers import get, worksheet
from quizgen.writers.options import DEFAULT_COUNT, RenderOptions

SEEDS = range(1, 51)


def tf_statements(bank: Bank, seed: int) -> list[tuple[str, str]]:
    """(fact id, statement) of every true/false item in the JSON, CSV and GIFT exports of a seed."""
    found = []
    document = json.loads(get("json").render(bank, RenderOptions(seed=seed))[0].data)
    found += [(q["fact_ids"][0], q["prompt"]) for q in document["questions"] if q["kind"] == "tf"]
    rows = csv.DictReader(
        io.StringIO(get("csv").render(bank, RenderOptions(seed=seed))[0].data.decode("utf-8-sig"), newline="")
    )
    found += [(row["id"].split(":", 1)[1], row["prompt"]) for row in rows if row["kind"] == "tf"]
    gift = get("gift").render(bank, RenderOptions(seed=seed))[0].data.decode("utf-8")
    for fact_id, text in re.findall(r"::[\w-]+/([\w-]+) tf::\[html\](.*?) \{(?:TRUE|FALSE)", gift):
        found.append((fact_id, text.replace("\\", "").replace("&#39;", "'")))
    return found


def one_span_apart(true: str, false: str) -> bool:
    """The false sentence is the true one with one run of words swapped for another."""
    a, b = true.split(), false.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start + end >= min(len(a), len(b)) - 6 and (start > 0 or end > 0)


def test_no_ungrammatical_statement_in_any_output(bundled: Bank) -> None:
    faults = []
    for seed in SEEDS:
        statements = tf_statements(bundled, seed)
        statements += [(q.fact_id, q.prompt) for q in select(bundled, seed, 20) if isinstance(q, TrueFalse)]
        statements += [(q.fact_id, q.prompt) for q in select(bundled, seed, 10) if isinstance(q, TrueFalse)]
        assert statements
        for fact_id, statement in statements:
            problems = cloze.statement_misfits(statement)
            true = true_statement(bundled.fact(fact_id))
            if statement != true and not one_span_apart(true, statement):
                problems.append("not built like the true statement")
            if problems:
                faults.append(f"seed {seed}, {fact_id}: {statement!r}: {problems}")
    assert not faults, "\n".join(faults[:10])


def test_every_false_statement_the_bank_allows_reads_right(bundled: Bank) -> None:
    from quizgen.questions import false_statements

    for fact in bundled.facts:
        for statement in false_statements(fact):
            assert cloze.statement_misfits(statement) == [], (fact.id, statement)
            assert normalise(statement) != normalise(true_statement(fact))


def test_the_grammar_check_catches_the_faults_of_the_old_bank() -> None:
    for sentence in (
        "Both countries pursue a A policy of armed non-alignment foreign policy.",
        "Around About 219 enterprises with Singaporean participation operate in Kazakhstan.",
        "Within The Gulf Cooperation Council, Singapore ranks among the partners.",
        "The agreement began the forming of Visa-free travel between the two countries between the two countries.",
    ):
        assert cloze.statement_misfits(sentence), sentence


# ---- versions, from the JSON keys -------------------------------------------------------------


def shown_of(entry: dict[str, Any]) -> tuple[tuple[str, ...], frozenset[float]]:
    texts = [entry["prompt"], *entry.get("options", []), *entry.get("items", [])]
    tokens: list[str] = []
    for text in texts:
        tokens += [*normalise(text).split(), "\x00"]
    return tuple(tokens), frozenset().union(*(numbers_in(t) for t in texts))


def gives_away(shown: tuple[tuple[str, ...], frozenset[float]], fact: Fact) -> bool:
    tokens, numbers = shown
    marks = fact_marks(fact)
    for phrase in marks.phrases:
        if any(tokens[i : i + len(phrase)] == phrase for i in range(len(tokens))):
            return True
    return any(mark.numbers <= numbers for mark in marks.numbers)


def revealing(bank: Bank, document: dict[str, Any]) -> list[str]:
    entries = document["questions"]
    shown = [shown_of(entry) for entry in entries]
    found = []
    for i, a in enumerate(entries):
        for j, b in enumerate(entries):
            if i == j:
                continue
            shared = set(a["fact_ids"]) & set(b["fact_ids"])
            marked = any(other in bank.fact(f).reveals for f in a["fact_ids"] for other in b["fact_ids"])
            if a["kind"] == "ordering" or b["kind"] == "ordering":
                given = False  # an ordering's answer is an order: the engine's own rule (two dates) covers it
            else:
                given = any(gives_away(shown[i], bank.fact(f)) for f in b["fact_ids"])
            if shared or marked or given:
                found.append(f"{document['version']}: {a['number']} and {b['number']}")
    return found


def versions_differ(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    faults = []
    if len(a["questions"]) > 1 and [q["id"] for q in a["questions"]] == [q["id"] for q in b["questions"]]:
        faults.append("same order")
    letters_b = {q["id"]: q["answer"] for q in b["questions"] if q["kind"] == "mcq"}
    mcq = [q for q in a["questions"] if q["kind"] == "mcq"]
    same = sum(1 for q in mcq if letters_b[q["id"]] == q["answer"])
    if mcq and 2 * (len(mcq) - same) < len(mcq):
        faults.append(f"{same} of {len(mcq)} correct letters the same")
    return faults


def test_versions_never_reveal_and_always_differ(bundled: Bank) -> None:
    """Six versions per seed: a version is made unlike the ones before it, so versions A-C of a
    six-version set are the three-version set, and every pair below is checked."""
    labels = "ABCDEF"
    assert [v.label for v in make_versions(select(bundled, 9, 20).questions, 9, "ABC")] == list("ABC")
    assert (
        make_versions(select(bundled, 9, 20).questions, 9, "ABC")
        == make_versions(select(bundled, 9, 20).questions, 9, labels)[:3]
    )
    problems = []
    for seed in SEEDS:
        questions = select(bundled, seed, DEFAULT_COUNT).questions
        documents = [
            key_document(bundled, version, seed, bundled.title, "a4")
            for version in make_versions(questions, seed, labels)
        ]
        for document in documents:
            problems += [f"seed {seed}: {p}" for p in revealing(bundled, document)]
            letters = [q["answer"] for q in document["questions"] if q["kind"] == "mcq"]
            assert max(map(letters.count, "ABCD")) - min(map(letters.count, "ABCD")) <= 1, (seed, letters)
        for i, a in enumerate(documents):
            for b in documents[i + 1 :]:
                problems += [f"seed {seed}, {a['version']}/{b['version']}: {p}" for p in versions_differ(a, b)]
    assert not problems, problems[:10]


def test_the_writer_writes_the_keys_the_versions_make(bundled: Bank) -> None:
    artifacts = {a.name: a.data for a in worksheet.render(bundled, RenderOptions(seed=3, versions="A,B,C", count=12))}
    questions = select(bundled, 3, 12).questions
    for version in make_versions(questions, 3, "ABC"):
        written = json.loads(artifacts[f"worksheet-{version.label}-key.json"])
        assert written == key_document(bundled, version, 3, bundled.title, "a4")
        assert written["format"] == "quizgen-worksheet-key" and written["bank"]["fingerprint"] == bundled.fingerprint


# ---- fair grading of typed answers ------------------------------------------------------------

PARAPHRASES = {  # what a reviewer would accept for each typed question of the bundled bank
    "anniversary-30-years": ["30 years", "thirty years", "three decades", "30", "thirty", "30 yrs"],
    "relations-established-1993": ["1993", "in 1993"],
    "trade-agreement-2003": ["2003", "in 2003"],
    "trade-volume-2022": ["1.9 billion", "$1.9bn", "1,9 billion dollars", "1900 million", "1.9 bn US dollars"],
    "investment-inflow-2022": ["310 million", "$310m", "310 million dollars", "0.31 billion"],
    "investment-2005-2022": ["1.4 billion", "$1.4 billion", "1400 million"],
    "singapore-enterprises": ["119", "about 119", "around 119", "one hundred and nineteen"],
    "g4-city-satellite-cities": ["4", "four", "four cities"],
    "lee-kuan-yew-visit": ["Lee Kuan Yew", "lee kuan yew", "LKY", "Lee Kwan Yew"],
    "lee-kuan-yew-visit-date": ["September 1991", "Sept 1991", "Sep 1991", "09/1991"],
    "lee-kuan-yew-first-prime-minister": ["Prime Minister", "PM", "prime minister"],
    "lee-kuan-yew-senior-minister": ["Senior Minister", "senior minister"],
    "partner-in-southeast-asia": ["Southeast Asia", "South-East Asia", "South East Asia", "SE Asia"],
    "balanced-foreign-policy": [
        "multidirectional, balanced",
        "balanced, multidirectional",
        "multidirectional",
        "balanced and multidirectional",
        "multi-vector",
    ],
    "asean-trading-partner": ["ASEAN", "Association of Southeast Asian Nations"],
    "g4-city-almaty-region": ["Almaty region", "Almaty oblast", "Almaty"],
    "surbana-jurong-g4-city": ["Surbana Jurong", "surbana jurong"],
    "gspp-university": ["Nazarbayev University", "NU"],
    "lkyspp-university": ["National University of Singapore", "NUS"],
    "exhibition-gardens-by-the-bay": ["Gardens by the Bay", "the Gardens by the Bay"],
    "independence-1991": ["1991"],
    "civil-service-exchanges": ["a tradition", "tradition"],
    "anniversary-celebrated-thursday": ["Thursday", "thursday"],
    "legal-framework-begins": ["a legal framework", "the formation of a legal framework", "legal framework"],
    "surbana-jurong-partners": [
        "domestic investors",
        "Kazakh investors",
        "local investors",
        "investors from Kazakhstan",
    ],
    "three-foundations": ["friendly ties between the peoples", "friendship between the two peoples"],
    "highest-level-dialogue": ["political dialogue at the highest level", "top-level political dialogue"],
}
WRONG = {
    "anniversary-30-years": ["31", "twenty years"],
    "trade-volume-2022": ["1.4 billion", "2.6 billion"],
    "g4-city-satellite-cities": ["three", "6"],
    "lee-kuan-yew-visit": ["Lee Hsien Loong"],
    "independence-1991": ["1993"],
    "balanced-foreign-policy": ["neutral"],
}


def test_every_typed_question_accepts_the_obvious_paraphrases(bundled: Bank) -> None:
    typed = [q for q in question_set(bundled, 1) if q.kind in (Kind.CLOZE, Kind.SHORT, Kind.NUMERIC)]
    asked = {q.fact_id for q in typed}
    assert asked <= set(PARAPHRASES), f"no paraphrases listed for {sorted(asked - set(PARAPHRASES))}"
    refused = []
    for q in typed:
        for reply in PARAPHRASES[q.fact_id]:
            outcome = q.grade(reply)  # type: ignore[union-attr]
            if not outcome.correct:
                refused.append(f"{q.id}: {reply!r}")
            assert "''" not in outcome.note, (q.id, reply, outcome.note)
        for reply in WRONG.get(q.fact_id, []):
            assert not q.grade(reply).correct, (q.id, reply)  # type: ignore[union-attr]
    assert not refused, refused
