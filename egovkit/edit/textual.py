"""The minimal textual edit: replace a value's characters, insert whole lines.

Every change touches only the characters of the value it replaces (a trailing comment and
the spaces before it stay) or inserts new lines after a neighbour's value, indented like the
file. The text is composed again after each change, so later changes see earlier ones.
"""

from __future__ import annotations

import re

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from egovkit.edit.changes import AddLog, Change, SetKey, neighbour
from egovkit.edit.source import CannotEdit, Layout, Source, render_scalar

#: Line breaks libyaml counts that ``\n``-split lines would not (a lone CR, NEL, LS, PS).
_ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def apply(source: Source, changes: list[Change]) -> str:
    """``source``'s text with ``changes`` made by hand, as a careful person would."""
    if _ODD_BREAKS.search(source.text):
        raise CannotEdit("the file has line breaks other than LF or CR LF")
    text = source.text
    for change in changes:
        if isinstance(change, SetKey):
            text = _set(text, change, source.newline)
        else:
            text = _add_log(text, change, source.newline)
    return text


def _replace(layout: Layout, start: tuple[int, int], end: tuple[int, int], new: str) -> str:
    text = layout.text
    return text[: layout.offset(*start)] + new + text[layout.offset(*end) :]


def _insert_lines(layout: Layout, line: int, new: list[str], newline: str) -> str:
    """``new`` lines (without ends) inserted before ``line``."""
    lines = list(layout.lines)
    if line == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += newline  # the last line gets the end it lacked
    lines[line:line] = [x + newline for x in new]
    return "".join(lines)


def _quote_of(node: ScalarNode) -> str:
    return node.style if node.style in ("'", '"') else ""


def _set(text: str, change: SetKey, newline: str) -> str:
    layout = Layout(text)
    entry = layout.entries.get(change.key)
    if entry is None:
        after = neighbour(change.key, list(layout.entries))
        line = layout.entry_end(after) if after else layout.end()
        indent = " " * layout.key_column()
        value = render_scalar(change.value)
        return _insert_lines(layout, line, [f"{indent}{change.key}: {value}"], newline)
    node = entry.value
    start, end = node.start_mark, node.end_mark
    if not isinstance(node, ScalarNode) or start.line != end.line or node.style in ("|", ">"):
        raise CannotEdit(f"the value of '{change.key}' is not a value on one line")
    value = render_scalar(change.value, quote=_quote_of(node))
    if start.index == end.index:  # `key:` with no value written
        value = " " + value
    return _replace(layout, (start.line, start.column), (end.line, end.column), value)


def _add_log(text: str, change: AddLog, newline: str) -> str:
    layout = Layout(text)
    entry = layout.entries.get("log")
    indent = layout.key_column()
    if entry is None:
        offset, gap = layout.sequence_style()
        block = [f"{' ' * indent}log:", *_block_item(change, indent + offset, gap)]
        return _insert_lines(layout, layout.end(), block, newline)
    node = entry.value
    if isinstance(node, ScalarNode) and node.tag.endswith(":null") and not node.style:
        key, end = entry.key.end_mark, node.end_mark
        if node.start_mark.index != end.index:  # `log: ~` or `log: null`: drop the word
            cut = _replace(layout, (key.line, key.column), (end.line, end.column), ":")
            return _add_log(cut, change, newline)
        offset, gap = layout.sequence_style()
        items = _block_item(change, indent + offset, gap)
        return _insert_lines(layout, layout.last_line(entry.key) + 1, items, newline)
    if not isinstance(node, SequenceNode):
        raise CannotEdit("'log' is not a list")
    if node.flow_style:
        return _add_flow(layout, node, change)
    return _add_block(layout, node, change, newline)


def _block_item(change: AddLog, dash: int, gap: int) -> list[str]:
    date, text = render_scalar(change.date), render_scalar(change.text)
    return [f"{' ' * dash}-{' ' * (gap - 1)}date: {date}", f"{' ' * (dash + gap)}text: {text}"]


def _flow_item(change: AddLog) -> str:
    return f"{{date: {render_scalar(change.date)}, text: {render_scalar(change.text, flow=True)}}}"


def _add_flow(layout: Layout, node: SequenceNode, change: AddLog) -> str:
    items, item = node.value, _flow_item(change)
    if not items:
        at = (node.start_mark.line, node.start_mark.column + 1)
        return _replace(layout, at, at, item)
    if change.index == 0:
        at = (items[0].start_mark.line, items[0].start_mark.column)
        return _replace(layout, at, at, f"{item}, ")
    end = items[change.index - 1].end_mark
    return _replace(layout, (end.line, end.column), (end.line, end.column), f", {item}")


def _add_block(layout: Layout, node: SequenceNode, change: AddLog, newline: str) -> str:
    items = node.value
    model = items[change.index - 1] if change.index else items[0]
    dash = layout.dash_column(model)
    if dash is None:
        raise CannotEdit("a 'log' entry does not start on the line of its '-'")
    gap = model.start_mark.column - dash
    if isinstance(model, MappingNode) and model.flow_style:
        new = [f"{' ' * dash}-{' ' * (gap - 1)}{_flow_item(change)}"]
    else:
        new = _block_item(change, dash, gap)
    if change.index == 0:
        line = items[0].start_mark.line
    else:
        line = layout.last_line(items[change.index - 1]) + 1
    return _insert_lines(layout, line, new, newline)
