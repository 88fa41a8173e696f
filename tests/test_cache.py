"""The parse cache and parallel parsing: a disposable speed-up that never changes a result.

Every test here runs with its own ``XDG_CACHE_HOME`` in ``tmp_path``, so nothing is written
to the real cache folder. A run with the cache, cold or warm, and a run that parses in worker
processes must give exactly what a run without either gives: the same findings (byte for
byte in every output format), models and source positions, and the same YAML budgets per
run (docs/security.md, promise 4).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import stat
import threading
from pathlib import Path

import pytest
from conftest import MINIMAL_REPO, PROJECT, TESTS, make_repo, measure_yaml, read_tree, write_tree
from typer.testing import CliRunner

import egovkit.load.parallel as parallel_module
import egovkit.load.repo as repo_module
from egovkit.cli import app
from egovkit.diagnostics.formats import FORMATS
from egovkit.load import cache as cache_module
from egovkit.load.cache import MAGIC, Cache, cache_folder
from egovkit.load.repo import load_workspace
from egovkit.pipeline import check

CORPUS = sorted(p for p in (TESTS / "bad-input").iterdir() if p.is_dir())
#: Every strategy repository among the examples: the examples themselves and the members
#: of the krz-verband portfolio.
EXAMPLES = sorted(p.parent for p in (PROJECT / "examples").glob("**/strategy.yaml"))


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, and the cache switched on whatever CI sets."""
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("EGOVKIT_NO_CACHE", raising=False)
    return home / "egovkit"


def snapshot(root: Path, cache: bool = True) -> dict:
    """Everything a load yields, as comparable plain values."""
    ws = load_workspace(root, cache=cache)
    items = [ws.strategy, ws.organization, *ws.measures, *ws.profiles]
    return {
        "diagnostics": ws.diagnostics,
        "files": ws.files,
        "models": [None if i is None else i.model for i in items],
        "sources": [
            None if i is None else (i.source.path, i.source.values, i.source.keys) for i in items
        ],
    }


