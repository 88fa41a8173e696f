"""The portfolio dashboard and the printable questionnaire: template contexts and files
(``egovkit portfolio report``, ``egovkit assess questionnaire``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from egovkit.render.locale import Locale
from egovkit.render.range_chart import range_chart


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
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # member, scores, overall, rank, percentile
    group: tuple[tuple[str, tuple[str, ...]], ...]  # mean/median/min/max rows
    chart: Markup  # the group's spread per category


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
                (rec.rule, rec.title, loc.priority(rec.priority), _values(rec.values, loc))
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
    """Per view: each member's category scores, overall score, rank (1 = best) and
    percentile in the group, then the group's mean, median, min and max, and a chart."""

    tables = []
    for view in ("inside", "outside"):
        scored = [(r.name, v) for r in results if (v := _view(r, view)) is not None]
        if not scored:
            continue
        cats = [c.title for c in scored[0][1].categories]
        overall = {name: v.overall for name, v in scored if v.overall is not None}
        table_rows = tuple(
            (name, (*(_num(loc, c.score) for c in v.categories), *_standing(loc, overall, name)))
            for name, v in scored
        )
        columns = [
            [v.categories[i].score for _, v in scored if v.categories[i].score is not None]
            for i in range(len(cats))
        ]
        title = loc.labels[f"view_{view}"]
        chart = range_chart(
            f"spread-{view}", f"{loc.labels['portfolio_spread']}: {title}",
            list(zip(cats, columns, strict=True)), _chart_words(loc),
        )  # fmt: skip
        heads = (*cats, loc.labels["overall"], loc.labels["rank"], loc.labels["percentile"])
        tables.append(
            ScoreTable(title, heads, table_rows, _group_rows(loc, columns), Markup(chart))
        )
    return tables


def _standing(loc: Locale, overall: dict, name: str) -> tuple[str, str, str]:
    from egovkit.assess.score import rank

    if name not in overall:
        return (loc.labels["none"],) * 3
    place, share = rank(overall, name)
    return _num(loc, overall[name]), loc.number(place), f"{loc.decimal(round(share))} %"


def _group_rows(loc: Locale, columns: list[list[float]]) -> tuple:
    from egovkit.assess.score import group_figures

    rows = []
    for label, pick in (("mean", "mean"), ("median", "median"), ("min", "low"), ("max", "high")):
        figs = [group_figures(values) for values in columns]
        cells = tuple(_num(loc, getattr(f, pick) if f else None) for f in figs)
        rows.append((loc.labels[f"group_{label}"], (*cells, "", "", "")))
    return tuple(rows)


def _chart_words(loc: Locale) -> dict[str, str]:
    t = loc.labels
    return {
        "min": t["group_min"],
        "median": t["group_median"],
        "max": t["group_max"],
        "empty": t["none"],
    }


def _values(values: dict, loc: Locale | None = None) -> str:
    def show(v: object) -> str:
        if isinstance(v, list):
            return ", ".join(map(str, v))
        if isinstance(v, float) and loc is not None:
            return loc.decimal(v)
        return str(v)

    return "; ".join(f"{k} = {show(v)}" for k, v in values.items())


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
