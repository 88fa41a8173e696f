"""Positions of YAML keys and values, so findings can point at file:line:column."""

from __future__ import annotations

from dataclasses import dataclass, field

from egovkit.diagnostics.record import Location

PathKey = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each value of one parsed file sits.

    ``values`` maps a path of keys/indexes to the 1-based (line, column) of the value,
    ``keys`` to the position of the mapping key that introduces it. The root path ``()``
    is the start of the document.
    """

    path: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def _deepest(self, loc: PathKey, table: dict[PathKey, tuple[int, int]]) -> tuple[int, int]:
        for n in range(len(loc), -1, -1):
            pos = table.get(loc[:n]) or self.values.get(loc[:n])
            if pos:
                return pos
        return (1, 1)

    def value(self, *loc: str | int) -> Location:
        """Position of the value at ``loc`` (or of its nearest existing parent)."""
        line, col = self._deepest(tuple(loc), self.values)
        return Location(self.path, line, col)

    def key(self, *loc: str | int) -> Location:
        """Position of the key that introduces ``loc`` (falls back to the value)."""
        line, col = self._deepest(tuple(loc), self.keys)
        return Location(self.path, line, col)

    def file(self) -> Location:
        return Location(self.path, None, None)
