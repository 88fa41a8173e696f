"""Parse YAML text into plain Python values plus a :class:`SourceMap`.

ruamel.yaml is used here (and later in the in-place editor) only: everything past this
module sees plain dicts, lists and scalars, and models after validation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from egovkit.load.compose import TAG_NAMES, compose, tag_name, yaml_loader
from egovkit.load.sourcemap import PathKey, SourceMap


@dataclass(frozen=True)
class YamlProblem:
    """A file that could not be parsed; ``code`` is a Y-rule code."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None


class YamlFailure(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class BudgetExhausted(YamlFailure):
    """A Y008 failure because the run's :class:`Budget` is spent: unlike every other failure
    of a file, it depends on the files parsed before it."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or a :class:`YamlFailure` naming the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlFailure(
            YamlProblem(
                "Y003",
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                "save it as UTF-8 (umlauts are fine in UTF-8)",
                line,
                column,
            )
        ) from None
    if "\x00" in text:
        raise YamlFailure(YamlProblem("Y003", "file contains NUL bytes; is it a binary file?"))
    return text


#: Nesting deeper than this is no strategy file; it would exhaust Python's stack.
MAX_DEPTH = 64
#: libyaml's composer recurses in C and crashes the process on tens of thousands of levels;
#: a document whose nesting *could* exceed this is first measured with libyaml's parser
#: (which keeps its own stack) and refused at the first level deeper than MAX_DEPTH.
SAFE_C_DEPTH = 1_000
#: More collection entries than this in one file is no strategy file (a measure has ~30).
MAX_FILE_VALUES = 20_000

#: Budgets for one whole run (every file of a repository together), so neither one file nor
#: a hundred small ones can exhaust time or memory. Real strategies stay far below them: a
#: 10,000-measure repository has about 300,000 values and no aliases.
MAX_VALUES = 500_000
MAX_ALIAS_VALUES = 100_000
MAX_ALIAS_CHARS = 1_000_000


@dataclass
class Budget:
    """What is left of the per-run budgets; one instance is shared by every file of a run."""

    values: int = MAX_VALUES
    alias_values: int = MAX_ALIAS_VALUES
    alias_chars: int = MAX_ALIAS_CHARS


_STR, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"
_MERGE, _TIMESTAMP = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:timestamp"
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
#: Characters no text of a strategy may hold, even written as escapes ("\x01", "\0",
#: "\uFFFE"): they break XML (the SVG charts) and terminals. Tab and line breaks are fine.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


#: Every token that can open a nesting level: flow brackets, and the block indicators
#: ``-``, ``?`` and ``:`` followed by white space or the end of the text.
_OPENERS = ("[", "{", *(c + w for c in "-?:" for w in (" ", "\t", "\n", "\r")))


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text`` (every level needs one opener) and a
    lower bound of its number of values (every entry but a lone scalar needs one)."""
    return sum(text.count(o) for o in _OPENERS) + text.endswith(("-", "?", ":"))


def _check_depth(text: str, offset: int) -> None:
    """Raise a Y001 failure at the first node nested deeper than :data:`MAX_DEPTH`."""
    depth = 0
    for event in yaml_loader().parse(text):
        name = type(event).__name__
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlFailure(
                    YamlProblem(
                        "Y001",
                        f"YAML nested more than {MAX_DEPTH} levels deep",
                        mark.line + 1 + offset,
                        mark.column + 1,
                    )
                )
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            depth -= 1


def value_bound(text: str) -> int:
    """What :func:`parse` charges a budget at least before it parses ``text``: an upper bound
    of its nesting depth and a lower bound of its number of values."""
    return _nesting_bound(text)


def parse(
    text: str,
    path: str,
    line_offset: int = 0,
    budget: Budget | None = None,
    bound: int | None = None,
) -> tuple[Any, SourceMap]:
    """Parse one YAML document; raise :class:`YamlFailure` on syntax errors, duplicate keys,
    tags, nesting deeper than :data:`MAX_DEPTH` or an exhausted ``budget`` (shared per run;
    then the failure is a :class:`BudgetExhausted`). ``bound`` is ``value_bound(text)`` if
    the caller has it already."""
    budget = budget or Budget()
    openers = _nesting_bound(text) if bound is None else bound
    if openers > MAX_FILE_VALUES:
        raise YamlFailure(
            YamlProblem(
                "Y008",
                f"refused unparsed: about {openers:,} YAML values in one file (at most "
                f"{MAX_FILE_VALUES:,}); no strategy file needs that many: split or shorten it",
            )
        )
    if openers > budget.values:
        raise BudgetExhausted(
            YamlProblem(
                "Y008",
                f"refused unparsed: the repository's budget of {MAX_VALUES:,} YAML values is "
                "spent; no strategy needs that many: remove what does not belong there",
            )
        )
    try:
        if openers > SAFE_C_DEPTH:
            _check_depth(text, line_offset)
        node = compose(text)
    except MarkedYAMLError as exc:
        raise YamlFailure(_marked("Y001", exc, line_offset)) from None
    except ReaderError as exc:  # e.g. a control character: report where it is
        line, column = _line_column(text, exc.position)
        raise YamlFailure(
            YamlProblem(
                "Y001",
                f"invalid YAML: control character U+{_codepoint(exc.character):04X} is not "
                "allowed in YAML text; delete it",
                line + line_offset,
                column,
            )
        ) from None
    except YAMLError as exc:  # unmarked parser errors are rare; still a finding, not a crash
        message = " ".join(str(exc).split())
        raise YamlFailure(YamlProblem("Y001", f"invalid YAML: {message}")) from None
    except RecursionError:
        raise YamlFailure(
            YamlProblem("Y001", f"YAML nested more than {MAX_DEPTH} levels deep")
        ) from None
    smap = SourceMap(path)
    smap.values[()] = (1 + line_offset, 1)
    if node is None:
        return None, smap
    builder = _Builder(text, smap, line_offset, budget)
    return builder.value(node, (), False), smap


def _codepoint(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


def _line_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _marked(code: str, exc: MarkedYAMLError, offset: int) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or str(exc)).strip()
    context = f" ({exc.context.strip()})" if exc.context else ""
    message = f"invalid YAML: {problem}{context}"
    if mark is None:
        return YamlProblem(code, message)
    return YamlProblem(code, message, mark.line + 1 + offset, mark.column + 1)


class _Builder:
    """Turns composed nodes into plain values, recording every position on the way.

    Every value is checked as it is built: nesting depth, tags, merge keys, duplicate keys,
    recursive aliases, and the run's budgets (aliases expand into the budget of their own).
    """

    def __init__(self, text: str, smap: SourceMap, offset: int, budget: Budget) -> None:
        self.text = text
        self.constructor = yaml_loader().constructor
        self.values = smap.values
        self.keys = smap.keys
        self.line = offset + 1  # added to libyaml's 0-based line
        self.offset = offset
        self.budget = budget
        self.visited: set[int] = set()  # a node met again is an alias expansion
        self.path: set[int] = set()  # the collections being built (a recursive alias)

    def _pos(self, node: Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + self.line, mark.column + 1

    def _fail(self, code: str, message: str, node: Node) -> YamlFailure:
        line, column = self._pos(node)
        return YamlFailure(YamlProblem(code, message, line, column))

    def _spent(self, message: str, node: Node) -> BudgetExhausted:
        line, column = self._pos(node)
        return BudgetExhausted(YamlProblem("Y008", message, line, column))

    def _spend_alias(self, node: Node) -> None:
        budget = self.budget
        budget.alias_values -= 1
        if isinstance(node, ScalarNode):
            budget.alias_chars -= len(node.value)
        if budget.alias_values < 0 or budget.alias_chars < 0:
            raise self._spent(
                f"YAML aliases expand to more than {MAX_ALIAS_VALUES:,} values or "
                f"{MAX_ALIAS_CHARS:,} characters in this repository; write the values out "
                "instead of repeating them with aliases ('*name')",
                node,
            )

    def value(self, node: Node, loc: PathKey, aliased: bool) -> Any:
        if len(loc) > MAX_DEPTH:
            raise self._fail("Y001", f"YAML nested more than {MAX_DEPTH} levels deep", node)
        key = id(node)
        if key in self.visited:
            aliased = True
        else:
            self.visited.add(key)
        budget = self.budget
        budget.values -= 1
        if budget.values < 0:
            raise self._spent(f"the repository holds more than {MAX_VALUES:,} YAML values", node)
        if aliased:
            self._spend_alias(node)
        tag = TAG_NAMES.get(id(node.ctag)) or tag_name(node.ctag)
        if type(node) is ScalarNode or not isinstance(node, MappingNode | SequenceNode):
            return self._scalar(node, tag)
        if key in self.path:
            raise self._fail("Y001", "recursive YAML alias: a node contains itself", node)
        if tag not in _COLLECTION_TAGS:
            raise self._fail("Y001", f"unsupported YAML tag '{tag}'; write plain values", node)
        self.path.add(key)
        if isinstance(node, MappingNode):
            out = self._mapping(node, loc, aliased)
        else:
            out = self._sequence(node, loc, aliased)
        self.path.discard(key)
        return out

    def _sequence(self, node: SequenceNode, loc: PathKey, aliased: bool) -> list:
        items = []
        values, line, value = self.values, self.line, self.value
        for index, item in enumerate(node.value):
            child = (*loc, index)
            mark = item.start_mark
            values[child] = (mark.line + line, mark.column + 1)
            items.append(value(item, child, aliased))
        return items

    def _mapping(self, node: MappingNode, loc: PathKey, aliased: bool) -> dict:
        out: dict[str, Any] = {}
        values, keys, line, value = self.values, self.keys, self.line, self.value
        for key_node, value_node in node.value:
            tag = TAG_NAMES.get(id(key_node.ctag)) or tag_name(key_node.ctag)
            if tag == _MERGE:
                raise self._fail(
                    "Y001", "YAML merge keys ('<<') are not supported; write the keys out", key_node
                )
            if not isinstance(key_node, ScalarNode):
                raise self._fail("Y001", "mapping keys must be plain text", key_node)
            key = self._scalar(key_node, tag)
            key = key if isinstance(key, str) else str(key_node.value)
            child = (*loc, key)
            if key in out:
                first = keys[child]
                raise self._fail(
                    "Y002",
                    f'found duplicate key "{key}" (first at line {first[0]}); '
                    "each key may appear only once in a mapping",
                    key_node,
                )
            mark = key_node.start_mark
            keys[child] = (mark.line + line, mark.column + 1)
            mark = value_node.start_mark
            values[child] = (mark.line + line, mark.column + 1)
            out[key] = value(value_node, child, aliased)
        return out

    def _scalar(self, node: Node, tag: str | None) -> Any:
        if tag == _STR and type(node) is ScalarNode:
            if (bad := _CONTROL.search(node.value)) is not None:
                raise self._fail(
                    "Y001",
                    f"control character U+{ord(bad.group()):04X} in a value (written as an "
                    "escape in quotes); remove it",
                    node,
                )
            return node.value  # what the constructor returns for a string, without the detour
        if tag == _NULL and type(node) is ScalarNode:
            return None
        if tag not in _SCALAR_TAGS:
            raise self._fail("Y001", f"unsupported YAML tag '{tag}'; write plain values", node)
        construct = self.constructor.yaml_constructors[tag]
        try:
            value = construct(self.constructor, node)
        except (ValueError, KeyError, IndexError, YAMLError):
            explicit = self.text[node.start_mark.index : node.start_mark.index + 1] == "!"
            if tag == _TIMESTAMP and not explicit:
                # e.g. the impossible date 2020-13-01: keep the text, validation points at it
                return str(node.value)
            kind = tag.rsplit(":", 1)[-1]
            raise self._fail(
                "Y001", f"'{node.value}' cannot be read as {kind}; remove the '!!{kind}' tag", node
            ) from None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None) if value.tzinfo is None else value
        return value
