"""What goes into the Anki deck: note types, decks, tags and note fields, as plain data.

Kept apart from the genanki objects built in quizgen.writers.anki, so the rules that make
re-imports update in place are easy to read and test: every id and GUID below comes from
stable names (the bank's namespace, topic ids, fact ids, note kinds), never from content
or the clock.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from quizgen.bank import cloze_parts
from quizgen.model import Bank, Citation, Fact, human_date
from quizgen.questions import Kind, Question, letter, question_set

# genanki's (and Anki's) customary range for model and deck ids.
_ID_LOW, _ID_HIGH = 1 << 30, 1 << 31


@dataclass(frozen=True)
class CardTemplate:
    name: str
    front: str  # file names under templates/anki/
    back: str


@dataclass(frozen=True)
class NoteType:
    kind: str  # stable key: part of model ids, GUIDs and tags; never change it
    title: str
    fields: tuple[str, ...]
    templates: tuple[CardTemplate, ...]
    cloze: bool = False


# Field lists are final: adding a field later makes Anki duplicate the note type on import
# unless the learner picks special import options (see README, "Anki deck").
QA = NoteType("qa", "Q&A", ("Question", "Answer", "Explanation", "Source", "FactId", "Reverse"), (
    CardTemplate("Forward", "qa-front.html", "qa-back.html"),
    # Only notes with a non-empty Reverse field get this card (its front is conditional).
    CardTemplate("Reverse", "qa-reverse-front.html", "qa-reverse-back.html"),
))
CLOZE = NoteType("cloze", "Cloze", ("Text", "Extra", "Source", "FactId"),
                 (CardTemplate("Cloze", "cloze-front.html", "cloze-back.html"),), cloze=True)
MCQ = NoteType("mcq", "Multiple choice", ("Question", "Options", "Answer", "Explanation", "Source", "FactId"),
               (CardTemplate("Multiple choice", "mcq-front.html", "mcq-back.html"),))
TYPED = NoteType("typed", "Type the answer", ("Question", "Answer", "Explanation", "Source", "FactId"),
                 (CardTemplate("Type the answer", "type-front.html", "type-back.html"),))
NOTE_TYPES = (QA, CLOZE, MCQ, TYPED)
CSS_FILE = "cards.css"

# The order new cards come in: recognition first, then recall, then exact recall.
_NEW_CARD_ORDER = (MCQ, QA, CLOZE, TYPED)


@dataclass(frozen=True)
class NoteData:
    note_type: NoteType
    fact: Fact
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    guid: str
    due: int


def stable_id(*names: str) -> int:
    """A fixed id in genanki's range, from stable names (never from titles or content)."""
    digest = hashlib.sha256("\x1f".join(names).encode("utf-8")).digest()
    return _ID_LOW + int.from_bytes(digest[:8], "big") % (_ID_HIGH - _ID_LOW)


def model_id(bank: Bank, note_type: NoteType) -> int:
    return stable_id(bank.namespace, "model", note_type.kind)


def model_name(bank: Bank, note_type: NoteType) -> str:
    return f"{note_type.title} ({bank.namespace})"


def parent_deck(bank: Bank) -> tuple[int, str]:
    return stable_id(bank.namespace, "deck"), deck_part(bank.title)


def topic_decks(bank: Bank) -> list[tuple[int, str, str]]:
    """(deck id, deck name, topic id) of each topic that has facts, in manifest order."""
    _, parent = parent_deck(bank)
    return [(stable_id(bank.namespace, "deck", topic.id), f"{parent}::{deck_part(topic.title)}", topic.id)
            for topic, _ in bank.by_topic()]


def deck_part(title: str) -> str:
    # '::' (and ':::', which one replace would leave as '::') would nest decks one level deeper.
    return re.sub(r"\s+", " ", _COLONS.sub(":", title)).strip()


_COLONS = re.compile(r":{2,}")


def note_guid(bank: Bank, fact: Fact, note_type: NoteType) -> str:
    """Namespace + fact id + kind: a corrected fact keeps its GUID, so Anki updates the note."""
    from genanki import guid_for

    return str(guid_for(bank.namespace, fact.id, note_type.kind))


def tag(*parts: str) -> str:
    # Anki splits tags on whitespace. (str.split, not a regex: this runs for every tag of every note.)
    return "::".join("_".join(part.split()) for part in parts)


def tags_for(bank: Bank, fact: Fact, note_type: NoteType) -> tuple[str, ...]:
    topic, *own = _fact_tags(bank.namespace, fact.topic, fact.tags)
    return (topic, tag(bank.namespace, "kind", note_type.kind), *own)


