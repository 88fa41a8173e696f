"""Positions of YAML keys and values, so findings can point at file:line:column."""

from __future__ import annotations

from egovkit.diagnostics.record import Location

PathKey = tuple[str | int, ...]
Table = dict[PathKey, tuple[int, int]]


class SourceMap:
    """Where each value of one parsed file sits.

    ``values`` maps a path of keys/indexes to the 1-based (line, column) of the value,
    ``keys`` to the position of the mapping key that introduces it. The root path ``()``
    is the start of the document.

    A loaded repository keeps the positions of every file, but needs them only for the few
    that have findings: :meth:`packed` keeps them as the file's pickled parse result (as
    the parse cache holds it, a tenth of the memory) and unpacks them on first use.
    """

    __slots__ = ("_keys", "_packed", "_values", "path")

    def __init__(self, path: str, values: Table | None = None, keys: Table | None = None) -> None:
        self.path = path
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        self._packed: bytes | None = None

    @classmethod
    def packed(cls, path: str, blob: bytes) -> SourceMap:
        """Positions to unpack from ``blob``: a pickled :class:`~egovkit.load.parsed.Parsed`
        tuple that egovkit wrote (a parse in this run or a worker, or the sealed cache)."""
        smap = cls(path)
        smap._packed = blob
        return smap

    def _unpack(self) -> None:
        from egovkit.load.store import PlainUnpickler

        blob, self._packed = self._packed, None
        assert blob is not None
        parsed = PlainUnpickler(blob).load()
        self._values, self._keys = parsed[2], parsed[3]

    @property
    def values(self) -> Table:
        if self._packed is not None:
            self._unpack()
        return self._values

    @property
    def keys(self) -> Table:
        if self._packed is not None:
            self._unpack()
        return self._keys

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return (self.path, self.values, self.keys) == (other.path, other.values, other.keys)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceMap({self.path!r}, {len(self.values)} values)"

    def _deepest(self, loc: PathKey, table: Table) -> tuple[int, int]:
        values = self.values
        for n in range(len(loc), -1, -1):
            pos = table.get(loc[:n]) or values.get(loc[:n])
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
