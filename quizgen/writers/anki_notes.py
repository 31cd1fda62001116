"""What goes into the Anki deck: the note type, the deck, and each fact's note, as plain data.

Kept apart from the genanki objects built in quizgen.writers.anki, so the rules that make
learning and updates work are easy to read and test:

- **One note per fact**, with a card template per kind of card (multiple choice, question,
  fill in the blank, reverse, type the answer). All cards of a fact are siblings: a learner
  edits one note, and Anki's sibling burying, when turned on, keeps a fact to one card a day.
- **New-card positions spread each fact's cards**: every fact's first card before any fact's
  second one, and at least SPACING other new cards between two cards of one fact where the
  deck allows, so with Anki's default options (20 new cards a day, gathered from one deck in
  position order) a fact shows one card a day. Facts added in a later release come after the
  cards of earlier ones.
- **Stable identity and per-fact content**: ids and GUIDs come from the namespace and fact
  ids; a note's content (its multiple-choice option order too) depends only on its own fact,
  and its modification time is the release in which its fact last changed, so an update
  touches only the notes of facts that changed.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import html
import random
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import NamedTuple

from quizgen.bank.cloze import parts as cloze_parts
from quizgen.bank.model import Bank, Citation, Fact, human_date

# genanki's (and Anki's) customary range for model and deck ids.
_ID_LOW, _ID_HIGH = 1 << 30, 1 << 31

# When quizgen last changed what a note holds for an unchanged fact (its fields, how fact text
# is written into them). A note's modification time is never earlier, so such a change reaches
# every learner's notes. Raise it with any such change (tests/expected/small.anki.json checks).
NOTES_CHANGED = datetime(2026, 11, 29, tzinfo=UTC)

# New cards between two cards of one fact: two days at Anki's default of 20 new cards a day,
# so a fact's next card never meets the first review of its previous one (a day after).
SPACING = 40


@dataclass(frozen=True)
class CardKind:
    key: str  # stable: never change it
    template: str  # Anki's card type name; never rename (merging note types matches templates by name)
    front: str  # file names under templates/anki/
    back: str
    applies: Callable[[Fact], bool]


# Template order is Anki's card ordinal: Forward and Reverse are the cards of version 1.0's
# "Q&A" note type, which this note type continues (same model id), so they keep ordinals 0 and 1.
# The other templates show only when a field they need is filled (see the templates).
FORWARD = CardKind("forward", "Forward", "qa-front.html", "qa-back.html", lambda fact: True)
REVERSE = CardKind("reverse", "Reverse", "qa-reverse-front.html", "qa-reverse-back.html", lambda fact: fact.reverse)
MCQ = CardKind("mcq", "Multiple choice", "mcq-front.html", "mcq-back.html", lambda fact: True)
CLOZE = CardKind(
    "cloze", "Fill in the blank", "cloze-front.html", "cloze-back.html", lambda fact: fact.cloze is not None
)
TYPED = CardKind("typed", "Type the answer", "type-front.html", "type-back.html", lambda fact: fact.type_answer)
TEMPLATES = (FORWARD, REVERSE, MCQ, CLOZE, TYPED)
# The order a fact's cards come in: recognition first, then recall, then exact recall.
NEW_CARD_ORDER = (MCQ, FORWARD, CLOZE, REVERSE, TYPED)

# Field list: version 1.0's Q&A fields first, in their order. Adding a field later makes Anki
# import the note type as a copy unless the learner merges note types (see README, "Anki deck").
FIELDS = (
    "Question",
    "Answer",
    "Explanation",
    "Source",
    "FactId",
    "Reverse",
    "Options",
    "ClozeBefore",
    "ClozeAnswer",
    "ClozeAfter",
    "TypeAnswer",
)
NOTE_TYPE_TITLE = "Fact"
CSS_FILE = "cards.css"
# The note types of version 1.0 that the one above replaces (its Q&A type lives on as it).
LEGACY_NOTE_TYPES = {"cloze": "Cloze", "mcq": "Multiple choice", "typed": "Type the answer"}


class NoteData(NamedTuple):  # a NamedTuple: made 10,000 times for a large deck, and cheaply so
    fact: Fact
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    guid: str
    mod: int  # seconds: when this fact's content (or quizgen's note layout) last changed
    cards: tuple[tuple[int, int], ...]  # (template ordinal, new-card position)


def stable_id(*names: str) -> int:
    """A fixed id in genanki's range, from stable names (never from titles or content)."""
    digest = hashlib.sha256("\x1f".join(names).encode("utf-8")).digest()
    return _ID_LOW + int.from_bytes(digest[:8], "big") % (_ID_HIGH - _ID_LOW)