@functools.lru_cache(maxsize=4096)  # a fact's tags serve each of its notes: made once
def _fact_tags(ns: str, topic: str, tags: tuple[str, ...]) -> tuple[str, ...]:
    return (tag(ns, "topic", topic), *(tag(ns, "tag", t) for t in tags))


def escape(text: str) -> str:
    """Fact text as literal HTML: nothing in a fact runs as markup or script.

    Fields are element content, never attribute values, so quotes stay as typed (readable
    in Anki's editor). A control character cannot come from a loaded bank (quizgen.text),
    but one in a field would break the package (U+001F separates fields: Anki then refuses
    the whole deck), so any that reaches here shows as U+FFFD.
    """
    if _FIELD_BREAKERS.search(text):
        text = _FIELD_BREAKERS.sub("\ufffd", text)
    return html.escape(text, quote=False)


_FIELD_BREAKERS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape_cloze(text: str) -> str:
    """Also hide braces and colons, so '{{c1::', '::' and '}}' in a fact never read as cloze syntax."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")


@functools.lru_cache(maxsize=4096)  # every note of a fact shows the same citation
def source_field(citation: Citation, quote: Callable[[str], str] = escape) -> str:
    """'Kazinform, Astana, 31 March 2023, paragraph 9' and the source's title."""
    return f'{quote(str(citation))}<br><i>{quote(citation.source.title)}</i>'


def deck_description(bank: Bank) -> str:
    sources = "".join(f"<li>{escape(source.label)}: <i>{escape(source.title)}</i></li>" for source in bank.sources)
    return (f"<p>{escape(bank.description)}</p>"
            f"<p>Flashcards made by quizgen from a source-cited fact bank, version {escape(bank.version)} "
            f"of {human_date(bank.released.date().isoformat())}. Every card cites its source and paragraph on the back.</p>"
            f"<p>Source{'s' if len(bank.sources) > 1 else ''}:</p><ul>{sources}</ul>")


def options_field(question: Question) -> str:
    """The options as an A-D list; the right one carries class 'correct', which only the back highlights."""
    items = "".join(f'<li class="correct">{escape(option)}</li>' if index == question.key[0]
                    else f"<li>{escape(option)}</li>" for index, option in enumerate(question.options))
    return f'<ol class="options" type="A">{items}</ol>'


def fields_for(fact: Fact, note_type: NoteType, mcq: Question | None = None) -> tuple[str, ...]:
    source = source_field(fact.citation)
    if note_type is QA:
        return (escape(fact.prompts[0]), escape(fact.answer), escape(fact.explanation), source, fact.id,
                "y" if fact.reverse else "")
    if note_type is CLOZE:
        before, hidden, after = cloze_parts(fact.cloze or "")
        text = f"{escape_cloze(before)}{{{{c1::{escape_cloze(hidden)}}}}}{escape_cloze(after)}"
        return (text, escape_cloze(fact.explanation), source_field(fact.citation, escape_cloze), fact.id)
    if note_type is MCQ:
        assert mcq is not None
        answer = f"{letter(mcq.key[0])}. {escape(mcq.correct_option)}"
        return (escape(mcq.prompt), options_field(mcq), answer, escape(fact.explanation), source, fact.id)
    return (escape(fact.prompts[0]), escape(fact.answer), escape(fact.explanation), source, fact.id)


def note_types_for(fact: Fact) -> tuple[NoteType, ...]:
    kinds = [QA, MCQ]
    if fact.cloze:
        kinds.append(CLOZE)
    if fact.type_answer:
        kinds.append(TYPED)
    return tuple(kinds)


def notes(bank: Bank, seed: int) -> Iterator[tuple[str, NoteData]]:
    """(topic id, note) for every note of the deck, in a fixed order."""
    # Option order and answer positions come from the question engine, balanced over the bank.
    mcqs = {q.fact_ids[0]: q for q in question_set(bank, seed, kinds=[Kind.MCQ])}
    due = {note_type.kind: rank * len(bank.facts) for rank, note_type in enumerate(_NEW_CARD_ORDER)}
    for index, fact in enumerate(bank.facts):
        for note_type in note_types_for(fact):
            yield fact.topic, NoteData(
                note_type=note_type, fact=fact, fields=fields_for(fact, note_type, mcqs.get(fact.id)),
                tags=tags_for(bank, fact, note_type), guid=note_guid(bank, fact, note_type),
                due=due[note_type.kind] + index,
            )
