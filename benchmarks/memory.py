"""Benchmark: peak memory and time of one long dependency chain against independent measures.

Run:  python benchmarks/memory.py [N] [--repeat R] [--every K]

Builds two synthetic strategies of ``N`` measures (default 10,000) of one working day each:

- ``chain``: M00001 ← M00002 ← … ← M<N>, every measure depends on the one before;
- ``independent``: the same measures without any ``depends_on``.

Every ``K``-th measure (default 10; 0 = none) has a deadline a year after the planning start,
so in the chain most of them miss it and ``check`` reports D001 with a long driving chain
(they are voluntary measures: warnings, so ``plan show`` still prints the plan).

Each command runs as its own subprocess (``python -m egovkit …``, stdout to a file); its wall
time comes from ``time.perf_counter`` and its peak resident memory from ``os.wait4`` (the
child's ``ru_maxrss``). Both cases run side by side in every round, and the table shows the
best of ``R`` rounds (fastest time, largest peak). Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "check": ["check", "{repo}"],
    "plan show json": ["plan", "show", "{repo}", "--format", "json"],
}
LIMITS = "peak < 400 MB and chain time < 2 × independent"


def synthesize(root: Path, n: int, chained: bool, every: int) -> None:
    """``n`` one-day measures, each depending on the previous one if ``chained``."""
    (root / "measures").mkdir(parents=True)
    (root / "strategy.yaml").write_text(
        "municipality: {name: Kette, kind: stadt, state: NW}\n"
        f"title: {n} Maßnahmen {'in einer Kette' if chained else 'unabhängig'}\n"
        "horizon: {start: 2025-01-01, end: 2075-12-31}\n"
        "goals:\n  - {id: Z1, title: Ziel}\n"
        "fields:\n  - {id: HF1, title: Handlungsfeld}\n"
        "planning: {start: 2025-01-06, status_date: 2025-01-06}\n",
        encoding="utf-8",
    )
    for k in range(1, n + 1):
        lines = [
            f"id: M{k:05d}",
            f"title: Schritt {k}",
            "field: HF1",
            "goals: [Z1]",
            "duration: 1 day",
        ]
        if chained and k > 1:
            lines.append(f"depends_on: [M{k - 1:05d}]")
        if every and k % every == 0:
            lines.append("deadline: 2026-01-06")
        (root / "measures" / f"M{k:05d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def run(args: list[str], out: Path) -> tuple[float, float, int, int]:
    """Seconds, peak RSS in MB, exit code and stdout size in bytes of one subprocess."""
    with out.open("wb") as stdout:
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "egovkit", *args], stdout=stdout, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - t0
    child.returncode = code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code, out.stat().st_size  # ru_maxrss: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--every", type=int, default=10, help="deadline on every K-th measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repos = {case: Path(tmp) / case for case in ("chain", "independent")}
        for case, repo in repos.items():
            synthesize(repo, args.n, case == "chain", args.every)
        best: dict[tuple[str, str], list] = {}
        for _ in range(args.repeat):
            for command, template in COMMANDS.items():
                for case, repo in repos.items():  # side by side: same load on the machine
                    argv = [part.format(repo=repo) for part in template]
                    seconds, peak, code, size = run(argv, Path(tmp) / "stdout")
                    if code not in (0, 1):
                        raise SystemExit(f"{case} {command}: exit code {code}")
                    old = best.setdefault((case, command), [seconds, peak, code, size])
                    old[0], old[1] = min(old[0], seconds), max(old[1], peak)
    print(f"{args.n:,} one-day measures; best of {args.repeat} (fastest time, largest peak)")
    print(
        f"{'case':<12} {'command':<15} {'seconds':>8} {'peak MB':>8} {'exit':>5} "
        f"{'stdout MB':>10} {'time ×':>7} {'memory ×':>9}"
    )
    for command in COMMANDS:
        base = best[("independent", command)]
        for case in repos:
            seconds, peak, code, size = best[(case, command)]
            print(
                f"{case:<12} {command:<15} {seconds:>8.2f} {peak:>8.0f} {code:>5} "
                f"{size / 2**20:>10.1f} {seconds / base[0]:>7.2f} {peak / base[1]:>9.2f}"
            )
    ok = all(
        best[("chain", c)][1] < 400 and best[("chain", c)][0] < 2 * best[("independent", c)][0]
        for c in COMMANDS
    )
    print(f"{LIMITS}: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
