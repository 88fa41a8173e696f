"""The text of a new measure file and of a new project profile (German skeleton)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from egovkit.edit.source import render_scalar
from egovkit.load.reader import Reader, Refused

#: The modeline docs/format.md gives a measure file (schemas beside the repository).
DEFAULT_SCHEMA = "../../schemas/measure.schema.json"
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=([A-Za-z0-9._~/:%+-]+)\s*$")

#: The sections of a Projekt-Steckbrief, each with a question to answer.
PROFILE_SECTIONS = (
    ("Ausgangslage", "Wie ist die Lage heute, und warum braucht es die Maßnahme?"),
    ("Ziele", "Was soll am Ende erreicht sein, woran ist es zu messen?"),
    ("Vorgehen", "In welchen Schritten wird die Maßnahme umgesetzt, und wer ist beteiligt?"),
    ("Risiken", "Was kann die Umsetzung gefährden, und was hilft dagegen?"),
)


@dataclass(frozen=True)
class NewMeasure:
    id: str
    title: str
    field: str
    depends_on: tuple[str, ...] = ()
    duration: str | None = None
    owner: str | None = None
    goals: tuple[str, ...] = ()
    from_catalog: str | None = None
    obligation: str | None = None
    legal: tuple[str, ...] = ()
    deadline: dt.date | None = None
    description: str | None = None

    def data(self) -> dict[str, object]:
        """The plain data of the new file, in the order it is written (docs/format.md's)."""
        out: dict[str, object] = {"id": self.id, "title": self.title, "field": self.field}
        optional: list[tuple[str, object]] = [
            ("goals", list(self.goals)),
            ("from_catalog", self.from_catalog),
            ("obligation", self.obligation),
            ("legal", list(self.legal)),
            ("deadline", self.deadline),
            ("depends_on", list(self.depends_on)),
            ("duration", self.duration),
            ("owner", self.owner),
        ]
        out.update((key, value) for key, value in optional if value not in (None, []))
        out["status"] = "planned"
        if self.description is not None:
            out["description"] = self.description
        return out


def schema_modeline(root: Path, measure_files: list[str]) -> str:
    """The yaml-language-server modeline of a new measure: as the repository's first
    measure has it; else derived from strategy.yaml's; else docs/format.md's."""
    reader = Reader(root)
    for rel in measure_files[:1]:
        found = _modeline(reader, rel)
        if found:
            return found
    strategy = _modeline(reader, "strategy.yaml")
    if strategy and strategy.endswith("/strategy.schema.json"):
        base = strategy.removesuffix("strategy.schema.json")
        absolute = "://" in base or base.startswith("/")
        return (base if absolute else f"../{base}") + "measure.schema.json"
    return DEFAULT_SCHEMA


def _modeline(reader: Reader, rel: str) -> str | None:
    raw = reader.read(rel, max_bytes=64 * 1024)
    if isinstance(raw, Refused):
        return None
    first = raw.decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0]
    match = _MODELINE.match(first.rstrip("\r"))
    return match.group(1) if match else None


def measure_text(measure: NewMeasure, schema: str) -> str:
    lines = [f"# yaml-language-server: $schema={schema}"]
    for key, value in measure.data().items():
        if isinstance(value, list):
            items = ", ".join(render_scalar(v, flow=True) for v in value)
            lines.append(f"{key}: [{items}]")
        else:
            lines.append(f"{key}: {render_scalar(value)}")
    return "\n".join(lines) + "\n"


def profile_data(measure: NewMeasure) -> dict[str, object]:
    out: dict[str, object] = {"id": measure.id, "title": measure.title, "measures": [measure.id]}
    if measure.owner is not None:
        out["lead"] = measure.owner
    return out


def profile_text(measure: NewMeasure) -> str:
    lines = ["---"]
    for key, value in profile_data(measure).items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(render_scalar(v, flow=True) for v in value)}]")
        else:
            lines.append(f"{key}: {render_scalar(value)}")
    lines.append("---")
    for title, question in PROFILE_SECTIONS:
        lines += [f"## {title}", "", f"_{question}_", ""]
    return "\n".join(lines)
