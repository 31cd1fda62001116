"""XML documents written one element at a time, in the same bytes as indenting and serialising
the whole tree at once (`ET.indent(root, "  ")`, then `ET.tostring`).

The QTI and Moodle XML writers made one ElementTree of every question before writing it: at
100,000 facts the QTI tree and its text took 1.4 GB. Here the document's frame (the root down
to the element that holds the questions) is serialised once around a placeholder, and each
question's element is made, indented at its depth, serialised and dropped before the next is made.
"""

from __future__ import annotations

import io
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import Any

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
SPACE = "  "
_SLOT = "quizgen-xmlstream-slot"  # stands where the children go; never a tag of a written format
_CHUNK = 1 << 16  # bytes gathered before they are handed on: fewer, larger writes into a zip entry


def document(
    root: ET.Element, parent: ET.Element, children: Iterable[ET.Element[Any]], *, short_empty_elements: bool = True
) -> Iterator[bytes]:
    """The UTF-8 document (declaration, `root`, final newline) in chunks, with `children`
    appended to `parent` (an element of `root`) as they come. Each child is serialised on its own,
    so it must not share namespace prefixes with the frame (plain tag names, as QTI 1.2 and
    Moodle XML are written here) and must have no tail."""
    depth = _depth(root, parent)
    pending = iter(children)
    first = next(pending, None)
    if first is None:  # the parent stays empty: the frame is the whole document
        ET.indent(root, SPACE)
        yield _whole(root, short_empty_elements).encode()
        return
    slot = ET.SubElement(parent, _SLOT)
    ET.indent(root, SPACE)
    frame = _whole(root, short_empty_elements)
    parent.remove(slot)
    marker = f"<{_SLOT} />" if short_empty_elements else f"<{_SLOT}></{_SLOT}>"
    head, tail = frame.split(marker)
    between = "\n" + SPACE * (depth + 1)  # what indenting the whole tree puts between two children
    parts = [head]
    size = len(head)
    for index, child in enumerate(itertools.chain([first], pending)):
        ET.indent(child, SPACE, level=depth + 1)
        text = ET.tostring(child, encoding="unicode", short_empty_elements=short_empty_elements)
        if index:
            parts.append(between)
        parts.append(text)
        size += len(text)
        if size >= _CHUNK:
            yield "".join(parts).encode()
            parts, size = [], 0
    parts.append(tail)
    yield "".join(parts).encode()


def joined(chunks: Iterable[bytes]) -> bytes:
    """The chunks as one bytes object. BytesIO hands over its own buffer, where b"".join would
    hold every chunk and their copy at once."""
    buffer = io.BytesIO()
    for chunk in chunks:
        buffer.write(chunk)
    return buffer.getvalue()


def _whole(root: ET.Element, short_empty_elements: bool) -> str:
    return f"{DECLARATION}{ET.tostring(root, encoding='unicode', short_empty_elements=short_empty_elements)}\n"


def _depth(root: ET.Element, target: ET.Element) -> int:
    level, row = 0, [root]
    while row:
        if any(element is target for element in row):
            return level
        level, row = level + 1, [child for element in row for child in element]
    raise ValueError("the parent is not an element of the root")
