"""Cloze sentences: their parts, and whether another filler reads right in the blank.

A fact's cloze is one sentence with one deletion, `{{c1::hidden}}`. The true/false question
fills the blank with the hidden text (a true statement) or with a wrong filler (a false one),
so a false statement is built exactly like the true one. That only works when the filler fits
the sentence: "Both countries pursue a {{c1::multidirectional, balanced}} foreign policy" with
the multiple-choice distractor "A policy of armed non-alignment" reads "pursue a A policy of
armed non-alignment foreign policy", and the grammar gives the answer away. `misfits` names
what would read wrongly; the loader refuses such a fact and the tests read every output with it.
"""

from __future__ import annotations

import functools
import itertools
import re

from quizgen.bank.compare import normalise

PATTERN = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)

# Words that never start a name: capitalised in mid-sentence, they show a pasted-in option.
_FUNCTION_WORDS = frozenset(
    """
a an the this that these those some any each every both either neither no its their his her our your my
about around approximately almost nearly roughly some over under just only more less than
of in on at for with by from to into onto within without between among during through across
and or but nor so yet as if while when where which who whom whose what
is are was were be been being has have had do does did
it they he she we you
""".split()
)
_DETERMINERS = frozenset("a an the this that these those its their his her our your my some".split())
_WORD = re.compile(r"[\w'’-]+")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")


def parts(cloze: str) -> tuple[str, str, str]:
    """(text before, hidden text, text after) of a validated cloze."""
    match = PATTERN.search(cloze)
    if match is None:
        raise ValueError(f"not a cloze: {cloze!r}")
    return cloze[: match.start()], match.group(2), cloze[match.end() :]


def fill(cloze: str, text: str) -> str:
    """The cloze sentence with `text` in its blank."""
    before, _, after = parts(cloze)
    return f"{before}{text}{after}"


@functools.lru_cache(maxsize=256)  # a fact's text around its blank, read again for each filler tried
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def _starts_upper(word: str) -> bool:
    return word[:1].isupper()


def _acronym(word: str) -> bool:
    if word.isascii() and word.isalpha():  # every letter cased: isupper() asks of each
        return len(word) > 1 and word.isupper()
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


@functools.lru_cache(maxsize=256)  # the same blank, read again for each filler tried
def _blank(before: str, after: str, hidden: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, str]:
    """(words before, the last six folded, the first six after folded, whether the blank is in
    mid-sentence, the hidden text's first word)."""
    left, right, hidden_words = _words(before), _words(after), _words(hidden)
    return (
        left,
        tuple(w.casefold() for w in left[-6:]),
        tuple(w.casefold() for w in right[:6]),
        bool(before.strip()) and not _SENTENCE_END.search(before),
        hidden_words[0] if hidden_words else "",
    )


def forget() -> None:
    """Empty the caches of sentence parts (see quizgen.bank.checks.forget)."""
    _words.cache_clear()
    _blank.cache_clear()


def misfits(before: str, filler: str, after: str, hidden: str) -> list[str]:
    """What reads wrongly in `before + filler + after`, where `before + hidden + after` reads right.

    Each message names the fault: a word repeated across the blank's edge ("a A policy",
    "between the two countries between the two countries"), two determiners in a row, a
    capital letter in mid-sentence where the blank's own text has none ("Within The Gulf
    Cooperation Council", "Around About 19"), or 'a'/'an' that no longer agrees.
    """
    faults: list[str] = []
    own = _words(filler)
    left, left_fold, right_fold, mid_sentence, hidden_first = _blank(before, after, hidden)
    if not own:
        return ["the filler has no words"]
    fold = tuple(map(str.casefold, own))
    # A run of words repeated across either edge of the blank; a run repeated across the start
    # begins with the filler's first word, one across the end ends with its last.
    if fold[0] in left_fold:
        for size in range(min(len(own), 6), 0, -1):
            if len(left_fold) >= size and left_fold[-size:] == fold[:size]:
                faults.append(f"repeats '{' '.join(own[:size])}' across the start of the blank")
                break
    if fold[-1] in right_fold:
        for size in range(min(len(own), 6), 0, -1):
            if len(right_fold) >= size and right_fold[:size] == fold[-size:]:
                faults.append(f"repeats '{' '.join(own[-size:])}' across the end of the blank")
                break
    if left and left_fold[-1] in _DETERMINERS and fold[0] in _DETERMINERS:
        faults.append(f"two determiners in a row, '{left[-1]} {own[0]}'")
    first = own[0]
    if mid_sentence and _starts_upper(first) and not _acronym(first):
        if fold[0] in _FUNCTION_WORDS:
            faults.append(f"capital '{first}' in mid-sentence")
        elif hidden_first and not _starts_upper(hidden_first):
            faults.append(f"capital '{first}' in mid-sentence, where the blank's own text is in lower case")
    if not mid_sentence and not before.strip() and first[:1].islower() and _starts_upper(hidden_first):
        faults.append(f"the sentence would start in lower case, '{first}'")
    if left and left[-1].casefold() in ("a", "an") and first[:1].isalpha():
        wants = "an" if _vowel_sound(first) else "a"
        if left[-1].casefold() != wants and fold[0] not in _DETERMINERS:
            faults.append(f"'{left[-1]} {first}' should be '{wants} {first}'")
    return faults


