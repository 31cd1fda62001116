"""Strict YAML reading that keeps line numbers.

PyYAML's loaders drop line numbers, keep the last of duplicate keys silently and expand
aliases without limit. We compose the node tree (which constructs nothing) and build plain
values from it ourselves: safe tags only, no anchors or aliases, every mapping key unique,
and a line number for every key and list item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quizgen.errors import Problem

# libyaml (in PyYAML's wheels) is much faster on big banks. The pure-Python parser is a
# fallback only: it is stricter on a few flow forms, e.g. rejects `[Is it?]` unquoted.
try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_constructor = yaml.constructor.SafeConstructor()


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


class YamlFault(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Read one YAML file: its value (None when unreadable) and the problems found."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem(shown, None, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, f"cannot read file: {exc.strerror or exc}")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(shown, None, "file is empty")]
    if "\t" in text:  # a line by line search only where a tab is at all
        for number, content in enumerate(text.splitlines(), start=1):
            indent = content[: len(content) - len(content.lstrip(" \t"))]
            if "\t" in indent:
                return None, [Problem(shown, number, "tab used for indentation; YAML indents with spaces")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return None, [Problem(shown, line, f"control character U+{exc.character:04X} is not allowed in YAML")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        opened = _unclosed_quote(text, exc)
        if opened is not None and opened != line:
            return None, [Problem(shown, opened, f"YAML syntax error: the quote opened on this line is not closed "
                                                 f"on it (YAML read on to line {line}: {what})")]
        return None, [Problem(shown, line, f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, None, f"YAML error: {exc}")]
    if node is None:
        return None, [Problem(shown, None, "file is empty")]
    duplicates: list[YamlFault] = []
    try:
        value = _build(node, set(), duplicates)
    except YamlFault as fault:
        return None, [Problem(shown, fault.line, fault.message)]
    # Duplicate keys are reported, and the rest of the file is still checked.
    return value, [Problem(shown, fault.line, fault.message) for fault in duplicates]


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError) -> int | None:
    """The line of a quote that was most likely left open, or None.

    YAML reads an unclosed quote on, across lines, to the next quote mark anywhere below, and
    fails only there (or at the end of the file): the line to show is where the quote began.
    That is a quoted scalar still open at the error, or one spanning lines that ends on the
    error's line or the line before.
    """
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        return int(exc.context_mark.line) + 1
    problem = exc.problem_mark
    if problem is None:
        return None
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line > problem.line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line and token.end_mark.line >= problem.line - 1):
                found = int(token.start_mark.line) + 1
    except yaml.YAMLError:
        pass
    return found


def _build(node: yaml.Node, seen: set[int], duplicates: list[YamlFault]) -> Any:
    if node.__class__ is yaml.ScalarNode and (node.tag == _STR or node.tag == _TIMESTAMP):
        return node.value  # most of a bank, so first and fast (dates stay text; the bank validates their form)
    line = node.start_mark.line + 1
    if id(node) in seen:  # composed aliases are shared nodes
        raise YamlFault(line, "YAML anchors and aliases are not allowed in a bank; write the value out")
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise YamlFault(line, f"YAML tag {node.tag!r} is not allowed; only plain values are")
        return _constructor.construct_object(node)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise YamlFault(line, f"YAML tag {node.tag!r} is not allowed; only plain values are")
        items = LocList([_build(child, seen, duplicates) for child in node.value])
        items.line = line
        items.lines = [child.start_mark.line + 1 for child in node.value]
        return items
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise YamlFault(line, f"YAML tag {node.tag!r} is not allowed; only plain values are")
        mapping = LocDict()
        mapping.line = line
        mapping.lines = lines = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlFault(key_line, "YAML merge keys ('<<') are not allowed; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlFault(key_line, "mapping keys must be plain words")
            key = str(key_node.value)
            if key in lines:
                duplicates.append(YamlFault(key_line, f"duplicate key '{key}' (first on line {lines[key]})"))
                continue
            lines[key] = key_line
            if value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:
                mapping[key] = value_node.value  # the common case, without a call
            else:
                mapping[key] = _build(value_node, seen, duplicates)
        return mapping
    raise YamlFault(line, "unsupported YAML node")  # pragma: no cover
