"""Strict YAML reading that keeps line numbers.

PyYAML's loaders drop line numbers, keep the last of duplicate keys silently and expand
aliases without limit. We compose the node tree (which constructs nothing) and build plain
values from it ourselves: safe tags only, no anchors or aliases, every mapping key unique,
numbers that fit a float, nesting a bank never needs refused, and a line number for every
key and list item, counted as an editor counts lines. Every string must pass the bank's text
rule (quizgen.bank.text); a string that does not is reported, and the rest of the file is still read.

Files are read through quizgen.bank.files: regular files only, at most MAX_BYTES.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from quizgen.bank.files import FileFault, read_bytes
from quizgen.bank.located import LocDict, LocList
from quizgen.bank.text import plainly_allowed, refusal
from quizgen.errors import Problem

# libyaml (in PyYAML's wheels) is much faster on big banks. The pure-Python parser is a
# fallback only: it is stricter on a few flow forms, e.g. rejects `[Is it?]` unquoted.
try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """The safe loader less the bookkeeping of path resolvers (yaml.add_path_resolver), which
    quizgen never adds: PyYAML calls these two for every node, and without path resolvers they
    return at once. A bank of 10,000 facts has 400,000 nodes."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


MAX_DEPTH = 32  # a bank nests four levels; the builder recurses once per level
MAX_NUMBER_LENGTH = 100  # characters of a number literal: Python's int() is quadratic in them
MAX_FAULTS = 100  # listed per file: a file of a million aliases must not become a million messages
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_constructor = yaml.constructor.SafeConstructor()
_NUMBERS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
}
# YAML 1.1 ends a line at these too, so libyaml's line numbers run ahead of an editor's.
_EXTRA_BREAKS = ("\x85", "\u2028", "\u2029")


