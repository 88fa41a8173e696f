"""Shared lookups of one rendering run and the formatting of one measure as a table row."""

from __future__ import annotations

import datetime as dt

from egovkit.load.workspace import Workspace
from egovkit.model import Organization, Profile
from egovkit.plan.schedule import Plan, ScheduledMeasure, chain_text
from egovkit.render import i18n, markdown
from egovkit.render.context import MeasureRow, Ref


class Builder:
    """Shared lookups for one rendering run."""

    def __init__(self, ws: Workspace, plan: Plan, lang: str) -> None:
        assert ws.strategy is not None, "render needs a loaded strategy.yaml"
        self.ws = ws
        self.plan = plan
        self.lang = lang
        self.t = i18n.LABELS[lang]
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
        return i18n.fmt_date(day, self.lang)

    def left_out(self, count: int) -> str:
        """Marks the ids a long driving chain leaves out (schedule.chain_text)."""
        return f"… (+{i18n.fmt_int(count, self.lang)}) …"

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
        t, lang = self.t, self.lang
        status = m.status.value
        status_label = i18n.STATUS[lang][status]
        if status == "in_progress":
            status_label += f" ({i18n.fmt_percent(m.progress, lang)})"
        if m.deadline is None:
            state, label = "none", t["no_deadline"]
        elif m.deadline_slip > 0:
            state, label = "late", i18n.late_text(m.deadline_slip, lang)
        else:
            state, label = "on_time", t["on_time"]
        if m.deadline_source is None:
            source = ""
        elif m.deadline_source == "measure":
            source = t["deadline_own"]
        else:
            source = t["deadline_from"].format(source=m.deadline_source)
        if m.legal_deadline is None:
            legal_state, legal_label = "none", t["no_legal_deadline"]
        elif m.legal_slip > 0:
            legal_state = "late"
            legal_label = t["legally_late_by"].format(days=i18n.fmt_int(m.legal_slip, lang))
        else:
            legal_state, legal_label = "on_time", t["on_time"]
        loaded = self.ws.measure_by_id.get(m.id)
        model = loaded.model if loaded else None
        legal = tuple(
            Ref(lid, self.legal[lid].title if lid in self.legal else lid, f"{prefix}l-{lid}")
            for lid in (model.legal if model else ())
        )
        return MeasureRow(
            id=m.id,
            anchor=f"m-{m.id}",
            order=m.order + 1,
            title=m.title,
            description_html=markdown.to_html(model.description if model else None, top=None),
            field=self.field_titles.get(m.field, m.field),
            obligation=m.obligation.value,
            obligation_label=i18n.OBLIGATION[lang][m.obligation.value],
            obligation_letter=i18n.OBLIGATION_LETTER[lang][m.obligation.value],
            status=status,
            status_label=status_label,
            priority_label=i18n.PRIORITY[lang].get(str(m.priority), str(m.priority)),
            owner=self.name(m.owner),
            start=self.date(m.start),
            start_iso=m.start.isoformat(),
            finish=self.date(m.finish),
            finish_iso=m.finish.isoformat(),
            duration=i18n.fmt_int(m.duration_days, lang),
            slack=i18n.fmt_int(m.slack, lang),
            critical=m.critical,
            critical_label=t["yes"] if m.critical else t["no"],
            milestone=m.milestone,
            deadline=self.date(m.deadline),
            deadline_iso=m.deadline.isoformat() if m.deadline else "",
            deadline_state=state,
            deadline_label=label,
            deadline_source=source,
            legal_deadline=self.date(m.legal_deadline) if m.legal_deadline else "",
            legal_deadline_iso=m.legal_deadline.isoformat() if m.legal_deadline else "",
            legal_deadline_source=m.legal_deadline_source or "",
            legal_state=legal_state,
            legal_label=legal_label,
            legal=legal,
            depends_on=tuple(self.measure_ref(d, prefix) for d in m.depends_on),
            profiles=tuple(
                Ref(p.meta.id, p.meta.title, f"{profile_prefix}{p.meta.id}.html")
                for p in self.profiles_of.get(m.id, ())
            ),
            chain=chain_text(m.driving_chain, self.left_out)
            if state == "late" and len(m.driving_chain) > 1
            else "",
            capacity_delay=i18n.fmt_int(m.capacity_delay, lang),
        )


def counts(measures: list[ScheduledMeasure], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in measures:
        value = getattr(m, key).value
        out[value] = out.get(value, 0) + 1
    return out


def progress(measures: list[ScheduledMeasure]) -> int:
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
