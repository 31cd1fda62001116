"""The question engine: facts in, typed questions out, repeatable from an explicit seed.

Nothing here touches the global random state: every choice comes from the `random.Random`
made for one call, so the same bank and seed give the same questions.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypedDict

from quizgen.bank import cloze
from quizgen.bank.compare import normalise
from quizgen.bank.model import Bank, Citation, Fact
from quizgen.errors import UsageError
from quizgen.questions.kinds import (
    BLANK,
    Cloze,
    Kind,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)
from quizgen.questions.reveal import RevealIndex, answer_index

MAX_PAIRS = 4  # matching questions: pairs per question
MAX_EVENTS = 5  # ordering questions: events per question
OPTIONS = 4  # multiple choice: the answer and three distractors
SINGLE_FACT_KINDS = (Kind.MCQ, Kind.TF, Kind.CLOZE, Kind.SHORT, Kind.NUMERIC)
GROUP_KINDS = (Kind.MATCHING, Kind.ORDERING)
_TRIES = 6  # samples of wrong answers tried when one would give another item away


def parse_kinds(text: str | Iterable[str] | None) -> tuple[Kind, ...]:
    """'mcq,tf' -> (Kind.MCQ, Kind.TF); None or 'all' -> every kind; '' is an error."""
    if text is None:
        return tuple(Kind)
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    if not names:
        raise UsageError(f"no question kind given; choose from {', '.join(Kind)} (or leave --kinds out for all)")
    if names == ["all"]:
        return tuple(Kind)
    kinds = []
    for name in names:
        try:
            kinds.append(Kind(name))
        except ValueError:
            raise UsageError(f"unknown question kind '{name}'; choose from {', '.join(Kind)}") from None
    return tuple(dict.fromkeys(kinds))


def kinds_for(fact: Fact) -> tuple[Kind, ...]:
    """The single-fact kinds a fact supports."""
    kinds = [Kind.MCQ]
    if fact.cloze or fact.false_statements:
        kinds.append(Kind.TF)
    if fact.cloze:
        kinds.append(Kind.CLOZE)
    if fact.numeric:
        kinds.append(Kind.NUMERIC)
    elif fact.type_answer or len(fact.answer.split()) <= 3:
        kinds.append(Kind.SHORT)
    return tuple(kinds)


def pick_facts(bank: Bank, topic: str | None = None) -> tuple[Fact, ...]:
    if topic is None:
        return bank.facts
    known = {t.id for t in bank.topics}
    if topic not in known:
        raise UsageError(f"unknown topic '{topic}'; the bank's topics are: {', '.join(sorted(known))}")
    return tuple(fact for fact in bank.facts if fact.topic == topic)


# ---- one fact, one question ------------------------------------------------------------------


class _Common(TypedDict):
    """What every question of one fact takes from it (the fields of kinds._Question)."""

    id: str
    fact_ids: tuple[str, ...]
    topic: str
    prompt: str
    explanation: str
    citations: tuple[Citation, ...]
    difficulty: int


def _common(fact: Fact, kind: Kind, prompt: str) -> _Common:
    return {
        "id": f"{kind}:{fact.id}",
        "fact_ids": (fact.id,),
        "topic": fact.topic,
        "prompt": prompt,
        "explanation": fact.explanation,
        "citations": (fact.citation,),
        "difficulty": fact.difficulty,
    }


def multiple_choice(fact: Fact, rng: random.Random, position: int | None = None) -> MultipleChoice:
    """The answer and three of the fact's distractors, the answer at `position`."""
    wrong = rng.sample(fact.distractors, OPTIONS - 1)
    prompt = rng.choice(fact.prompts)
    spot = rng.randrange(OPTIONS) if position is None else position
    wrong.insert(spot, fact.answer)
    return MultipleChoice(options=tuple(wrong), correct=spot, **_common(fact, Kind.MCQ, prompt))


def true_statement(fact: Fact) -> str:
    """The sentence a true true/false question shows: the filled cloze, else the statement."""
    if fact.cloze:
        return cloze.fill(fact.cloze, cloze.parts(fact.cloze)[1])
    return fact.statement


