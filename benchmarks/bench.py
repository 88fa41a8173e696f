"""Benchmark: egovkit's speed and memory against fixed baselines, side by side in one run.

Run:  python benchmarks/bench.py [--repeat N] [--check N] [--show N] [--no-tj3]

Builds synthetic strategies (``--check`` measures, default 10,000, for check and plan build;
``--show`` measures, default 5,000, for plan show) and prints one table of figures, each
measured in this run next to its baseline:

- start-up: ``egovkit --version`` against ``python -c pass``;
- ``egovkit check`` of examples/bergisch-gladbach (warm: answered by the result memo, and
  ``--no-cache``);
- ``egovkit check`` of the large strategy, cold (empty cache folder), without cache, warm
  (the result memo answers) and after one measure file was edited (the memo cannot answer,
  the parse cache holds every other file), against the bare libyaml parse of the same files
  (PyYAML's ``CSafeLoader`` when PyYAML is installed, else ruamel.yaml's C loader; the
  table says which), read and parsed in this process without interpreter start;
- loading alone (``load_workspace`` in this process, wall and CPU time): cold with new
  files parsed in worker processes and in this process only, without cache, and warm;
- ``egovkit plan show --format json`` against ``tj3`` (TaskJuggler, if installed) on the
  same network, as ``egovkit export tjp`` writes it: the same tasks, working-day lengths,
  dependencies, start date, working days and public holidays, with a CSV task report so tj3
  schedules. tj3 has no cache: every run of it is cold. egovkit also levels its units'
  capacities, which the tj3 project gets as fixed earliest starts, so the comparison
  favours tj3;
- the peak resident memory (``ru_maxrss`` of the child) of ``plan build`` and ``check``.

Every command runs as a subprocess with its own ``XDG_CACHE_HOME`` in a temporary folder, so
the user's cache is neither used nor changed; "cold" runs start with an empty one, "warm"
runs follow a run that filled it. Times are the best of ``--repeat`` runs (memory: the
largest), all with the operating system's file cache warm. Not a test: figures depend on the
machine, so only ratios measured side by side mean much.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "examples" / "bergisch-gladbach"
FIELDS_PER_100 = 6
#: Working days of the synthetic durations (one month is 21 working days, docs/scheduling.md).
MONTH_DAYS = 21
START = dt.date(2025, 1, 6)


@dataclass(frozen=True)
class Task:
    id: str
    days: int
    depends_on: tuple[str, ...]


def synthesize(root: Path, n: int, seed: int = 2026) -> list[Task]:
    """A strategy with ``n`` measures in programmes of 10-25 dependent measures.

    Inside a programme, each measure depends on 0-3 earlier members (chains, diamonds,
    fan-in); about 5 % also depend on an early measure of an earlier programme. One unit per
    20 measures, with a capacity of 4, owns them, so levelling has real work to do. Returns
    the network (for the TaskJuggler project).
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
        f"planning: {{start: {START}, status_date: {START}}}\n",
        encoding="utf-8",
    )
    unit_lines = "\n".join(
        f"  - {{id: U{i}, name: Einheit {i}, capacity: 4}}" for i in range(units)
    )
    (root / "organization.yaml").write_text(f"units:\n{unit_lines}\n", encoding="utf-8")
    programmes: list[list[str]] = []
    tasks: list[Task] = []
    index = 0
    while index < n:
        size = min(rng.randint(10, 25), n - index)
        members = [f"M{index + k:05d}" for k in range(size)]
        for k, ident in enumerate(members):
            deps = rng.sample(members[:k], min(k, rng.choice((0, 1, 1, 2, 3)))) if k else []
            if programmes and rng.random() < 0.05:
                deps.append(rng.choice(rng.choice(programmes)[:3]))
            deps = sorted(set(deps))
            months = rng.choice((1, 2, 3, 4, 6, 9))
            field = f"HF{(len(programmes) + k) % fields}"
            required = rng.random() < 0.2
            lines = [
                f"id: {ident}",
                f"title: Maßnahme {ident} – Digitalisierung „{field}“",
                f"field: {field}",
                f"goals: [Z{(len(programmes) + k) % fields}]",
                f"obligation: {'required' if required else 'voluntary'}",
                f"depends_on: [{', '.join(deps)}]",
                f"duration: {months} months",
                f"owner: U{(index + k) % units}",
                f"priority: {rng.choice(('high', 'medium', 'low'))}",
            ]
            if required:
                lines += ["legal: [OZG-1A]", "deadline: 2075-12-31"]
            (root / "measures" / f"{ident}.yaml").write_text(
                "\n".join(lines) + "\n", encoding="utf-8"
            )
            tasks.append(Task(ident, months * MONTH_DAYS, tuple(deps)))
        programmes.append(members)
        (root / "profiles" / f"P{len(programmes):04d}.md").write_text(
            f"---\nid: P{len(programmes):04d}\ntitle: Programm {len(programmes)}\n"
            f"measures: [{', '.join(members)}]\n---\n## Ziele\n\nProgramm mit "
            f"{len(members)} Maßnahmen.\n",
            encoding="utf-8",
        )
        index += size
    return tasks