class YamlFault(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Read one YAML file: its value (None when unreadable) and the problems found."""
    try:
        data = read_bytes(path)
    except FileFault as fault:
        return None, [Problem(shown, None, str(fault))]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = data[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, at, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(shown, None, "file is empty")]
    builder = _Builder(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        at = text[: exc.position].count("\n") + 1
        return None, [Problem(shown, at, f"control character U+{exc.character:04X} is not allowed in YAML")]
    except yaml.MarkedYAMLError as exc:
        tab = _tab_indent(text)
        if tab is not None:  # the likely cause, in words a bank author knows
            return None, [Problem(shown, tab, "tab used for indentation; YAML indents with spaces")]
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        line = builder.line(mark) if mark else None
        opened = _unclosed_quote(text, exc)
        if opened is not None and line is not None and opened != line:
            return None, [
                Problem(
                    shown,
                    opened,
                    f"YAML syntax error: the quote opened on this line is not closed "
                    f"on it (YAML read on to line {line}: {what})",
                )
            ]
        return None, [Problem(shown, line, f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, None, f"YAML error: {exc}")]
    if node is None:
        return None, [Problem(shown, None, "file is empty")]
    try:
        value = builder.build(node, 0)
    except YamlFault as fault:
        return None, [Problem(shown, fault.line, fault.message)]
    # Values left out are reported, and the rest of the file is still checked.
    problems = [Problem(shown, fault.line, fault.message) for fault in builder.faults]
    if builder.unlisted:
        problems.append(Problem(shown, None, f"and {builder.unlisted} more problems like those above"))
    return value, problems


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
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
                and token.end_mark.line >= problem.line - 1
            ):
                found = int(token.start_mark.line) + 1
    except yaml.YAMLError:
        pass
    return found


def _tab_indent(text: str) -> int | None:
    """The first line indented with a tab, if any (a tab inside a block scalar is valid YAML,
    so this is only asked once the parser has failed)."""
    for number, content in enumerate(text.split("\n"), start=1):
        if "\t" in content[: len(content) - len(content.lstrip(" \t"))]:
            return number
    return None


class _Builder:
    """Builds plain values from composed nodes. A value that may not be in a bank is reported
    and left out (None), so the rest of the file is still read and checked, and the loader can
    name the fact each fault is in."""

    __slots__ = ("aliases", "breaks", "faults", "plain", "seen", "unlisted")

    def __init__(self, text: str) -> None:
        self.seen: set[int] = set()
        self.aliases = "*" in text  # an alias is written '*name': without a '*', no node is shared
        self.faults: list[YamlFault] = []
        self.unlisted = 0  # faults past MAX_FAULTS
        # Positions of the line breaks only YAML counts; empty (and free) in nearly every file.
        self.breaks = sorted(i for char in _EXTRA_BREAKS if char in text for i in _positions(text, char))
        # A string is made of the file's own characters (and line breaks and spaces) or of
        # escapes in double quotes: in a plain ASCII file without a backslash, every string
        # passes the text rule, and none needs checking on its own.
        self.plain = "\\" not in text and plainly_allowed(text)

    def line(self, mark: yaml.Mark) -> int:
        if not self.breaks:
            return int(mark.line) + 1
        return int(mark.line) + 1 - bisect.bisect_left(self.breaks, mark.index)

    def fault(self, node: yaml.Node, message: str, line: int | None = None) -> None:
        if len(self.faults) < MAX_FAULTS:
            self.faults.append(YamlFault(line or self.line(node.start_mark), message))
        else:
            self.unlisted += 1

    def text(self, node: yaml.ScalarNode, name: str, index: int | None) -> str:
        value: str = node.value
        why = refusal(value)
        if why is not None:
            self.fault(node, f"{_field(name, index)}{why}")
        return value

    def build(
        self, node: yaml.Node, depth: int, name: str = "", index: int | None = None, line: int | None = None
    ) -> Any:
        """line: where the value is used, when that is not where it starts (an alias's key)."""
        if self.aliases:
            if id(node) in self.seen:  # composed aliases are shared nodes
                return self.fault(node, "YAML anchors and aliases are not allowed in a bank; write the value out", line)
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR or node.tag == _TIMESTAMP:  # dates stay text; the bank validates their form
                value: str = node.value
                return value if self.plain or not value else self.text(node, name, index)
            return self._number(node, name, index)
        if depth >= MAX_DEPTH:
            return self.fault(node, f"{_field(name, index)}nests values more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self.fault(node, f"YAML tag {node.tag!r} is not allowed; only plain values are")
            items = LocList(self.build(child, depth + 1, name, i) for i, child in enumerate(node.value))
            items.line = self.line(node.start_mark)
            if self.breaks:
                items.lines = [self.line(child.start_mark) for child in node.value]
            else:  # self.line without a call per item
                items.lines = [int(child.start_mark.line) + 1 for child in node.value]
            return items
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                return self.fault(node, f"YAML tag {node.tag!r} is not allowed; only plain values are")
            mapping = LocDict()
            mapping.line = self.line(node.start_mark)
            lines: dict[str, int] = {}
            mapping.lines = lines
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fault(key_node, "YAML merge keys ('<<') are not allowed; write the fields out")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fault(key_node, "mapping keys must be plain words")
                    continue
                key = str(key_node.value)
                if key in lines:
                    self.fault(key_node, f"duplicate key '{key}' (first on line {lines[key]})")
                    continue
                at = lines[key] = (
                    int(key_node.start_mark.line) + 1 if not self.breaks else self.line(key_node.start_mark)
                )
                mapping[key] = self.build(value_node, depth + 1, key, None, at)
            return mapping
        raise YamlFault(self.line(node.start_mark), "unsupported YAML node")  # pragma: no cover

    def _number(self, node: yaml.ScalarNode, name: str, index: int | None) -> Any:
        construct = _NUMBERS.get(node.tag)
        if construct is None:
            return self.fault(node, f"YAML tag {node.tag!r} is not allowed; only plain values are")
        # Also keeps every whole number within a float's range (1e308 takes 309 digits), which
        # the model and the writers compute in.
        if len(node.value) > MAX_NUMBER_LENGTH:
            return self.fault(
                node,
                f"{_field(name, index)}is a {_tag_name(node.tag)} of more than {MAX_NUMBER_LENGTH} characters; "
                "put it in quotes if it is text",
            )
        try:
            return construct(node)
        except (ValueError, KeyError, IndexError):  # an explicit tag on a value that does not fit it
            return self.fault(node, f"{_field(name, index)}{node.value[:40]!r} is not a {_tag_name(node.tag)}")


def _field(name: str, index: int | None) -> str:
    """ "'distractors[2]' " for messages ("a value " for one with no field name, at the top)."""
    if not name:
        return "a value "
    return f"'{name}' " if index is None else f"'{name}[{index + 1}]' "


def _tag_name(tag: str) -> str:
    return {"int": "whole number", "float": "number", "bool": "true/false value", "null": "null value"}.get(
        tag.rsplit(":", 1)[-1], tag
    )


def _positions(text: str, char: str) -> list[int]:
    found, at = [], text.find(char)
    while at >= 0:
        found.append(at)
        at = text.find(char, at + 1)
    return found
