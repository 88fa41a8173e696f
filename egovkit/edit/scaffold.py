"""``egovkit init``: a new strategy repository that checks clean at once.

The files come from the templates in ``egovkit/data/init/`` (Jinja for those with values, the
others as they are) and, with the catalog, one measure file per standard measure: the
measures that are legally required in the Land, plus what they usually need first (their
catalog prerequisites, transitively), so every dependency is in the plan. A required measure
whose legal bases set no deadline gets the horizon's end as its own target.

The repository is checked in a temporary folder as of its planning start before anything is
written: where a legal deadline still ahead of the start would be missed, the measures of its
driving chain get the catalog's shortest duration; a deadline that is missed even so is
reported (notes), and the plan shows its verdict. Deadlines that passed before the start are
reported as notes of the plan (``checks: {D004: info}``), never as failures.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from egovkit import __version__
from egovkit.edit.fromcatalog import binding
from egovkit.edit.newfiles import NewMeasure, measure_text
from egovkit.edit.source import render_scalar
from egovkit.errors import UserError
from egovkit.load.catalog import builtin_catalog
from egovkit.load.repo import builtin_legal
from egovkit.model import LegalBasis, Obligation
from egovkit.model.catalog import Catalog, CatalogMeasure
from egovkit.model.jsonschema import schema_files
from egovkit.model.strategy import MunicipalityKind
from egovkit.model.types import State
from egovkit.pipeline import check

STATE_NAMES = {
    "BB": "Brandenburg", "BE": "Berlin", "BW": "Baden-Württemberg", "BY": "Bayern",
    "HB": "Bremen", "HE": "Hessen", "HH": "Hamburg", "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz",
    "SH": "Schleswig-Holstein", "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt",
    "TH": "Thüringen",
}  # fmt: skip

#: Template (in egovkit/data/init/) → path in the new repository.
TEMPLATES = {
    "strategy.yaml.j2": "strategy.yaml",
    "organization.yaml.j2": "organization.yaml",
    "README.md.j2": "README.md",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github-workflow.yml": ".github/workflows/egovkit.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}
MEASURE_SCHEMA = "../schemas/measure.schema.json"
#: Attempts to meet the deadlines ahead by shortening driving chains.
ATTEMPTS = 6


@dataclass(frozen=True)
class InitOptions:
    name: str
    state: State
    start: dt.date
    kind: MunicipalityKind = MunicipalityKind.stadt
    with_catalog: bool = False


@dataclass
class Scaffold:
    files: dict[str, bytes]
    notes: list[str] = field(default_factory=list)


def horizon_end(start: dt.date) -> dt.date:
    """The day before the same date five years on (29 February: 28 February)."""
    try:
        same = start.replace(year=start.year + 5)
    except ValueError:
        same = start.replace(year=start.year + 5, day=28)
    return same - dt.timedelta(days=1)


def clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text or len(text) > 200 or any(not ch.isprintable() for ch in text):
        raise UserError("--municipality: give the name in 1 to 200 printable characters")
    return text


def legal_for(state: State) -> dict[str, LegalBasis]:
    """The built-in legal bases a strategy of ``state`` sees."""
    return {
        item.model.id: item.model
        for item in builtin_legal()
        if not item.model.states or state in item.model.states
    }


def required_closure(catalog: Catalog, known: Mapping[str, LegalBasis]) -> list[CatalogMeasure]:
    """The entries legally required in the Land and, transitively, their prerequisites, in
    catalog order."""
    entries = catalog.by_id()
    todo = [m.id for m in catalog.measures if binding(m, known).obligation is Obligation.required]
    chosen: set[str] = set()
    while todo:
        ident = todo.pop()
        if ident not in chosen:
            chosen.add(ident)
            todo.extend(entries[ident].prerequisites)
    return [m for m in catalog.measures if m.id in chosen]


def scaffold(options: InitOptions) -> Scaffold:
    """The files of the new repository, checked (see the module docstring)."""
    catalog = builtin_catalog()
    known = legal_for(options.state)
    chosen = required_closure(catalog, known) if options.with_catalog else []
    durations = {m.id: str(m.duration.typical) for m in chosen}
    notes: list[str] = []
    shortened: set[str] = set()
    for attempt in range(ATTEMPTS):
        files = _files(options, catalog, known, chosen, durations)
        at_risk = _at_risk(files, options.start)
        if not at_risk:
            break
        shorten = _shorten(at_risk, catalog, durations)
        if not shorten or attempt == ATTEMPTS - 1:
            notes += [
                f"{ident} misses a deadline even at the shortest durations; the plan shows it "
                "at risk (D001)"
                for ident in sorted(at_risk)
            ]
            break
        for ident in shorten:
            durations[ident] = str(catalog.by_id()[ident].duration.min)
        shortened.update(shorten)
    if shortened:
        notes.insert(
            0, "shortest catalog duration, to meet legal deadlines: " + ", ".join(sorted(shortened))
        )
    return Scaffold(files, notes)


def _files(
    options: InitOptions,
    catalog: Catalog,
    known: Mapping[str, LegalBasis],
    chosen: list[CatalogMeasure],
    durations: Mapping[str, str],
) -> dict[str, bytes]:
    end = horizon_end(options.start)
    used = {m.field for m in chosen}
    fields = [f for f in catalog.fields if not options.with_catalog or f.id in used]
    context = _context(options, catalog, fields, end)
    out = {target: _template(name, context) for name, target in TEMPLATES.items()}
    out.update({f"schemas/{name}": text for name, text in schema_files().items()})
    for entry in chosen:
        bound = binding(entry, known)
        own = end if bound.obligation is Obligation.required and bound.deadline is None else None
        measure = NewMeasure(
            id=entry.id,
            title=entry.title,
            field=entry.field,
            goals=(f"ziel-{entry.field}",),
            from_catalog=entry.id,
            obligation=bound.obligation.value,
            legal=bound.legal,
            deadline=own,
            depends_on=tuple(entry.prerequisites),
            duration=durations[entry.id],
            description=entry.description,
        )
        out[f"measures/{entry.id}.yaml"] = measure_text(measure, MEASURE_SCHEMA)
    return {path: text.encode("utf-8") for path, text in out.items()}


def _context(options: InitOptions, catalog: Catalog, fields: list, end: dt.date) -> dict:
    checks = [
        (
            "D004",
            "info",
            [
                "Gesetzliche Fristen, die vor dem Planungsbeginn lagen, zeigt der Plan als",
                "überschritten – als Hinweis, nicht als Warnung. Was schon umgesetzt ist, mit",
                "egovkit status set ID done erfassen.",
            ],
        )
    ]
    if not options.with_catalog:
        checks += [
            (code, "info", [f"Bis jedes {what} eine Maßnahme hat, nur ein Hinweis; dann löschen."])
            for code, what in (("C003", "Ziel"), ("C004", "Handlungsfeld"))
        ]
    kreis = options.kind is MunicipalityKind.kreis
    return {
        "name": options.name,
        "leitbild_name": options.name,
        "title": f"E-Government-Strategie {options.name}",
        "kind": options.kind.value,
        "state": options.state.value,
        "state_name": STATE_NAMES[options.state.value],
        "start": options.start.isoformat(),
        "end": end.isoformat(),
        "created": dt.date.today().strftime("%d.%m.%Y"),
        "version": __version__,
        "catalog_version": catalog.version,
        "fields": fields,
        "checks": checks,
        "with_catalog": options.with_catalog,
        "council": "Kreistag" if kreis else "Rat",
        "head": "Landrätin oder Landrat" if kreis else "Bürgermeisterin oder Bürgermeister",
    }


def _template(name: str, context: dict) -> str:
    text = resources.files("egovkit.data").joinpath("init", name).read_text("utf-8")
    if not name.endswith(".j2"):
        return text
    from jinja2 import Environment, StrictUndefined

    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["yaml"] = render_scalar
    return env.from_string(text).render(**context)


def _at_risk(files: Mapping[str, bytes], start: dt.date) -> dict[str, tuple[str, ...]]:
    """Measure id → its driving chain, for each measure that misses a deadline still ahead
    (D001), the repository checked as of ``start``; any other warning or error is a bug in
    egovkit (RuntimeError)."""
    with tempfile.TemporaryDirectory(prefix="egovkit-init-") as tmp:
        root = Path(tmp)
        for rel, content in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(content)
        result = check(root, today=start, cache=False)
    scheduled = result.plan.by_id() if result.plan is not None else {}
    out: dict[str, tuple[str, ...]] = {}
    for d in result.diagnostics:
        ident = Path(d.location.path).stem
        if d.code == "D001" and ident in scheduled:
            out[ident] = tuple(scheduled[ident].driving_chain or (ident,))
        elif d.severity.value in ("error", "warning"):
            raise RuntimeError(f"egovkit init made a repository with findings: {d}")
    return out


def _shorten(
    at_risk: Mapping[str, tuple[str, ...]], catalog: Catalog, durations: Mapping[str, str]
) -> list[str]:
    """The measures of the driving chains of ``at_risk`` not yet at their shortest."""
    entries = catalog.by_id()
    chains = {ident for chain in at_risk.values() for ident in chain if ident in entries}
    return sorted(i for i in chains if durations[i] != str(entries[i].duration.min))


def write_repository(root: Path, files: Mapping[str, bytes], force: bool) -> list[str]:
    """Write ``files`` into ``root``; the paths that existed already and were kept.

    An existing folder must be empty, unless ``force``: then every file that exists stays as
    it is (nothing is ever deleted or replaced), and only the missing ones are written.
    """
    from egovkit.output_file import replace_file

    if os.path.islink(root) and not root.exists():
        raise UserError(f"{root}: is a link to nothing; remove it or name another folder")
    if root.exists() and not root.is_dir():
        raise UserError(f"{root}: exists and is not a folder")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise UserError(
            f"{root}: the folder is not empty; egovkit init writes into a new or empty folder "
            "(--force writes the missing files into it and keeps every existing one)"
        )
    root.mkdir(parents=True, exist_ok=True)
    base = root.resolve()
    kept = []
    for rel, content in files.items():
        path = root / rel
        if os.path.lexists(path):
            kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.parent.resolve().is_relative_to(base):
            raise UserError(f"{rel}: its folder lies outside {root}; not written")
        replace_file(path, content, create=True)
    return kept
