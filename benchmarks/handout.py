"""Benchmark: the council handout (``plan build --format pdf``) of a large synthetic strategy.

Run:  python benchmarks/handout.py [--measures N] [--repeat N]

Builds the synthetic strategy of benchmarks/bench.py (default 1,000 measures, in programmes
of 10-25 dependent measures, each programme with a profile) and gives every measure a cost,
running cost, funding and effort and every profile two risks, so each section of the
handout has work to do. Prints, measured side by side in this run: ``plan build`` as
Markdown and HTML, as PDF alone, and all three; the PDF's pages, size and peak memory.
Needs the ``pdf`` extra (WeasyPrint) and pypdf.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Best, egovkit_command, run, synthesize


def enrich(root: Path, seed: int = 2026) -> None:
    """Money and effort on every measure, capacities on every unit, risks on every profile."""
    rng = random.Random(seed)
    for path in sorted((root / "measures").glob("*.yaml")):
        cost = rng.randrange(5_000, 400_000, 500)
        extra = [f"cost: {cost}", f"effort: {rng.randint(5, 120)}"]
        if rng.random() < 0.5:
            extra.append(f"running_cost: {rng.randrange(1_000, 40_000, 500)}")
        if rng.random() < 0.3:
            extra += ["funding:", f"  - {{source: Förderprogramm {rng.randint(1, 4)}, share: 50}}"]
        path.write_text(path.read_text("utf-8") + "\n".join(extra) + "\n", "utf-8")
    org = (root / "organization.yaml").read_text("utf-8")
    org = org.replace("capacity: 4}", "capacity: 4, effort_capacity: 400}")
    bodies = (
        "bodies:\n  - {id: Rat, name: Rat der Stadt, kind: council, meets: halbjährlich,"
        " receives: [Sachstandsbericht]}\n  - {id: LK, name: Lenkungskreis, kind: steering,"
        " reports_to: Rat, members: [U0]}\nraci: {accountable: LK, informed: [Rat]}\n"
    )
    (root / "organization.yaml").write_text(bodies + org, "utf-8")
    for path in sorted((root / "profiles").glob("*.md")):
        text = path.read_text("utf-8")
        risks = (
            "risks:\n  - {title: Personal fehlt, probability: high, impact: medium}\n"
            "  - {title: Schnittstelle verzögert sich, probability: low, impact: high}\n---\n"
        )
        head, _, body = text[4:].partition("---\n")
        path.write_text("---\n" + head + risks + body, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from pypdf import PdfReader

    egovkit = egovkit_command()
    with tempfile.TemporaryDirectory(prefix="egovkit-handout-") as tmp:
        tmp_path = Path(tmp)
        repo = tmp_path / "repo"
        synthesize(repo, args.measures)
        enrich(repo)
        home = tmp_path / "cache"
        results = {}
        for label, formats in (
            ("md,html", "md,html"),
            ("pdf", "pdf"),
            ("md,html,pdf", "md,html,pdf"),
        ):
            best = Best()
            out = tmp_path / f"out-{label.replace(',', '-')}"
            for _ in range(args.repeat):
                best.add(
                    run([*egovkit, "plan", "build", str(repo), "-o", str(out), "-f", formats], home)
                )
            results[label] = (best, out)
        html_best = results["md,html"][0]
        pdf_best, pdf_out = results["pdf"]
        pdf = pdf_out / "plan.pdf"
        pages = len(PdfReader(pdf).pages)
        n = f"{args.measures:,}"
        print(
            f"plan build of {n} synthetic measures (best of {args.repeat}; exit codes "
            f"{sorted(set().union(*(b.codes for b, _ in results.values())))})"
        )
        print(f"{'what':32} {'time':>9} {'peak MB':>8} {'vs md,html':>11}")
        for label, (best, _) in results.items():
            print(
                f"{'--format ' + label:32} {best.seconds:8.2f}s {best.peak_mb:8.0f} "
                f"{best.seconds / html_best.seconds:10.2f}×"
            )
        print(
            f"PDF: {pages} pages, {pdf.stat().st_size / 1e6:.1f} MB, "
            f"{pdf_best.seconds / pages * 1000:.0f} ms per page"
        )


if __name__ == "__main__":
    main()
