"""A small, strict reader of Moodle's GIFT format, for tests.

It reads what Moodle's importer (question/format/gift/format.php) reads for the question
kinds quizgen writes: multiple choice, true/false, short answer, missing word, numeric
and matching, with titles, `[format]` prefixes, `%weight%`, per-answer `#feedback`, general
`####feedback`, `$CATEGORY:` and `//` comments. It is stricter than Moodle: where Moodle
quietly guesses, this raises GiftError, so a test catches a writer that forgot to escape:

- a backslash must start one of GIFT's escapes (\\~ \\= \\# \\{ \\} \\: \\\\ \\n);
- a question has exactly one unescaped `{ ... }`;
- no unescaped special (~ = # { } :) may be left inside a title, text, answer or feedback;
- nor a raw line break: a field is one line, its line breaks written `\\n`.

Fields come back as Moodle stores them: GIFT escapes undone, `[format]` removed and reported.
HTML-formatted fields are still HTML (`displayed()` turns them to text); short answers keep
Moodle's `\\*` for a literal asterisk (`literal_answer()` undoes it).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

ESCAPABLE = "~=#{}:\\n"
SPECIALS = "~=#{}:"
_BASE = 0xE000  # escaped characters are parked in the private use area while parsing
_WEIGHT = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]+)?)%")
_FORMAT = re.compile(r"^\[(moodle|html|plain|markdown)\]")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class GiftError(ValueError):
    pass


@dataclass
class Answer:
    text: str
    fraction: float
    feedback: str = ""


@dataclass
class GiftQuestion:
    category: str | None
    title: str | None
    format: str  # the question's text format; answers and feedback share it
    text: str  # with "_____" where a missing word's blank is
    kind: str  # multichoice, truefalse, shortanswer, numerical, match
    general_feedback: str = ""
    answers: list[Answer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    truth: bool | None = None
    numbers: list[tuple[float, float]] = field(default_factory=list)
    missing_word: bool = False


def _park(block: str) -> str:
    """Replace each escape by a private-use character; refuse anything Moodle would misread."""
    out = []
    chars = iter(block)
    for char in chars:
        if _BASE <= ord(char) < _BASE + 0x80:
            raise GiftError(f"private-use character U+{ord(char):04X} in GIFT text")
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, None)
        if following is None or following not in ESCAPABLE:
            raise GiftError(f"stray backslash before {following!r} in {block[:60]!r}")
        out.append(chr(_BASE + ord(following)))
    return "".join(out)


def _restore(text: str, where: str) -> str:
    """Undo _park for one finished field, which must hold no unescaped special any more."""
    left = [c for c in SPECIALS if c in text]
    if left:
        raise GiftError(f"unescaped {''.join(left)!r} in {where}: {text!r}")
    if "\n" in text:  # legal in GIFT, but a blank line or a '//' after it would break the question
        raise GiftError(f"a raw line break in {where} (write \\n): {text!r}")
    return "".join(
        "\n" if ord(c) == _BASE + ord("n") else chr(ord(c) - _BASE) if _BASE <= ord(c) < _BASE + 0x80 else c
        for c in text
    )


def _formatted(text: str, default: str, where: str) -> tuple[str, str]:
    text = text.strip()
    match = _FORMAT.match(text)
    if match:
        return _restore(text[match.end() :].strip(), where), match.group(1)
    return _restore(text, where), default


def parse(source: str) -> list[GiftQuestion]:
    """Every question of a GIFT file, in order, each with the category in force."""
    lines = [" " if line.strip().startswith("//") else line for line in source.split("\n")]
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    category, questions = None, []
    for block in blocks:
        text = _park(block.strip())
        if text.startswith("$CATEGORY:"):
            category = _restore(text[len("$CATEGORY:") :].strip(), "category")
            if "\n" in category:
                raise GiftError(f"a category takes one line: {category!r}")
            continue
        questions.append(_question(text, category))
    return questions


def _question(text: str, category: str | None) -> GiftQuestion:
    title = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError(f"unterminated title in {text[:60]!r}")
        title = _restore(text[2:end].strip(), "title")
        text = text[end + 2 :].strip()
    if text.count("{") != 1 or text.count("}") != 1 or text.index("{") > text.index("}"):
        raise GiftError(f"a question needs exactly one {{...}} answer part: {text[:80]!r}")
    start, end = text.index("{"), text.index("}")
    before, body, after = text[:start], text[start + 1 : end].strip(), text[end + 1 :]
    missing_word = bool(after.strip())
    question_text, fmt = _formatted(before + ("_____" + after if missing_word else ""), "moodle", "question text")
    general = ""
    if "####" in body:
        cut = body.rindex("####")
        general = _formatted(body[cut + 4 :], fmt, "general feedback")[0]
        body = body[:cut].strip()
    question = GiftQuestion(category, title, fmt, question_text, "", general, missing_word=missing_word)
    if not body:
        raise GiftError(f"empty answer part (an essay question) in {title!r}")
    if body.startswith("#"):
        _numerical(question, body[1:])
    elif "~" in body:
        _multichoice(question, body)
    elif "=" in body and "->" in body:
        _match(question, body)
    elif body.split("#")[0].strip() in TRUE_FALSE:
        question.kind = "truefalse"
        question.truth = TRUE_FALSE[body.split("#")[0].strip()]
        if "#" in body:
            raise GiftError(f"quizgen writes no true/false answer feedback: {body!r}")
    else:
        _short(question, body)
    return question


def _split(body: str, markers: str, where: str) -> list[tuple[str, str]]:
    """'=a ~b' -> [('=', 'a'), ('~', 'b')]; text before the first marker is an error."""
    parts: list[tuple[str, str]] = []
    head = ""
    for char in body:
        if char in markers:
            parts.append((char, ""))
        elif parts:
            parts[-1] = (parts[-1][0], parts[-1][1] + char)
        else:
            head += char
    if head.strip():
        raise GiftError(f"text before the first answer in {where}: {head!r}")
    return parts


def _answer(text: str, fmt: str, fraction: float, where: str) -> Answer:
    text = text.strip()
    match = _WEIGHT.match(text)
    if match:
        fraction = float(match.group(1)) / 100
        text = text[match.end() :]
    text, _, feedback = text.partition("#")
    answer_text = _formatted(text, fmt, where)[0]
    return Answer(answer_text, fraction, _formatted(feedback, fmt, f"feedback of {where}")[0] if feedback else "")


def _multichoice(question: GiftQuestion, body: str) -> None:
    question.kind = "multichoice"
    for marker, text in _split(body, "=~", "multiple choice"):
        question.answers.append(_answer(text, question.format, 1.0 if marker == "=" else 0.0, "a choice"))
    if len(question.answers) < 2 or sum(a.fraction == 1.0 for a in question.answers) != 1:
        raise GiftError(f"a multiple choice question needs two or more choices, one right: {question.title!r}")


def _short(question: GiftQuestion, body: str) -> None:
    question.kind = "shortanswer"
    for _marker, text in _split(body, "=", "short answer"):
        question.answers.append(_answer(text, question.format, 1.0, "a short answer"))
    if not question.answers:
        raise GiftError(f"a short answer question needs an answer: {question.title!r}")


def _match(question: GiftQuestion, body: str) -> None:
    question.kind = "match"
    for _, text in _split(body, "=", "matching"):
        left, arrow, right = text.partition("->")
        if not arrow:
            raise GiftError(f"a matching pair needs '->': {text!r}")
        question.pairs.append(
            (_formatted(left, question.format, "a matching prompt")[0], _restore(right.strip(), "a matching answer"))
        )
    if len(question.pairs) < 2:
        raise GiftError(f"a matching question needs two pairs or more: {question.title!r}")


def _numerical(question: GiftQuestion, body: str) -> None:
    question.kind = "numerical"
    body = body.strip()
    for _, text in _split(body, "=", "numeric") if body.startswith("=") else [("=", body)]:
        value, colon, tolerance = text.strip().partition(":")
        try:
            question.numbers.append((float(value), float(tolerance) if colon else 0.0))
        except ValueError:
            raise GiftError(f"not a number with tolerance: {text!r}") from None
    if not question.numbers:
        raise GiftError(f"a numeric question needs a value: {question.title!r}")


def displayed(text: str, fmt: str) -> str:
    """The text a reader sees: HTML entities decoded and <br> a line break, for [html] fields."""
    return html.unescape(text.replace("<br>", "\n")) if fmt == "html" else text


def literal_answer(text: str) -> str:
    """A Moodle short answer as typed: `\\*` is a literal asterisk."""
    return text.replace("\\*", "*")
