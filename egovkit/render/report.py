"""The Sachstandsbericht (``egovkit report status``): its template context, built from a
:class:`~egovkit.history.status.StatusHistory`-like object, and its files.

The report is computed elsewhere (``egovkit/history/status.py``); here it is only
formatted: dates, labels, quarters, charts, the financial table and the "zur Kenntnis" text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from egovkit.plan.budget import budget
from egovkit.render import markdown, money
from egovkit.render.arbeitsplan import council_name
from egovkit.render.bars import Series, bar_chart
from egovkit.render.context import Figure
from egovkit.render.context_arbeitsplan import BudgetTable
from egovkit.render.context_items import Ref
from egovkit.render.locale import Locale
from egovkit.render.markdown import MdRaw
from egovkit.render.rows import Builder


@dataclass(frozen=True)
class Row:
    """A table row: the measure it is about and its cells, already formatted."""

    measure: Ref
    cells: tuple[str, ...]
    css: str = ""


@dataclass(frozen=True)
class Quarter:
    label: str
    rows: tuple[Row, ...]  # date, text


@dataclass(frozen=True)
class Chart:
    svg: Markup
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ReportContext:
    lang: str
    content_lang: str
    title: str  # strategy title
    municipality: str
    status_date: str
    status_date_iso: str
    since: str  # "Beschluss 2021 (v2021, 15.03.2021)"
    at: str
    commits: int
    summary: str  # one sentence on what changed
    by_status: tuple[Figure, ...]
    by_field: tuple[tuple[str, str, str, str], ...]  # field, measures, done, late/at risk
    by_obligation: tuple[Figure, ...]
    lights: tuple[Row, ...]
    added: tuple[Ref, ...]
    removed: tuple[Ref, ...]
    transitions: tuple[Row, ...]
    shifts: tuple[Row, ...]
    new_risks: tuple[Row, ...]
    cost_changes: tuple[Row, ...]
    log: tuple[Quarter, ...]
    target_actual: tuple[Row, ...]
    charts: tuple[Chart, ...]
    budget: BudgetTable | None
    resolution_html: Markup
    resolution_md: MdRaw
    light_rule: str
    pdf: bool = False


def quarter(day: dt.date, loc: Locale) -> str:
    return loc.text("quarter", q=(day.month - 1) // 3 + 1, year=day.year)


def _ref(b: Builder, mid: str, old: Builder | None = None) -> Ref:
    """The measure by title; no link (the report has no measure table to point at)."""
    ref = b.measure_ref(mid)
    if ref.label == mid and old is not None:  # removed since: its title from then
        ref = old.measure_ref(mid)
    return Ref(ref.id, ref.label, "")


def report_context(history: Any, b: Builder, old: Builder, loc: Locale) -> ReportContext:
    t = loc.labels
    plan = b.plan
    figures = budget(b.ws, plan)
    text = loc.text(
        "report_resolution",
        council=council_name(b),
        title=b.strategy.title,
        status=b.date(plan.status_date),
    )
    return ReportContext(
        lang=loc.language,
        content_lang=b.strategy.planning.language.value,
        title=b.strategy.title,
        municipality=b.strategy.municipality.name,
        status_date=b.date(plan.status_date),
        status_date_iso=plan.status_date.isoformat(),
        since=_label(history.since, loc),
        at=_label(history.at, loc),
        commits=history.commits,
        summary=loc.text(
            "report_summary",
            commits=history.commits,
            added=len(history.added),
            removed=len(history.removed),
            transitions=len(history.transitions),
            shifts=sum(1 for s in history.shifts if s.working_days > 0),
        ),
        by_status=_by_status(b, loc),
        by_field=_by_field(b, history, loc),
        by_obligation=tuple(
            Figure(
                loc.obligation(k),
                loc.number(sum(1 for m in plan.measures if m.obligation.value == k)),
            )
            for k in ("required", "standard", "voluntary")
        ),
        lights=tuple(_light_row(b, old, light, loc) for light in history.lights),
        **_changes(history, b, old, loc),
        log=_quarters(b, history.log, loc),
        target_actual=_target_actual(b, old, loc),
        charts=_charts(b, loc),
        budget=money.budget_table(b, figures),
        resolution_html=markdown.to_html(markdown.inline(text), top=3),
        resolution_md=markdown.to_markdown(markdown.inline(text), top=3),
        light_rule=t["report_light_rule"],
    )


def _changes(history: Any, b: Builder, old: Builder, loc: Locale) -> dict[str, Any]:
    """What changed since the reference: added, removed, status changes, shifts, risks, cost."""
    t = loc.labels
    return dict(
        added=tuple(_ref(b, mid) for mid in history.added),
        removed=tuple(_ref(b, mid, old) for mid in history.removed),
        transitions=tuple(
            Row(
                _ref(b, x.measure, old),
                (b.date(x.date), _status(loc, x.before), loc.status(_known(x.after)), x.note),
            )
            for x in history.transitions
        ),
        shifts=tuple(
            Row(
                _ref(b, s.measure),
                (b.date(s.before), b.date(s.after), _days(loc, s.working_days)),
                "late" if s.working_days > 0 else "",
            )
            for s in history.shifts
        ),
        new_risks=tuple(
            Row(_ref(b, mid), (t.get(f"verdict_{before}", t["none"]), t[f"verdict_{now}"]), "late")
            for mid, before, now in history.new_risks
        ),
        cost_changes=tuple(
            Row(_ref(b, mid), (_money(loc, a), _money(loc, c)))
            for mid, a, c in history.cost_changes
        ),
    )


def _label(snapshot: Any, loc: Locale) -> str:
    if snapshot.rev is None:
        return loc.labels["report_working_tree"]
    short = snapshot.rev[:7]
    name = snapshot.label if snapshot.label and snapshot.label != snapshot.rev else short
    date = loc.date(snapshot.date) if snapshot.date else ""
    return f"{name} ({short}, {date})" if name != short else f"{short} ({date})"


def _known(status: str) -> str:
    return (
        status
        if status in {"planned", "in_progress", "done", "on_hold", "cancelled", "unknown"}
        else "unknown"
    )


def _status(loc: Locale, status: str | None) -> str:
    return loc.labels["report_new"] if status is None else loc.status(_known(status))


def _days(loc: Locale, days: int) -> str:
    return loc.text("report_wd", days=f"{days:+d}")


def _money(loc: Locale, value: int | None) -> str:
    return loc.money(value) if value is not None else loc.labels["none"]


def _by_status(b: Builder, loc: Locale) -> tuple[Figure, ...]:
    counts: dict[str, int] = {}
    for m in b.plan.measures:
        counts[m.status.value] = counts.get(m.status.value, 0) + 1
    counts["cancelled"] = len(b.plan.cancelled)
    order = ("done", "in_progress", "planned", "on_hold", "unknown", "cancelled")
    return tuple(
        Figure(loc.status(k), loc.number(counts.get(k, 0))) for k in order if counts.get(k)
    )


def _by_field(b: Builder, history: Any, loc: Locale) -> tuple[tuple[str, str, str, str], ...]:
    light = {x.measure: x.light for x in history.lights}
    rows = []
    for f in b.strategy.fields:
        mine = [m for m in b.plan.measures if b.field_ids.get(m.field, (m.field,))[0] == f.id]
        done = sum(1 for m in mine if m.status.value == "done")
        late = sum(1 for m in mine if light.get(m.id) in ("red", "amber"))
        rows.append((f.title, loc.number(len(mine)), loc.number(done), loc.number(late)))
    return tuple(rows)


def _light_row(b: Builder, old: Builder, light: Any, loc: Locale) -> Row:
    m = b.by_id.get(light.measure)
    before = old.by_id.get(light.measure)
    status = loc.status(m.status.value) if m else loc.status("cancelled")
    finish = b.date(m.finish) if m else loc.labels["none"]
    baseline = b.date(before.finish) if before else loc.labels["none"]
    cells = (
        loc.labels[f"light_{light.light}"],
        status,
        finish,
        baseline,
        loc.labels[f"light_reason_{light.reason}"],
    )
    return Row(_ref(b, light.measure, old), cells, f"light-{light.light}")


def _quarters(b: Builder, items: Sequence[Any], loc: Locale) -> tuple[Quarter, ...]:
    by_quarter: dict[tuple[int, int], list[Row]] = {}
    for item in sorted(items, key=lambda i: (i.date, i.measure)):
        text = (
            item.text
            if item.kind == "log"
            else loc.text("report_status_to", status=loc.status(_known(item.text)))
        )
        key = (item.date.year, (item.date.month - 1) // 3)
        by_quarter.setdefault(key, []).append(Row(_ref(b, item.measure), (b.date(item.date), text)))
    return tuple(
        Quarter(quarter(dt.date(y, q * 3 + 1, 1), loc), tuple(rows))
        for (y, q), rows in sorted(by_quarter.items(), reverse=True)
    )


def _target_actual(b: Builder, old: Builder, loc: Locale) -> tuple[Row, ...]:
    none = loc.labels["none"]
    rows = []
    for m in sorted(b.plan.measures, key=lambda x: x.order):
        model = b.ws.measure_by_id[m.id].model
        before = old.by_id.get(m.id)
        old_model = old.ws.measure_by_id.get(m.id)
        done = m.status.value == "done"
        rows.append(
            Row(
                _ref(b, m.id),
                (
                    b.date(before.finish) if before else none,
                    none if done else b.date(m.finish),
                    b.date(m.finish) if done else none,
                    _money(loc, old_model.model.cost if old_model else None),
                    _money(loc, model.cost),
                    _money(loc, model.cost_actual),
                ),
                "late" if before and m.finish > before.finish else "",
            )
        )
    return tuple(rows)


def _charts(b: Builder, loc: Locale) -> tuple[Chart, ...]:
    t = loc.labels
    charts = []
    done = sorted(m.finish for m in b.plan.measures if m.status.value == "done")
    if done:
        first, last = done[0], max(done[-1], b.plan.status_date)
        quarters, counts, total = [], [], 0
        y, q = first.year, (first.month - 1) // 3
        while (y, q) <= (last.year, (last.month - 1) // 3):
            n = sum(1 for d in done if (d.year, (d.month - 1) // 3) == (y, q))
            total += n
            quarters.append(loc.text("quarter_short", q=q + 1, year=y))
            counts.append(total)
            y, q = (y + 1, 0) if q == 3 else (y, q + 1)
        desc = "; ".join(f"{c}: {loc.number(n)}" for c, n in zip(quarters, counts, strict=True))
        svg = bar_chart(
            "chart-done",
            t["report_chart_done"],
            desc,
            quarters,
            [Series(t["report_done_cumulative"], counts)],
            loc.number,
        )
        rows = tuple((c, loc.number(n)) for c, n in zip(quarters, counts, strict=True))
        charts.append(
            Chart(
                Markup(svg),
                t["report_chart_done"],
                (t["report_quarter"], t["report_done_cumulative"]),
                rows,
            )
        )
    for item in b.ws.measures:
        for d in item.model.deliverables:
            charts.append(_deliverable_chart(item.model.id, d, b, loc))
    return tuple(charts)


def _deliverable_chart(mid: str, d: Any, b: Builder, loc: Locale) -> Chart:
    t = loc.labels
    dates = [b.date(s.date) for s in d.snapshots]
    totals = [s.total for s in d.snapshots]
    dones = [s.done for s in d.snapshots]
    caption = loc.text("report_chart_deliverable", title=d.title)
    desc = "; ".join(
        loc.text(
            "report_deliverable_point",
            date=x,
            total=loc.number(a),
            done=loc.number(c),
            open=loc.number(a - c),
        )
        for x, a, c in zip(dates, totals, dones, strict=True)
    )
    series = [Series(t["deliverable_total"], totals), Series(t["deliverable_done"], dones)]
    svg = bar_chart(f"chart-{mid}-{d.id}", caption, desc, dates, series, loc.number)
    rows = tuple(
        (x, loc.number(a), loc.number(c), loc.number(a - c))
        for x, a, c in zip(dates, totals, dones, strict=True)
    )
    head = (t["date"], t["deliverable_total"], t["deliverable_done"], t["deliverable_open"])
    return Chart(Markup(svg), caption, head, rows)
