"""Findings: the one record every check produces and every output format consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a repository file; ``path`` is repo-relative with forward slashes, lines 1-based."""

    path: str
    line: int | None = None
    column: int | None = None

    def plain(self) -> tuple:
        return (self.path, self.line, self.column)

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Related:
    location: Location
    note: str


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = field(default=())

    def plain(self) -> tuple:
        """This finding as plain data (strings, numbers, tuples), e.g. for a cache file."""
        return (
            self.code,
            self.severity.value,
            self.message,
            self.location.plain(),
            tuple((r.location.plain(), r.note) for r in self.related),
        )

    @classmethod
    def from_plain(cls, row: tuple) -> Diagnostic:
        """The finding :meth:`plain` gave; TypeError or ValueError if ``row`` is not one."""
        code, severity, message, where, related = row
        return cls(
            str(code),
            Severity(severity),
            str(message),
            Location(*where),
            tuple(Related(Location(*at), str(note)) for at, note in related),
        )

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line or 0, loc.column or 0, self.code, self.message)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Deterministic order: path, line, column, code, message; exact duplicates dropped."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)
