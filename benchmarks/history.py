"""Benchmark: status report and plan diff over a long history, side by side in one run.

Run:  python benchmarks/history.py [--measures N] [--commits N] [--repeat N]

Builds the synthetic strategy of benchmarks/bench.py (default 100 measures) and a git
history of ``--commits`` commits (default 500, written with ``git fast-import``), each
changing the status, progress and log of one to three measures, and prints, best of
``--repeat`` runs: ``egovkit report status --since <first commit>`` (Markdown and HTML),
``egovkit diff <first> <last> --format json``, and ``egovkit check`` of the same
repository for scale. Target: report and diff under 5 s each.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Best, egovkit_command, run, synthesize

STATUSES = ("planned", "in_progress", "on_hold", "in_progress")


def history(repo: Path, commits: int, seed: int = 2026) -> None:
    """``commits`` commits over the files in ``repo``, through one ``git fast-import``."""
    rng = random.Random(seed)
    files = {
        p.relative_to(repo).as_posix(): p.read_text("utf-8") for p in repo.rglob("*") if p.is_file()
    }
    measures = sorted(f for f in files if f.startswith("measures/"))
    stream: list[bytes] = []
    when = 1_735_725_600  # 2025-01-01

    def blob(path: str) -> None:
        data = files[path].encode("utf-8")
        stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    for n in range(commits):
        message = f"Sachstand {n}".encode()
        stream.append(
            b"commit refs/heads/main\n"
            + f"committer Bench <bench@example.org> {when + n * 86_400} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + b"\n"
        )
        changed = sorted(files) if n == 0 else rng.sample(measures, rng.randint(1, 3))
        for path in changed:
            if n:
                day = f"2025-{1 + (n // 28) % 12:02d}-{1 + n % 28:02d}"
                status = rng.choice(STATUSES)
                files[path] += f"# {n}\n" if "status:" in files[path] else f"status: {status}\n"
                files[path] = files[path].replace("status: planned", f"status: {status}", 1)
                if "log:" not in files[path]:
                    files[path] += "log:\n"
                files[path] += f"  - {{date: {day}, text: Eintrag {n}}}\n"
            blob(path)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=repo, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=100)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    egovkit = egovkit_command()
    with tempfile.TemporaryDirectory(prefix="egovkit-history-") as tmp:
        tmp_path = Path(tmp)
        repo = tmp_path / "repo"
        synthesize(repo, args.measures)
        history(repo, args.commits)
        first = subprocess.run(
            ["git", "rev-list", "--max-parents=0", "HEAD"], cwd=repo, capture_output=True, text=True
        ).stdout.strip()
        home = tmp_path / "cache"
        commands = {
            "check": [*egovkit, "check", str(repo)],
            "report status --since <first>": [
                *egovkit, "report", "status", str(repo), "--since", first, "-o", str(tmp_path / "r"),
            ],
            "diff <first> HEAD --format json": [
                *egovkit, "diff", first, "HEAD", "-C", str(repo), "--format", "json",
            ],
        }  # fmt: skip
        results = {}
        for label, argv in commands.items():
            best = Best()
            for _ in range(args.repeat):
                best.add(run(argv, home))
            results[label] = best
        base = results["check"].seconds
        print(f"{args.commits} commits over {args.measures} measures (best of {args.repeat})")
        print(f"{'what':34} {'time':>8} {'vs check':>9} {'exit':>5}  target")
        for label, best in results.items():
            target = (
                "" if label == "check" else ("≤ 5 s: " + ("met" if best.seconds <= 5 else "MISSED"))
            )
            print(
                f"{label:34} {best.seconds:7.2f}s {best.seconds / base:8.1f}× "
                f"{','.join(map(str, sorted(best.codes))):>5}  {target}"
            )


if __name__ == "__main__":
    main()
