"""Render a scheduled :class:`~egovkit.schedule.Plan` as Markdown and a self-contained HTML site.

``render_plan`` returns every output file as the bytes to write (text as UTF-8, rendered
straight into that form: a large plan never holds its pages twice) and writes nothing; the
CLI hands the result to :func:`egovkit.output.write_tree`. Files:

- ``md``: ``plan.md``
- ``html``: ``index.html`` and ``profiles/<ID>.html`` per project profile
- ``pdf``: ``plan.pdf``, the council handout (needs the ``pdf`` extra, :mod:`egovkit.render.pdf`)

``plan.md`` shows the architecture picture and the organigram as ``architecture.svg`` and
``organigram.svg`` beside it.

Templates come from the ``templates/`` folder shipped with egovkit; a strategy repository
may override any of them with a file of the same name in its own ``templates/`` folder.
Both render in egovkit's sandbox (:mod:`egovkit.sandbox`): a repository template is untrusted
input, and its failures raise :class:`~egovkit.load.templates.TemplateFailure` with file and line.
The HTML environment autoescapes, the Markdown environment backslash-escapes every printed
value (see :func:`egovkit.render.markdown.inline`); both use StrictUndefined.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import jinja2

import egovkit
from egovkit.diagnostics.record import Diagnostic
from egovkit.load import templates
from egovkit.load.workspace import Workspace
from egovkit.plan.schedule import Plan
from egovkit.render import markdown, sandbox
from egovkit.render.build import build_plan_context, build_profile_page
from egovkit.render.locale import Locale

FORMATS = ("md", "html", "pdf")


def builtin_templates() -> Path:
    """``egovkit/templates`` in a wheel (force-included), else the repository's ``templates/``."""
    package = Path(egovkit.__file__).parent
    inside = package / "templates"
    return inside if inside.is_dir() else package.parent / "templates"


def _md_finalize(value: object) -> str:
    return markdown.inline(value)


@lru_cache(maxsize=16)
def environment(kind: str, override: str | None) -> jinja2.Environment:
    """One cached sandboxed environment per output kind ("md" or "html") and override folder."""
    return templates.environment(
        kind, Path(override) if override else None, builtin_templates(), _md_finalize
    )


def _override_dir(ws: Workspace) -> str | None:
    folder = Path(ws.root) / templates.REPO_TEMPLATES
    return str(folder) if os.path.lexists(folder) else None


def render_plan(
    ws: Workspace,
    plan: Plan,
    locale: Locale,
    formats: Iterable[str] = FORMATS,
    findings: Iterable[Diagnostic] = (),
    group_by: str = "field",
    base: tuple[str, str, Plan] | None = None,
) -> dict[str, bytes | bytearray]:
    """All output files of the plan in ``locale``'s language: relative path → bytes (text
    as UTF-8), in a stable order; see :func:`plan_files`."""
    return dict(plan_files(ws, plan, locale, formats, findings, group_by, base))


def plan_files(
    ws: Workspace,
    plan: Plan,
    locale: Locale,
    formats: Iterable[str] = FORMATS,
    findings: Iterable[Diagnostic] = (),
    group_by: str = "field",
    base: tuple[str, str, Plan] | None = None,
) -> Iterator[tuple[str, bytes | bytearray]]:
    """The output files of the plan one by one, as (relative path, bytes), in a stable
    order: a writer that stages each as it comes never holds them all. ``formats`` is any
    of ``md``, ``html`` and ``pdf`` (checked before the first file); ``findings`` of the
    check are shown in the plan ("Hinweise der Prüfung" and marks at the measures)."""
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format '{unknown[0]}': use {', '.join(FORMATS)}")
    return _plan_files(ws, plan, locale, wanted, findings, group_by, base)