def false_statements(fact: Fact) -> tuple[str, ...]:
    """Every false sentence the bank allows for a fact, each built like the true one."""
    if fact.false_statements:
        return fact.false_statements
    if not fact.cloze:
        return ()
    before, _, after = cloze.parts(fact.cloze)
    fillers = fact.cloze_distractors or fact.distractors
    return tuple(f"{before}{filler}{after}" for filler in fillers)


def true_false(fact: Fact, truth: bool, rng: random.Random) -> TrueFalse:
    statement = true_statement(fact) if truth else rng.choice(false_statements(fact))
    explanation = fact.explanation if truth else f"False: {true_statement(fact)} {fact.explanation}"
    common = _common(fact, Kind.TF, statement) | {"explanation": explanation}
    return TrueFalse(truth=truth, **common)


def fill_in(fact: Fact) -> Cloze:
    assert fact.cloze is not None
    before, hidden, after = cloze.parts(fact.cloze)
    accepted = tuple(dict.fromkeys((hidden, *fact.accepted)))
    return Cloze(
        before=before,
        after=after,
        answer=hidden,
        accepted=accepted,
        numeric=fact.numeric,
        **_common(fact, Kind.CLOZE, f"{before}{BLANK}{after}"),
    )


def short_answer(fact: Fact, rng: random.Random) -> ShortAnswer:
    return ShortAnswer(
        answer=fact.answer,
        accepted=fact.accepted,
        numeric=fact.numeric,
        **_common(fact, Kind.SHORT, rng.choice(fact.prompts)),
    )


def numeric_answer(fact: Fact, rng: random.Random) -> NumericAnswer:
    assert fact.numeric is not None
    return NumericAnswer(
        answer=fact.answer,
        accepted=fact.accepted,
        numeric=fact.numeric,
        **_common(fact, Kind.NUMERIC, rng.choice(fact.prompts)),
    )


