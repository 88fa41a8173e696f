"""Render a scheduled :class:`~egovkit.schedule.Plan` as Markdown and a self-contained HTML site.

``render_plan`` returns every output file as text and writes nothing; the CLI hands the
result to :func:`egovkit.output.write_tree`. Files:

- ``md``: ``plan.md``
- ``html``: ``index.html`` and ``profiles/<ID>.html`` per project profile

Templates come from the ``templates/`` folder shipped with egovkit; a strategy repository
may override any of them with a file of the same name in its own ``templates/`` folder.
Both render in egovkit's sandbox (:mod:`egovkit.sandbox`): a repository template is untrusted
input, and its failures raise :class:`~egovkit.load.templates.TemplateFailure` with file and line.
The HTML environment autoescapes, the Markdown environment backslash-escapes every printed
value (see :func:`egovkit.render.markdown.inline`); both use StrictUndefined.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
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

FORMATS = ("md", "html")


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
) -> dict[str, str]:
    """All output files of the plan in ``locale``'s language: relative path → text, in a
    stable order. ``formats`` is any of ``md`` and ``html``; ``findings`` of the check are
    shown in the plan ("Hinweise der Prüfung" and marks at the measures)."""
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format '{unknown[0]}': use {', '.join(FORMATS)}")
    ctx = build_plan_context(ws, plan, locale, findings)
    labels = locale.labels
    override = _override_dir(ws)
    files: dict[str, str] = {}
    if "md" in wanted:
        env = environment("md", override)
        files["plan.md"] = sandbox.render(env, "plan.md.j2", c=ctx, t=labels)
    if "html" in wanted:
        env = environment("html", override)
        files["index.html"] = sandbox.render(env, "index.html.j2", c=ctx, t=labels)
        for profile in ctx.profiles:
            files[f"profiles/{profile.id}.html"] = sandbox.render(
                env, "profile.html.j2", c=build_profile_page(ctx, profile), t=labels
            )
    return files
