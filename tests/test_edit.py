"""`egovkit status set`, `log add` and `measure new`: edits that keep the file as it was.

Every edit must leave each line it does not change byte-identical (comments, quotes, flow and
block styles, blank lines, umlauts, line ends), read back as exactly the values it set, and
check; every refusal must leave every file of the repository as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from conftest import MINIMAL_REPO, make_repo, read_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.edit.changes import AddLog, SetKey
from egovkit.edit.commands import add_log, set_status
from egovkit.edit.source import CannotEdit, Layout, Source, parsed_mapping, render_scalar
from egovkit.edit.verify import problem, spans
from egovkit.errors import UserError
from egovkit.load.yaml import parse
from egovkit.model import Measure
from egovkit.model.types import Status
from egovkit.pipeline import check

#: A measure as people write them: every quoting style, flow and block collections, comments
#: at line ends and between keys, blank lines, umlauts, odd spacing ruamel would normalise,
#: a four-space list, multi-line plain text, `|` and `>` blocks, and an interleaved log.
HOSTILE = """\
# yaml-language-server: $schema=../../schemas/measure.schema.json
# Kopfkommentar: Maßnahme mit Umlauten äöü ß

id: M2   # die Kennung
title: 'Bürgerkonto „einführen“ – mit ''Zitat'''
field: "F1"
goals: [G1]
depends_on:
    - M1   # zuerst


duration:   6 months
status: 'planned'   # Stand Mai
# Kosten
cost:   45000
funding: [{source: Land NRW,  share: 50}]
raci: {consulted: [], informed: []}
references:
  - kind: council_paper
    title: Ratsbeschluss zur
      Digitalisierung vom Mai
    number: "V/2024/1"
description: >-
  Anbindung von ePayBL an das Serviceportal, zunächst für Gebühren des Bürgerbüros. Das ist ein sehr langer Satz, der über hundert Zeichen hinaus geht und nicht umbrochen werden darf.

  Zweiter Absatz.
log:
  - date: 2024-01-10
    text: |
      Start mit
      zwei Zeilen
  # ein Kommentar zwischen Einträgen
  - {date: 2024-03-01, text: 'Mitte: erreicht'}   # flow