class Dealer:
    """Deals answer positions (A-D) and truths (true/false) so that any prefix of the deal is
    balanced within one: blocks holding every value once, each block shuffled. `next_*` shows
    the coming value; `take` deals it, once the question that used it is kept."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._positions: list[int] = []
        self._truths: list[bool] = []

    def next_position(self) -> int:
        if not self._positions:
            self._positions = self.rng.sample(range(OPTIONS), OPTIONS)
        return self._positions[-1]

    def next_truth(self) -> bool:
        if not self._truths:
            self._truths = self.rng.sample([True, False], 2)
        return self._truths[-1]

    def take(self, question: Question) -> None:
        if isinstance(question, MultipleChoice):
            self._positions.pop()
        elif isinstance(question, TrueFalse):
            self._truths.pop()


def single(fact: Fact, kind: Kind, rng: random.Random, dealer: Dealer) -> Question:
    """One question of a single-fact kind, its key dealt by `dealer`."""
    question = _make(fact, kind, rng, dealer)
    dealer.take(question)
    return question


def ask_once(fact: Fact, kind: Kind, seed: int) -> Question:
    """One question on one fact, e.g. for a review card."""
    rng = random.Random(seed)
    return single(fact, kind, rng, Dealer(rng))


def _make(fact: Fact, kind: Kind, rng: random.Random, dealer: Dealer) -> Question:
    if kind is Kind.MCQ:
        return multiple_choice(fact, rng, dealer.next_position())
    if kind is Kind.TF:
        return true_false(fact, dealer.next_truth(), rng)
    if kind is Kind.CLOZE:
        return fill_in(fact)
    if kind is Kind.SHORT:
        return short_answer(fact, rng)
    if kind is Kind.NUMERIC:
        return numeric_answer(fact, rng)
    raise ValueError(f"{kind} is not a single-fact kind")


# ---- several facts, one question ---------------------------------------------------------------


def _distinct(facts: Iterable[Fact], value: Callable[[Fact], str]) -> list[Fact]:
    seen: set[str] = set()
    kept = []
    for fact in facts:
        mark = normalise(value(fact))
        if mark not in seen:
            seen.add(mark)
            kept.append(fact)
    return kept


def _chunks(facts: list[Fact], size: int) -> list[list[Fact]]:
    """Split into chunks of at most `size` and at least 3; fewer than 3 facts give none."""
    if len(facts) < 3:
        return []
    count = -(-len(facts) // size)
    base, extra = divmod(len(facts), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + base + (1 if index < extra else 0)
        chunks.append(facts[start:end])
        start = end
    return [c for c in chunks if len(c) >= 3]


def _shared_topic(facts: Sequence[Fact]) -> str:
    topics = {f.topic for f in facts}
    return facts[0].topic if len(topics) == 1 else "mixed"


def _group_common(facts: Sequence[Fact], question_id: str, prompt: str) -> _Common:
    return {
        "id": question_id,
        "fact_ids": tuple(f.id for f in facts),
        "topic": _shared_topic(facts),
        "prompt": prompt,
        "explanation": " ".join(f.explanation for f in facts),
        "citations": tuple(dict.fromkeys(f.citation for f in facts)),
        "difficulty": max(f.difficulty for f in facts),
    }


def _matching_chunks(facts: Sequence[Fact]) -> Iterator[tuple[str, list[Fact]]]:
    """(answer type, facts) of each matching question: facts whose answers are of one kind."""
    by_type: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_type[fact.answer_type].append(fact)
    for answer_type in sorted(by_type):
        group = _distinct(by_type[answer_type], lambda f: f.answer)
        for chunk in _chunks(group, MAX_PAIRS):
            yield answer_type, chunk


def _ordering_chunks(facts: Sequence[Fact]) -> list[list[Fact]]:
    dated = sorted((f for f in facts if f.date and f.event), key=lambda f: (f.date or "", f.id))
    return _chunks(_distinct(dated, lambda f: (f.date or "")[:4]), MAX_EVENTS)


def matching_questions(facts: Sequence[Fact], rng: random.Random) -> list[Matching]:
    """Match questions to answers among facts whose answers are of one kind (years, amounts, ...)."""
    questions = []
    for answer_type, chunk in _matching_chunks(facts):
        in_order = Matching(
            items=tuple(f.prompts[0] for f in chunk),
            options=tuple(f.answer for f in chunk),
            matches=tuple(range(len(chunk))),
            **_group_common(
                chunk,
                f"matching:{answer_type}:{chunk[0].id}",
                "Match each question with its answer.",
            ),
        )
        questions.append(in_order.shuffled(rng))
    return questions


def ordering_questions(facts: Sequence[Fact], rng: random.Random) -> list[Ordering]:
    """Put dated events in order; events in one question fall in different years, so the bank's
    own precision ("1991" against "September 1991") never has to decide an order."""
    questions = []
    for chunk in _ordering_chunks(facts):
        in_order = Ordering(
            events=tuple(f.event or "" for f in chunk),
            dates=tuple(f.date or "" for f in chunk),
            order=tuple(range(len(chunk))),
            **_group_common(
                chunk,
                f"ordering:{chunk[0].id}",
                "Put these events in chronological order, earliest first.",
            ),
        )
        questions.append(in_order.shuffled(rng))
    return questions


# ---- sets of questions -------------------------------------------------------------------------


def question_set(
    bank: Bank, seed: int, kinds: Sequence[Kind] | None = None, topic: str | None = None
) -> list[Question]:
    """Every question the bank supports: each fact in each of its kinds, plus the group kinds.

    A bank of questions, not a sheet: it asks about each fact several times (flashcards,
    counts). Anything printed or played as one set comes from `select`.
    """
    rng = random.Random(seed)
    dealer = Dealer(rng)
    wanted = tuple(kinds) if kinds else tuple(Kind)
    facts = pick_facts(bank, topic)
    questions: list[Question] = [
        single(fact, kind, rng, dealer) for fact in facts for kind in kinds_for(fact) if kind in wanted
    ]
    if Kind.MATCHING in wanted:
        questions += matching_questions(facts, rng)
    if Kind.ORDERING in wanted:
        questions += ordering_questions(facts, rng)
    return questions


def kind_counts(bank: Bank) -> Counter[Kind]:
    """How many questions of each kind question_set makes (any seed), without making them."""
    counts = Counter(kind for fact in bank.facts for kind in kinds_for(fact))
    counts[Kind.MATCHING] = sum(1 for _ in _matching_chunks(bank.facts))
    counts[Kind.ORDERING] = len(_ordering_chunks(bank.facts))
    return counts


@dataclass(frozen=True, slots=True)
class Selection:
    """The questions of one sheet, and why there are fewer than asked for. Iterates, indexes and
    counts like its list of questions."""

    questions: list[Question]
    asked: int | None  # None: as many as the bank allows
    left_out: dict[str, int]  # reason -> how many candidates it kept out

    @property
    def short(self) -> bool:
        return self.asked is not None and len(self.questions) < self.asked

    def shortfall(self) -> str:
        """'12 questions of the 20 asked for: ...' or '' when the set is complete."""
        if not self.short:
            return ""
        made = len(self.questions)
        reasons = "; ".join(f"{count} {why}" for why, count in self.left_out.items())
        return (
            f"{made} question{'s' if made != 1 else ''} of the {self.asked} asked for: "
            f"{reasons or 'the bank has no more facts of the chosen kinds'}"
        )

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def __getitem__(self, index: int) -> Question:
        return self.questions[index]


_REPEATS = "facts left out because every question on them would repeat a fact or give another item away"


def select(
    bank: Bank, seed: int, count: int | None, kinds: Sequence[Kind] | None = None, topic: str | None = None
) -> Selection:
    """Up to `count` questions (None: as many as possible) for one sheet, on distinct facts,
    kinds mixed as evenly as the facts allow, no question giving another away (reveal.py)."""
    if count is not None and count < 1:
        raise UsageError("the number of questions must be at least 1")
    rng = random.Random(seed)
    dealer = Dealer(rng)
    wanted = tuple(kinds) if kinds else tuple(Kind)
    facts = list(pick_facts(bank, topic))
    index = RevealIndex(answer_index(bank.facts))
    limit = count if count is not None else len(facts) + len(GROUP_KINDS)
    chosen: list[Question] = []
    left_out: Counter[str] = Counter()
    singles_wanted = [k for k in SINGLE_FACT_KINDS if k in wanted]
    for kind in (k for k in GROUP_KINDS if k in wanted):
        built: Sequence[Question] = (matching_questions if kind is Kind.MATCHING else ordering_questions)(facts, rng)
        if not built or len(chosen) >= limit or (limit < 4 and singles_wanted):
            continue
        for group in rng.sample(list(built), len(built)):
            if index.conflict(group) is None:
                index.add(group)
                chosen.append(group)
                break
        else:
            left_out[
                f"{kind.title.lower()} question{'s' if len(built) > 1 else ''} left out because "
                f"{'they' if len(built) > 1 else 'it'} would share facts with another question"
            ] += len(built)
    rng.shuffle(facts)
    used: Counter[Kind] = Counter()
    for fact in facts:
        if len(chosen) >= limit:
            break
        if fact.id in index.owner:
            continue  # already in a matching or ordering question
        options = sorted(
            (k for k in kinds_for(fact) if k in singles_wanted), key=lambda k: (used[k], singles_wanted.index(k))
        )
        question = _first_fitting(fact, options, rng, dealer, index)
        if question is None:
            if options:
                left_out[_REPEATS] += 1
            continue
        used[question.kind] += 1
        index.add(question)
        chosen.append(question)
    if not chosen:
        raise UsageError("no questions of the chosen kinds can be made from these facts")
    rng.shuffle(chosen)
    return Selection(chosen, count, dict(left_out))


def _first_fitting(
    fact: Fact, kinds: Sequence[Kind], rng: random.Random, dealer: Dealer, index: RevealIndex
) -> Question | None:
    """The first question on `fact` that gives nothing away, trying kinds in order and, where
    the fact has more wrong answers than one question shows, other samples of them."""
    for kind in kinds:
        spare = (kind is Kind.MCQ and len(fact.distractors) > OPTIONS - 1) or (
            kind is Kind.TF and len(false_statements(fact)) > 1
        )
        for _ in range(_TRIES if spare else 1):
            candidate = _make(fact, kind, rng, dealer)
            if index.conflict(candidate) is None:
                dealer.take(candidate)
                return candidate
    return None


def citations_of(questions: Iterable[Question]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(c for q in questions for c in q.citations))
