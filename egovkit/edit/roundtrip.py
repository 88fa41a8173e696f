"""The round-trip edit: ruamel.yaml loads the file with its comments, quotes, key order and
flow styles, the changes are made on that, and it writes the file again.

ruamel keeps most of a file as it was, but not all of it (it normalises the spaces after a
colon and inside ``[a,b]``, rejoins multi-line plain text, and indents every block the same),
so its result is only a candidate: :mod:`egovkit.edit.verify` decides whether it may be
written, and :mod:`egovkit.edit.textual` is the fallback.
"""

from __future__ import annotations

import datetime as dt
import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from egovkit.edit.changes import AddLog, Change, SetKey, neighbour
from egovkit.edit.source import CannotEdit, Layout, Source

#: Never fold a long line.
WIDTH = 1 << 30


def apply(source: Source, changes: list[Change]) -> str:
    """``source``'s text loaded, changed and dumped by ruamel.yaml's round-trip mode, with
    the indentation the file uses and line ends as it has them."""
    layout = Layout(source.text)
    offset, gap = layout.sequence_style()
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=layout.mapping_indent(), sequence=offset + gap, offset=offset)
    yaml.representer.ignore_aliases = lambda data: True  # one date set twice: no &id001
    data = yaml.load(source.text)
    if not isinstance(data, CommentedMap):
        raise CannotEdit("the file is not a mapping of keys")
    entry = layout.entries.get("log")
    flow = entry is not None and bool(getattr(entry.value, "flow_style", False))
    for change in changes:
        if isinstance(change, SetKey):
            _set(data, change)
        else:
            _add_log(data, change, flow)
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    return text.replace("\n", "\r\n") if source.newline == "\r\n" else text


def _set(data: CommentedMap, change: SetKey) -> None:
    value: object = change.value
    if change.key in data:
        old = data[change.key]
        if isinstance(value, str) and isinstance(old, SingleQuotedScalarString):
            value = SingleQuotedScalarString(value)
        elif isinstance(value, str) and isinstance(old, DoubleQuotedScalarString):
            value = DoubleQuotedScalarString(value)
        data[change.key] = value
        return
    keys = list(data)
    after = neighbour(change.key, keys)
    data.insert(keys.index(after) + 1 if after else len(keys), change.key, value)


def _entry(change: AddLog) -> CommentedMap:
    entry = CommentedMap()
    entry["date"] = dt.date(change.date.year, change.date.month, change.date.day)
    entry["text"] = change.text
    return entry


def _add_log(data: CommentedMap, change: AddLog, flow: bool) -> None:
    entry = _entry(change)
    if "log" not in data:
        data.insert(len(data), "log", CommentedSeq([entry]))
        return
    log = data["log"]
    if log is None:
        data["log"] = CommentedSeq([entry])
        return
    if not isinstance(log, CommentedSeq):
        raise CannotEdit("'log' is not a list")
    if flow:  # `log: []` is written back as a flow list too
        log.fa.set_flow_style()
    model = log[change.index - 1] if change.index else (log[0] if log else None)
    if isinstance(model, CommentedMap) and model.fa.flow_style():
        entry.fa.set_flow_style()
    log.insert(change.index, entry)