# Ende
"""

M1 = "measures/M1.yaml"
M2 = "measures/M2.yaml"


def invoke(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {M2: HOSTILE})


def text_of(root: Path, rel: str = M2) -> str:
    return (root / rel).read_bytes().decode("utf-8")


def errors(root: Path) -> list[str]:
    return [f"{d.code} {d.message}" for d in check(root).diagnostics if d.severity == "error"]


def measure(root: Path, ident: str) -> Measure:
    return check(root).workspace.measure_by_id[ident].model


# --- untouched lines stay byte-identical ---------------------------------------------------


def test_status_set_changes_only_its_values_in_a_hostile_file(repo: Path) -> None:
    result = invoke(
        "status", "set", "M2", "in_progress", repo,
        "--progress", "20", "--date", "01.02.2024", "--note", "Zwischenstand #1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    want = HOSTILE.replace(
        "status: 'planned'   # Stand Mai\n",
        "status: 'in_progress'   # Stand Mai\nprogress: 20\nas_of: 2024-02-01\n"
        "started: 2024-02-01\n",
    ).replace(
        "      zwei Zeilen\n",
        "      zwei Zeilen\n  - date: 2024-02-01\n    text: 'Zwischenstand #1'\n",
    )
    assert text_of(repo) == want
    m = measure(repo, "M2")
    assert (m.status, m.progress, m.as_of, m.started) == (
        Status.in_progress, 20, dt.date(2024, 2, 1), dt.date(2024, 2, 1)
    )  # fmt: skip
    assert [e.text for e in m.log] == [
        "Start mit\nzwei Zeilen",
        "Zwischenstand #1",
        "Mitte: erreicht",
    ]
    assert errors(repo) == []


@pytest.mark.parametrize(
    ("day", "after"),
    [
        ("2023-12-31", "log:\n"),  # before every entry: right after `log:`
        ("2024-01-10", "      zwei Zeilen\n"),  # same date: after the existing entry
        ("2024-02-01", "      zwei Zeilen\n"),  # between: before the comment of the next
        ("2024-06-01", "'Mitte: erreicht'}   # flow\n"),  # at the end, flow like its neighbour
    ],
)
def test_log_add_goes_in_at_its_date(repo: Path, day: str, after: str) -> None:
    result = invoke("log", "add", "M2", "Ein Eintrag", repo, "--date", day)
    assert result.exit_code == 0, result.output
    if after.endswith("# flow\n"):
        entry = f"  - {{date: {day}, text: Ein Eintrag}}\n"
    else:
        entry = f"  - date: {day}\n    text: Ein Eintrag\n"
    assert text_of(repo) == HOSTILE.replace(after, after + entry, 1)
    dates = [e.date for e in measure(repo, "M2").log]
    assert dates == sorted(dates) and dt.date.fromisoformat(day) in dates


def test_a_clean_file_goes_the_round_trip_way(minimal_repo: Path) -> None:
    edit = set_status(minimal_repo, "M1", Status.on_hold, dt.date(2025, 2, 3), progress=10)
    assert edit.method == "round-trip"
    before = text_of(minimal_repo, M1)
    assert edit.files[M1].decode() == before.replace(
        "status: planned\n", "status: on_hold\nprogress: 10\nas_of: 2025-02-03\n"
    )


def test_a_file_ruamel_would_normalise_goes_the_textual_way(repo: Path) -> None:
    edit = add_log(repo, "M2", "x", dt.date(2025, 1, 1))
    assert edit.method == "textual"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_line_ends_and_bom_are_kept(tmp_path: Path, newline: str, bom: bytes) -> None:
    text = "# Kopf\nid: M1\ntitle: Ä\nfield: F1\ngoals: [G1]\nduration: 3 months\nstatus: planned\n"
    raw = bom + text.replace("\n", newline).encode()
    root = make_repo(tmp_path / "r", {M1: raw})
    result = invoke("status", "set", "M1", "on_hold", root, "--date", "2025-02-03", "--note", "n")
    assert result.exit_code == 0, result.output
    new = (root / M1).read_bytes()
    assert new.startswith(bom) and (bom or not new.startswith(b"\xef\xbb\xbf"))
    want = text.replace(
        "status: planned\n",
        "status: on_hold\nas_of: 2025-02-03\nlog:\n  - date: 2025-02-03\n    text: n\n",
    )
    assert new[len(bom) :] == want.replace("\n", newline).encode()


def test_a_file_without_a_final_line_end(tmp_path: Path) -> None:
    text = "id: M1\ntitle: T\nfield: F1\ngoals: [G1]\nduration: 3 months  # am Ende"
    root = make_repo(tmp_path / "r", {M1: text})
    assert invoke("log", "add", "M1", "n", root, "--date", "2025-01-01").exit_code == 0
    assert text_of(root, M1) == text + "\nlog:\n  - date: 2025-01-01\n    text: n\n"


@pytest.mark.parametrize(
    ("log", "want"),
    [
        ("log: []", "log: [{date: 2025-01-01, text: n}]"),
        (
            "log: [{date: 2024-01-01, text: a}]  # x",
            "[{date: 2024-01-01, text: a}, {date: 2025-01-01, text: n}]",
        ),
        ("log:   # bald", "log:   # bald\n  - date: 2025-01-01\n    text: n"),
        ("log: ~  # bald", None),  # any form that reads back, keeps the comment
    ],
)
def test_flow_and_empty_logs(tmp_path: Path, log: str, want: str | None) -> None:
    text = f"id: M1\ntitle: T\nfield: F1\ngoals: [G1]\nduration: 3 months\n{log}\nstatus: planned\n"
    root = make_repo(tmp_path / "r", {M1: text})
    assert invoke("log", "add", "M1", "n", root, "--date", "2025-01-01").exit_code == 0
    new = text_of(root, M1)
    assert new.startswith(text.split("log:")[0]) and new.endswith("\nstatus: planned\n")
    if want is not None:
        assert want in new
    assert "# bald" in new or "# bald" not in text
    assert [e.text for e in measure(root, "M1").log][-1] == "n"


@pytest.mark.parametrize(
    ("lists", "entry"),
    [
        ("depends_on:\n    - M0\n", "log:\n    - date: 2025-01-01\n      text: n\n"),
        ("depends_on:\n- M0\n", "log:\n- date: 2025-01-01\n  text: n\n"),
        ("log:\n- date: 2024-01-01\n  text: a\n", "- date: 2025-01-01\n  text: n\n"),
        (
            "log:\n    -   date: 2024-01-01\n        text: a\n",
            "    -   date: 2025-01-01\n        text: n\n",
        ),
    ],
)
def test_new_entries_are_indented_like_the_files_lists(
    tmp_path: Path, lists: str, entry: str
) -> None:
    text = f"id: M1\ntitle: T\nfield: F1\ngoals: [G1]\nduration: 3 months\n{lists}"
    root = make_repo(
        tmp_path / "r", {M1: text, "measures/M0.yaml": MINIMAL_REPO[M1].replace("M1", "M0")}
    )
    assert invoke("log", "add", "M1", "n", root, "--date", "2025-01-01").exit_code == 0
    assert text_of(root, M1) == text + entry
    assert [e.text for e in measure(root, "M1").log][-1] == "n"


def test_done_sets_finished_and_progress_100(tmp_path: Path) -> None:
    body = "duration: 1 months\nstatus: in_progress\nstarted: 2025-01-06   # Start\nprogress: 40\n"
    root = make_repo(tmp_path / "r", {M1: f"id: M1\ntitle: T\nfield: F1\ngoals: [G1]\n{body}"})
    assert invoke("status", "set", "M1", "done", root, "--date", "2025-03-31").exit_code == 0
    assert text_of(root, M1).endswith(
        "status: done\nstarted: 2025-01-06   # Start\nfinished: 2025-03-31\nprogress: 100\n"
        "as_of: 2025-03-31\n"
    )
    assert errors(root) == []


# --- hypothesis: any text, any place ---------------------------------------------------------

_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff\ufffe\uffff\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_TEXT, st.booleans())
def test_render_scalar_reads_back(text: str, flow: bool) -> None:
    rendered = render_scalar(text, flow=flow)
    assert "\n" not in rendered
    assert parse(f"k: {rendered}\n", "-")[0] == {"k": text}
    if flow:
        assert parse(f"k: [{rendered}, x]\n", "-")[0] == {"k": [text, "x"]}


@settings(
    max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(_TEXT, st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)))
def test_any_log_text_keeps_every_other_line(repo: Path, text: str, day: dt.date) -> None:
    edit = add_log(repo, "M2", text, day)
    old, new = HOSTILE.splitlines(keepends=True), edit.files[M2].decode().splitlines(keepends=True)
    added = len(new) - len(old)
    assert added in (1, 2)
    # the old lines are the new ones with one block of `added` lines taken out
    starts = [i for i in range(len(old) + 1) if new[:i] + new[i + added :] == old]
    assert starts, "an untouched line changed"
    assert "".join(new[starts[0] : starts[0] + added]).lstrip().startswith(("- date:", "- {date:"))
    log = parsed_mapping(edit.files[M2].decode(), M2)["log"]
    assert {"date": day, "text": text.strip()} in log
    assert [e["date"] for e in log] == sorted(e["date"] for e in log)
    assert edit.blocking == []


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.one_of(
            st.builds(
                SetKey,
                st.sampled_from(["status", "as_of", "progress", "owner"]),
                st.sampled_from(["done", "x y", "'q'"]),
            ),
            st.builds(
                AddLog, st.dates(dt.date(2023, 1, 1), dt.date(2025, 1, 1)), _TEXT, st.integers(0, 2)
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_textual_edit_changes_only_what_it_owns(changes: list) -> None:
    from egovkit.edit import textual
    from egovkit.edit.changes import expected

    source = Source.from_bytes(M2, HOSTILE.encode())
    adds = [c for c in changes if isinstance(c, AddLog)][:1]
    changes = [c for c in changes if isinstance(c, SetKey)] + adds
    layout = Layout(HOSTILE)
    result = textual.apply(source, changes)
    assert (
        problem(layout, result, spans(layout, changes), expected(source.data(), changes), M2)
        is None
    )


# --- what verify refuses -----------------------------------------------------------------


def test_verify_refuses_a_changed_other_line_a_lost_comment_and_aliases() -> None:
    layout = Layout(HOSTILE)
    change = [SetKey("status", "done")]
    owned = spans(layout, change)
    want = {**parsed_mapping(HOSTILE, M2), "status": "done"}
    good = HOSTILE.replace("'planned'", "'done'")
    assert problem(layout, good, owned, want, M2) is None
    other = good.replace("cost:   45000", "cost: 45000")
    assert "does not change" in problem(layout, other, owned, want, M2)
    lost = good.replace("'done'   # Stand Mai", "done")
    assert "comment" in problem(layout, lost, owned, want, M2)
    wrong = HOSTILE.replace("'planned'", "'cancelled'")
    assert "other values" in problem(layout, wrong, owned, want, M2)


def test_a_value_on_several_lines_is_refused_not_rewritten(tmp_path: Path) -> None:
    text = "id: M1\ntitle: T\nfield: F1\ngoals: [G1]\nduration: 3 months\nstatus: &s\n  planned\nx: *s\n"
    root = make_repo(tmp_path / "r", {M1: text})
    before = read_tree(root)
    result = invoke("status", "set", "M1", "done", root)
    assert result.exit_code == 2
    assert read_tree(root) == before


# --- refusals leave every file as it was ---------------------------------------------------


def _refused(root: Path, code: int, *args: str, message: str = "") -> None:
    before = read_tree(root)
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert read_tree(root) == before


def test_done_before_its_prerequisite_is_refused_and_forced(repo: Path) -> None:
    started = HOSTILE.replace("status: 'planned'", "status: in_progress\nstarted: 2025-01-06")
    (repo / M2).write_text(started, "utf-8")
    args = ("status", "set", "M2", "done", repo, "--date", "2025-02-03")
    _refused(repo, 1, *args, message="C001")
    result = invoke(*args, "--force")
    assert result.exit_code == 0 and "C001" in result.output
    assert measure(repo, "M2").status is Status.done
    assert any(e.startswith("C001") for e in errors(repo))


def test_a_new_measure_closing_a_cycle_is_refused(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        {M1: "id: M1\ntitle: T\nfield: F1\ngoals: [G1]\nduration: 1 months\ndepends_on: [M9]\n"},
    )
    assert any(e.startswith("R005") for e in errors(root))  # there before: does not count
    args = (
        "measure",
        "new",
        "M9",
        root,
        "--title",
        "Neu",
        "--field",
        "F1",
        "--duration",
        "1 months",
    )
    _refused(root, 1, *args, "--depends-on", "M1", message="G002")
    _refused(root, 1, *args, "--depends-on", "M9", message="G001")
    assert invoke(*args).exit_code == 0  # no cycle: written, and the old R005 is gone
    assert errors(root) == []


@pytest.mark.parametrize(
    "args",
    [
        ("status", "set", "M2", "fertig"),
        ("status", "set", "M2", "done", "--progress", "101"),
        ("status", "set", "M2", "done", "--date", "31.02.2024"),
        ("status", "set", "M9", "done"),
        ("log", "add", "M9", "text"),
        ("log", "add", "M2", "   "),
        ("status", "set", "../x", "done"),
        ("log", "add", "../../etc/passwd", "text"),
        ("status", "set", "m2", "done"),  # the file name is M2.yaml
        ("measure", "new", "M1", "--title", "T", "--field", "F1"),
        ("measure", "new", "m1", "--title", "T", "--field", "F1"),
        ("measure", "new", "../x", "--title", "T", "--field", "F1"),
        ("measure", "new", "a/b", "--title", "T", "--field", "F1"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(repo: Path, args: tuple[str, ...]) -> None:
    _refused(repo, 2, *args, repo)


@pytest.mark.parametrize(
    "broken",
    [
        "id: M1\ntitle: [T\nfield: F1\n",  # not YAML
        "id: M1\nstatus: planned\nstatus: done\n",  # a key twice
        "- id: M1\n",  # not a mapping
        b"id: M1\ntitle: \xe4\n",  # not UTF-8
    ],
)
def test_a_file_egovkit_cannot_read_is_not_edited(tmp_path: Path, broken: str | bytes) -> None:
    root = make_repo(tmp_path / "r", {M1: broken})
    _refused(root, 2, "status", "set", "M1", "done", root, message="measures/M1.yaml")
    _refused(root, 2, "log", "add", "M1", "x", root, message="measures/M1.yaml")


def test_status_unknown_is_written_as_unknown(minimal_repo: Path) -> None:
    result = invoke("status", "set", "M1", "UNKNOWN", minimal_repo, "--date", "2025-01-06")
    assert result.exit_code == 0, result.output
    assert "status: unknown\n" in text_of(minimal_repo, M1)
    assert measure(minimal_repo, "M1").status is Status.unknown


def test_measure_new_refuses_an_existing_profile(repo: Path) -> None:
    (repo / "profiles").mkdir()
    (repo / "profiles" / "M3.md").write_text("---\nid: M3\ntitle: P\nmeasures: [M1]\n---\n")
    args = ("measure", "new", "M3", repo, "--title", "T", "--field", "F1", "--duration", "1 months")
    _refused(repo, 2, *args, "--profile", message="exists")
    assert not (repo / "measures" / "M3.yaml").exists()


def test_unknown_field_owner_and_missing_duration_are_refused(repo: Path) -> None:
    args = ("measure", "new", "M3", repo, "--title", "T")
    _refused(repo, 1, *args, "--field", "F9", "--duration", "1 months", message="R003")
    _refused(
        repo, 1, *args, "--field", "F1", "--duration", "1 months", "--owner", "IT", message="R006"
    )
    _refused(repo, 1, *args, "--field", "F1", message="duration")


def test_a_symlinked_measure_file_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: M3\ntitle: T\nfield: F1\nduration: 1 months\n")
    root = make_repo(tmp_path / "r")
    (root / "measures" / "M3.yaml").symlink_to(outside)
    (root / "measures" / "M4.yaml").symlink_to("M1.yaml")  # inside, still a link
    for ident in ("M3", "M4"):
        _refused(root, 2, "status", "set", ident, "done", root, message="symbolic link")
        _refused(root, 2, "log", "add", ident, "x", root, message="symbolic link")
    assert outside.read_text() == "id: M3\ntitle: T\nfield: F1\nduration: 1 months\n"


def test_a_measures_folder_linking_out_is_refused(tmp_path: Path) -> None:
    elsewhere = make_repo(tmp_path / "elsewhere")
    root = tmp_path / "r"
    root.mkdir()
    (root / "strategy.yaml").write_bytes((elsewhere / "strategy.yaml").read_bytes())
    (root / "measures").symlink_to(elsewhere / "measures")
    before = read_tree(elsewhere)
    _refused(root, 2, "status", "set", "M1", "done", root)
    args = ("measure", "new", "M5", root, "--title", "T", "--field", "F1", "--duration", "1 months")
    _refused(root, 2, *args)
    assert read_tree(elsewhere) == before


def test_findings_there_before_do_not_block(repo: Path) -> None:
    (repo / "measures" / "M3.yaml").write_text("id: M3\ntitle: T\nfield: F9\nduration: 1 months\n")
    assert any(e.startswith("R003") for e in errors(repo))
    assert invoke("log", "add", "M2", "trotzdem", repo, "--date", "2025-01-01").exit_code == 0
    assert [e.text for e in measure(repo, "M2").log][-1] == "trotzdem"


# --- writing --------------------------------------------------------------------------------


def test_measure_new_writes_a_checked_measure_and_profile(repo: Path) -> None:
    (repo / "organization.yaml").write_text("units:\n  - id: IT\n    name: Abteilung IT\n")
    result = invoke(
        "measure", "new", "M3", repo, "--title", "KI: Assistent „Bürger“", "--field", "F1",
        "--depends-on", "M1, M2", "--duration", "3 months", "--owner", "IT", "--profile",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = text_of(repo, "measures/M3.yaml")
    assert (
        text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/measure.schema.json"
    )
    m = measure(repo, "M3")
    assert (m.title, m.field, m.depends_on, m.owner, m.status) == (
        "KI: Assistent „Bürger“", "F1", ["M1", "M2"], "IT", Status.planned
    )  # fmt: skip
    profile = text_of(repo, "profiles/M3.md")
    for section in ("Ausgangslage", "Ziele", "Vorgehen", "Risiken"):
        assert f"\n## {section}\n" in profile
    loaded = check(repo)
    assert [p.model.meta.measures for p in loaded.workspace.profiles] == [["M3"]]
    assert errors(repo) == []


def test_measure_new_takes_the_modeline_of_the_other_measures(tmp_path: Path) -> None:
    modeline = "# yaml-language-server: $schema=../s/measure.schema.json\n"
    root = make_repo(tmp_path / "r", {M1: modeline + MINIMAL_REPO[M1]})
    args = ("measure", "new", "M3", root, "--title", "T", "--field", "F1", "--duration", "1 days")
    assert invoke(*args).exit_code == 0
    assert text_of(root, "measures/M3.yaml").startswith(modeline + "id: M3\n")


def test_the_file_keeps_its_permissions(repo: Path) -> None:
    os.chmod(repo / M2, 0o640)
    assert invoke("log", "add", "M2", "x", repo, "--date", "2025-01-01").exit_code == 0
    assert stat.S_IMODE(os.stat(repo / M2).st_mode) == 0o640
    assert [p.name for p in (repo / "measures").iterdir() if p.name.startswith(".")] == []


def test_a_file_changed_meanwhile_is_not_overwritten(repo: Path) -> None:
    from egovkit.edit.commands import save

    edit = add_log(repo, "M2", "x", dt.date(2025, 1, 1))
    (repo / M2).write_text(HOSTILE + "# von Hand\n", "utf-8")
    with pytest.raises(UserError, match="changed while"):
        save(edit)
    assert text_of(repo) == HOSTILE + "# von Hand\n"


def test_cannot_edit_is_a_usage_error() -> None:
    assert issubclass(CannotEdit, UserError) and CannotEdit("x").exit_code == 2
