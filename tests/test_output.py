"""egovkit.output: atomic, contained writes that never delete what egovkit did not write."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import read_tree

from egovkit import output
from egovkit.output import MARKER, OutputError, safe_relpath, write_tree


@pytest.mark.parametrize(
    "name", ["", "../x.html", "/etc/passwd", "a//b", "a/./b", "a/../b", "a\\b", "x\x00y"]
)
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(OutputError):
        safe_relpath(name)


def test_plain_names_pass() -> None:
    assert str(safe_relpath("profiles/P-1.html")) == "profiles/P-1.html"


def test_replace_builds_the_folder_and_marks_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"index.html": "<p>ä</p>", "profiles/P.html": b"x"}, replace=True)
    assert (out / "index.html").read_text("utf-8") == "<p>ä</p>"
    assert (out / "profiles" / "P.html").read_bytes() == b"x"
    assert (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left over


def test_rebuild_replaces_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.html": "1", "old.html": "1"}, replace=True)
    write_tree(out, {"a.html": "2"}, replace=True)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "a.html"]
    assert (out / "a.html").read_text() == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failing_build_leaves_the_previous_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.html": "good"}, replace=True)
    with pytest.raises(TypeError):
        write_tree(out, {"a.html": "new", "b.html": 42}, replace=True)  # type: ignore[dict-item]
    assert (out / "a.html").read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_files_from_a_generator_are_staged_one_by_one(tmp_path: Path) -> None:
    """A build hands its files over as it renders them: each is on disk (staged) before the
    next is made, and the names written come back."""
    out = tmp_path / "out"
    staged: list[list[str]] = []

    def files():
        for name in ("index.html", "profiles/P1.html", "profiles/P2.html"):
            staged.append(sorted(p.name for p in out.glob(".egovkit-tmp-*/**/*.html")))
            yield name, name.encode()

    assert write_tree(out, files(), replace=True) == [
        "index.html",
        "profiles/P1.html",
        "profiles/P2.html",
    ]
    assert staged == [[], ["index.html"], ["P1.html", "index.html"]]
    assert (out / "profiles" / "P2.html").read_bytes() == b"profiles/P2.html"


@pytest.mark.parametrize("first_build", [True, False])
def test_a_generator_that_fails_midway_leaves_the_output_as_it_was(
    tmp_path: Path, first_build: bool
) -> None:
    out = tmp_path / "out"
    if not first_build:
        write_tree(out, {"index.html": "old"}, replace=True)
    before = read_tree(tmp_path)

    def files():
        yield "index.html", b"new"
        yield "profiles/P1.html", b"new"
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError):
        write_tree(out, files(), replace=True)
    assert read_tree(tmp_path) == before
    assert out.exists() is not first_build


def test_a_generated_name_that_is_unsafe_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError):
        write_tree(out, iter([("a.html", b"x"), ("../escape.html", b"x")]), replace=True)
    assert not out.exists() and not (tmp_path / "escape.html").exists()


def test_a_bad_name_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError):
        write_tree(out, {"a.html": "x", "../escape.html": "x"}, replace=True)
    assert not out.exists() and not (tmp_path / "escape.html").exists()


def test_a_foreign_folder_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "Dokumente"
    out.mkdir()
    (out / "Haushalt.xlsx").write_bytes(b"wichtig")
    with pytest.raises(OutputError, match="not made by egovkit"):
        write_tree(out, {"index.html": "x"}, replace=True)
    assert [p.name for p in out.iterdir()] == ["Haushalt.xlsx"]


def test_an_empty_folder_may_be_used(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_tree(out, {"index.html": "x"}, replace=True)
    assert (out / "index.html").read_text() == "x"


def test_a_file_in_the_way_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder")
    with pytest.raises(OutputError):
        write_tree(out, {"index.html": "x"}, replace=True)
    assert out.read_text() == "not a folder"


def test_without_replace_files_are_added_atomically(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    write_tree(out, {"a.json": "{}"}, replace=False)
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "keep.txt"]


# --- rebuilds keep what egovkit did not write -------------------------------------------------


def _names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _manifest(out: Path) -> list[str]:
    return json.loads((out / MARKER).read_text("utf-8"))["files"]


def test_the_marker_lists_what_the_build_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"z.html": "z", "profiles/P.html": "p", "a.md": "a"}, replace=True)
    assert _manifest(out) == ["a.md", "profiles/P.html", "z.html"]


def test_a_rebuild_keeps_files_egovkit_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"index.html": "1", "profiles/P-1.html": "1"}, replace=True)
    (out / "CNAME").write_text("plan.example.org")
    (out / "README.md").write_text("mine")
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[core]")
    (out / "profiles" / "notes.txt").write_text("mine")
    write_tree(out, {"index.html": "2"}, replace=True)
    assert _names(out) == [
        MARKER,
        ".git",
        ".git/config",
        "CNAME",
        "README.md",
        "index.html",
        "profiles",
        "profiles/notes.txt",
    ]
    assert (out / "CNAME").read_text() == "plan.example.org"
    assert (out / ".git" / "config").read_text() == "[core]"
    assert (out / "index.html").read_text() == "2"
    assert _manifest(out) == ["index.html"]


def test_a_rebuild_removes_folders_its_deletions_empty(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"index.html": "1", "profiles/a/P.html": "1"}, replace=True)
    (out / "CNAME").write_text("x")
    write_tree(out, {"index.html": "2"}, replace=True)
    assert _names(out) == [MARKER, "CNAME", "index.html"]


def test_a_marker_of_an_older_version_deletes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("This folder is generated by egovkit and replaced on rebuild.\n")
    (out / "CNAME").write_text("x")
    write_tree(out, {"index.html": "1"}, replace=True)
    assert _names(out) == [MARKER, "CNAME", "index.html"]


@pytest.mark.parametrize(
    "entry",
    ["../outside.txt", "{outside}", "./CNAME", "a/../../outside.txt", ".git/config", "", 7],
)
def test_hostile_manifest_entries_delete_nothing(tmp_path: Path, entry: object) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "CNAME").write_text("keep")
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("keep")
    if isinstance(entry, str):
        entry = entry.format(outside=outside)
    (out / MARKER).write_text(json.dumps({"files": [entry]}))
    write_tree(out, {"index.html": "x"}, replace=True)
    assert outside.read_text() == "keep"
    assert (out / "CNAME").read_text() == "keep"
    assert (out / ".git" / "config").read_text() == "keep"


def test_manifest_entries_that_are_links_or_folders_are_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "P.html").write_text("keep")
    (elsewhere / "x.html").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "profiles").symlink_to(elsewhere)  # a folder in the manifest is now a link
    (out / "x.html").symlink_to(elsewhere / "x.html")  # a file in the manifest is now a link
    (out / "dir.html").mkdir()  # a file in the manifest is now a folder
    (out / "dir.html" / "mine.txt").write_text("keep")
    manifest = {"files": ["profiles/P.html", "x.html", "dir.html"]}
    (out / MARKER).write_text(json.dumps(manifest))
    write_tree(out, {"index.html": "x"}, replace=True)
    assert _names(elsewhere) == ["P.html", "x.html"]
    assert (out / "x.html").is_symlink() and (out / "profiles").is_symlink()
    assert (out / "dir.html" / "mine.txt").read_text() == "keep"


def test_files_are_never_written_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    write_tree(out, {"index.html": "1"}, replace=True)
    (out / "profiles").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        write_tree(out, {"index.html": "2", "profiles/P.html": "x"}, replace=True)
    assert list(elsewhere.iterdir()) == []
    assert (out / "index.html").read_text() == "1"


@pytest.mark.parametrize("name", [MARKER, ".egovkit-tmp-x/a.html", f"{MARKER}.lock"])
def test_reserved_names_cannot_be_generated(name: str) -> None:
    with pytest.raises(OutputError, match="egovkit's own"):
        safe_relpath(name)


# --- strategy repositories are never touched ---------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "measures").mkdir(parents=True)
    (repo / "strategy.yaml").write_text("title: x\n")
    (repo / "measures" / "M-1.yaml").write_text("id: M-1\n")
    return repo


@pytest.mark.parametrize("where", [".", "out", "measures", ".."])
def test_output_may_not_be_contain_or_lie_inside_the_repository(repo: Path, where: str) -> None:
    before = _names(repo.parent)
    with pytest.raises(OutputError, match="strategy repository"):
        write_tree(repo / where, {"index.html": "x"}, replace=True, protect=repo)
    assert _names(repo.parent) == before


def test_output_beside_the_repository_is_fine(repo: Path) -> None:
    write_tree(repo.parent / "out", {"index.html": "x"}, replace=True, protect=repo)
    assert (repo.parent / "out" / "index.html").read_text() == "x"


def test_the_repository_check_sees_through_links(repo: Path) -> None:
    link = repo.parent / "link"
    link.symlink_to(repo / "measures")
    with pytest.raises(OutputError, match="strategy repository"):
        write_tree(link, {"index.html": "x"}, replace=True, protect=repo)


def test_a_repository_carrying_the_marker_is_never_deleted(repo: Path) -> None:
    (repo / MARKER).write_text(json.dumps({"files": ["strategy.yaml", "measures/M-1.yaml"]}))
    before = read_tree(repo)
    with pytest.raises(OutputError, match="strategy repository"):
        write_tree(repo, {"index.html": "x"}, replace=True)  # without protect: another repo
    assert read_tree(repo) == before


def test_a_repository_inside_the_output_folder_is_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"index.html": "1"}, replace=True)
    (out / "repo" / "measures").mkdir(parents=True)
    (out / "repo" / "strategy.yaml").write_text("title: x\n")
    (out / "repo" / "measures" / "M-1.yaml").write_text("id: M-1\n")
    manifest = {"files": ["index.html", "repo/strategy.yaml", "repo/measures/M-1.yaml"]}
    (out / MARKER).write_text(json.dumps(manifest))
    write_tree(out, {"index.html": "2"}, replace=True)
    assert (out / "repo" / "strategy.yaml").is_file()
    assert (out / "repo" / "measures" / "M-1.yaml").is_file()


# --- killed builds, odd folders, modes, concurrency --------------------------------------------


def test_temporary_folders_of_killed_builds_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"index.html": "1"}, replace=True)
    (out / ".egovkit-tmp-k1ll3d" / "profiles").mkdir(parents=True)
    (out / ".egovkit-tmp-k1ll3d" / "profiles" / "P.html").write_text("half")
    legacy = [tmp_path / ".out.tmp-abcd_123", tmp_path / ".out.old-zyxw9876"]
    for folder in legacy:
        (folder / "tree").mkdir(parents=True)
    (tmp_path / ".out.tmp-mine").mkdir()  # not a name egovkit ever made
    write_tree(out, {"index.html": "2"}, replace=True)
    assert _names(out) == [MARKER, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.tmp-mine", "out"]


def test_a_first_build_killed_while_staging_does_not_make_the_folder_foreign(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    (out / ".egovkit-tmp-k1ll3d").mkdir(parents=True)
    write_tree(out, {"index.html": "x"}, replace=True)
    assert _names(out) == [MARKER, "index.html"]


KILL_AFTER_FIRST_MOVE = """
import os, sys
from pathlib import Path
from egovkit import output
real_move = output._move
def move_then_die(src, dst):
    real_move(src, dst)
    if dst.name != output.MARKER:
        os._exit(9)
