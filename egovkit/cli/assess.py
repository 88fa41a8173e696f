"""`egovkit assess`: the questionnaire, scores, agreement and recommendations."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from egovkit.cli.errors import fail
from egovkit.cli.group import HelpGroup
from egovkit.textsafe import terminal_text

app = typer.Typer(
    help="Assessments: questionnaire, scores, recommendations.", cls=HelpGroup, no_args_is_help=True
)
_PATH = "Strategy repository with an assessments/ folder."


class Out(StrEnum):
    text = "text"
    json = "json"


def _formats(text: str) -> list[str]:
    formats = [f.strip() for f in text.split(",") if f.strip()]
    if not formats or set(formats) - {"md", "html", "pdf"}:
        raise fail("--format: use md, html, pdf (comma-separated)")
    return formats


def _lang(lang: str | None) -> str:
    if lang not in (None, "de", "en"):
        raise fail("--lang: use de or en")
    return lang or "de"


@app.command()
def questionnaire(
    output: Path = typer.Option(Path("questionnaire"), "--output", "-o", help="Output folder."),
    lang: str = typer.Option(None, "--lang", help="de (default) or en."),
    format: str = typer.Option("md,html", "--format", "-f", help="md, html, pdf."),
) -> None:
    """Write the questionnaire as a printable form for self-assessment."""
    from egovkit.assess.questionnaire import builtin
    from egovkit.output import write_tree
    from egovkit.render import render_questionnaire
    from egovkit.render.locale import Locale

    files = render_questionnaire(builtin(), Locale.for_language(_lang(lang)), _formats(format))
    write_tree(output, files, replace=True)
    typer.echo(f"Questionnaire written to {output}/: {', '.join(sorted(files))}", err=True)


def _checked(path: Path):
    from egovkit.diagnostics.codes import blocks
    from egovkit.pipeline import check

    result = check(path)
    blocking = [
        d
        for d in result.diagnostics
        if d.severity.value == "error" and (d.code.startswith("Q") or blocks(d.code))
    ]
    if blocking:
        from egovkit.cli.console import stderr_console
        from egovkit.diagnostics.formats.text import render

        stderr_console().print(render(blocking), end="")
        raise typer.Exit(1)
    return result


@app.command()
def score(
    path: Path = typer.Argument(Path("."), help=_PATH),
    format: Out = typer.Option(Out.text, "--format", "-f", help="text or json."),
    group: Path = typer.Option(
        None, "--group", help="A portfolio folder, or a YAML file of reference scores."
    ),
) -> None:
    """Scores per category and view (0-100), the change since the previous assessment, the
    agreement of two assessors of the same view and date, and with --group the group's
    mean, median and range and this municipality's rank and percentile per category."""
    from egovkit.assess.summary import as_json, summary

    views = summary(_checked(path).workspace)
    reference = _reference(group) if group is not None else {}
    if format is Out.json:
        data = as_json(views)
        for v in data:
            for c in v["categories"]:
                c["group"] = _standing(reference.get(v["view"], {}).get(c["category"]), c["score"])
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if not views:
        typer.echo("no assessments (assessments/<date>-<view>.yaml)")
    for v in views:
        head = f"{v.view} view, {v.date}, {terminal_text(v.assessor)}: overall {_n(v.overall)}"
        typer.echo(head + (f" (previous {v.previous_date})" if v.previous_date else ""))
        for c in v.categories:
            change = f"  {v.change[c.category]:+.1f}" if c.category in v.change else ""
            line = f"  {terminal_text(c.title):45} {_n(c.score):>6}  {c.answered}/{c.questions} {c.aggregation}{change}"
            g = _standing(reference.get(v.view, {}).get(c.category), c.score)
            if g:
                line += (
                    f"  | group of {g['n']}: mean {_n(g['mean'])}, median {_n(g['median'])}, "
                    f"{_n(g['min'])}-{_n(g['max'])}; rank {g['rank']}, {g['percentile']:.0f} %"
                )
            typer.echo(line)
        for a in v.agreement:
            typer.echo(
                f"  agreement {terminal_text(a.title):35} {_n(a.percent):>6} %  kappa {_n(a.kappa, 2)}  "
                f"weighted {_n(a.weighted_kappa, 2)}  differ: {', '.join(a.disagree) or '-'}"
            )


def _reference(group: Path) -> dict:
    from egovkit.assess import reference

    if group.is_dir():
        from egovkit.portfolio import run

        return reference.from_portfolio(run(group))
    return reference.from_file(group)


def _standing(values: list[float] | None, score: float | None) -> dict | None:
    """The group's figures and the score's rank (1 = best) and percentile among them."""
    from egovkit.assess.score import group_figures, position

    if not values or score is None:
        return None
    fig = group_figures(values)
    place, share = position(values, score)
    return {
        "n": len(values), "mean": fig.mean, "median": fig.median, "min": fig.low,
        "max": fig.high, "rank": place, "percentile": share,
    }  # fmt: skip


def _n(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


@app.command()
def recommend(
    path: Path = typer.Argument(Path("."), help=_PATH),
    format: Out = typer.Option(Out.text, "--format", "-f", help="text or json."),
    apply: bool = typer.Option(
        False, "--apply", help="Add the recommended measures as planned measure files."
    ),
) -> None:
    """Recommended measures, each with the rule and the values that fired it."""
    from dataclasses import asdict

    from egovkit.assess.recommend import recommend as compute

    recs = compute(_checked(path).workspace)
    if format is Out.json:
        sys.stdout.write(json.dumps([asdict(r) for r in recs], ensure_ascii=False, indent=2) + "\n")
    else:
        for r in recs:
            values = "; ".join(f"{k}={v}" for k, v in r.values.items())
            typer.echo(terminal_text(f"{r.priority:6} {r.measure:28} {r.rule:22} {values}"))
        if not recs:
            typer.echo("no recommendations")
    if apply:
        _apply(path, recs)


def _apply(path: Path, recs) -> None:
    from egovkit.edit.recommended import apply_recommendations

    added = apply_recommendations(path, recs)
    typer.echo(f"added {len(added)} measure file(s): {', '.join(added) or '-'}", err=True)
