"""The tooltip of a Gantt bar: title, dates, obligation, status, slack, deadline."""

from __future__ import annotations

from egovkit.plan.deadlines import worst_deadline
from egovkit.plan.result import ScheduledMeasure
from egovkit.render.locale import Locale


def tooltip(m: ScheduledMeasure, locale: Locale, framed: bool = False) -> str:
    t = locale.labels
    known = m.status.value == "in_progress" and m.progress_known
    parts = [
        f"{m.title} ({m.id})",
        t["tooltip_dates"].format(start=locale.date(m.start), finish=locale.date(m.finish)),
        locale.obligation(m.obligation.value),
        locale.status(m.status.value) + (f" {locale.percent(m.progress)}" if known else ""),
        t["tooltip_slack"].format(slack=m.slack),
    ]
    if framed and m.window:
        first, last = m.window
        parts.insert(2, t["tooltip_window"].format(start=locale.date(first),
                                                   finish=locale.date(last)))  # fmt: skip
    if m.critical:
        parts.append(t["critical"])
    if (worst := worst_deadline(m.deadlines)) is not None:
        parts.append(t["tooltip_deadline"].format(date=locale.date(worst.date)))
        if m.deadline_slip > 0:
            parts.append(locale.late(m.deadline_slip))
    return " · ".join(parts)