_CONSONANT_SOUND_VOWELS = ("uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ua", "ue")
_VOWEL_SOUND_CONSONANTS = ("hour", "honest", "honour", "honor", "heir")


def _vowel_sound(word: str) -> bool:
    low = word.casefold()
    if _acronym(word):  # an MFA, an NGO, a UN body: by the letter's name
        return low[0] in "aefhilmnorsx"
    if low.startswith(_VOWEL_SOUND_CONSONANTS):
        return True
    if low.startswith(_CONSONANT_SOUND_VOWELS):
        return False
    return low[0] in "aeiou"


def statement_misfits(statement: str) -> list[str]:
    """Faults a whole sentence shows on its own: a word doubled, two determiners in a row, a
    capitalised function word in mid-sentence, 'a' before a vowel sound. For reading outputs back."""
    matches = list(_WORD.finditer(statement))
    faults = []
    words = [m.group().casefold() for m in matches]
    for size in range(2, 7):  # a run of words said twice in a row
        for start in range(len(words) - 2 * size + 1):
            if words[start : start + size] == words[start + size : start + 2 * size]:
                faults.append(f"repeats '{' '.join(m.group() for m in matches[start : start + size])}'")
    for previous, current in itertools.pairwise(matches):
        before, word = previous.group(), current.group()
        low_before, low = before.casefold(), word.casefold()
        if low_before == low and not word.isdigit():
            faults.append(f"doubled word '{before} {word}'")
        if low_before in _DETERMINERS and low in _DETERMINERS:
            faults.append(f"two determiners in a row, '{before} {word}'")
        gap = statement[previous.end() : current.start()]
        starts_sentence = bool(re.search(r"[.!?:;]", gap))
        if _starts_upper(word) and low in _FUNCTION_WORDS and not _acronym(word) and not starts_sentence:
            faults.append(f"capital '{word}' in mid-sentence")
        if low_before in ("a", "an") and word[:1].isalpha() and low not in _DETERMINERS:
            wants = "an" if _vowel_sound(word) else "a"
            if low_before != wants:
                faults.append(f"'{before} {word}' should be '{wants} {word}'")
    return faults


def fault(text: str, accepted_forms: dict[str, str]) -> str | None:
    """What is wrong with a fact's cloze text, or None: one deletion, {{c1::...}}, hiding the answer
    or an alternative (`accepted_forms`: their normalised forms)."""
    deletions = list(PATTERN.finditer(text))
    if not deletions:
        return "malformed cloze: no deletion like {{c1::answer}}"
    if len(deletions) > 1:
        return "malformed cloze: use exactly one deletion, {{c1::...}}"
    deletion = deletions[0]
    outside = text[: deletion.start()] + text[deletion.end() :]
    if "{{" in outside or "}}" in outside:
        return "malformed cloze: unbalanced '{{' or '}}' outside the deletion"
    if deletion.group(1) != "1":
        return f"malformed cloze: the deletion is c{deletion.group(1)}, expected c1"
    hidden = deletion.group(2)
    if not hidden.strip() or "{" in hidden or "}" in hidden:
        return "malformed cloze: the deletion is empty or holds braces"
    if normalise(hidden) not in accepted_forms:
        return f"malformed cloze: the hidden text '{hidden}' is not the answer or an alternative"
    return None
