"""The Arbeitsplan's references and figures: RACI, risks, sub-projects and phases (R009,
R013, P002, P003), accountability (A001), effort against capacity (A002), funding (A003)."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace
from egovkit.model.arbeitsplan import Raci, Risk
from egovkit.plan.budget import budget, funded_amount
from egovkit.plan.raci import raci, uses_raci
from egovkit.plan.result import Plan

_RACI_KEYS = ("responsible", "accountable", "consulted", "informed")


def _raci_ids(r: Raci) -> Iterator[tuple[tuple, str]]:
    """(where in the raci mapping, id) of every party it names."""
    for key in _RACI_KEYS:
        value = getattr(r, key)
        if isinstance(value, list):
            yield from (((key, j), party) for j, party in enumerate(value))
        elif value is not None:
            yield (key,), value


def _risk_refs(risks, loc: tuple) -> Iterator[tuple[str, tuple, str]]:
    """("owner" or "measure", where, id) of every reference of a list of risks."""
    for i, risk in enumerate(risks):
        if not isinstance(risk, Risk):
            continue
        if risk.owner is not None:
            yield "owner", (*loc, i, "owner"), risk.owner
        for j, mid in enumerate(risk.measures):
            yield "measure", (*loc, i, "measures", j), mid


def references(ws: Workspace) -> Iterator[Diagnostic]:
    """R009 for parties, R013 for measures the new Arbeitsplan keys name."""
    measures = {*ws.measure_by_id, *ws.unreadable_measures}
    org_ids = ws.org_ids
    for item in ws.measures:
        if item.model.raci is not None:
            for where, party in _raci_ids(item.model.raci):
                if party not in org_ids:
                    yield _unknown_party(party, item.source.value("raci", *where))
    if ws.organization is not None:
        yield from _organization(ws, org_ids)
    if ws.strategy is not None:
        for kind, where, ref in _risk_refs(ws.strategy.model.risks, ("risks",)):
            yield from _ref(kind, ref, ws.strategy.source.value(*where), measures, org_ids)
    for item in ws.profiles:
        meta, src = item.model.meta, item.source
        refs = list(_risk_refs(meta.risks, ("risks",)))
        for n, phase in enumerate(meta.phases):
            refs += [
                ("measure", ("phases", n, "measures", j), mid)
                for j, mid in enumerate(phase.measures)
            ]
        for s, sub in enumerate(meta.subprojects):
            at = ("subprojects", s)
            refs += [("measure", (*at, "measures", j), mid) for j, mid in enumerate(sub.measures)]
            if sub.lead is not None:
                refs.append(("owner", (*at, "lead"), sub.lead))
            for n, phase in enumerate(sub.phases):
                refs += [
                    ("measure", (*at, "phases", n, "measures", j), mid)
                    for j, mid in enumerate(phase.measures)
                ]
        for kind, where, ref in refs:
            yield from _ref(kind, ref, src.value(*where), measures, org_ids)


def _organization(ws: Workspace, org_ids: set[str]) -> Iterator[Diagnostic]:
    org, src = ws.organization.model, ws.organization.source
    if org.raci is not None:
        for where, party in _raci_ids(org.raci):
            if party not in org_ids:
                yield _unknown_party(party, src.value("raci", *where))
    bodies = {b.id for b in org.bodies}
    for i, body in enumerate(org.bodies):
        if body.reports_to is not None and body.reports_to not in bodies:
            yield finding(
                "R009",
                f"body '{body.id}' reports to '{body.reports_to}', which is not a body",
                src.value("bodies", i, "reports_to"),
            )
    for i, role in enumerate(org.roles):
        if role.reports_to is not None and role.reports_to not in org_ids:
            yield _unknown_party(role.reports_to, src.value("roles", i, "reports_to"))


def _unknown_party(party: str, loc) -> Diagnostic:
    return finding(
        "R009", f"'{party}' is not a role, unit or body in organization.yaml; add it there", loc
    )


def _ref(kind: str, ref: str, loc, measures: set[str], org_ids: set[str]):
    if kind == "owner" and ref not in org_ids:
        yield _unknown_party(ref, loc)
    elif kind == "measure" and ref not in measures:
        yield finding("R013", f"unknown measure '{ref}'; use the id of a file in measures/", loc)


def accountable(ws: Workspace) -> Iterator[Diagnostic]:
    """A001, in a plan that uses RACI (organization.yaml's ``raci`` or a measure's)."""
    if not uses_raci(ws):
        return
    assignments = raci(ws)
    for mid, item in ws.measure_by_id.items():
        if assignments[mid].accountable is None:
            yield finding(
                "A001",
                f"measure '{mid}' has no accountable role; set raci.accountable in the "
                "measure, a client in its profile, or raci.accountable in organization.yaml",
                item.source.key("raci") if item.model.raci is not None else item.source.key("id"),
            )


def funding(ws: Workspace) -> Iterator[Diagnostic]:
    """A003: funding beyond the cost, or of a measure without a cost."""
    for item in ws.measures:
        m = item.model
        if not m.funding:
            continue
        if not m.cost:
            yield finding(
                "A003",
                f"measure '{m.id}' has funding but no cost; add 'cost' (euros, one-off)",
                item.source.key("funding"),
            )
            continue
        asked = (
            sum(s.amount or 0 for s in m.funding)
            + sum(s.share or 0 for s in m.funding) * m.cost / 100
        )
        if asked > m.cost + 0.5:
            yield finding(
                "A003",
                f"funding of measure '{m.id}' adds up to {round(asked):,} €, more than its cost "
                f"of {m.cost:,} €; only {funded_amount(m):,} € are counted",
                item.source.key("funding"),
            )


def effort_capacity(ws: Workspace, plan: Plan) -> Iterator[Diagnostic]:
    """A002: a unit's effort in a budget year beyond its ``effort_capacity``."""
    units = ws.organization.model.units if ws.organization is not None else []
    if not any(u.effort_capacity is not None for u in units):
        return  # no capacity to exceed: no need to book the plan's effort
    index = {u.id: i for i, u in enumerate(units)}
    for uy in budget(ws, plan).effort:
        if uy.exceeded and uy.unit in index:
            shown = ", ".join(uy.measures[:5]) + (" …" if len(uy.measures) > 5 else "")
            yield finding(
                "A002",
                f"unit '{uy.unit}' has {uy.effort:,.1f} person-days of planned effort in "
                f"{uy.year}, more than its capacity of {uy.capacity:,.1f} ({shown}); "
                "move measures, share them with another unit or raise the capacity",
                ws.organization.source.value("units", index[uy.unit], "effort_capacity"),
            )


