"""Benchmark: `check` and `plan build` on synthetic strategies of 100 … 10,000 measures.

Run:  python benchmarks/bench.py [SIZES …] [--repeat N]

Prints wall times per stage (best of N runs, in-process, so interpreter start-up is not
counted) and the end-to-end time of the `egovkit plan build` command in a subprocess.
Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from egovkit.planning import make_plan, render_files

from egovkit.output import write_tree
from egovkit.pipeline import check

FIELDS_PER_100 = 6


def synthesize(root: Path, n: int, seed: int = 2026) -> None:
    """A strategy with ``n`` measures in programmes of 10-25 dependent measures.

    Inside a programme, each measure depends on 0-3 earlier members (chains, diamonds,
    fan-in); about 5 % also depend on an early measure of an earlier programme. One unit per
    20 measures, with a capacity of 4, owns them, so levelling has real work to do.
    """
    rng = random.Random(seed)
    fields = max(2, n * FIELDS_PER_100 // 100)
    units = max(1, n // 20)
    (root / "measures").mkdir(parents=True)
    (root / "profiles").mkdir()
    field_lines = "\n".join(f"  - {{id: HF{i}, title: Handlungsfeld {i}}}" for i in range(fields))
    goal_lines = "\n".join(f"  - {{id: Z{i}, title: Ziel {i}}}" for i in range(fields))
    (root / "strategy.yaml").write_text(
        "municipality: {name: Synthetische Stadt, kind: stadt, state: NW}\n"
        f"title: Synthetische Strategie mit {n} Maßnahmen\n"
        "horizon: {start: 2025-01-01, end: 2075-12-31}\n"
        f"goals:\n{goal_lines}\nfields:\n{field_lines}\n"
        "planning: {start: 2025-01-06, status_date: 2025-01-06}\n",
        encoding="utf-8",
    )
    unit_lines = "\n".join(
        f"  - {{id: U{i}, name: Einheit {i}, capacity: 4}}" for i in range(units)
    )
    (root / "organization.yaml").write_text(f"units:\n{unit_lines}\n", encoding="utf-8")
    programmes: list[list[str]] = []
    index = 0
    while index < n:
        size = min(rng.randint(10, 25), n - index)
        members = [f"M{index + k:05d}" for k in range(size)]
        for k, ident in enumerate(members):
            deps = rng.sample(members[:k], min(k, rng.choice((0, 1, 1, 2, 3)))) if k else []
            if programmes and rng.random() < 0.05:
                deps.append(rng.choice(rng.choice(programmes)[:3]))
            field = f"HF{(len(programmes) + k) % fields}"
            required = rng.random() < 0.2
            lines = [
                f"id: {ident}",
                f"title: Maßnahme {ident} – Digitalisierung „{field}“",
                f"field: {field}",
                f"goals: [Z{(len(programmes) + k) % fields}]",
                f"obligation: {'required' if required else 'voluntary'}",
                f"depends_on: [{', '.join(sorted(set(deps)))}]",
                f"duration: {rng.choice((1, 2, 3, 4, 6, 9))} months",
                f"owner: U{(index + k) % units}",
                f"priority: {rng.choice(('high', 'medium', 'low'))}",
            ]
            if required:
                lines += ["legal: [OZG-1A]", "deadline: 2075-12-31"]
            (root / "measures" / f"{ident}.yaml").write_text(
                "\n".join(lines) + "\n", encoding="utf-8"
            )
        programmes.append(members)
        (root / "profiles" / f"P{len(programmes):04d}.md").write_text(
            f"---\nid: P{len(programmes):04d}\ntitle: Programm {len(programmes)}\n"
            f"measures: [{', '.join(members)}]\n---\n## Ziele\n\nProgramm mit "
            f"{len(members)} Maßnahmen.\n",
            encoding="utf-8",
        )
        index += size


def best(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return min(times), value


def main() -> None:
    gc.set_threshold(50_000, 20, 20)  # as egovkit.cli.main does for every command
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'measures':>9} {'check':>8} {'schedule':>9} {'render':>8} {'write':>7} "
        f"{'build':>8} {'cli build':>10}  (seconds; best of {args.repeat})"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "repo"
            synthesize(root, n)
            t_check, result = best(lambda root=root: check(root), args.repeat)
            assert not result.failed(), result.diagnostics[:3]
            t_plan, planned = best(lambda root=root: make_plan(root), args.repeat)
            t_render, files = best(
                lambda planned=planned: render_files(planned, "de", ["md", "html"]), args.repeat
            )
            out = Path(tmp) / "out"
            t_write, _ = best(
                lambda out=out, files=files: write_tree(out, files, replace=True), args.repeat
            )
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "egovkit", "plan", "build", str(root), "-o", str(out)],
                check=True,
                capture_output=True,
            )
            t_cli = time.perf_counter() - t0
            schedule = t_plan - t_check
            build = t_plan + t_render + t_write
            print(
                f"{n:>9} {t_check:>8.3f} {schedule:>9.3f} {t_render:>8.3f} {t_write:>7.3f} "
                f"{build:>8.3f} {t_cli:>10.3f}"
            )


if __name__ == "__main__":
    main()
