"""The plan as an Excel workbook (``egovkit export xlsx``), written with XlsxWriter.

Sheets: measures, schedule, dependencies, deadlines (legal compliance) and budget by year;
German names and headers by default, English with ``--lang en``. Dates are Excel dates
with a date format; every sheet has its header row frozen, column widths and an autofilter.
Text is written with ``write_string`` only (and the workbook's string conversions are off),
so a title such as ``=HYPERLINK(…)`` stays text and never becomes a formula. The document
properties carry the status date as their creation date, so the same input gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import xlsxwriter

from egovkit.export.labels import labels, source_label, verdict_label
from egovkit.load.workspace import Workspace
from egovkit.plan.budget import budget
from egovkit.plan.result import Plan
from egovkit.render.locale import Locale

Cell = str | int | float | dt.date | bool | None


class _Book:
    def __init__(self, plan: Plan, locale: Locale) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.words = labels(locale)
        created = dt.datetime.combine(plan.status_date, dt.time(0, 0))
        self.book.set_properties({"created": created, "title": "egovkit", "author": "egovkit"})
        self.date = self.book.add_format({"num_format": self.words["date_format"]})
        self.head = self.book.add_format({"bold": True, "bottom": 1, "text_wrap": True})

    def sheet(self, name: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        ws = self.book.add_worksheet(self.words[name])
        widths = [max(10, min(len(h) + 2, 40)) for h in headers]
        for col, text in enumerate(headers):
            ws.write_string(0, col, text, self.head)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                self.cell(ws, r, col, value)
                if isinstance(value, str):
                    widths[col] = max(widths[col], min(len(value) + 2, 60))
        for col, width in enumerate(widths):
            ws.set_column(col, col, 12 if width < 12 and _is_date_col(rows, col) else width)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)

    def cell(self, ws, r: int, col: int, value: Cell) -> None:
        if value is None:
            ws.write_blank(r, col, None)
        elif isinstance(value, bool):
            ws.write_string(r, col, self.words["yes" if value else "no"])
        elif isinstance(value, dt.date):
            ws.write_datetime(r, col, dt.datetime.combine(value, dt.time(0, 0)), self.date)
        elif isinstance(value, int | float):
            ws.write_number(r, col, value)
        else:
            ws.write_string(r, col, value)

    def bytes(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _is_date_col(rows: Sequence[Sequence[Cell]], col: int) -> bool:
    return any(isinstance(row[col], dt.date) for row in rows if col < len(row))


def _measures(plan: Plan, locale: Locale) -> tuple[list[str], list[list[Cell]]]:
    w = labels(locale)
    head = ["id", "title", "field", "obligation", "priority", "status", "progress", "owner",
            "duration", "depends_on"]  # fmt: skip
    rows = [
        [m.id, m.title, m.field, locale.obligation(m.obligation.value),
         locale.priority(m.priority), locale.status(m.status.value), m.progress,
         m.owner or "", m.duration_days, " ".join(m.depends_on)]
        for m in plan.measures
    ]  # fmt: skip
    return [w[h] for h in head], rows


def _schedule(plan: Plan, locale: Locale) -> tuple[list[str], list[list[Cell]]]:
    w = labels(locale)
    head = ["id", "title", "start", "finish", "late_start", "late_finish", "slack", "critical"]
    rows = [
        [m.id, m.title, m.start, m.finish, m.late_start, m.late_finish, m.slack, m.critical]
        for m in plan.measures
    ]
    return [w[h] for h in head], rows


def _dependencies(plan: Plan, locale: Locale) -> tuple[list[str], list[list[Cell]]]:
    w, by_id = labels(locale), plan.by_id()
    head = ["measure", "title", "prerequisite", "prerequisite_title"]
    rows = [
        [m.id, m.title, p, by_id[p].title]
        for m in plan.measures
        for p in m.depends_on
        if p in by_id
    ]
    return [w[h] for h in head], rows


def _deadlines(plan: Plan, ws: Workspace, locale: Locale) -> tuple[list[str], list[list[Cell]]]:
    w = labels(locale)
    head = ["id", "title", "deadline", "source", "finish", "verdict", "slip"]
    rows = [
        [m.id, m.title, v.date, source_label(ws, locale, v.source), m.finish,
         verdict_label(locale, v.verdict.value), v.slip_days]
        for m in plan.measures
        for v in m.deadlines
    ]  # fmt: skip
    return [w[h] for h in head], rows


def _budget(plan: Plan, ws: Workspace, locale: Locale) -> tuple[list[str], list[list[Cell]]]:
    w, money = labels(locale), budget(ws, plan)
    head = ["year", "one_off", "running", "funded", "own", "effort"]
    rows: list[list[Cell]] = []
    for year in money.years:
        effort = sum(u.effort for u in money.effort if u.year == year)
        rows.append(
            [year, money.total("one_off", year), money.total("running", year),
             money.total("funded", year), money.total("own", year), round(effort, 2)]
        )  # fmt: skip
    return [w[h] for h in head], rows


def render(plan: Plan, ws: Workspace, locale: Locale) -> bytes:
    book = _Book(plan, locale)
    book.sheet("sheet_measures", *_measures(plan, locale))
    book.sheet("sheet_schedule", *_schedule(plan, locale))
    book.sheet("sheet_dependencies", *_dependencies(plan, locale))
    book.sheet("sheet_deadlines", *_deadlines(plan, ws, locale))
    book.sheet("sheet_budget", *_budget(plan, ws, locale))
    return book.bytes()