def taskjuggler_project(root: Path, path: Path) -> None:
    """The same strategy for tj3, as ``egovkit export tjp`` writes it: the same tasks,
    working-day lengths, dependencies, calendar and a CSV report (tj3 schedules for its
    reports). Starts that egovkit's levelling moved are given to tj3 as earliest starts."""
    from egovkit.export import tjp
    from egovkit.pipeline import plan
    from egovkit.render.locale import Locale

    result = plan(root, cache=False)
    text = tjp.render(result.plan, result.workspace, Locale.for_language("de"))
    path.write_text(text, encoding="utf-8")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int


def run(argv: list[str], cache_home: Path, cwd: Path | None = None) -> Run:
    """One subprocess: wall time, peak resident memory (MB) and exit code."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    env.pop("EGOVKIT_NO_CACHE", None)
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        child = subprocess.Popen(argv, stdout=null, stderr=null, env=env, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - t0
    child.returncode = code = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return Run(seconds, peak, code)


@dataclass
class Best:
    """Best (fastest, largest peak) of several runs of one command."""

    seconds: float = float("inf")
    peak_mb: float = 0.0
    codes: set[int] = field(default_factory=set)

    def add(self, result: Run) -> None:
        self.seconds = min(self.seconds, result.seconds)
        self.peak_mb = max(self.peak_mb, result.peak_mb)
        self.codes.add(result.code)


def egovkit_command() -> list[str]:
    """The console script next to this Python (what users run), else ``python -m``."""
    script = Path(sys.executable).with_name("egovkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "egovkit"]


def bare_parse(root: Path) -> tuple[Callable[[], int], str]:
    """A function that reads and parses every YAML document of ``root`` (profiles: their
    front matter) with libyaml and nothing else, and its name."""
    try:
        import yaml

        loader = yaml.CSafeLoader

        def load(text: str) -> object:
            return yaml.load(text, Loader=loader)

        name = f"PyYAML {yaml.__version__} CSafeLoader"
    except (ImportError, AttributeError):
        from ruamel.yaml import YAML

        ruamel = YAML(typ="safe", pure=False)
        load = ruamel.load
        name = "ruamel.yaml C loader (YAML(typ='safe', pure=False))"
    files = [root / "strategy.yaml", root / "organization.yaml"]
    files += sorted((root / "measures").iterdir())
    profiles = sorted((root / "profiles").iterdir())

    def parse_all() -> int:
        for path in files:
            load(path.read_bytes().decode("utf-8"))
        for path in profiles:
            load(path.read_bytes().decode("utf-8").split("---\n", 2)[1])
        return len(files) + len(profiles)

    return parse_all, name


def timed(fn: Callable[[], object], repeat: int, before=None) -> tuple[float, float]:
    """Best wall time of ``fn`` in this process, and the CPU time (with worker processes)
    of that run."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        seconds = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        runs.append((seconds, time.process_time() - c0 + child))
    return min(runs)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, value: str, base: str = "", ratio: str = "", target: str = ""):
        self.rows.append((what, value, base, ratio, target))

    def print(self) -> None:
        heads = ("figure", "measured", "baseline", "ratio", "target")
        widths = [max(len(r[i]) for r in [heads, *self.rows]) for i in range(5)]
        for row in [heads, tuple("-" * w for w in widths), *self.rows]:
            print(
                "  ".join(
                    c.ljust(w) if i in (0, 4) else c.rjust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                ).rstrip()
            )


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", type=int, default=10_000, help="measures for check/build")
    parser.add_argument("--show", type=int, default=5_000, help="measures for plan show")
    parser.add_argument("--no-tj3", action="store_true", help="skip the TaskJuggler runs")
    args = parser.parse_args()
    gc.set_threshold(50_000, 20, 20)  # as egovkit.cli.main does, for the in-process figures
    egovkit = egovkit_command()
    table = Table()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="egovkit-bench-") as tmp:
        tmp_path = Path(tmp)
        big, show = tmp_path / "check", tmp_path / "show"
        synthesize(big, args.check)
        synthesize(show, args.show)
        warm_home = tmp_path / "cache-warm"

        def cold_home() -> Path:
            home = tmp_path / "cache-cold"
            shutil.rmtree(home, ignore_errors=True)
            return home

        # start-up
        python, version = Best(), Best()
        for _ in range(max(args.repeat, 5)):
            python.add(run([sys.executable, "-c", "pass"], cold_home()))
            version.add(run([*egovkit, "--version"], cold_home()))
        table.add(
            "start-up: egovkit --version",
            f"{version.seconds * 1000:.0f} ms",
            f"python -c pass {python.seconds * 1000:.0f} ms",
            f"{version.seconds / python.seconds:.1f}×",
            f"≤ 120 ms: {verdict(version.seconds <= 0.120)}",
        )

        # a real example
        example_warm, example_nocache = Best(), Best()
        run([*egovkit, "check", str(EXAMPLE)], warm_home)
        for _ in range(max(args.repeat, 5)):
            example_warm.add(run([*egovkit, "check", str(EXAMPLE)], warm_home))
            example_nocache.add(run([*egovkit, "check", str(EXAMPLE), "--no-cache"], warm_home))
        table.add(
            f"check {EXAMPLE.name} (warm: result memo)",
            f"{example_warm.seconds * 1000:.0f} ms",
            target=f"≤ 250 ms: {verdict(example_warm.seconds <= 0.250)}",
        )
        table.add(f"check {EXAMPLE.name} --no-cache", f"{example_nocache.seconds * 1000:.0f} ms")

        # check of the large strategy against the bare parse
        parse_all, parser_name = bare_parse(big)
        bare, _ = timed(parse_all, args.repeat)
        cold, nocache, warm = Best(), Best(), Best()
        check = [*egovkit, "check", str(big)]
        for _ in range(args.repeat):
            cold.add(run(check, cold_home()))
            nocache.add(run([*check, "--no-cache"], cold_home()))
        run(check, warm_home)
        for _ in range(args.repeat):
            warm.add(run(check, warm_home))
        # after an edit of one file: the memo cannot answer, the parse cache has the rest
        edited, target = Best(), big / "measures" / "M00000.yaml"
        original = target.read_text("utf-8")
        for k in range(args.repeat):
            target.write_text(f"{original}# edit {k}\n", "utf-8")
            edited.add(run(check, warm_home))
        target.write_text(original, "utf-8")
        n = f"{args.check:,}"
        table.add(f"bare libyaml parse, {n} measures", f"{bare:.2f} s", parser_name)
        for label, best, goal in (
            ("cold", cold, 2.5),
            ("--no-cache", nocache, None),
            ("warm", warm, 0.5),
            ("one file edited since", edited, None),
        ):
            table.add(
                f"check {n} measures, {label}",
                f"{best.seconds:.2f} s",
                f"bare parse {bare:.2f} s",
                f"{best.seconds / bare:.2f}×",
                f"≤ {goal}×: {verdict(best.seconds / bare <= goal)}" if goal else "",
            )

        # the loading stage alone, in this process; parsing in workers against parsing here
        import egovkit.load.parallel as parallel
        import egovkit.load.repo as repo

        in_process = tmp_path / "cache-in-process"
        os.environ["XDG_CACHE_HOME"] = str(in_process)

        def empty() -> None:
            shutil.rmtree(in_process, ignore_errors=True)

        def serial() -> None:
            empty()
            parallel.PARALLEL_MIN_FILES = 10**9

        workers = parallel.PARALLEL_MIN_FILES
        load_cold = timed(lambda: repo.load_workspace(big), args.repeat, empty)
        load_serial = timed(lambda: repo.load_workspace(big), args.repeat, serial)
        parallel.PARALLEL_MIN_FILES = workers
        load_none = timed(lambda: repo.load_workspace(big, cache=False), args.repeat)
        repo.load_workspace(big)
        load_warm = timed(lambda: repo.load_workspace(big), args.repeat)
        for label, (seconds, cpu) in (
            ("cold, parsed in workers", load_cold),
            ("cold, parsed in one process", load_serial),
            ("--no-cache", load_none),
            ("warm", load_warm),
        ):
            table.add(
                f"load {n} measures, {label}",
                f"{seconds:.2f} s",
                f"CPU {cpu:.2f} s; bare parse {bare:.2f} s",
                f"{seconds / bare:.2f}×",
            )

        # plan show against TaskJuggler
        show_cold, show_warm = Best(), Best()
        plan_show = [*egovkit, "plan", "show", str(show), "--format", "json"]
        for _ in range(args.repeat):
            show_cold.add(run(plan_show, cold_home()))
        run(plan_show, warm_home)
        for _ in range(args.repeat):
            show_warm.add(run(plan_show, warm_home))
        m = f"{args.show:,}"
        tj3 = shutil.which("tj3")
        if tj3 and not args.no_tj3:
            project = tmp_path / "syn.tjp"
            taskjuggler_project(show, project)
            (tmp_path / "tj3-out").mkdir()
            tj = Best()
            for _ in range(args.repeat):
                tj.add(
                    run(
                        [tj3, "--silent", "-o", str(tmp_path / "tj3-out"), str(project)],
                        cold_home(),
                    )
                )
            tj_ok = tj.codes == {0}
            base = f"tj3 {tj.seconds:.2f} s" + ("" if tj_ok else f" (exit {sorted(tj.codes)})")
            for label, best, goal in (("cold", show_cold, 10), ("warm", show_warm, 20)):
                table.add(
                    f"plan show --format json, {m} measures, {label}",
                    f"{best.seconds:.2f} s",
                    base,
                    f"tj3 ÷ egovkit {tj.seconds / best.seconds:.1f}×",
                    f"≥ {goal}×: {verdict(tj.seconds / best.seconds >= goal)}",
                )
        else:
            for label, best in (("cold", show_cold), ("warm", show_warm)):
                table.add(
                    f"plan show --format json, {m} measures, {label}",
                    f"{best.seconds:.2f} s",
                    "tj3 not run",
                )

        # peak memory
        build = Best()
        for _ in range(args.repeat):
            out = tmp_path / "out"
            shutil.rmtree(out, ignore_errors=True)
            build.add(run([*egovkit, "plan", "build", str(big), "-o", str(out)], cold_home()))
        table.add(
            f"plan build {n} measures, peak memory",
            f"{build.peak_mb:.0f} MB",
            f"{build.seconds:.2f} s"
            + ("" if build.codes == {0} else f", exit {sorted(build.codes)}"),
            target=f"≤ 300 MB: {verdict(build.peak_mb <= 300)}",
        )
        table.add(f"check {n} measures, cold, peak memory", f"{cold.peak_mb:.0f} MB")
        table.add(f"check {n} measures, warm, peak memory", f"{warm.peak_mb:.0f} MB")
        for best, what in ((cold, "check cold"), (warm, "check warm"), (show_warm, "plan show")):
            if not best.codes <= {0, 1}:
                table.add(f"  note: {what} exited {sorted(best.codes)}", "")
    print(
        f"egovkit benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"best of {args.repeat} (memory: largest); load average before "
        f"{load_before[0]:.1f}, after {os.getloadavg()[0]:.1f}"
    )
    table.print()


if __name__ == "__main__":
    main()