output._move = move_then_die
output.write_tree(Path(sys.argv[1]), {"a.html": "killed", "b.html": "killed"}, replace=True)
"""


def test_a_build_killed_while_moving_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.html": "1", "old.html": "1"}, replace=True)
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_MOVE, str(out)], check=False)
    assert killed.returncode == 9
    assert _manifest(out) == ["a.html", "b.html", "old.html"]  # all it may have written
    assert any(p.name.startswith(".egovkit-tmp-") for p in out.iterdir())
    write_tree(out, {"c.html": "2"}, replace=True)  # the dead build's lock is gone
    assert _names(out) == [MARKER, "c.html"]


def test_build_into_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    write_tree(Path("."), {"index.html": "1", "old.html": "1"}, replace=True)
    (site / "CNAME").write_text("x")
    write_tree(Path("."), {"index.html": "2"}, replace=True)
    assert _names(site) == [MARKER, "CNAME", "index.html"]
    assert (site / "index.html").read_text() == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_symlinked_output_folder_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    link = tmp_path / "out"
    link.symlink_to(target)
    write_tree(link, {"index.html": "1", "old.html": "1"}, replace=True)
    write_tree(link, {"index.html": "2"}, replace=True)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert _names(target) == [MARKER, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "www"]


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="symbolic link to nothing"):
        write_tree(link, {"index.html": "x"}, replace=True)
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("umask", [0o022, 0o077])
@pytest.mark.parametrize("replace", [True, False])
def test_modes_follow_the_umask(tmp_path: Path, umask: int, replace: bool) -> None:
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        write_tree(out, {"index.html": "x", "profiles/P.html": "y"}, replace=replace)
    finally:
        os.umask(old)
    for folder in (out, out / "profiles"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask
    for file in (out / "index.html", out / "profiles" / "P.html"):
        assert stat.S_IMODE(file.stat().st_mode) == 0o666 & ~umask


@pytest.mark.skipif(output.fcntl is None, reason="no advisory locks on this platform")
def test_concurrent_builds_one_wins_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.html": "0"}, replace=True)
    staging, go_on = threading.Event(), threading.Event()
    real_write = output._write_new

    def slow_write(path: Path, content: str | bytes) -> None:
        staging.set()
        assert go_on.wait(10)
        real_write(path, content)

    monkeypatch.setattr(output, "_write_new", slow_write)
    errors: list[BaseException] = []

    def first_build() -> None:
        try:
            write_tree(out, {"a.html": "1", "b.html": "1"}, replace=True)
        except BaseException as exc:
            errors.append(exc)

    first = threading.Thread(target=first_build)
    first.start()
    assert staging.wait(10)
    monkeypatch.setattr(output, "_write_new", real_write)
    try:
        with pytest.raises(OutputError, match="another egovkit build"):
            write_tree(out, {"a.html": "2", "c.html": "2"}, replace=True)
    finally:
        go_on.set()
        first.join(10)
    assert errors == []
    assert _names(out) == [MARKER, "a.html", "b.html"]
    assert (out / "a.html").read_text() == (out / "b.html").read_text() == "1"
    assert _manifest(out) == ["a.html", "b.html"]


@pytest.mark.skipif(output.fcntl is None, reason="no advisory locks on this platform")
def test_a_build_holding_the_lock_blocks_another_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.html": "0"}, replace=True)
    fd = os.open(out, os.O_RDONLY)
    try:
        output.fcntl.flock(fd, output.fcntl.LOCK_EX)
        script = "import sys; from pathlib import Path; from egovkit.output import write_tree; "
        script += "write_tree(Path(sys.argv[1]), {'a.html': '1'}, replace=True)"
        other = subprocess.run(
            [sys.executable, "-c", script, str(out)], capture_output=True, text=True, check=False
        )
    finally:
        os.close(fd)
    assert other.returncode != 0 and "another egovkit build" in other.stderr
    assert (out / "a.html").read_text() == "0"


def test_without_locks_a_build_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "fcntl", None)
    write_tree(tmp_path / "out", {"a.html": "x"}, replace=True)
    assert (tmp_path / "out" / "a.html").read_text() == "x"


def test_a_write_error_leaves_the_previous_output_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.html": "good", "old.html": "good"}, replace=True)
    before = read_tree(out)
    real_write = output._write_new
    calls = []

    def disk_full(path: Path, content: str | bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_write(path, content)

    monkeypatch.setattr(output, "_write_new", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_tree(out, {"a.html": "new", "b.html": "new"}, replace=True)
    assert read_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_first_build_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, content: str | bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "_write_new", disk_full)
    with pytest.raises(OSError):
        write_tree(tmp_path / "out", {"a.html": "x"}, replace=True)
    assert list(tmp_path.iterdir()) == []
