"""A YAML file as the editor sees it: its text, lines and line ends, and where its top-level
keys and values sit (libyaml's marks, the same parser the loader uses).

Lines are split at ``\\n`` only and keep their ends, so ``"".join(lines) == text`` and a
``\\r\\n`` file stays a ``\\r\\n`` file. Columns are characters, as libyaml counts them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from egovkit.errors import UserError
from egovkit.load.compose import compose
from egovkit.load.yaml import YamlFailure, decode, parse

BOM = "\ufeff"


class CannotEdit(UserError):
    """The file cannot be edited without touching lines the edit does not change."""


def split_lines(text: str) -> list[str]:
    """``text`` as lines with their ends (``\\n`` or ``\\r\\n``); the last may have none."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


@dataclass
class Source:
    """One file's text (without a BOM, which :meth:`encode` puts back) and how it ends lines."""

    rel: str
    text: str
    bom: bool = False
    newline: str = "\n"
    lines: list[str] = field(default_factory=list)

    @classmethod
    def from_bytes(cls, rel: str, raw: bytes) -> Source:
        try:
            text = decode(raw)
        except YamlFailure as failure:
            raise UserError(f"{rel}: {failure.problem.message}") from None
        first = re.search(r"\r?\n", text)
        newline = first.group() if first else "\n"
        return cls(rel, text, raw.startswith(BOM.encode()), newline, split_lines(text))

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")

    def data(self) -> dict[str, Any]:
        """The file's plain data as the loader reads it; a usage error unless it is a
        mapping egovkit can read."""
        return parsed_mapping(self.text, self.rel)


def parsed_mapping(text: str, rel: str) -> dict[str, Any]:
    try:
        data, _ = parse(text, rel)
    except YamlFailure as failure:
        p = failure.problem
        where = f"{rel}:{p.line}" if p.line else rel
        raise UserError(
            f"{where}: {p.message}; fix the file first (egovkit check shows every problem)"
        ) from None
    if not isinstance(data, dict):
        raise UserError(f"{rel}: is not a mapping of keys (id: …, title: …); fix it first")
    return data


@dataclass(frozen=True)
class Entry:
    """A top-level key and its value, as composed nodes."""

    key: ScalarNode
    value: Node


class Layout:
    """Where the top-level keys of a YAML mapping sit in its text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        node = compose(text)
        if not isinstance(node, MappingNode):
            raise CannotEdit("the file is not a mapping of keys")
        if node.flow_style:
            raise CannotEdit("the file is one {…} mapping; write one key per line")
        self.entries: dict[str, Entry] = {}
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                self.entries[str(key.value)] = Entry(key, value)
        self.root = node

    def offset(self, line: int, column: int) -> int:
        """The position in the text of a (0-based) line and column."""
        return sum(len(x) for x in self.lines[:line]) + column

    def last_line(self, node: Node) -> int:
        """The last line holding ``node``'s content (comments and blank lines after it are
        not part of it)."""
        end, start = node.end_mark, node.start_mark.line
        if end.line < len(self.lines) and self.lines[end.line][: end.column].strip():
            return end.line
        line = min(end.line, len(self.lines)) - 1
        while line > start and not _content(self.lines[line]):
            line -= 1
        return line

    def entry_end(self, name: str) -> int:
        """The line after the value of top-level key ``name``."""
        return self.last_line(self.entries[name].value) + 1

    def end(self) -> int:
        """The line after the value of the last top-level key."""
        last = list(self.entries)[-1]
        return self.entry_end(last)

    def key_column(self) -> int:
        return next(iter(self.entries.values())).key.start_mark.column

    def sequence_style(self) -> tuple[int, int]:
        """How the file indents a block sequence under a key: (dash offset, gap to the item),
        from the first one it has; else (2, 2), as egovkit's examples write them."""
        for entry in self.entries.values():
            value = entry.value
            if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                dash = self.dash_column(value.value[0])
                if dash is not None:
                    first = value.value[0].start_mark.column
                    return dash - entry.key.start_mark.column, first - dash
        return 2, 2

    def mapping_indent(self) -> int:
        """How far the file indents a mapping under a key (2 if it has none)."""
        for entry in self.entries.values():
            value = entry.value
            if isinstance(value, MappingNode) and not value.flow_style and value.value:
                return value.value[0][0].start_mark.column - entry.key.start_mark.column
        return 2

    def dash_column(self, item: Node) -> int | None:
        """The column of the ``-`` before a block sequence item on the item's line."""
        before = self.lines[item.start_mark.line][: item.start_mark.column].rstrip()
        return len(before) - 1 if before.endswith("-") and not before[:-1].strip() else None

    def comments(self, first: int, stop: int) -> list[str]:
        """The comments on lines ``first`` to ``stop - 1`` (text from ``#``, stripped)."""
        ends = self._content_ends()
        found = []
        for line in range(first, min(stop, len(self.lines))):
            text = self.lines[line]
            rest = text[ends[line] :] if line in ends else text
            if rest.strip().startswith("#"):
                found.append(rest.strip())
        return found

    def _content_ends(self) -> dict[int, int]:
        """Per line, the column after the last scalar or flow collection ending on it."""
        ends: dict[int, int] = {}
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
                end = node.end_mark
                if end.line < len(self.lines) and self.lines[end.line][: end.column].strip():
                    ends[end.line] = max(ends.get(end.line, 0), end.column)
            if isinstance(node, MappingNode):
                stack.extend(part for pair in node.value for part in pair)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
        return ends


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def render_scalar(value: Any, flow: bool = False, quote: str = "") -> str:
    """``value`` as one line of YAML that the loader reads back as exactly ``value``: a
    date or number as written, text plain when that reads back the same, else quoted
    (``quote`` ``'`` or ``"`` first, to keep the style of the value it replaces)."""
    if isinstance(value, dt.date) or (isinstance(value, int) and not isinstance(value, bool)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    single = "'" + text.replace("'", "''") + "'"
    double = json.dumps(text, ensure_ascii=False)
    ordered = {"'": [single, text, double], '"': [double, text, single]}.get(
        quote, [text, single, double]
    )
    for candidate in ordered:
        if "\n" not in candidate and "\r" not in candidate and _reads_back(candidate, text, flow):
            return candidate
    return double


def _reads_back(candidate: str, text: str, flow: bool) -> bool:
    contexts = [(f"k: {candidate}\n", {"k": text})]
    if flow:
        contexts += [
            (f"k: [{candidate}]\n", {"k": [text]}),
            (f"k: {{a: {candidate}}}\n", {"k": {"a": text}}),
        ]
    for snippet, expected in contexts:
        try:
            if parse(snippet, "-")[0] != expected:
                return False
        except YamlFailure:
            return False
    return True
