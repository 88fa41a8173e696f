"""Shared lookups of one rendering run and the formatting of one measure as a table row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from egovkit.load.workspace import Workspace
from egovkit.model import Measure, Organization, Profile
from egovkit.model.measure import Owner
from egovkit.model.strategy import FieldOfAction
from egovkit.plan.deadlines import DeadlineVerdict, worst_deadline
from egovkit.plan.schedule import Plan, ScheduledMeasure, chain_text
from egovkit.render import items, markdown
from egovkit.render.context import MeasureRow, OwnerItem, Ref
from egovkit.render.indicators import indicator_views
from egovkit.render.locale import Locale

PATH_SEP = " › "


class Builder:
    """Shared lookups for one rendering run."""

    def __init__(self, ws: Workspace, plan: Plan, locale: Locale) -> None:
        assert ws.strategy is not None, "render needs a loaded strategy.yaml"
        self.ws = ws
        self.plan = plan
        self.locale = locale
        self.t = locale.labels
        self.strategy = ws.strategy.model
        self.by_id = plan.by_id()
        self._refs: dict[tuple[str, str], Ref] = {}
        self.org: Organization | None = ws.organization.model if ws.organization else None
        self.org_names: dict[str, str] = {}
        if self.org is not None:
            for item in (*self.org.bodies, *self.org.roles, *self.org.units):
                self.org_names.setdefault(item.id, item.name)
        self.profiles: list[Profile] = sorted(
            (p.model for p in ws.profiles), key=lambda p: p.meta.id
        )
        self.profiles_of: dict[str, list[Profile]] = {}
        for p in self.profiles:
            for mid in p.meta.measures:
                self.profiles_of.setdefault(mid, []).append(p)
        fields = list(self.strategy.all_fields())
        self.field_titles = {f.id: f.title for f, _, _ in reversed(fields)}  # first one wins
        self.field_ids = field_tree(fields)  # field id → ids from its top-level field
        self.field_paths = {
            fid: PATH_SEP.join(self.field_titles[x] for x in path)
            for fid, path in self.field_ids.items()
        }
        self.nested = any(depth > 1 for _, depth, _ in fields)
        self.external_units = {
            u.id for u in (self.org.units if self.org else ()) if u.kind.value == "external"
        }
        self.legal = ws.legal_by_id

    # --- small formatters -------------------------------------------------------------
    def date(self, day: dt.date | None) -> str:
        return self.locale.date(day)

    def left_out(self, count: int) -> str:
        """Marks the ids a long driving chain leaves out (schedule.chain_text)."""
        return f"… (+{self.locale.number(count)}) …"

    def name(self, org_id: str | None) -> str:
        if org_id is None:
            return self.t["none"]
        return self.org_names.get(org_id, org_id)

    def measure_ref(self, mid: str, prefix: str = "#") -> Ref:
        """A link to measure ``mid``'s row; one shared value per measure and prefix (a
        large plan names each measure many times)."""
        ref = self._refs.get((mid, prefix))
        if ref is None:
            ref = self._refs[(mid, prefix)] = self._new_ref(mid, prefix)
        return ref

    def _new_ref(self, mid: str, prefix: str) -> Ref:
        m = self.by_id.get(mid)
        if m is not None:
            return Ref(mid, m.title, f"{prefix}m-{mid}")
        loaded = self.ws.measure_by_id.get(mid)
        title = loaded.model.title if loaded else mid
        return Ref(mid, title, "")  # cancelled or unknown: no row to link to

    # --- measures ---------------------------------------------------------------------
    def row(
        self, m: ScheduledMeasure, prefix: str = "#", profile_prefix: str = "profiles/"
    ) -> MeasureRow:
        loc = self.locale
        state, verdict, label, source, worst = self._deadline(m)
        loaded = self.ws.measure_by_id.get(m.id)
        model = loaded.model if loaded else None
        return MeasureRow(
            id=m.id,
            anchor=f"m-{m.id}",
            order=m.order + 1,
            title=m.title,
            description_html=markdown.to_html(model.description if model else None, top=None),
            field=self.field_titles.get(m.field, m.field),
            obligation=m.obligation.value,
            obligation_label=loc.obligation(m.obligation.value),
            obligation_letter=loc.obligation_letter(m.obligation.value),
            status=m.status.value,
            status_label=self.status_label(m),
            priority_label=loc.priority(str(m.priority)),
            start=self.date(m.start),
            start_iso=m.start.isoformat(),
            finish=self.date(m.finish),
            finish_iso=m.finish.isoformat(),
            duration=loc.number(m.duration_days),
            slack=loc.number(m.slack),
            critical=m.critical,
            critical_label=self.t["yes"] if m.critical else self.t["no"],
            milestone=m.milestone,
            deadline=self.date(worst.date) if worst else "",
            deadline_iso=worst.date.isoformat() if worst else "",
            deadline_state=state,
            verdict=verdict,
            deadline_label=label,
            deadline_source=source,
            legal=self._legal_refs(model.legal if model else (), prefix),
            depends_on=tuple(self.measure_ref(d, prefix) for d in m.depends_on),
            profiles=tuple(
                Ref(p.meta.id, p.meta.title, f"{profile_prefix}{p.meta.id}.html")
                for p in self.profiles_of.get(m.id, ())
            ),
            chain=chain_text(m.driving_chain, self.left_out)
            if verdict in ("at_risk", "overdue") and len(m.driving_chain) > 1
            else "",
            capacity_delay=loc.number(m.capacity_delay),
            **self._extras(m, model, prefix),
        )

    def status_label(self, m: ScheduledMeasure) -> str:
        """``in Umsetzung (73 % der Ergebnisse)``; no share where none is published."""
        label = self.locale.status(m.status.value)
        if m.status.value == "in_progress" and m.progress_known:
            share = self.locale.percent(m.progress)
            if not m.progress_means_time:  # results achieved, not time used
                share = self.t["progress_results"].format(value=share)
            label += f" ({share})"
        return label

    def owner_items(self, m: ScheduledMeasure, model: Measure | None) -> tuple[OwnerItem, ...]:
        owners: Sequence[Owner] = model.all_owners if model else ()
        if not owners and m.owner:  # the plan's owner (the lead) when the file names none
            owners = (Owner(unit=m.owner),)
        return items.owner_items(owners, self.name, self.external_units, self.locale)

    def _extras(self, m: ScheduledMeasure, model: Measure | None, prefix: str) -> dict[str, Any]:
        """What real strategies say beyond the dates: owners, field path, age of the status,
        period, references, external deliverables, related measures, indicators."""
        loc = self.locale
        owners = self.owner_items(m, model)
        as_of, stale = items.status_age(
            model, self.plan.status_date, self.strategy.planning.stale_after_days, loc
        )
        extras: dict[str, Any] = {
            "owner": items.owner_text(owners, self.t["none"]),
            "owners": owners,
            "field_path": self.field_paths.get(m.field, "") if self.nested else "",
            "as_of": as_of,
            "stale": stale,
        }
        if model is not None:
            extras |= {
                "window": items.period_text(model.period, loc),
                "references": items.reference_items(model.references, loc),
                "external": items.external_items(model.external, self.plan.status_date, loc),
                "related": tuple(self.measure_ref(r, prefix) for r in dict.fromkeys(model.related)),
                "indicators": indicator_views(model.indicators, f"m-{m.id}", loc),
            }
            extras["details_md"] = any(extras[k] for k in _DETAILS)
        return extras

    def _deadline(self, m: ScheduledMeasure) -> tuple[str, str, str, str, DeadlineVerdict | None]:
        """(colour class, verdict, label, who sets it, the verdict) of the measure's worst
        deadline (of equally bad ones, the earliest)."""
        if not m.deadlines:
            return "none", "none", self.t["no_deadline"], "", None
        worst = worst_deadline(m.deadlines)
        state = "late" if worst.verdict.exceeded else "on_time"
        if worst.source == "measure":
            source = self.t["deadline_own"]
        elif worst.source == "period":
            source = self.t["deadline_period"]
        else:
            source = self.t["deadline_from"].format(source=worst.source)
        return state, worst.verdict.value, self.verdict_label(worst), source, worst

    def verdict_label(self, v: DeadlineVerdict) -> str:
        """``überschritten (+12 AT)`` / ``at risk (+3 wd)`` / ``fristgerecht geplant`` …"""
        label = self.t[f"verdict_{v.verdict.value}"]
        if v.slip_days:
            label += f" ({self.t['late_short'].format(days=self.locale.number(v.slip_days))})"
        return label

    def _legal_refs(self, ids: Iterable[str], prefix: str) -> tuple[Ref, ...]:
        return tuple(
            Ref(lid, self.legal[lid].title if lid in self.legal else lid, f"{prefix}l-{lid}")
            for lid in ids
        )


#: Keys of a row that plan.md lists below a field's table.
_DETAILS = ("window", "references", "external", "related", "indicators")


def field_tree(fields: Iterable[tuple[FieldOfAction, int, tuple]]) -> dict[str, tuple[str, ...]]:
    """Field id → the ids from its top-level field down to itself (depth-first input)."""
    stack: list[str] = []
    out: dict[str, tuple[str, ...]] = {}
    for f, depth, _ in fields:
        del stack[depth - 1 :]
        stack.append(f.id)
        out.setdefault(f.id, tuple(stack))
    return out


def counts(measures: list[ScheduledMeasure], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in measures:
        value = getattr(m, key).value
        out[value] = out.get(value, 0) + 1
    return out


def unknown_progress(m: ScheduledMeasure) -> bool:
    """Whether nothing is known of how far ``m`` is: no status, or in progress without a
    published progress. Such a measure is left out of progress figures, never counted 0 %."""
    status = m.status.value
    return status == "unknown" or (status == "in_progress" and not m.progress_known)


def progress_text(b: Builder, measures: list[ScheduledMeasure]) -> str:
    """The weighted progress, saying how many measures it leaves out; "unbekannt" when it is
    known of no measure (never 0 %)."""
    unknown = sum(1 for m in measures if unknown_progress(m))
    if measures and unknown == len(measures):
        return b.t["progress_unknown"]
    text = b.locale.percent(progress(measures))
    if unknown:
        key = "fig_progress_unknown_one" if unknown == 1 else "fig_progress_unknown"
        text += f" ({b.locale.text(key, count=b.locale.number(unknown))})"
    return text


def progress(measures: list[ScheduledMeasure]) -> int:
    """Progress weighted by duration, of the measures whose progress is known."""
    measures = [m for m in measures if not unknown_progress(m)]
    weight = sum(max(0, m.duration_days) for m in measures)
    if not measures:
        return 0
    if weight == 0:
        return round(
            sum(100 if m.status.value == "done" else m.progress for m in measures) / len(measures)
        )
    done = sum(
        m.duration_days * (100 if m.status.value == "done" else m.progress) for m in measures
    )
    return round(done / weight)
