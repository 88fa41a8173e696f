"""Parse YAML text into plain Python values plus a :class:`SourceMap`.

ruamel.yaml is used here (and later in the in-place editor) only: everything past this
module sees plain dicts, lists and scalars, and models after validation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from egovkit.sourcemap import PathKey, SourceMap


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


class _Constructor(RoundTripConstructor):
    """Keeps an impossible date such as 2020-13-01 as text, so validation can point at it."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def parse(text: str, path: str, line_offset: int = 0) -> tuple[Any, SourceMap]:
    """Parse one YAML document; raise :class:`YamlFailure` on syntax errors or duplicate keys."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except DuplicateKeyError as exc:
        raise YamlFailure(_marked("Y002", exc, line_offset, duplicate=True)) from None
    except MarkedYAMLError as exc:
        raise YamlFailure(_marked("Y001", exc, line_offset)) from None
    except YAMLError as exc:  # unmarked parser errors are rare; still a finding, not a crash
        raise YamlFailure(YamlProblem("Y001", f"invalid YAML: {exc}")) from None
    smap = SourceMap(path)
    smap.values[()] = (1 + line_offset, 1)
    return _plain(data, (), smap, line_offset, frozenset()), smap


def _marked(code: str, exc: MarkedYAMLError, offset: int, duplicate: bool = False) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or str(exc)).strip()
    if duplicate:
        message = f"{problem}; each key may appear only once in a mapping"
    else:
        context = f" ({exc.context.strip()})" if exc.context else ""
        message = f"invalid YAML: {problem}{context}"
    if mark is None:
        return YamlProblem(code, message)
    return YamlProblem(code, message, mark.line + 1 + offset, mark.column + 1)


def _plain(node: Any, loc: PathKey, smap: SourceMap, offset: int, seen: frozenset) -> Any:
    if isinstance(node, CommentedMap | CommentedSeq):
        if id(node) in seen:
            line, col = smap.values.get(loc, (None, None))
            raise YamlFailure(
                YamlProblem("Y001", "recursive YAML alias: a node contains itself", line, col)
            )
        seen = seen | {id(node)}
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key in node:
            child = (*loc, str(key))
            kl, kc = node.lc.key(key)
            vl, vc = node.lc.value(key)
            smap.keys[child] = (kl + 1 + offset, kc + 1)
            smap.values[child] = (vl + 1 + offset, vc + 1)
            out[str(key) if not isinstance(key, str) else key] = _plain(
                node[key], child, smap, offset, seen
            )
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            il, ic = node.lc.item(index)
            smap.values[(*loc, index)] = (il + 1 + offset, ic + 1)
            items.append(_plain(item, (*loc, index), smap, offset, seen))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return dt.datetime.fromisoformat(node.isoformat())
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node