def model_id(bank: Bank) -> int:
    # Version 1.0's Q&A note type id: merging carries its cards' review history over.
    return stable_id(bank.namespace, "model", "qa")


def model_name(bank: Bank) -> str:
    return f"{NOTE_TYPE_TITLE} ({bank.namespace})"


def deck(bank: Bank) -> tuple[int, str]:
    """The deck's id and name. One deck, no topic subdecks: Anki gathers new cards subdeck by
    subdeck, which would bring a small topic's facts back several times a day."""
    return stable_id(bank.namespace, "deck"), deck_part(bank.title)


def deck_part(title: str) -> str:
    # '::' (and ':::', which one replace would leave as '::') would nest decks one level deeper.
    return re.sub(r"\s+", " ", _COLONS.sub(":", title)).strip()


_COLONS = re.compile(r":{2,}")


def note_guid(bank: Bank, fact: Fact) -> str:
    """Namespace + fact id (+ 'qa', version 1.0's Q&A note): a corrected fact keeps its GUID."""
    from genanki import guid_for

    return str(guid_for(bank.namespace, fact.id, "qa"))


def tag(*parts: str) -> str:
    # Anki splits tags on whitespace. (str.split, not a regex: this runs for every tag of every note.)
    return "::".join("_".join(part.split()) for part in parts)


def tags_for(bank: Bank, fact: Fact) -> tuple[str, ...]:
    """tag(namespace, "topic", topic) and tag(namespace, "tag", t) for each tag."""
    space = tag(bank.namespace)
    return (f"{space}::topic::{tag(fact.topic)}", *(f"{space}::tag::{tag(t)}" for t in fact.tags))


def escape(text: str) -> str:
    """Fact text as literal HTML: nothing in a fact runs as markup; a line break shows as one.

    Fields are element content, never attribute values, so quotes stay as typed (readable
    in Anki's editor). A control character cannot come from a loaded bank (quizgen.bank.text),
    but one in a field would break the package (U+001F separates fields: Anki then refuses
    the whole deck), so any that reaches here shows as U+FFFD.
    """
    if _FIELD_BREAKERS.search(text):  # a control character would split Anki's field list (\x1f)
        text = _FIELD_BREAKERS.sub("\ufffd", text)
    escaped = html.escape(text, quote=False)
    if "\n" in escaped or "\r" in escaped:
        escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return escaped


_FIELD_BREAKERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@functools.lru_cache(maxsize=4096)  # facts citing one paragraph share their citation
def source_field(citation: Citation) -> str:
    """'Kazinform, Astana, 31 March 2023, paragraph 9' and the source's title."""
    return f"{escape(str(citation))}<br><i>{escape(citation.source.title)}</i>"


def deck_description(bank: Bank) -> str:
    sources = "".join(f"<li>{escape(source.label)}: <i>{escape(source.title)}</i></li>" for source in bank.sources)
    return (
        f"<p>{escape(bank.description)}</p>"
        f"<p>Flashcards made by quizgen from a source-cited fact bank, version {escape(bank.version)} "
        f"of {human_date(bank.released.date().isoformat())}. "
        "Every card cites its source and paragraph on the back. A fact's cards come on different days; "
        "to keep them so in the long run, turn on the three <i>Burying</i> options in the deck's options.</p>"
        f"<p>Source{'s' if len(bank.sources) > 1 else ''}:</p><ul>{sources}</ul>"
    )