def outputs(root: Path, cache: bool = True) -> dict[str, str]:
    """The findings of ``check`` in every output format."""
    result = check(root, cache=cache)
    return {name: render(result.diagnostics) for name, render in FORMATS.items()}


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.cache"))


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every file the loader parses from now on."""
    parsed: list[str] = []
    real = repo_module.parse_file

    def counting(rel, raw, profile, budget):
        parsed.append(rel)
        return real(rel, raw, profile, budget)

    monkeypatch.setattr(repo_module, "parse_file", counting)
    return parsed


@pytest.mark.parametrize("root", EXAMPLES + CORPUS, ids=lambda p: p.name)
def test_cold_and_warm_cache_give_what_parsing_gives(root: Path) -> None:
    expected = snapshot(root, cache=False)
    assert snapshot(root) == expected  # cold: parses and writes the cache
    assert snapshot(root) == expected  # warm: from the cache
    assert outputs(root) == outputs(root, cache=False)


def test_a_warm_run_parses_nothing_and_writes_nothing(
    minimal_repo: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(minimal_repo)
    [stored] = cache_files(private_cache)
    before = stored.stat().st_mtime_ns, stored.read_bytes()
    parsed = count_parses(monkeypatch)
    check(minimal_repo)
    assert parsed == []
    assert (stored.stat().st_mtime_ns, stored.read_bytes()) == before


def test_the_cache_lives_outside_the_repository_in_a_private_folder(
    minimal_repo: Path, private_cache: Path
) -> None:
    before = read_tree(minimal_repo)
    os.chmod(minimal_repo, 0o555)  # a read-only checkout
    try:
        check(minimal_repo)
    finally:
        os.chmod(minimal_repo, 0o755)
    assert read_tree(minimal_repo) == before
    assert cache_folder() == private_cache
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700
    [stored] = cache_files(private_cache)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE((private_cache / "key").stat().st_mode) == 0o600


def test_a_changed_file_is_parsed_again_even_with_the_same_size_and_time(
    minimal_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    measure = minimal_repo / "measures" / "M1.yaml"
    check(minimal_repo)
    info = measure.stat()
    text = measure.read_text("utf-8")
    changed = text.replace("duration:", "duratoin:")
    assert len(changed) == len(text)
    measure.write_text(changed, "utf-8")
    os.utime(measure, ns=(info.st_atime_ns, info.st_mtime_ns))
    parsed = count_parses(monkeypatch)
    found = outputs(minimal_repo)
    assert parsed == ["measures/M1.yaml"]
    assert found == outputs(minimal_repo, cache=False)
    assert "S002" in found["json"]


def test_deleted_files_leave_the_cache(minimal_repo: Path, private_cache: Path) -> None:
    write_tree(minimal_repo, {"measures/M2.yaml": MINIMAL_REPO["measures/M1.yaml"]})
    check(minimal_repo)
    big = cache_files(private_cache)[0].stat().st_size
    (minimal_repo / "measures" / "M2.yaml").unlink()
    check(minimal_repo)
    assert cache_files(private_cache)[0].stat().st_size < big


@pytest.mark.parametrize("how", ["option", "environment"])
@pytest.mark.parametrize(
    "command",
    [["check"], ["plan", "show", "--format", "json"], ["plan", "build", "-o", "{out}"]],
    ids=["check", "plan show", "plan build"],
)
def test_no_cache_neither_reads_nor_writes(
    minimal_repo: Path,
    private_cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    command: list[str],
) -> None:
    argv = [part.format(out=tmp_path / "out") for part in command] + [str(minimal_repo)]
    if how == "option":
        argv.append("--no-cache")
    else:
        monkeypatch.setenv("EGOVKIT_NO_CACHE", "1")
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert not private_cache.exists()


def test_every_command_uses_the_cache_by_default(
    minimal_repo: Path, private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(minimal_repo)]).exit_code == 0
    parsed = count_parses(monkeypatch)
    for argv in (
        ["check", str(minimal_repo)],
        ["plan", "show", str(minimal_repo)],
        ["plan", "build", str(minimal_repo), "-o", str(tmp_path / "out")],
    ):
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, result.output
    assert parsed == []
    assert len(cache_files(private_cache)) == 1


def _damage_truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _damage_flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x01
    path.write_bytes(bytes(data))


def _damage_garbage(path: Path) -> None:
    path.write_bytes(b"\x80\x05not a cache at all" * 100)


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def _damage_other_users_key(path: Path) -> None:
    (path.parent / "key").write_bytes(os.urandom(32))  # as if copied from elsewhere


def _damage_a_link(path: Path) -> None:
    target = path.with_name("elsewhere")
    path.rename(target)
    path.symlink_to(target)


@pytest.mark.parametrize(
    "damage",
    [
        _damage_truncate,
        _damage_flip_a_byte,
        _damage_garbage,
        _damage_empty,
        _damage_other_users_key,
        _damage_a_link,
    ],
    ids=lambda f: f.__name__.removeprefix("_damage_"),
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    minimal_repo: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch, damage
) -> None:
    write_tree(minimal_repo, {"measures/M2.yaml": "id: M2\ntitle: [\n"})  # a finding, too
    expected = outputs(minimal_repo, cache=False)
    check(minimal_repo)
    [stored] = cache_files(private_cache)
    damage(stored)
    parsed = count_parses(monkeypatch)
    assert outputs(minimal_repo) == expected
    assert sorted(set(parsed)) == ["measures/M1.yaml", "measures/M2.yaml", "strategy.yaml"]
    parsed.clear()
    assert outputs(minimal_repo) == expected  # rebuilt: the next run parses nothing
    assert parsed == []


def test_another_version_of_egovkit_rebuilds_the_cache(
    minimal_repo: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(minimal_repo)
    monkeypatch.setattr(cache_module, "_ENVIRONMENT", ("another egovkit",))
    parsed = count_parses(monkeypatch)
    check(minimal_repo)
    assert parsed
    parsed.clear()
    check(minimal_repo)
    assert parsed == []


def test_even_a_correctly_signed_cache_cannot_make_egovkit_run_code(
    minimal_repo: Path, private_cache: Path, tmp_path: Path
) -> None:
    """Defence in depth: entries are unpickled with no class but datetime values."""
    check(minimal_repo)
    [stored] = cache_files(private_cache)
    witness = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.mkdir, (str(witness),))

    cache = Cache.open(minimal_repo)
    old = cache._old["measures/M1.yaml"]
    cache._new = dict(cache._old)
    cache._new["measures/M1.yaml"] = (old[0], old[1], pickle.dumps(Evil()))
    cache._write()  # with the user's own key, as if egovkit itself had written it
    assert MAGIC in stored.read_bytes()
    assert check(minimal_repo).diagnostics == check(minimal_repo, cache=False).diagnostics
    assert not witness.exists()


def test_a_cache_folder_others_may_enter_is_made_private(
    minimal_repo: Path, private_cache: Path
) -> None:
    private_cache.mkdir(parents=True, mode=0o755)
    os.chmod(private_cache, 0o755)
    check(minimal_repo)
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700


def test_a_cache_folder_that_is_a_file_means_no_cache(
    minimal_repo: Path, private_cache: Path
) -> None:
    private_cache.parent.mkdir(parents=True)
    private_cache.write_text("not a folder")
    assert snapshot(minimal_repo) == snapshot(minimal_repo, cache=False)
    assert private_cache.read_text() == "not a folder"


def test_without_a_home_folder_there_is_no_cache(
    minimal_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # HOME unset, no passwd entry
    monkeypatch.chdir(minimal_repo)
    before = read_tree(minimal_repo)
    assert snapshot(Path(".")) == snapshot(Path("."), cache=False)
    assert read_tree(minimal_repo) == before


def test_old_cache_files_are_pruned(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "MAX_REPOSITORIES", 3)
    for index in range(6):
        check(make_repo(tmp_path / f"repo{index}"))
    assert len(cache_files(private_cache)) == 3


def _alias_files(count: int) -> dict[str, str]:
    """``count`` files of 4,430 alias values each: the 23rd spends the run's budget of 100,000."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &b{i} [{', '.join(['*a'] * 10)}]" for i in range(10)]
    lines += [f"c{j}: [{', '.join(f'*b{i}' for i in range(10))}]" for j in range(3)]
    text = "\n".join(lines) + "\n"
    return {f"measures/Z{i:03}.yaml": text for i in range(count)}


