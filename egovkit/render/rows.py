"""Shared lookups of one rendering run and the formatting of one measure as a table row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from egovkit.load.workspace import Workspace
from egovkit.model import Organization, Profile
from egovkit.plan.deadlines import SEVERITY, DeadlineVerdict
from egovkit.plan.schedule import Plan, ScheduledMeasure, chain_text
from egovkit.render import markdown
from egovkit.render.context import MeasureRow, Ref
from egovkit.render.locale import Locale


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
        self.field_titles = {f.id: f.title for f in self.strategy.fields}
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
        status = m.status.value
        status_label = loc.status(status)
        if status == "in_progress" and m.progress_known:
            share = loc.percent(m.progress)
            if not m.progress_means_time:  # results achieved, not time used
                share = self.t["progress_results"].format(value=share)
            status_label += f" ({share})"
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
            status=status,
            status_label=status_label,
            priority_label=loc.priority(str(m.priority)),
            owner=self.name(m.owner),
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
        )

    def _deadline(
        self, m: ScheduledMeasure
    ) -> tuple[str, str, str, str, DeadlineVerdict | None]:
        """(colour class, verdict, label, who sets it, the verdict) of the measure's worst
        deadline (of equally bad ones, the earliest)."""
        if not m.deadlines:
            return "none", "none", self.t["no_deadline"], "", None
        rank = {v: n for n, v in enumerate(SEVERITY)}
        worst = min(m.deadlines, key=lambda v: (rank[v.verdict], v.date))
        state = "late" if worst.verdict.exceeded else "on_time"
        if worst.source == "measure":
            source = self.t["deadline_own"]
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


def counts(measures: list[ScheduledMeasure], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in measures:
        value = getattr(m, key).value
        out[value] = out.get(value, 0) + 1
    return out


def progress(measures: list[ScheduledMeasure]) -> int:
    """Progress weighted by duration, of the measures whose state is known."""
    measures = [m for m in measures if m.status.value != "unknown"]
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
