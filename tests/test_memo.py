"""The result memo: a warm `check` or `plan show --format json` answers without loading,
and only while everything the result came from is as it was.

Every test runs with its own ``XDG_CACHE_HOME``. "Answered from the memo" is observed by
counting calls of :func:`egovkit.pipeline.check` (the computation the memo saves); "the same
answer" is compared with a run that neither uses nor writes any cache.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from conftest import PROJECT, TESTS, make_repo, measure_yaml, read_tree, write_tree
from typer.testing import CliRunner

import egovkit.pipeline as pipeline
from egovkit.cli import app
from egovkit.load import memo, watch
from egovkit.load.store import cache_folder

EXAMPLES = sorted(p.parent for p in (PROJECT / "examples").glob("*/strategy.yaml"))
Q005 = TESTS / "rules" / "Q005-evidence-file-missing"
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("EGOVKIT_NO_CACHE", raising=False)
    return tmp_path / "xdg-cache" / "egovkit"


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every repository :func:`pipeline.check` computes from now on."""
    calls: list[Path] = []
    real = pipeline.check

    def counting(root, *args, **kwargs):
        calls.append(Path(root))
        return real(root, *args, **kwargs)

    monkeypatch.setattr(pipeline, "check", counting)
    return calls


def age(root: Path) -> None:
    """Date every file and folder of ``root`` an hour back: no longer "racily" recent, so
    the memo trusts their status and does not hash them again."""
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (AN_HOUR_AGO, AN_HOUR_AGO))
        os.utime(folder, (AN_HOUR_AGO, AN_HOUR_AGO))


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def fresh(*args: str) -> tuple[int, str, str]:
    """The same command without any cache."""
    return cli(*args, "--no-cache")


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_a_warm_run_answers_from_the_memo_exactly_as_a_run_without_cache(
    root: Path, computed: list[Path]
) -> None:
    commands = [["check", str(root), "-f", f] for f in ("text", "json", "sarif")]
    expected = [fresh(*command) for command in commands]
    computed.clear()
    assert [cli(*command) for command in commands] == expected  # the first one computes
    assert [cli(*command) for command in commands] == expected
    assert len(computed) == 1  # the findings are remembered, not their format
    show = ["plan", "show", str(root), "-f", "json"]
    expected = fresh(*show)
    computed.clear()
    assert cli(*show) == expected
    assert cli(*show) == expected
    assert len(computed) == 1


@pytest.mark.parametrize("by", ["status", "content"])
def test_a_changed_file_is_seen_even_with_the_same_size_and_time(
    tmp_path: Path, computed: list[Path], monkeypatch: pytest.MonkeyPatch, by: str
) -> None:
    """By its change time when it is older than the racy window, by its bytes within it."""
    if by == "status":
        monkeypatch.setattr(watch, "RACY_NS", -(10**18))  # nothing counts as recent
    root = make_repo(tmp_path / "repo", {"measures/M2.yaml": measure_yaml("M2")})
    age(root)
    first = cli("check", str(root))
    assert cli("check", str(root)) == first
    assert len(computed) == 1
    path = root / "measures" / "M2.yaml"
    before = path.stat()
    broken = path.read_bytes().replace(b"duration: 1 days", b"duration: 1 dayz")
    assert len(broken) == before.st_size
    path.write_bytes(broken)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if nothing happened
    after = cli("check", str(root))
    assert len(computed) == 2
    assert after != first
    assert "measures/M2.yaml" in after[1]
    assert after == fresh("check", str(root))


