"""Benchmark: `portfolio check` and `portfolio report` over synthetic portfolios.

Run:  python benchmarks/portfolio.py [--sizes 40,400] [--measures 25] [--repeat N]

Each member is the synthetic strategy of benchmarks/bench.py with ``--measures`` measures
and an inside assessment; prints wall time and the peak memory of the largest process per size,
side by side. Targets: 400 × 25 checked in ≤ 15 s and reported in ≤ 30 s, ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Best, egovkit_command, run, synthesize


def portfolio(root: Path, members: int, measures: int) -> None:
    rng = random.Random(members)
    levels = ["nein", "informell", "benannte Stelle", "Stelle mit Budget und Mandat"]
    lines = []
    for n in range(members):
        member = root / "members" / f"m{n:04d}"
        synthesize(member, measures, seed=n)
        (member / "assessments").mkdir()
        (member / "assessments" / "2025-01-06-inside.yaml").write_text(
            "date: 2025-01-06\nview: inside\nassessor: Bench\nanswers:\n"
            f"  org-verantwortung: {rng.choice(levels)}\n  org-gremium: {rng.choice(['true', 'false'])}\n"
            f"  proz-erhebung: {rng.randint(0, 100)}\n  fin-budget: projektweise\n",
            "utf-8",
        )
        lines.append(f"  - {{path: members/m{n:04d}}}")
    (root / "portfolio.yaml").write_text("members:\n" + "\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40,400")
    parser.add_argument("--measures", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    egovkit = egovkit_command()
    print(f"{'members × measures':20} {'check':>9} {'MB':>6} {'report':>9} {'MB':>6} "
          f"{'report/check':>13} {'ms/member':>10}")  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="egovkit-portfolio-") as tmp:
            root = Path(tmp) / "p"
            portfolio(root, size, args.measures)
            check, report = Best(), Best()
            for _ in range(args.repeat):
                check.add(run([*egovkit, "portfolio", "check", str(root)], Path(tmp) / "c"))
                report.add(
                    run(
                        [*egovkit, "portfolio", "report", str(root), "-o", str(Path(tmp) / "r")],
                        Path(tmp) / "c",
                    )
                )
            print(
                f"{size} × {args.measures:<14} {check.seconds:8.2f}s {check.peak_mb:6.0f} "
                f"{report.seconds:8.2f}s {report.peak_mb:6.0f} "
                f"{report.seconds / check.seconds:12.2f}× {1000 * check.seconds / size:9.1f}"
            )


if __name__ == "__main__":
    main()
