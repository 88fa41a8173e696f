"""The portfolio dashboard and the printable questionnaire: template contexts and files
(``egovkit portfolio report``, ``egovkit assess questionnaire``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egovkit.render.locale import Locale


@dataclass(frozen=True)
class MemberRow:
    name: str
    kind: str
    measures: str
    done: str
    late: str
    finish: str
    inside: str
    outside: str
    recommendations: str
    state: str  # ok | findings | unreadable


@dataclass(frozen=True)
class ScoreTable:
    view: str
    categories: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # member, scores
    group: tuple[tuple[str, tuple[str, ...]], ...]  # mean/median/min/max rows


@dataclass(frozen=True)
class PortfolioContext:
    lang: str
    title: str
    members: tuple[MemberRow, ...]
    scores: tuple[ScoreTable, ...]
    collective: tuple[tuple[str, str, str, str], ...]  # rule, measure, title, members
    individual: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...]
    advice: tuple[tuple[str, tuple[str, ...]], ...]  # member without assessment, advice titles
    matrix_columns: tuple[str, ...]
    matrix_rows: tuple[tuple[str, tuple[bool, ...]], ...]
    at_least: int


def _num(loc: Locale, value: float | None) -> str:
    return loc.labels["none"] if value is None else loc.decimal(round(value, 1))


def _view(member: Any, view: str) -> Any:
    return next((v for v in member.views if v.view == view), None)


def portfolio_context(
    results: list, collective: list, matrix: tuple, loc: Locale, at_least: int, title: str
) -> PortfolioContext:
    rows = []
    for r in results:
        state = "unreadable" if r.problem else ("findings" if r.errors else "ok")
        inside, outside = _view(r, "inside"), _view(r, "outside")
        rows.append(
            MemberRow(
                r.name, loc.labels.get(f"kind_{r.kind}", r.kind), loc.number(r.measures), loc.number(r.done),
                loc.number(r.late), loc.date(_day(r.finish)) if r.finish else loc.labels["none"],
                _num(loc, inside.overall if inside else None), _num(loc, outside.overall if outside else None),
                loc.number(len(r.recommendations)), state,
            )
        )  # fmt: skip
    tables = _score_tables(results, loc)
    assessed = [r for r in results if r.views]
    individual = tuple(
        (
            r.name,
            tuple(
                (rec.rule, rec.title, loc.priority(rec.priority), _values(rec.values))
                for rec in r.recommendations
            ),
        )
        for r in assessed
    )
    advice = tuple(
        (r.name, tuple(rec.title for rec in r.recommendations))
        for r in results
        if not r.views and not r.problem
    )
    columns, matrix_rows = matrix
    return PortfolioContext(
        lang=loc.language,
        title=title,
        members=tuple(rows),
        scores=tuple(tables),
        collective=tuple((c.rule, c.measure, c.title, ", ".join(c.members)) for c in collective),
        individual=individual,
        advice=advice,
        matrix_columns=tuple(columns),
        matrix_rows=tuple((name, tuple(cells)) for name, cells in matrix_rows),
        at_least=at_least,
    )


def _score_tables(results: list, loc: Locale) -> list[ScoreTable]:
    """Per view: each member's category scores, then the group's mean, median, min, max."""
    from egovkit.assess.score import group_figures

    tables = []
    for view in ("inside", "outside"):
        scored = [(r.name, v) for r in results if (v := _view(r, view)) is not None]
        if not scored:
            continue
        cats = [c.title for c in scored[0][1].categories]
        table_rows = tuple(
            (name, tuple(_num(loc, c.score) for c in v.categories)) for name, v in scored
        )
        group = []
        for label, pick in (
            ("mean", "mean"),
            ("median", "median"),
            ("min", "low"),
            ("max", "high"),
        ):
            cells = []
            for i in range(len(cats)):
                values = [
                    v.categories[i].score for _, v in scored if v.categories[i].score is not None
                ]
                fig = group_figures(values)
                cells.append(_num(loc, getattr(fig, pick) if fig else None))
            group.append((loc.labels[f"group_{label}"], tuple(cells)))
        tables.append(ScoreTable(loc.labels[f"view_{view}"], tuple(cats), table_rows, tuple(group)))
    return tables


def _values(values: dict) -> str:
    return "; ".join(f"{k} = {v}" for k, v in values.items())


def _day(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)
