"""Whether a rewritten file may replace the original: only the changed values changed.

A candidate passes when

1. every line of the original outside the lines the changes own (a changed key's lines, or
   the point where a new key or log entry goes in) is still there, byte for byte and in order,
   and the owned lines were replaced at their own place, nowhere else;
2. every comment on an owned line is still in the lines that replaced it;
3. the loader reads the candidate as exactly the original data with the changes made.
"""

from __future__ import annotations

import itertools
from typing import Any

from ruamel.yaml.nodes import SequenceNode

from egovkit.edit.changes import AddLog, Change, SetKey, neighbour
from egovkit.edit.source import Layout, parsed_mapping, split_lines
from egovkit.errors import UserError
from egovkit.load.compose import yaml_loader

Span = tuple[int, int]  # lines [start, stop) of the original; start == stop: an insertion point


def spans(layout: Layout, changes: list[Change]) -> list[Span]:
    """The lines of the original the changes own, merged where they touch."""
    found: list[Span] = []
    inserted: dict[str, int] = {}

    def place(key: str) -> int:
        if key in inserted:
            return inserted[key]
        after = neighbour(key, [*layout.entries, *inserted])
        if after is None:
            line = layout.end()
        else:
            line = inserted.get(after)
            line = layout.entry_end(after) if line is None else line
        inserted[key] = line
        return line

    for change in changes:
        key = change.key if isinstance(change, SetKey) else "log"
        entry = layout.entries.get(key)
        if entry is None:
            line = place(key)
            found.append((line, line))
        elif isinstance(change, AddLog) and _block_list(entry.value):
            found.append(_log_point(layout, entry.value, change))
        else:
            found.append((entry.key.start_mark.line, layout.entry_end(key)))
    last = len(layout.lines)
    if layout.lines and not layout.lines[-1].endswith("\n"):  # the last line gets an end
        found = [(min(a, last - 1), b) if b >= last else (a, b) for a, b in found]
    return _merged(found)


def _block_list(node: Any) -> bool:
    return isinstance(node, SequenceNode) and not node.flow_style and bool(node.value)


def _log_point(layout: Layout, node: SequenceNode, change: AddLog) -> Span:
    if change.index == 0:
        line = node.value[0].start_mark.line
    else:
        line = layout.last_line(node.value[change.index - 1]) + 1
    return line, line


def _merged(found: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, stop in sorted(found):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return out


def problem(
    layout: Layout, candidate: str, owned: list[Span], want: dict[str, Any], rel: str
) -> str | None:
    """Why ``candidate`` may not replace the original (``layout``'s text), or None."""
    pieces = _pieces(layout.lines, split_lines(candidate), owned)
    if pieces is None:
        return "lines the edit does not change would change"
    for (start, stop), piece in zip(owned, pieces, strict=True):
        text = "".join(piece)
        lost = [c for c in layout.comments(start, stop) if c not in text]
        if lost:
            return f"the comment '{lost[0]}' would be lost"
    try:
        got = parsed_mapping(candidate, rel)
    except UserError as error:
        return f"the result would not read back: {error}"
    if got != want:
        return "the result would read back with other values"
    if _aliases(candidate) > _aliases(layout.text):
        return "the result would use YAML aliases"
    return None


def _aliases(text: str) -> int:
    return sum(type(e).__name__ == "AliasEvent" for e in yaml_loader().parse(text))


def _pieces(old: list[str], new: list[str], owned: list[Span]) -> list[list[str]] | None:
    """The new lines that stand in for each owned span, if ``new`` is ``old`` with only the
    owned spans replaced; else None."""
    if not owned:
        return [] if old == new else None
    kept = [old[: owned[0][0]]]
    kept += [old[a[1] : b[0]] for a, b in itertools.pairwise(owned)]
    kept.append(old[owned[-1][1] :])
    if new[: len(kept[0])] != kept[0]:
        return None
    pos, pieces = len(kept[0]), []
    for segment in kept[1:-1]:
        at = _find(new, segment, pos)
        if at is None:
            return None
        pieces.append(new[pos:at])
        pos = at + len(segment)
    tail = len(new) - len(kept[-1])
    if tail < pos or new[tail:] != kept[-1]:
        return None
    pieces.append(new[pos:tail])
    return pieces


def _find(lines: list[str], segment: list[str], start: int) -> int | None:
    for at in range(start, len(lines) - len(segment) + 1):
        if lines[at : at + len(segment)] == segment:
            return at
    return None
