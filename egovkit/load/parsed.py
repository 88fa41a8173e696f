"""One file from bytes to plain data: the part of loading that the cache keeps and that
worker processes may do in parallel.

:func:`parse_file` decodes a file, splits a profile's front matter from its body and parses
the YAML, recording what the run's YAML :class:`~egovkit.load.yaml.Budget` was charged. Its
result depends on the file's bytes, its path and the budget left when it is parsed; as long
as that budget is not spent, it depends on the bytes and the path only. :func:`settle`
replays a result computed elsewhere (the cache, a worker) against the run's budget in file
order, and only a file that could have spent the budget is parsed again with it. So a run
that uses the cache or workers charges the budget exactly as a run that parses every file
itself, and ends with the same findings.
"""

from __future__ import annotations

import pickle
from typing import Any, NamedTuple

from egovkit.load.yaml import Budget, BudgetExhausted, YamlFailure, decode, parse, value_bound

#: (code, message, line, column) of the finding that ends a file's loading.
Problem = tuple[str, str, "int | None", "int | None"]


class Parsed(NamedTuple):
    """A file's plain data and source positions, or the problem that stopped it."""

    problem: Problem | None
    data: Any = None
    values: dict | None = None  # SourceMap.values
    keys: dict | None = None  # SourceMap.keys
    body: str | None = None  # a profile's Markdown after the front matter
    #: value_bound of the parsed text, which parse() compares with the budget before it
    #: parses; -1 when the file never got to parse().
    bound: int = -1
    #: (values, alias values, alias characters) this file charged the budget.
    cost: tuple[int, int, int] = (0, 0, 0)
    #: The budget ran out in this file: the result depends on the files parsed before it.
    exhausted: bool = False


def parse_file(rel: str, raw: bytes, profile: bool, budget: Budget) -> Parsed:
    """Parse one file's bytes (``profile``: Markdown with YAML front matter), charging
    ``budget``."""
    try:
        text = decode(raw)
    except YamlFailure as failure:
        return _problem(failure)
    body = None
    offset = 0
    if profile:
        split = split_front_matter(text)
        if split is None:
            return Parsed(
                (
                    "Y006",
                    "a profile must start with YAML front matter: a line '---', the keys "
                    "(id, title, measures …), and a closing line '---'",
                    1,
                    1,
                )
            )
        text, body, _ = split
        offset = 1
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return Parsed(("Y004", "file is empty; fill it in or delete it", None, None))
    bound = value_bound(text)
    before = (budget.values, budget.alias_values, budget.alias_chars)
    try:
        data, smap = parse(text, rel, offset, budget, bound)
    except BudgetExhausted as failure:
        return _problem(failure)._replace(bound=bound, exhausted=True)
    except YamlFailure as failure:
        return _problem(failure)._replace(bound=bound, cost=_cost(before, budget))
    return Parsed(None, data, smap.values, smap.keys, body, bound, _cost(before, budget))


def settle(parsed: Parsed, budget: Budget) -> bool:
    """Charge ``budget`` what ``parsed`` cost, if the file could not have spent it; False
    (and nothing charged) if it could, so the file must be parsed again with ``budget``."""
    if parsed.exhausted or parsed.bound > budget.values:
        return False
    values, alias_values, alias_chars = parsed.cost
    if (
        values > budget.values
        or alias_values > budget.alias_values
        or alias_chars > budget.alias_chars
    ):
        return False
    budget.values -= values
    budget.alias_values -= alias_values
    budget.alias_chars -= alias_chars
    return True


#: The budget of a worker process: one run's worth for all the files it parses.
_worker_budget = Budget()


def start_worker() -> None:
    """Initializer of a worker process."""
    global _worker_budget
    _worker_budget = Budget()


def parse_detached(items: list[tuple[str, bytes, bool]]) -> list[bytes]:
    """Parse files in a worker process, as if the run's budget were still untouched; each
    result pickled (the parent caches it as it is).

    All files a worker parses share one fresh budget (one run's worth), so a worker does at
    most the work of one serial run however the files are split into chunks; a file that
    spends it is marked ``exhausted`` and parsed again, in order, with the run's budget.
    """
    return [
        pickle.dumps(tuple(parse_file(rel, raw, profile, _worker_budget)), protocol=5)
        for rel, raw, profile in items
    ]


def _problem(failure: YamlFailure) -> Parsed:
    p = failure.problem
    return Parsed((p.code, p.message, p.line, p.column))


def _cost(before: tuple[int, int, int], budget: Budget) -> tuple[int, int, int]:
    return (
        before[0] - budget.values,
        before[1] - budget.alias_values,
        before[2] - budget.alias_chars,
    )


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts) or None if there is no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in {"---", "..."}:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None
