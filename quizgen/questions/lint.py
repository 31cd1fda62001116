"""`quizgen lint`: the item-writing guidelines as checks (shared/ITEMS.md; Haladyna, Downing and
Rodriguez 2002), run over every fact of a bank.

Each rule is a function of one fact (and the bank, for rules across facts) that yields messages;
a warning names the fact's file and line, the fact and the rule. The rules measure what a
teacher checks by eye before printing a sheet; README's "Writing good items" shows each with a
bad and a good example. Warnings never stop a build: `--strict` makes them fail a check.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from typing import NamedTuple

from quizgen.bank import cloze
from quizgen.bank.compare import edit_distance, normalise, numbers_in
from quizgen.bank.model import Bank, Fact


class Warning_(NamedTuple):
    path: str
    line: int | None
    fact_id: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: fact '{self.fact_id}': {self.rule}: {self.message}"


class Rule(NamedTuple):
    name: str
    guideline: str  # ITEMS.md heading it comes from
    check: Callable[[Fact, Bank], Iterator[str]]


# Words that are not clues by themselves: function words and the words every stem uses.
_STOP = frozenset(
    """
a an the of in on at to for with by from and or but as is are was were be been has have had do does did
which what who whom whose when where how why whether that this these those it its their his her they them
both two each other than into over under between about after before during since until while
according report say says said kazakhstan singapore countries country
""".split()
)
_ABSOLUTE = re.compile(
    r"\b(only|always|never|completely|entirely|totally|all of the above|none of the above|"
    r"every|none|nothing|no one)\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(the|a|an)\s", re.IGNORECASE)
_MONTHS = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(r"^(it|they|he|she|this|these|those|that|its|their|his|her)\b", re.IGNORECASE)
_VAGUE_SUBJECT = re.compile(
    r"^(both|the two|the|this|that|these|those)\s+(\w+\s+){0,2}?(countries|country|parties|sides|company|school|"
    r"exhibition|project|agreement|visit|report|event|ministry|university|city|cities|body|organisation)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[\w'’-]+")
_DIGIT_RUN = re.compile(r"\d+")
_NOT_DIGIT = re.compile(r"\D")
LONGEST_RATIO = 1.25  # the answer this much longer than the longest distractor ...
LONGEST_MARGIN = 8  # ... and by this many characters, stands out


@functools.lru_cache(maxsize=1024)  # several rules ask it of the same options and stems
def content_words(text: str) -> frozenset[str]:
    return frozenset(word for word in normalise(text).split() if word not in _STOP and not word.isdigit())


def _options(fact: Fact) -> tuple[str, ...]:
    return (fact.answer, *fact.distractors)


def answer_longest(fact: Fact, bank: Bank) -> Iterator[str]:
    longest = max(len(d) for d in fact.distractors)
    if len(fact.answer) >= LONGEST_RATIO * longest and len(fact.answer) - longest >= LONGEST_MARGIN:
        yield (
            f"the answer ({len(fact.answer)} characters) is the longest option by a clear margin "
            f"(longest distractor {longest}); test-wise students pick the longest"
        )


def absolute_words(fact: Fact, bank: Bank) -> Iterator[str]:
    for option in _options(fact):
        found = _ABSOLUTE.search(option)
        if found:
            yield f"option '{option}' uses the absolute '{found.group()}', which flags a wrong option"


_FORMS = {  # feature: (what an option with it does, what one without it does)
    "digits": ("holds digits", "holds none"),
    "month": ("names a month", "names none"),
    "article": ("starts with an article", "starts without one"),
    "acronym": ("is an acronym", "is not"),
    "capital": ("starts with a capital letter", "starts in lower case"),
}


def _is_acronym(option: str) -> bool:
    return " " not in option.strip() and _acronym(option)


def _starts_capital(option: str) -> bool:
    return option[:1].isupper()


# Each feature of _FORMS as a test of one option (the regex methods run without a Python call).
_FORM_TESTS: dict[str, Callable[[str], object]] = {
    "digits": _DIGIT_RUN.search,
    "month": _MONTHS.search,
    "article": _ARTICLE.match,
    "acronym": _is_acronym,
    "capital": _starts_capital,
}


def _acronym(option: str) -> bool:
    letters = [c for c in option if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def mixed_form(fact: Fact, bank: Bank) -> Iterator[str]:
    options = _options(fact)
    with_digits: list[str] = []
    for feature, (having_it, lacking_it) in _FORMS.items():
        having = list(filter(_FORM_TESTS[feature], options))
        if feature == "digits":
            with_digits = having
        if not 0 < len(having) < len(options):
            continue
        if feature == "digits" and all(numbers_in(o) for o in options):
            continue  # the same numbers, some in words: said once, below
        odd = having if len(having) <= len(options) / 2 else [o for o in options if o not in having]
        does, others = (having_it, lacking_it) if odd is having else (lacking_it, having_it)
        yield (
            f"options of mixed form: {', '.join(repr(o) for o in odd)} {does}, the others {others.split()[0]} "
            f"{' '.join(others.split()[1:])}".rstrip()
        )
    worded = [option for option in options if option not in with_digits and numbers_in(option)]
    if 0 < len(worded) < len(options) and all(numbers_in(o) for o in options):
        yield f"options of mixed form: numbers in words and in digits ({', '.join(repr(o) for o in worded)})"


@functools.lru_cache(maxsize=1024)  # each option is compared with several others
def _digits(text: str) -> str:
    return _NOT_DIGIT.sub("", text)


def _near(a: str, b: str) -> bool:
    """One edit apart: in their digits (119 and 19, 219 or 1190), else in their words (one word
    changed, added or dropped: 'Almaty region' and 'Akmola region')."""
    digits_a, digits_b = _digits(a), _digits(b)
    if digits_a and digits_b:
        return edit_distance(digits_a, digits_b, 1) <= 1
    words_a, words_b = normalise(a).split(), normalise(b).split()
    letters = {word: chr(0xE000 + i) for i, word in enumerate(dict.fromkeys(words_a + words_b))}
    return edit_distance("".join(letters[w] for w in words_a), "".join(letters[w] for w in words_b), 1) <= 1


def converging(fact: Fact, bank: Bank) -> Iterator[str]:
    """Every distractor is an edit of the answer, while the distractors are not all edits of each
    other: the answer is the hub they converge on (19, 219 and 1190 around 119), and a test-wise
    student picks it. Options that are all near each other (1990, 1992, 1993, 1995) have no hub."""
    distractors = fact.distractors
    if not all(_near(d, fact.answer) for d in distractors):
        return
    if all(_near(a, b) for i, a in enumerate(distractors) for b in distractors[i + 1 :]):
        return
    yield (
        f"the distractors all converge on the answer ({', '.join(distractors)} around {fact.answer}): "
        "the option they share most with is the key"
    )


def stem_clue(fact: Fact, bank: Bank) -> Iterator[str]:
    """A stem word that the answer repeats and no distractor does."""
    answer_words = content_words(fact.answer)
    for prompt in fact.prompts:
        common = content_words(prompt) & answer_words
        if not common:  # the usual case: nothing to look for among the distractors
            continue
        shared = sorted(common.difference(*(content_words(d) for d in fact.distractors)))
        if shared:
            yield (
                f"the stem and only the answer share {', '.join(repr(w) for w in shared)}: "
                "give a distractor the word too, or reword the stem"
            )


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() and "_"


def _fold(text: str) -> str:
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", text.casefold()))


def look_alike(fact: Fact, bank: Bank) -> Iterator[str]:
    folded = {_fold(a): a for a in fact.accepted}
    seen: dict[str, str] = {}
    for distractor in fact.distractors:
        form = _fold(distractor)
        if form in folded:
            yield f"distractor '{distractor}' looks like the answer '{folded[form]}' (same letters and digits)"
        elif form in seen:
            yield f"distractors '{seen[form]}' and '{distractor}' look alike (same letters and digits)"
        seen.setdefault(form, distractor)


def _sentences(fact: Fact) -> list[str]:
    from quizgen.questions import false_statements, true_statement

    if not (fact.cloze or fact.false_statements):
        return []
    return [true_statement(fact), *false_statements(fact)]


def missing_subject(fact: Fact, bank: Bank) -> Iterator[str]:
    """A cloze or true/false sentence must say what it is about: printed alone on a sheet, 'It',
    'The school' or 'Both countries' leave the reader to guess."""
    if not fact.cloze:
        sentences = [(fact.statement, fact.statement)] if fact.false_statements else []
    else:
        before, hidden, after = cloze.parts(fact.cloze)
        sentences = [(f"{before}{hidden}{after}", f"{before} {after}")]  # a name in the blank is not context
    for sentence, context in sentences:
        names = [w for w in _NAME_WORD.findall(context)[1:] if w[:1].isupper()]
        if _PRONOUN_START.match(sentence):
            yield f"the sentence starts with '{sentence.split()[0]}': name its subject"
        elif _VAGUE_SUBJECT.match(sentence) and not names:
            yield f"the sentence '{sentence}' names no one: say which {sentence.split()[1]}"


def ambiguous_reverse(fact: Fact, bank: Bank) -> Iterator[str]:
    if not fact.reverse:
        return
    index = _answer_index(bank)
    others = sorted({place for a in fact.accepted for place in index[normalise(a)]})
    for other in (bank.facts[place] for place in others):
        if other.id != fact.id:
            yield (
                f"the reverse card asks for the question whose answer is '{fact.answer}', but fact "
                f"'{other.id}' has that answer too: the card cannot be graded"
            )


_indexed: list[tuple[Bank, dict[str, list[int]]]] = []  # the last bank's index, kept for its next fact


def _answer_index(bank: Bank) -> dict[str, list[int]]:
    """Each accepted answer (normalised) -> the places in bank.facts of the facts accepting it.

    Built once per bank: comparing each reverse card with every other fact made lint quadratic.
    """
    if not _indexed or _indexed[0][0] is not bank:
        index: dict[str, list[int]] = {}
        for place, other in enumerate(bank.facts):
            for form in dict.fromkeys(normalise(a) for a in other.accepted):
                index.setdefault(form, []).append(place)
        _indexed[:] = [(bank, index)]
    return _indexed[0][1]


def stem_has_answer(fact: Fact, bank: Bank) -> Iterator[str]:
    """The stem hands over the answer: its words, or its number however written ('G4' for four),
    or two numbers that give it by one sum or difference (2021 and 30th for 1991)."""
    answer_numbers = [found for found in map(numbers_in, fact.accepted) if found]
    for prompt in fact.prompts:
        words = f" {normalise(prompt)} "
        for form in fact.accepted:
            folded = normalise(form)
            # Normalised text is words of letters and digits, one space apart: a whole-word
            # match is a match between spaces (no pattern compiled per fact).
            if folded and not folded.isdigit() and f" {folded} " in words:
                yield f"the stem contains the answer '{form}'"
                break
        if not answer_numbers:
            continue  # an answer without numbers: no number in the stem can show it
        shown = numbers_in(prompt)
        visible = shown.union(map(float, _DIGIT_RUN.findall(prompt)))
        for numbers in answer_numbers:
            if numbers <= visible:
                yield (
                    f"the stem shows the answer's number{'s' if len(numbers) > 1 else ''} "
                    f"{', '.join(f'{n:g}' for n in sorted(numbers))}"
                )
                break
        if len(shown) >= 2 and fact.numeric is None and answer_numbers:
            target = answer_numbers[0]
            pairs = {a - b for a in shown for b in shown if a != b} | {a + b for a in shown for b in shown if a != b}
            if len(target) == 1 and target <= pairs:
                yield (
                    f"the stem's numbers give the answer by arithmetic "
                    f"({', '.join(f'{n:g}' for n in sorted(shown))} -> {next(iter(target)):g})"
                )


def false_statement_form(fact: Fact, bank: Bank) -> Iterator[str]:
    """An explicit false statement is built like the true one: a length far from it tells them apart."""
    if not fact.false_statements:
        return
    from quizgen.questions import true_statement

    true = true_statement(fact)
    for false in fact.false_statements:
        ratio = len(false) / len(true)
        if not 2 / 3 <= ratio <= 3 / 2:
            yield (
                f"false statement '{false}' is {'shorter' if ratio < 1 else 'longer'} than the true one by "
                f"half or more: build it like the true one, false on one point"
            )
        for fault in cloze.statement_misfits(false):
            yield f"false statement '{false}' reads wrongly: {fault}"


RULES = (
    Rule("answer-longest", "The options: homogeneous", answer_longest),
    Rule("absolute-word", "The options: no absolutes; no 'all/none of the above'", absolute_words),
    Rule("mixed-form", "The options: homogeneous", mixed_form),
    Rule("converging", "The options: not converging", converging),
    Rule("stem-clue", "The stem: no clue to the answer", stem_clue),
    Rule("look-alike", "The options: distinct", look_alike),
    Rule("missing-subject", "The stem: enough context", missing_subject),
    Rule("ambiguous-reverse", "Typed answers: never accept a different fact", ambiguous_reverse),
    Rule("stem-has-answer", "The stem: no clue to the answer", stem_has_answer),
    Rule("false-statement-form", "The options: true/false built like the true one", false_statement_form),
)
RULE_NAMES = tuple(rule.name for rule in RULES)


def counts(bank: Bank, rules: tuple[Rule, ...] = RULES) -> Counter[str]:
    """How many warnings each rule gives, as lint() finds them (a rule first warned of comes
    first among equal counts); without the warnings, for a summary."""
    found: Counter[str] = Counter()
    for fact in bank.facts:
        for rule in rules:
            for _ in rule.check(fact, bank):
                found[rule.name] += 1
    return found


def lint(bank: Bank, rules: tuple[Rule, ...] = RULES) -> list[Warning_]:
    """Every warning of every rule over every fact, in bank order."""
    found = []
    for fact in bank.facts:
        for rule in rules:
            for message in rule.check(fact, bank):
                found.append(Warning_(fact.path, fact.line, fact.id, rule.name, message))
    return found
