"""R-rules: ids are unique, match their file names, and every reference resolves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import PurePosixPath

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic, Location, Related
from egovkit.load.workspace import Workspace


def duplicate_ids(ws: Workspace) -> Iterator[Diagnostic]:
    # positions are looked up only for the duplicates (a file's positions unpack on use)
    groups = []
    groups.append(("measure", [(m.model.id, partial(m.source.value, "id")) for m in ws.measures]))
    groups.append(
        ("profile", [(p.model.meta.id, partial(p.source.value, "id")) for p in ws.profiles])
    )
    if ws.strategy:
        at = ws.strategy.source.value
        model = ws.strategy.model
        groups.append(
            ("goal", [(g.id, partial(at, *loc, "id")) for g, _, loc in model.all_goals()])
        )
        fields = [(f.id, partial(at, *loc, "id")) for f, _, loc in model.all_fields()]
        groups.append(("field of action", fields))
        principles = [
            (p.id, partial(at, "principles", i, "id")) for i, p in enumerate(model.principles)
        ]
        groups.append(("principle", principles))
        legal = [(b.id, partial(at, "legal", i, "id")) for i, b in enumerate(model.legal)]
        groups.append(("legal basis", legal))
    if ws.organization:
        o = ws.organization
        entries = []
        for section in ("units", "roles", "bodies"):
            for i, item in enumerate(getattr(o.model, section)):
                entries.append((item.id, partial(o.source.value, section, i, "id")))
        groups.append(("organisation entry", entries))
    for kind, entries in groups:
        yield from _duplicates(kind, entries)


def _duplicates(
    kind: str, entries: list[tuple[str, Callable[[], Location]]]
) -> Iterator[Diagnostic]:
    first: dict[str, Callable[[], Location]] = {}
    for ident, location in entries:
        key = ident.casefold()  # ids become file names; some file systems ignore case
        if key in first:
            where = first[key]()
            yield finding(
                "R001",
                f"duplicate {kind} id '{ident}' (first defined at {where}); "
                "ids must be unique (ignoring case)",
                location(),
                (Related(where, "first definition"),),
            )
        else:
            first[key] = location


def id_matches_file(ws: Workspace) -> Iterator[Diagnostic]:
    items = [(m.model.id, m.source) for m in ws.measures]
    items += [(p.model.meta.id, p.source) for p in ws.profiles]
    for ident, source in items:
        name = source.path.rpartition("/")[2]
        suffix = name[len(ident) + 1 :] if ident and name.startswith(ident + ".") else ""
        if suffix and "." not in suffix:
            continue  # the usual case, decided without building a path
        stem = PurePosixPath(source.path).stem
        if stem != ident:
            yield finding(
                "R002",
                f"id '{ident}' does not match the file name '{PurePosixPath(source.path).name}'; "
                f"rename the file to '{ident}{PurePosixPath(source.path).suffix}' or change the id",
                source.value("id"),
            )


def measure_references(ws: Workspace) -> Iterator[Diagnostic]:
    strategy = ws.strategy.model if ws.strategy else None
    known = None
    if strategy is not None:  # once per run, not per measure
        known = (
            {f.id for f, _, _ in strategy.all_fields()},
            {g.id for g, _, _ in strategy.all_goals()},
            {p.id for p in strategy.principles},
        )
    for item in ws.measures:
        if known is not None:
            yield from _strategy_references(item, *known)
        yield from _measure_links(ws, item)
        yield from _owners(ws, item)


def _strategy_references(
    item, fields: set[str], goals: set[str], principles: set[str]
) -> Iterator[Diagnostic]:
    """Field, goals and principles of a measure exist in strategy.yaml."""
    m, src = item.model, item.source
    if m.field not in fields:
        yield finding(
            "R003",
            f"unknown field of action '{m.field}'; known: {_known(fields)}",
            src.value("field"),
        )
    for i, goal in enumerate(m.goals):
        if goal not in goals:
            yield finding(
                "R004",
                f"unknown strategic goal '{goal}'; known: {_known(goals)}",
                src.value("goals", i),
            )
    for i, principle in enumerate(m.principles):
        if principle not in principles:
            yield finding(
                "R011",
                f"unknown principle '{principle}'; declare it under 'principles:' in "
                f"strategy.yaml; known: {_known(principles)}",
                src.value("principles", i),
            )


def _measure_links(ws: Workspace, item) -> Iterator[Diagnostic]:
    """Prerequisites, related measures and legal bases exist."""
    m, src = item.model, item.source
    for i, dep in enumerate(m.depends_on):
        if dep not in ws.measure_by_id and dep not in ws.unreadable_measures:
            yield finding(
                "R005",
                f"depends_on names unknown measure '{dep}'; "
                f"create measures/{dep}.yaml or fix the id",
                src.value("depends_on", i),
            )
    for i, other in enumerate(m.related):
        if other not in ws.measure_by_id and other not in ws.unreadable_measures:
            yield finding(
                "R012",
                f"related names unknown measure '{other}'; fix the id or remove it",
                src.value("related", i),
            )
    for i, basis in enumerate(m.legal):
        # without a loaded strategy.yaml its local legal bases are unknown: say nothing
        if basis not in ws.legal_by_id and ws.strategy is not None:
            yield finding(
                "R007",
                f"unknown legal basis '{basis}'; use an id from the built-in catalog "
                "(see docs/legal.md) or add it under 'legal:' in strategy.yaml",
                src.value("legal", i),
            )


def _owners(ws: Workspace, item) -> Iterator[Diagnostic]:
    m, src = item.model, item.source
    units = ws.unit_ids
    where = "organization.yaml" if ws.organization else "organization.yaml (missing)"
    named = [(m.owner, ("owner",))] if m.owner is not None else []
    named += [(o.unit, ("owners", i, "unit")) for i, o in enumerate(m.owners)]
    for unit, loc in named:
        if unit not in units:
            yield finding(
                "R006",
                f"owner '{unit}' is not a unit in {where}; known units: {_known(units)}",
                src.value(*loc),
            )


def organization_references(ws: Workspace) -> Iterator[Diagnostic]:
    if ws.organization is not None:
        org, src = ws.organization.model, ws.organization.source
        units = ws.unit_ids
        for i, role in enumerate(org.roles):
            if role.unit is not None and role.unit not in units:
                yield finding(
                    "R009",
                    f"role '{role.id}' names unknown unit '{role.unit}'; known: {_known(units)}",
                    src.value("roles", i, "unit"),
                )
        for i, body in enumerate(org.bodies):
            for j, member in enumerate(body.members):
                if member not in ws.org_ids:
                    yield finding(
                        "R009",
                        f"body '{body.id}' names unknown member '{member}'; "
                        "use the id of a role, unit or body",
                        src.value("bodies", i, "members", j),
                    )
    for item in ws.profiles:
        meta, src = item.model.meta, item.source
        refs = [("client", None, meta.client), ("lead", None, meta.lead)]
        refs += [("participants", j, p) for j, p in enumerate(meta.participants)]
        for key, index, ref in refs:
            if ref is not None and ref not in ws.org_ids:
                loc = src.value(key) if index is None else src.value(key, index)
                yield finding(
                    "R009",
                    f"{key} '{ref}' is not a role, unit or body in organization.yaml",
                    loc,
                )


def _known(ids: set[str]) -> str:
    if not ids:
        return "none"
    shown = sorted(ids)
    return ", ".join(shown[:12]) + (" …" if len(shown) > 12 else "")
