"""The question engine: facts in, questions out, repeatable from an explicit seed.

Nothing here touches the global random state: every choice comes from the
`random.Random(seed)` made for one call, so the same bank and seed give the same questions.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

from quizgen.answers import Verdict, check_number, check_text, normalise
from quizgen.bank import cloze_parts
from quizgen.errors import UsageError
from quizgen.model import Bank, Citation, Fact, Numeric

BLANK = "_____"
LETTERS = "ABCD"
MAX_PAIRS = 4  # matching questions: pairs per question
MAX_EVENTS = 5  # ordering questions: events per question


class Kind(StrEnum):
    MCQ = "mcq"
    TF = "tf"
    CLOZE = "cloze"
    SHORT = "short"
    NUMERIC = "numeric"
    MATCHING = "matching"
    ORDERING = "ordering"

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Kind.MCQ: "Multiple choice", Kind.TF: "True or false", Kind.CLOZE: "Fill in the blank",
    Kind.SHORT: "Short answer", Kind.NUMERIC: "Numeric answer", Kind.MATCHING: "Matching",
    Kind.ORDERING: "Timeline ordering",
}
SINGLE_FACT_KINDS = (Kind.MCQ, Kind.TF, Kind.CLOZE, Kind.SHORT, Kind.NUMERIC)
GROUP_KINDS = (Kind.MATCHING, Kind.ORDERING)
TRUE_FALSE = ("True", "False")


class Question(NamedTuple):
    """One question, ready for any writer.

    options: the choices as shown (mcq: four; tf: True, False; matching: the right-hand
    column; ordering: the events in shown order). items: matching's left-hand column.
    key: mcq/tf the index of the right option; matching, for each item the index of its
    option; ordering, the option indices in chronological order.
    """

    id: str
    kind: Kind
    fact_ids: tuple[str, ...]
    topic: str
    prompt: str
    answer: str
    explanation: str
    citations: tuple[Citation, ...]
    difficulty: int = 2
    options: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    key: tuple[int, ...] = ()
    accepted: tuple[str, ...] = ()
    numeric: Numeric | None = None

    @property
    def is_typed(self) -> bool:
        return self.kind in (Kind.CLOZE, Kind.SHORT, Kind.NUMERIC)

    @property
    def correct_option(self) -> str:
        """mcq and tf: the text of the right option."""
        return self.options[self.key[0]]


def parse_kinds(text: str | Iterable[str] | None) -> tuple[Kind, ...]:
    """'mcq,tf' -> (Kind.MCQ, Kind.TF); None or 'all' -> every kind; '' is a mistake, not 'all'."""
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
    if fact.cloze:
        kinds += [Kind.TF, Kind.CLOZE]
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


def question_set(bank: Bank, seed: int, kinds: Sequence[Kind] | None = None,
                 topic: str | None = None) -> list[Question]:
    """Every question the bank supports: each fact in each of its kinds, plus the group kinds."""
    rng = random.Random(seed)
    wanted = tuple(kinds) if kinds else tuple(Kind)
    facts = pick_facts(bank, topic)
    plan = [(fact, kind) for fact in facts for kind in kinds_for(fact) if kind in wanted]
    questions = _build_singles(plan, rng)
    if Kind.MATCHING in wanted:
        questions += matching_questions(facts, rng)
    if Kind.ORDERING in wanted:
        questions += ordering_questions(facts, rng)
    return questions


def select(bank: Bank, seed: int, count: int, kinds: Sequence[Kind] | None = None,
           topic: str | None = None) -> list[Question]:
    """`count` questions on distinct facts, kinds mixed as evenly as the facts allow."""
    if count < 1:
        raise UsageError("the number of questions must be at least 1")
    rng = random.Random(seed)
    wanted = tuple(kinds) if kinds else tuple(Kind)
    facts = list(pick_facts(bank, topic))
    groups: list[Question] = []
    for kind in (k for k in GROUP_KINDS if k in wanted):
        built = (matching_questions if kind is Kind.MATCHING else ordering_questions)(facts, rng)
        if built and (count >= 4 or not any(k in wanted for k in SINGLE_FACT_KINDS)):
            groups.append(built[0])
    groups = groups[:count]
    singles_wanted = [k for k in SINGLE_FACT_KINDS if k in wanted]
    rng.shuffle(facts)
    used: Counter[Kind] = Counter()
    plan: list[tuple[Fact, Kind]] = []
    for fact in facts:
        if len(plan) + len(groups) >= count:
            break
        options = [k for k in kinds_for(fact) if k in singles_wanted]
        if options:
            kind = min(options, key=lambda k: (used[k], singles_wanted.index(k)))
            used[kind] += 1
            plan.append((fact, kind))
    questions = _build_singles(plan, rng) + groups
    if not questions:
        raise UsageError("no questions of the chosen kinds can be made from these facts")
    rng.shuffle(questions)
    return questions


def _build_singles(plan: list[tuple[Fact, Kind]], rng: random.Random) -> list[Question]:
    # Balanced answer positions: spread evenly over A-D, and true/false half and half,
    # dealt out in a shuffled order rather than left to chance.
    positions = _balanced(sum(1 for _, k in plan if k is Kind.MCQ), len(LETTERS), rng)
    truths = _balanced(sum(1 for _, k in plan if k is Kind.TF), 2, rng)
    questions = []
    for fact, kind in plan:
        if kind is Kind.MCQ:
            questions.append(_mcq(fact, positions.pop(), rng))
        elif kind is Kind.TF:
            questions.append(_true_false(fact, truths.pop() == 0, rng))
        elif kind is Kind.CLOZE:
            questions.append(_cloze(fact))
        elif kind is Kind.SHORT:
            questions.append(_typed(fact, Kind.SHORT, rng))
        else:
            questions.append(_typed(fact, Kind.NUMERIC, rng))
    return questions


def _balanced(count: int, slots: int, rng: random.Random) -> list[int]:
    full, rest = divmod(count, slots)
    values = list(range(slots)) * full + rng.sample(range(slots), rest)  # the remainder, too, by chance
    rng.shuffle(values)
    return values


def _common(fact: Fact, kind: Kind) -> dict[str, object]:
    return {"id": f"{kind}:{fact.id}", "kind": kind, "fact_ids": (fact.id,), "topic": fact.topic,
            "explanation": fact.explanation, "citations": (fact.citation,), "difficulty": fact.difficulty}


def _mcq(fact: Fact, position: int, rng: random.Random) -> Question:
    options = rng.sample(fact.distractors, 3)
    options.insert(position, fact.answer)
    return Question(prompt=rng.choice(fact.prompts), answer=fact.answer, options=tuple(options), key=(position,),
                    **_common(fact, Kind.MCQ))  # type: ignore[arg-type]


def _filled(fact: Fact, text: str) -> str:
    assert fact.cloze is not None
    before, _, after = cloze_parts(fact.cloze)
    return f"{before}{text}{after}"


def _true_false(fact: Fact, true: bool, rng: random.Random) -> Question:
    shown = fact.answer if true else rng.choice(fact.distractors)
    _, hidden, _ = cloze_parts(fact.cloze or "")
    # Keep the cloze's own wording when the statement is true; a false one swaps in a distractor.
    prompt = _filled(fact, hidden if true else shown)
    explanation = fact.explanation if true else f"False: the right answer is {fact.answer}. {fact.explanation}"
    common = _common(fact, Kind.TF) | {"explanation": explanation}
    return Question(prompt=prompt, answer="True" if true else "False", options=TRUE_FALSE, key=(0 if true else 1,),
                    **common)  # type: ignore[arg-type]


def _cloze(fact: Fact) -> Question:
    _, hidden, _ = cloze_parts(fact.cloze or "")
    return Question(prompt=_filled(fact, BLANK), answer=hidden, accepted=(hidden, *fact.accepted),
                    numeric=fact.numeric, **_common(fact, Kind.CLOZE))  # type: ignore[arg-type]


def _typed(fact: Fact, kind: Kind, rng: random.Random) -> Question:
    return Question(prompt=rng.choice(fact.prompts), answer=fact.answer, accepted=fact.accepted,
                    numeric=fact.numeric, **_common(fact, kind))  # type: ignore[arg-type]


def matching_questions(facts: Sequence[Fact], rng: random.Random) -> list[Question]:
    """Match prompts to answers among facts whose answers are of one kind (years, amounts, ...)."""
    by_type: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_type[fact.answer_type].append(fact)
    questions = []
    for answer_type in sorted(by_type):
        group = _distinct(by_type[answer_type], lambda f: f.answer)
        for chunk in _chunks(group, MAX_PAIRS):
            order = list(range(len(chunk)))
            rng.shuffle(order)
            options = tuple(chunk[i].answer for i in order)
            key = tuple(order.index(i) for i in range(len(chunk)))
            questions.append(Question(
                id=f"matching:{answer_type}:{chunk[0].id}", kind=Kind.MATCHING,
                fact_ids=tuple(f.id for f in chunk), topic=_shared_topic(chunk),
                prompt="Match each question with its answer.", answer=_pairs_text(chunk),
                explanation=" ".join(f.explanation for f in chunk), citations=_citations(chunk),
                difficulty=max(f.difficulty for f in chunk), options=options,
                items=tuple(f.prompts[0] for f in chunk), key=key,
            ))
    return questions


def ordering_questions(facts: Sequence[Fact], rng: random.Random) -> list[Question]:
    """Put dated events in order; events in one question fall in different years."""
    dated = sorted((f for f in facts if f.date and f.event), key=lambda f: (f.date or "", f.id))
    group = _distinct(dated, lambda f: (f.date or "")[:4])
    questions = []
    for chunk in _chunks(group, MAX_EVENTS):
        order = list(range(len(chunk)))
        while order == sorted(order):
            rng.shuffle(order)
        options = tuple(chunk[i].event or "" for i in order)
        key = tuple(order.index(i) for i in range(len(chunk)))  # chronological -> shown index
        questions.append(Question(
            id=f"ordering:{chunk[0].id}", kind=Kind.ORDERING, fact_ids=tuple(f.id for f in chunk),
            topic=_shared_topic(chunk), prompt="Put these events in chronological order, earliest first.",
            answer="; ".join(f"{f.date[:4] if f.date else ''} {f.event}" for f in chunk),
            explanation=" ".join(f.explanation for f in chunk), citations=_citations(chunk),
            difficulty=max(f.difficulty for f in chunk), options=options, key=key,
        ))
    return questions


def _distinct(facts: Iterable[Fact], value: object) -> list[Fact]:
    seen: set[object] = set()
    kept = []
    for fact in facts:
        mark = value(fact)  # type: ignore[operator]
        mark = normalise(mark) if isinstance(mark, str) else mark
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


def _citations(facts: Sequence[Fact]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(f.citation for f in facts))


def _pairs_text(facts: Sequence[Fact]) -> str:
    return "; ".join(f"{f.prompts[0]} - {f.answer}" for f in facts)


def letter(index: int) -> str:
    return LETTERS[index]


def grade_typed(question: Question, reply: str) -> Verdict:
    """Grade a typed reply: by number when the fact is numeric, else by lenient text match."""
    if question.numeric is not None:
        verdict = check_number(reply, question.numeric.value, question.numeric.tolerance)
        if verdict is not None:
            return verdict
    return check_text(reply, question.accepted)