def test_cached_files_still_spend_the_run_budget(tmp_path: Path) -> None:
    """A file's cached result is charged what it cost when parsed; one that would spend the
    budget is parsed again with what is left, so the budget holds per run as without cache."""
    root = make_repo(tmp_path / "repo", _alias_files(20))
    expected = snapshot(root, cache=False)
    assert snapshot(root) == expected
    assert not any(d.code == "Y008" for d in expected["diagnostics"])
    # now 80 more files sort before the cached ones and spend the budget first
    write_tree(root, {f"measures/A{i:03}.yaml": t for i, t in enumerate(_alias_files(80).values())})
    expected = snapshot(root, cache=False)
    spent = [d.location.path for d in expected["diagnostics"] if d.code == "Y008"]
    assert "measures/Z019.yaml" in spent
    assert snapshot(root) == expected  # cached Z files: charged, and refused as before
    assert snapshot(root) == expected


def test_a_file_that_spent_the_budget_is_not_cached_as_spent(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", _alias_files(40))
    assert snapshot(root) == snapshot(root, cache=False)
    for rel in [f"measures/Z{i:03}.yaml" for i in range(20)]:
        (root / rel).unlink()  # budget left for the files that spent it before
    expected = snapshot(root, cache=False)
    assert not any(d.code == "Y008" for d in expected["diagnostics"])
    assert snapshot(root) == expected


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse every set of new files in two worker processes, however few they are."""
    monkeypatch.setattr(parallel_module, "_workers", lambda files: 2 if files else 0)


@pytest.mark.parametrize("root", EXAMPLES + CORPUS, ids=lambda p: p.name)
def test_parsing_in_workers_gives_what_parsing_here_gives(root: Path, parallel: None) -> None:
    expected = snapshot(root, cache=False)
    assert snapshot(root) == expected


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_workers_parse_every_new_file(
    root: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed_here = count_parses(monkeypatch)
    snapshot(root)
    assert parsed_here == []


@pytest.mark.parametrize("count", [20, 100])
def test_workers_keep_the_run_budget(tmp_path: Path, parallel: None, count: int) -> None:
    root = make_repo(tmp_path / "repo", _alias_files(count))
    expected = snapshot(root, cache=False)
    assert snapshot(root) == expected
    assert snapshot(root) == expected


def test_workers_started_afresh_give_the_same(
    monkeypatch: pytest.MonkeyPatch, parallel: None
) -> None:
    """In a process with threads, workers are spawned rather than forked."""
    import multiprocessing
    import threading

    methods: list[str | None] = []
    real = multiprocessing.get_context

    def spy(method=None):
        methods.append(method)
        return real(method)

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    monkeypatch.setattr(multiprocessing, "get_context", spy)
    root = EXAMPLES[0]
    expected = snapshot(root, cache=False)
    parsed_here = count_parses(monkeypatch)
    assert snapshot(root) == expected
    assert parsed_here == []  # the workers parsed every file
    assert methods == ["spawn", "spawn"]


def test_a_pool_that_cannot_start_means_parsing_here(
    minimal_repo: Path, monkeypatch: pytest.MonkeyPatch, parallel: None
) -> None:
    import concurrent.futures

    def broken(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", broken)
    assert snapshot(minimal_repo) == snapshot(minimal_repo, cache=False)


def test_a_worker_failing_midway_leaves_the_rest_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: None
) -> None:
    """Results arrive chunk by chunk; when a chunk fails, every file from there on is parsed
    here, and the load is exactly that of a serial run."""
    from egovkit.load import parsed as parsed_module

    files = {f"measures/M{i:02}.yaml": measure_yaml(f"M{i:02}") for i in range(2, 40)}
    root = make_repo(tmp_path / "repo", files)
    expected = snapshot(root, cache=False)
    real, parent = parsed_module.parse_file, os.getpid()

    def failing(rel, raw, profile, budget):
        if os.getpid() != parent and rel == "measures/M20.yaml":  # in a worker only
            raise RuntimeError("a worker died")
        return real(rel, raw, profile, budget)

    monkeypatch.setattr(parsed_module, "parse_file", failing)  # forked workers inherit it
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # fork, even if a test left
    # a thread behind (workers started afresh would not inherit the failure)
    parsed_here = count_parses(monkeypatch)
    assert snapshot(root) == expected
    assert "measures/M20.yaml" in parsed_here  # this process took over
    assert "measures/M02.yaml" not in parsed_here  # what arrived before was used


def test_later_stages_load_while_workers_parse(
    minimal_repo: Path, monkeypatch: pytest.MonkeyPatch, parallel: None
) -> None:
    calls: list[int] = []
    load_workspace(minimal_repo, while_parsing=lambda: calls.append(1))
    assert calls == [1]
    monkeypatch.setattr(parallel_module, "_workers", lambda files: 0)
    load_workspace(minimal_repo, cache=False, while_parsing=lambda: calls.append(1))
    assert calls == [1]  # no workers, nothing to overlap


def test_each_repository_has_its_own_cache_file(tmp_path: Path, private_cache: Path) -> None:
    first = make_repo(tmp_path / "one")
    second = make_repo(tmp_path / "two", {"measures/M1.yaml": "id: M1\n"})
    assert outputs(first) == outputs(first, cache=False)
    assert outputs(second) == outputs(second, cache=False)
    assert outputs(first) == outputs(first, cache=False)
    names = {p.name for p in cache_files(private_cache)}
    digest = hashlib.sha256(os.fsencode(os.path.realpath(first))).hexdigest()[:32]
    assert len(names) == 2 and f"{digest}.cache" in names


def test_a_copied_repository_reuses_nothing_but_gives_the_same(
    tmp_path: Path, private_cache: Path
) -> None:
    root = make_repo(tmp_path / "repo")
    first = json.loads(outputs(root)["json"])
    moved = tmp_path / "moved"
    shutil.copytree(root, moved)
    assert json.loads(outputs(moved)["json"]) == first
