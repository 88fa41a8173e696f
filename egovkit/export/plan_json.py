"""The resolved schedule as JSON (`egovkit plan show --format json`).

The keys are a contract for scripts: add keys, never rename them (docs/format.md).
"""

from __future__ import annotations

import json

from egovkit.plan.result import Plan, ScheduledMeasure

# `driving_chain` lists the ids only up to this length, else it is null: a plan whose measures
# form one long chain would otherwise print n²/2 ids. `driver` links every chain (docs/format.md).
DRIVING_CHAIN_MAX = 50


def deadline_status(m: ScheduledMeasure) -> str:
    if m.deadline is None:
        return "none"
    return "late" if m.deadline_slip > 0 else "on_time"


def _measure(m: ScheduledMeasure) -> dict:
    chain = m.driving_chain
    return {
        "id": m.id,
        "title": m.title,
        "field": m.field,
        "obligation": m.obligation.value,
        "priority": m.priority,
        "status": m.status.value,
        "progress": m.progress,
        "owner": m.owner,
        "depends_on": list(m.depends_on),
        "order": m.order,
        "wave": m.wave,
        "duration_days": m.duration_days,
        "remaining_days": m.remaining_days,
        "milestone": m.milestone,
        "fixed": m.fixed,
        "earliest_start": m.start.isoformat(),
        "earliest_finish": m.finish.isoformat(),
        "latest_start": m.late_start.isoformat(),
        "latest_finish": m.late_finish.isoformat(),
        "total_slack": m.slack,
        "critical": m.critical,
        "deadline": m.deadline.isoformat() if m.deadline else None,
        "deadline_source": m.deadline_source,
        "deadline_status": deadline_status(m),
        "deadline_slip_days": m.deadline_slip,
        "driving_chain": list(chain) if len(chain) <= DRIVING_CHAIN_MAX else None,
        "driving_chain_length": len(chain),
        "driver": m.driver,
        "capacity_delay_days": m.capacity_delay,
        "legal_deadline": m.legal_deadline.isoformat() if m.legal_deadline else None,
        "legal_deadline_source": m.legal_deadline_source,
        "legal_deadline_slip_days": m.legal_slip,
        "deadlines": [
            {
                "source": v.source,
                "date": v.date.isoformat(),
                "verdict": v.verdict.value,
                "slip_days": v.slip_days,
            }
            for v in m.deadlines
        ],
        "verdict": m.verdict.value if m.verdict else None,
        "window": {"start": m.window[0].isoformat(), "end": m.window[1].isoformat()}
        if m.window
        else None,
        "fixed_window": m.fixed_window,
        "progress_known": m.progress_known,
        "progress_of": "time" if m.progress_means_time else "results",
    }


def plan_dict(plan: Plan) -> dict:
    cal = plan.calendar
    return {
        "status_date": plan.status_date.isoformat(),
        "calendar": {
            "state": cal.state,
            "weekdays": list(cal.weekdays),
            "holidays": [{"date": d.isoformat(), "name": name} for d, name in cal.holidays],
            "closures": [
                {"start": a.isoformat(), "end": b.isoformat(), "title": title}
                for a, b, title in cal.closures
            ],
        },
        "start": plan.start.isoformat(),
        "finish": plan.finish.isoformat(),
        "horizon_end": plan.horizon_end.isoformat(),
        "critical_path": list(plan.critical_path),
        "cancelled": list(plan.cancelled),
        "measures": [_measure(m) for m in plan.measures],
    }


def render(plan: Plan) -> str:
    return json.dumps(plan_dict(plan), ensure_ascii=False, indent=2) + "\n"