def mcq_options(fact: Fact) -> tuple[tuple[str, ...], int]:
    """A fact's four options and the index of the right one, from the fact alone.

    A random.Random seeded with the fact's id and a hash of its options picks three
    distractors and the right answer's place, so the order changes only when this fact's
    answer or distractors do; each place is equally likely, so A-D even out over a bank.
    """
    content = "\x1f".join((fact.id, fact.answer, *fact.distractors))
    rng = random.Random(hashlib.sha256(content.encode("utf-8")).digest())
    options = rng.sample(fact.distractors, 3)
    key = rng.randrange(len(options) + 1)
    options.insert(key, fact.answer)
    return tuple(options), key


def options_field(options: Sequence[str], key: int) -> str:
    """The options as an A-D list; the right one carries class 'correct', which only the back highlights."""
    items = "".join(
        f'<li class="correct">{escape(option)}</li>' if index == key else f"<li>{escape(option)}</li>"
        for index, option in enumerate(options)
    )
    return f'<ol class="options" type="A">{items}</ol>'


def fields_for(fact: Fact) -> tuple[str, ...]:
    """The note's fields, in FIELDS order; a template's field left empty means no such card."""
    before = hidden = after = ""
    if fact.cloze is not None:
        before, hidden, after = (escape(part) for part in cloze_parts(fact.cloze))
    return (
        escape(fact.prompts[0]),
        escape(fact.answer),
        escape(fact.explanation),
        source_field(fact.citation),
        fact.id,
        "y" if fact.reverse else "",
        options_field(*mcq_options(fact)),
        before,
        hidden,
        after,
        "y" if fact.type_answer else "",
    )


def card_kinds(fact: Fact) -> tuple[CardKind, ...]:
    """The fact's cards, in the order they come as new cards."""
    return tuple(kind for kind in NEW_CARD_ORDER if kind.applies(fact))


def spread(cards: Sequence[int], spacing: int = SPACING) -> list[int]:
    """The order of new cards: card counts per fact in, the fact index of each position out.

    Layer by layer (every fact's first card, then every fact's second, ...) with a fact's next
    card held back until `spacing` other cards came since its last. Within a layer, facts with
    more cards go first (they have further to go), then in the given order. When every fact
    with cards left is held back (the last few cards), the one held longest goes.
    """
    ready = [(0, -count, index) for index, count in enumerate(cards) if count]  # (layer, -cards, fact)
    heapq.heapify(ready)
    waiting: deque[tuple[int, int]] = deque()  # (free from position, fact), in position order
    placed = [0] * len(cards)
    order = []
    for position in range(sum(cards)):
        while waiting and waiting[0][0] <= position:
            _, index = waiting.popleft()
            heapq.heappush(ready, (placed[index], -cards[index], index))
        index = heapq.heappop(ready)[2] if ready else waiting.popleft()[1]
        order.append(index)
        placed[index] += 1
        if placed[index] < cards[index]:
            waiting.append((position + spacing, index))
    return order


def positions(bank: Bank) -> dict[str, list[int]]:
    """Fact id -> the new-card positions of its cards (in card_kinds order), from 1.

    Facts are spread release by release (by when they were added), so a later release's new
    facts never come before what a learner has not started yet.
    """
    result: dict[str, list[int]] = {}
    position = 1
    by_release = sorted(bank.facts, key=lambda fact: bank.release_of(fact.id).added)  # stable: bank order within
    for _, group in groupby(by_release, key=lambda fact: bank.release_of(fact.id).added):
        facts = list(group)
        for index in spread([len(card_kinds(fact)) for fact in facts]):
            result.setdefault(facts[index].id, []).append(position)
            position += 1
    return result


def note_time(bank: Bank, fact: Fact) -> int:
    return int(max(bank.release_of(fact.id).changed, NOTES_CHANGED).timestamp())


def notes(bank: Bank) -> Iterator[NoteData]:
    """Every note of the deck, in bank order."""
    ordinals = {kind.key: ordinal for ordinal, kind in enumerate(TEMPLATES)}
    places = positions(bank)
    for fact in bank.facts:
        cards = tuple(
            sorted((ordinals[kind.key], place) for kind, place in zip(card_kinds(fact), places[fact.id], strict=True))
        )
        yield NoteData(
            fact=fact,
            fields=fields_for(fact),
            tags=tags_for(bank, fact),
            guid=note_guid(bank, fact),
            mod=note_time(bank, fact),
            cards=cards,
        )