def test_a_recent_change_with_equal_status_is_found_by_its_bytes(tmp_path: Path) -> None:
    """Within a tick of a coarse clock a write may leave every time as it was: recent entries
    are compared by content (git's "racily clean")."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: A\n")
    with watch.watching() as seen:
        watch.note_file(str(path), path.read_bytes())
    state = seen.state()
    assert watch.unchanged(state, lambda root, rel: True)
    path.write_bytes(b"id: B\n")
    start, files, folders, probes = state
    files = {str(path): (watch.signature(str(path)), files[str(path)][1])}  # status "equal"
    assert not watch.unchanged((start, files, folders, probes), lambda root, rel: True)


@pytest.mark.parametrize(
    "change",
    [
        {"measures/M9.yaml": measure_yaml("M9", "depends_on: [NOPE]\nduration: 1 days\n")},
        {"measures/M1.yaml": None},
        {"organization.yaml": "units: [{id: X, name: X}]\nroles: 7\n"},
        {"templates/html/index.html.j2": "{% if %}\n"},
        {"profiles/P1.md": "no front matter\n"},
    ],
    ids=["added", "removed", "new-organization", "new-template", "new-profile"],
)
def test_added_and_removed_files_are_seen(
    tmp_path: Path, computed: list[Path], change: dict
) -> None:
    root = make_repo(tmp_path / "repo")
    age(root)
    first = cli("check", str(root))
    write_tree(root, change)
    after = cli("check", str(root))
    assert len(computed) == 2
    assert after != first
    assert after == fresh("check", str(root))


def test_an_evidence_file_that_appears_is_seen(tmp_path: Path, computed: list[Path]) -> None:
    root = make_repo(tmp_path / "repo", read_tree(Q005))
    age(root)
    assert "Q005" in cli("check", str(root))[1]
    assert "Q005" in cli("check", str(root))[1]
    assert len(computed) == 1
    write_tree(root / "belege", {"organigramm.pdf": b"%PDF-1.4\n"})
    assert "Q005" not in cli("check", str(root))[1]
    assert len(computed) == 2


def test_a_link_whose_target_changes_is_seen(tmp_path: Path, computed: list[Path]) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "spare").mkdir()
    (root / "spare" / "M5.yaml").write_text(measure_yaml("M5"), "utf-8")
    (root / "measures" / "M5.yaml").symlink_to(root / "spare" / "M5.yaml")
    age(root)
    first = cli("check", str(root))
    (root / "spare" / "M5.yaml").write_text(measure_yaml("M5", "duration: soon\n"), "utf-8")
    after = cli("check", str(root))
    assert len(computed) == 2
    assert after != first
    assert "measures/M5.yaml" in after[1]
    assert after == fresh("check", str(root))


def test_options_and_dates_are_remembered_apart(tmp_path: Path, computed: list[Path]) -> None:
    root = make_repo(tmp_path / "repo", {"measures/M2.yaml": measure_yaml("M2")})
    runs = [
        ["check", str(root)],
        ["check", str(root), "--select", "R"],
        ["check", str(root), "--today", "2030-01-01"],
        ["plan", "show", str(root), "-f", "json", "--today", "2030-01-01"],
        ["plan", "show", str(root), "-f", "json"],
    ]
    expected = [fresh(*args) for args in runs]
    computed.clear()
    assert [cli(*args) for args in runs] == expected
    assert [cli(*args) for args in runs] == expected
    assert len(computed) == len(runs)


def test_another_egovkit_or_environment_computes_again(
    tmp_path: Path, computed: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo")
    cli("check", str(root))
    monkeypatch.setattr(memo, "_ENVIRONMENT", ("another egovkit",))
    cli("check", str(root))
    monkeypatch.setenv("EGOVKIT_SOMETHING", "1")
    cli("check", str(root))
    cli("check", str(root))
    assert len(computed) == 3


def test_a_change_to_egovkit_itself_is_seen(tmp_path: Path) -> None:
    """The fingerprint of egovkit's files changes when one of them does."""
    before = memo._code()
    assert before == memo._code()
    package = Path(memo.__file__).resolve().parent.parent
    target = package / "data" / "legal.yaml"
    info = target.stat()
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    try:
        assert memo._code() != before
    finally:
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_no_cache_neither_reads_nor_writes_the_memo(
    tmp_path: Path, computed: list[Path], private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo")
    fresh("check", str(root))
    monkeypatch.setenv("EGOVKIT_NO_CACHE", "1")
    cli("check", str(root))
    assert not list(private_cache.glob("*.memo"))
    assert len(computed) == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign"])
def test_a_damaged_memo_is_ignored(
    tmp_path: Path, computed: list[Path], private_cache: Path, damage: str
) -> None:
    root = make_repo(tmp_path / "repo", {"measures/M2.yaml": "id: M2\ntitle: [\n"})
    expected = fresh("check", str(root))
    computed.clear()
    cli("check", str(root))
    [stored] = private_cache.glob("*.memo")
    blob = stored.read_bytes()
    if damage == "truncate":
        stored.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        stored.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    else:  # a memo signed with another key
        stored.write_bytes(memo.MAGIC + b"\0" * 32 + pickle.dumps((1, "x", {})))
    assert cli("check", str(root)) == expected
    assert len(computed) == 2
    assert cli("check", str(root)) == expected  # rewritten: the next run is warm
    assert len(computed) == 2


def test_even_a_correctly_signed_memo_cannot_make_egovkit_run_code(
    tmp_path: Path, computed: list[Path], private_cache: Path
) -> None:
    root = make_repo(tmp_path / "repo")
    witness = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.mkdir, (str(witness),))

    found = memo.store.repository_file(root, ".memo")
    assert found is not None
    path, key, real = found
    memo.store.write_sealed(path, key, memo.MAGIC, pickle.dumps(((memo.FORMAT, real), Evil())))
    expected = fresh("check", str(root))
    computed.clear()
    assert cli("check", str(root)) == expected
    assert not witness.exists()
    assert len(computed) == 1