def phases(ws: Workspace, plan: Plan) -> Iterator[Diagnostic]:
    """P002: a phase ends before its measures finish; P003: a milestone before its measure
    starts (a milestone may mark any point of its measure, but not one before it)."""
    finish = {m.id: m.finish for m in plan.measures}
    start = {m.id: m.start for m in plan.measures}
    for item in ws.profiles:
        meta, src = item.model.meta, item.source
        listed = [(("phases", n), p) for n, p in enumerate(meta.phases)]
        for s, sub in enumerate(meta.subprojects):
            listed += [(("subprojects", s, "phases", n), p) for n, p in enumerate(sub.phases)]
        for where, phase in listed:
            late = sorted((finish[mid], mid) for mid in phase.measures if mid in finish)
            if late and late[-1][0] > phase.end:
                date, mid = late[-1]
                yield finding(
                    "P002",
                    f"phase '{phase.name}' ends {phase.end.isoformat()}, but measure '{mid}' "
                    f"is scheduled to finish {date.isoformat()}; move the phase end or the measure",
                    src.value(*where, "end"),
                )
        for n, ms in enumerate(meta.milestones):
            if ms.measure in start and start[ms.measure] > ms.date:
                yield finding(
                    "P003",
                    f"milestone '{ms.title}' is dated {ms.date.isoformat()}, before measure "
                    f"'{ms.measure}' is scheduled to start ({start[ms.measure].isoformat()}); "
                    "move the milestone or name another measure",
                    src.value("milestones", n, "date"),
                )
