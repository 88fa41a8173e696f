"""A portfolio: many municipalities' strategy repositories, checked and reported together
(``egovkit portfolio check|report``; docs/assessment.md).

Members are listed in ``portfolio.yaml`` (``members: [{path: …}]``, paths relative to it,
inside the portfolio folder); without that file, every sub-folder holding a strategy.yaml is
a member. Members are checked in worker processes (one per CPU, at most eight).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from egovkit.errors import UserError
from egovkit.load.reader import Reader, Refused
from egovkit.load.yaml import parse

MAX_WORKERS = 8
MAX_MEMBERS = 5000


class PortfolioError(UserError):
    """Not a portfolio, or a member path that leaves it (exit 2)."""


def members(root: Path) -> list[Path]:
    """The member repositories of the portfolio at ``root``, in a stable order; every one
    inside the portfolio (links resolved)."""
    root = Path(root)
    if not root.is_dir():
        raise PortfolioError(f"{root}: not a folder")
    real = os.path.realpath(root)
    listed = Reader(root).read("portfolio.yaml")
    if isinstance(listed, Refused):
        if os.path.lexists(root / "portfolio.yaml"):
            raise PortfolioError(f"{root}/portfolio.yaml: {listed.message}")
        found = sorted(p.parent for p in root.glob("*/strategy.yaml"))
        found += sorted(p.parent for p in root.glob("*/*/strategy.yaml"))
        found = [p for p in found if _inside(real, p)]
        if not found:
            raise PortfolioError(
                f"{root}: no portfolio.yaml and no member folder with a strategy.yaml"
            )
        return _capped(root, found)
    entries = _listed(root, listed)
    out = []
    for n, entry in enumerate(entries, start=1):
        rel = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(rel, str) or not rel:
            raise PortfolioError(f"{root}/portfolio.yaml: member {n} needs a 'path'")
        path = Path(root) / rel
        if not _inside(real, path) or os.path.realpath(path) == real:
            raise PortfolioError(
                f"{root}/portfolio.yaml: member '{rel}' is not a folder inside the portfolio"
            )
        out.append(path)
    return _capped(root, out)


def title(root: Path) -> str:
    """``title:`` of portfolio.yaml, else the folder's name."""
    raw = Reader(Path(root)).read("portfolio.yaml")
    if not isinstance(raw, Refused):
        try:
            from egovkit.load.yaml import decode

            data, _ = parse(decode(raw), "portfolio.yaml")
        except Exception:  # members() reports a broken file with its line
            data = None
        if isinstance(data, dict) and isinstance(data.get("title"), str) and data["title"].strip():
            return data["title"].strip()[:300]
    return Path(root).resolve().name


def _inside(real_root: str, path: Path) -> bool:
    target = os.path.realpath(path)
    return target.startswith(real_root + os.sep)


def _capped(root: Path, found: list[Path]) -> list[Path]:
    if len(found) > MAX_MEMBERS:
        raise PortfolioError(
            f"{root}: {len(found):,} members, more than the {MAX_MEMBERS:,} a portfolio run takes; "
            "split it into several portfolios"
        )
    return found


def _listed(root: Path, raw: bytes) -> list:
    """The ``members`` of portfolio.yaml, or an error with its line."""
    from egovkit.load.yaml import YamlFailure, decode

    try:
        data, _ = parse(decode(raw), "portfolio.yaml")
    except YamlFailure as exc:
        line = f":{exc.problem.line}" if exc.problem.line else ""
        raise PortfolioError(f"{root}/portfolio.yaml{line}: {exc.problem.message}") from None
    entries = data.get("members") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise PortfolioError(f"{root}/portfolio.yaml: needs 'members: [{{path: …}}, …]'")
    return entries


@dataclass(frozen=True)
class MemberResult:
    path: str  # relative to the portfolio
    name: str
    kind: str
    errors: int
    warnings: int
    measures: int
    done: int
    late: int  # measures with an overdue deadline
    finish: str
    views: list = field(default_factory=list)  # assess.summary.ViewScores
    recommendations: list = field(default_factory=list)  # assess.recommend.Recommendation
    planned: tuple[str, ...] = ()  # measure ids
    problem: str = ""  # why the member could not be read


def _one(args: tuple[str, str]) -> MemberResult:
    from egovkit.assess.recommend import recommend
    from egovkit.assess.summary import summary
    from egovkit.pipeline import check
    from egovkit.plan.deadlines import Verdict

    path, rel = args
    try:
        result = check(Path(path))
    except UserError as exc:
        return MemberResult(rel, rel, "", 1, 0, 0, 0, 0, "", problem=str(exc))
    ws, plan = result.workspace, result.plan
    errors = sum(d.severity.value == "error" for d in result.diagnostics)
    warnings = sum(d.severity.value == "warning" for d in result.diagnostics)
    muni = ws.strategy.model.municipality if ws.strategy is not None else None
    if plan is None or muni is None:
        return MemberResult(rel, muni.name if muni else rel, muni.kind.value if muni else "",
                            errors, warnings, len(ws.measures), 0, 0, "")  # fmt: skip
    late = sum(1 for m in plan.measures if m.verdict is Verdict.overdue)
    return MemberResult(
        rel, muni.name, muni.kind.value, errors, warnings, len(plan.measures),
        sum(1 for m in plan.measures if m.status.value == "done"), late, plan.finish.isoformat(),
        summary(ws), recommend(ws), tuple(sorted(m.id for m in plan.measures)),
    )  # fmt: skip


def run(root: Path, workers: int | None = None, track=None) -> list[MemberResult]:
    """Check every member (in parallel) and summarise it; ``track(iterable, total)`` may
    wrap the results as they come (a progress display)."""
    paths = members(root)
    jobs = [(str(p), os.path.relpath(p, root)) for p in paths]
    wrap = track or (lambda items, total: items)
    n = workers or min(MAX_WORKERS, os.cpu_count() or 1)
    if n <= 1 or len(jobs) < 4:
        return list(wrap((_one(job) for job in jobs), len(jobs)))
    with ProcessPoolExecutor(max_workers=n) as pool:
        chunk = max(1, len(jobs) // (4 * n))
        return list(wrap(pool.map(_one, jobs, chunksize=chunk), len(jobs)))


@dataclass(frozen=True)
class Collective:
    rule: str
    measure: str
    title: str
    members: tuple[str, ...]


def collective(results: list[MemberResult], at_least: int) -> list[Collective]:
    """Recommendations shared by at least ``at_least`` members: joint projects."""
    by_rule: dict[tuple[str, str, str], list[str]] = {}
    for r in results:
        for rec in r.recommendations:
            by_rule.setdefault((rec.rule, rec.measure, rec.title), []).append(r.name)
    return [
        Collective(rule, measure, title, tuple(names))
        for (rule, measure, title), names in sorted(
            by_rule.items(), key=lambda x: (-len(x[1]), x[0])
        )
        if len(names) >= at_least
    ]


def matrix(results: list[MemberResult], min_members: int = 2) -> tuple[list[str], Iterator]:
    """Measure ids planned by at least ``min_members`` members, and per member which."""
    counts: dict[str, int] = {}
    for r in results:
        for mid in r.planned:
            counts[mid] = counts.get(mid, 0) + 1
    columns = sorted(m for m, n in counts.items() if n >= min_members)
    rows = ((r.name, [mid in r.planned for mid in columns]) for r in results)
    return columns, rows