def test_the_memo_lives_in_the_private_cache_folder(tmp_path: Path, private_cache: Path) -> None:
    root = make_repo(tmp_path / "repo")
    before = read_tree(root)
    cli("check", str(root))
    assert read_tree(root) == before
    assert cache_folder() == private_cache
    [stored] = private_cache.glob("*.memo")
    assert stored.stat().st_mode & 0o077 == 0 or os.name == "nt"
    assert (private_cache.stat().st_mode & 0o777) == 0o700


def test_a_folder_linked_out_of_the_repository_is_never_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    write_tree(outside, {"secret.yaml": "x: 1\n"})
    root = make_repo(tmp_path / "repo")
    (root / "measures" / "M1.yaml").unlink()
    (root / "measures").rmdir()
    (root / "measures").symlink_to(outside, target_is_directory=True)
    scanned: list[str] = []
    real = os.scandir

    def spying(path="."):
        scanned.append(os.path.realpath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", spying)
    first = cli("check", str(root))
    assert "Y007" in first[1]  # refused as before
    assert cli("check", str(root)) == first  # and remembered
    assert str(outside.resolve()) not in scanned


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_hashing_a_file_again_never_blocks_on_a_fifo(tmp_path: Path) -> None:
    """A FIFO swapped in for a recently changed file between the status check and the hash
    is not opened for a blocking read."""
    fifo = tmp_path / "M1.yaml"
    os.mkfifo(fifo)
    assert watch._digest(str(fifo)) is None
    link = tmp_path / "link.yaml"
    (tmp_path / "real.yaml").write_text("id: A\n")
    link.symlink_to(tmp_path / "real.yaml")
    assert watch._digest(str(link)) is None  # never through a link
    assert watch._digest(str(tmp_path / "real.yaml")) is not None


def test_the_same_repository_from_another_folder_asks_about_the_same_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence looked for under a relative path is remembered under the resolved one."""
    monkeypatch.chdir(tmp_path)
    root = make_repo(tmp_path / "repo", read_tree(Q005))
    (root / "belege").mkdir()
    assert "Q005" in cli("check", "repo")[1]
    (root / "belege" / "organigramm.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.chdir(root)
    assert cli("check", ".") == fresh("check", ".")
    assert "Q005" not in cli("check", ".")[1]


def test_a_link_led_elsewhere_through_a_linked_folder_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """measures/M5.yaml → ../x/d/M5.yaml with x/d → ../real: when x/d is pointed out of the
    repository (at a hard link of the same file), the reader refuses M5, and so must the memo's
    answer, although the link and the file it reaches are the same."""
    # as if every file were older than the racy window (a test cannot set back a change
    # time), so the memo decides by status alone
    monkeypatch.setattr(watch, "RACY_NS", -(10**18))
    root = make_repo(tmp_path / "repo")
    write_tree(root / "real", {"M5.yaml": measure_yaml("M5")})
    (root / "x").mkdir()
    (root / "x" / "d").symlink_to(root / "real", target_is_directory=True)
    (root / "measures" / "M5.yaml").symlink_to(root / "x" / "d" / "M5.yaml")
    outside = tmp_path / "outside"
    outside.mkdir()
    os.link(root / "real" / "M5.yaml", outside / "M5.yaml")
    age(root)
    first = cli("check", str(root))
    assert "Y007" not in first[1]
    (root / "x" / "d").unlink()
    (root / "x" / "d").symlink_to(outside, target_is_directory=True)
    after = cli("check", str(root))
    assert after == fresh("check", str(root))
    assert "Y007" in after[1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_memo_is_no_memo(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    found = memo.store.repository_file(root, ".memo")
    assert found is not None
    os.mkfifo(found[0])
    started = time.monotonic()
    assert cli("check", str(root)) == fresh("check", str(root))
    assert time.monotonic() - started < 30


def test_user_text_answered_from_the_memo_is_as_safe_as_computed(tmp_path: Path) -> None:
    """Findings quote repository text (here a field title with Rich markup and a bidi
    override); from the memo they go through the same formatters as when computed."""
    strategy = (TESTS / "rules" / "_base" / "strategy.yaml").read_text("utf-8")
    hostile = strategy.replace(
        "    title: Digitale Services\n",
        '    title: Digitale Services\n  - id: F9\n    title: "[bold red]laut[/] \\u202e"\n',
    )
    root = make_repo(tmp_path / "repo", {"strategy.yaml": hostile})
    args = ["check", str(root)]
    cold, warm = cli(*args), cli(*args)
    assert warm == cold == fresh(*args)
    assert "[bold red]laut[/]" in warm[1]  # markup shown as text, not applied
    assert "\u202e" not in warm[1] + warm[2]  # made visible, not obeyed
