"""A reference group for ``assess score --group``: the scores of a portfolio's members, or
reference values from a file (``reference.yaml``: ``{inside: {organisation: [42, 55, …]}}``,
the scores of other municipalities per view and category, 0-100)."""

from __future__ import annotations

from pathlib import Path

from egovkit.errors import UserError
from egovkit.load.reader import Reader, Refused
from egovkit.load.yaml import parse

MAX_VALUES = 100_000


def from_file(path: Path) -> dict[str, dict[str, list[float]]]:
    """View → category id → the reference scores."""
    raw = Reader(path.parent).read(path.name)
    if isinstance(raw, Refused):
        raise UserError(f"{path}: {raw.message}")
    data, _ = parse(raw.decode("utf-8", "replace"), str(path))
    out: dict[str, dict[str, list[float]]] = {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected {{inside: {{category: [scores …]}}, outside: …}}")
    count = 0
    for view, cats in data.items():
        if view not in ("inside", "outside") or not isinstance(cats, dict):
            raise UserError(f"{path}: '{view}' is not a view (inside, outside) with categories")
        for cat, values in cats.items():
            if not isinstance(values, list) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100
                for v in values
            ):
                raise UserError(f"{path}: {view}.{cat} must be a list of scores from 0 to 100")
            count += len(values)
            out.setdefault(view, {})[str(cat)] = [float(v) for v in values]
    if count > MAX_VALUES:
        raise UserError(f"{path}: more than {MAX_VALUES:,} reference values")
    return out


def from_portfolio(results) -> dict[str, dict[str, list[float]]]:
    """The latest scores of every assessed member of a portfolio."""
    out: dict[str, dict[str, list[float]]] = {}
    for r in results:
        for v in r.views:
            for c in v.categories:
                if c.score is not None:
                    out.setdefault(v.view, {}).setdefault(c.category, []).append(c.score)
    return out
