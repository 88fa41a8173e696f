"""A new measure filled from the catalog of standard measures (``measure new --from-catalog``,
``init --with-catalog``).

From the catalog entry it takes the title, description, obligation, the legal bases that apply
in the strategy's Land, and the typical duration; it writes ``from_catalog`` and depends on
the strategy's measures that come from the entry's prerequisites. A required entry none of
whose legal bases applies in the Land becomes ``standard`` (said in a note); a required one
whose applicable legal bases set no deadline needs an own ``deadline``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from egovkit.edit.commands import Edit, new_measure, repository, valid_id
from egovkit.edit.newfiles import NewMeasure
from egovkit.errors import UserError
from egovkit.load.catalog import builtin_catalog, suggest
from egovkit.model import LegalBasis, Obligation
from egovkit.model.catalog import CatalogMeasure
from egovkit.pipeline import check


@dataclass(frozen=True)
class Binding:
    """How a catalog entry binds a strategy of one Land."""

    legal: tuple[str, ...]  # the entry's legal bases that apply there
    obligation: Obligation
    deadline: dt.date | None  # the earliest legal deadline among them
    note: str | None = None  # why the obligation differs from the catalog's


def binding(entry: CatalogMeasure, known: Mapping[str, LegalBasis]) -> Binding:
    """The entry's obligation and legal bases for a strategy that knows ``known`` bases."""
    legal = tuple(ident for ident in entry.legal if ident in known)
    dates = [known[i].deadline for i in legal if known[i].deadline is not None]
    deadline = min(dates) if dates else None
    if entry.obligation is Obligation.required and not legal:
        note = (
            f"'{entry.id}': none of its legal bases ({', '.join(entry.legal)}) applies in this "
            "Land, so it is written as standard; add a local legal basis to make it required"
        )
        return Binding(legal, Obligation.standard, deadline, note)
    return Binding(legal, entry.obligation, deadline)


def catalog_entry(catalog_id: str) -> CatalogMeasure:
    entry = builtin_catalog().by_id().get(catalog_id)
    if entry is None:
        raise UserError(f"--from-catalog: no catalog measure '{catalog_id}'; {suggest(catalog_id)}")
    return entry


@dataclass(frozen=True)
class Options:
    """What the command line gives besides the catalog (each overrides the catalog's)."""

    title: str | None = None
    field: str | None = None
    depends_on: Sequence[str] = ()
    duration: str | None = None
    owner: str | None = None
    deadline: dt.date | None = None


def new_from_catalog(
    root: Path, ident: str, catalog_id: str, options: Options, profile: bool = False
) -> Edit:
    """``measures/<ident>.yaml`` from catalog entry ``catalog_id``, checked like any new
    measure; missing prerequisites come back as C008 warnings of the edit."""
    valid_id(ident)
    repository(root)
    entry = catalog_entry(catalog_id)
    before = check(root)
    ws = before.workspace
    if ws.strategy is None:
        raise UserError(f"{root}: strategy.yaml does not load; fix it first (egovkit check)")
    fields = [f.id for f, _, _ in ws.strategy.model.all_fields()]
    field = options.field or entry.field
    if options.field is None and field not in fields:
        raise UserError(
            f"--field is needed: the catalog's field '{entry.field}' is not a field of this "
            f"strategy (known: {', '.join(fields)})"
        )
    bound = binding(entry, ws.legal_by_id)
    if bound.obligation is Obligation.required and bound.deadline is None and not options.deadline:
        raise UserError(
            f"'{entry.id}' is legally required, and its legal bases ({', '.join(bound.legal)}) "
            "set no deadline: give --deadline DATE, the strategy's own target"
        )
    providers = sorted(
        m.model.id
        for m in ws.measures
        if m.model.from_catalog in entry.prerequisites and m.model.id != ident
    )
    depends = list(dict.fromkeys([*options.depends_on, *providers]))
    measure = NewMeasure(
        id=ident,
        title=options.title or entry.title,
        field=field,
        depends_on=tuple(depends),
        duration=options.duration or str(entry.duration.typical),
        owner=options.owner,
        from_catalog=entry.id,
        obligation=bound.obligation.value,
        legal=bound.legal,
        deadline=options.deadline,
        description=entry.description,
    )
    edit = new_measure(root, measure, profile, before)
    notes = [bound.note] if bound.note else []
    if providers:
        notes.append(f"depends on {', '.join(providers)} (from the catalog's prerequisites)")
    return dataclasses.replace(edit, notes=notes)