def _plan_files(
    ws: Workspace,
    plan: Plan,
    locale: Locale,
    wanted: list[str],
    findings: Iterable[Diagnostic],
    group_by: str,
    base: tuple[str, str, Plan] | None,
) -> Iterator[tuple[str, bytes | bytearray]]:
    ctx = build_plan_context(ws, plan, locale, findings, group_by, base)
    labels = locale.labels
    override = _override_dir(ws)
    # each file is yielded without a name of its own here, so it is freed once written
    if "md" in wanted:
        env = environment("md", override)
        yield "plan.md", sandbox.render_utf8(env, "plan.md.j2", c=ctx, t=labels)
        if ctx.arbeitsplan is not None:
            yield "architecture.svg", _standalone(ctx.arbeitsplan.architecture_svg).encode()
            if ctx.arbeitsplan.organigram_svg:
                yield "organigram.svg", _standalone(ctx.arbeitsplan.organigram_svg).encode()
    if "html" in wanted:
        env = environment("html", override)
        yield "index.html", sandbox.render_utf8(env, "index.html.j2", c=ctx, t=labels)
        for profile in ctx.profiles:
            page = build_profile_page(ctx, profile)
            yield (
                f"profiles/{profile.id}.html",
                sandbox.render_utf8(env, "profile.html.j2", c=page, t=labels),
            )
    if "pdf" in wanted:
        from egovkit.render.pdf import check_size, html_to_pdf  # WeasyPrint only for a PDF

        check_size(len(plan.measures))
        env = environment("html", override)
        yield "plan.pdf", html_to_pdf(sandbox.render(env, "handout.html.j2", c=ctx, t=labels))


def _standalone(svg: str) -> str:
    """An inline ``<svg>`` as a file of its own (with the XML namespace it needs there)."""
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg.split(">", 1)[0]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return svg if svg.endswith("\n") else svg + "\n"


def render_report(history, locale: Locale, formats: Iterable[str]) -> dict[str, str | bytes]:
    """The Sachstandsbericht of a :class:`~egovkit.history.status.StatusHistory`:
    ``report.md``, ``report.html`` and (with the ``pdf`` extra) ``report.pdf``."""
    from egovkit.render.report import report_context
    from egovkit.render.rows import Builder

    at, since = history.at.result, history.since.result
    b = Builder(at.workspace, at.plan, locale)
    old = Builder(since.workspace, since.plan, locale)
    ctx = report_context(history, b, old, locale)
    override = _override_dir(at.workspace)
    files: dict[str, str | bytes] = {}
    if "md" in formats:
        files["report.md"] = sandbox.render(
            environment("md", override), "report.md.j2", c=ctx, t=locale.labels
        )
    if "html" in formats:
        files["report.html"] = sandbox.render(
            environment("html", override), "report.html.j2", c=ctx, t=locale.labels
        )
    if "pdf" in formats:
        from dataclasses import replace

        from egovkit.render.pdf import check_size, html_to_pdf

        check_size(len(at.plan.measures))
        html = sandbox.render(
            environment("html", override),
            "report.html.j2",
            c=replace(ctx, pdf=True),
            t=locale.labels,
        )
        files["report.pdf"] = html_to_pdf(html)
    return files


def render_portfolio(ctx, locale: Locale, formats: Iterable[str]) -> dict[str, str | bytes]:
    """The portfolio dashboard (``portfolio.md``, ``portfolio.html``, ``portfolio.pdf``)."""
    return _render_pair(ctx, locale, formats, "portfolio", {})


def render_questionnaire(q, locale: Locale, formats: Iterable[str]) -> dict[str, str | bytes]:
    """The questionnaire as a printable form (``questionnaire.md|html|pdf``)."""
    return _render_pair(q, locale, formats, "questionnaire", {"lang": locale.language})


def _render_pair(
    ctx, locale: Locale, formats: Iterable[str], stem: str, extra: dict
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    wanted = list(formats)
    if "md" in wanted:
        files[f"{stem}.md"] = sandbox.render(
            environment("md", None), f"{stem}.md.j2", c=ctx, t=locale.labels, **extra
        )
    if "html" in wanted or "pdf" in wanted:
        html = sandbox.render(
            environment("html", None), f"{stem}.html.j2", c=ctx, t=locale.labels, **extra
        )
        if "html" in wanted:
            files[f"{stem}.html"] = html
        if "pdf" in wanted:
            from egovkit.render.pdf import html_to_pdf

            files[f"{stem}.pdf"] = html_to_pdf(html)
    return files
