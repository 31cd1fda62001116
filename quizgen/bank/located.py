"""Values read from a bank file that remember where they were: the line of a mapping or list, and
of each key or item, for messages that name the line. yamlfile.py makes them; the checks read them
(without YAML: a bank from the cache never needs it)."""

from __future__ import annotations

from typing import Any


class LocDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key."""

    __slots__ = ("line", "lines")  # no attribute dict of its own: a bank makes one per fact
    line: int
    lines: dict[str, int]


class LocList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    __slots__ = ("line", "lines")
    line: int
    lines: list[int]
