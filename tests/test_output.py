"""egovkit.output: atomic, contained writes."""

from __future__ import annotations

from pathlib import Path

import pytest

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
