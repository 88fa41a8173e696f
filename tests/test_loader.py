"""Loading: YAML positions, pydantic errors mapped to lines, and every way a file can be broken.

Most tests go through ``load_workspace`` on a small repository, so they hold however the
loader is built inside; a few pin the source map of ``yamlload.parse`` directly.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import textwrap
from pathlib import Path

import pytest
from conftest import make_repo
from hypothesis import given, settings
from hypothesis import strategies as st

from egovkit.diagnostics.record import Diagnostic, sort_diagnostics
from egovkit.load.repo import load_workspace
from egovkit.load.sourcemap import SourceMap
from egovkit.load.validate import validate
from egovkit.load.yaml import YamlFailure, decode, parse
from egovkit.model import Measure, Strategy


def _text(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def load(tmp_path: Path, files: dict[str, str | bytes | None]) -> list[Diagnostic]:
    """Y and S findings of a fresh minimal repository with ``files`` changed."""
    repo = make_repo(Path(tempfile.mkdtemp(dir=tmp_path)), files)
    return sort_diagnostics(load_workspace(repo).diagnostics)


def only(tmp_path: Path, files: dict[str, str | bytes | None]) -> Diagnostic:
    found = load(tmp_path, files)
    assert len(found) == 1, "\n".join(f"{d.location} {d.code} {d.message}" for d in found)
    return found[0]


def where(d: Diagnostic) -> tuple[str, str, int | None, int | None]:
    return (d.code, d.location.path, d.location.line, d.location.column)


def measure(body: str) -> dict[str, str]:
    return {"measures/M2.yaml": _text(body)}


# ---------------------------------------------------------------- source positions

SAMPLE = _text(
    """
    id: M1
    title:   Serviceportal
    goals:
      - G1
      - G2
    depends_on: [A, B]
    nested:
      inner:
        key: 1
    umlaut: [Ärger, Übel]
    """
)


def test_positions_of_keys_and_values() -> None:
    data, smap = parse(SAMPLE, "measures/M1.yaml")
    assert data["nested"] == {"inner": {"key": 1}}
    assert smap.values[()] == (1, 1)
    assert smap.keys[("title",)] == (2, 1)
    assert smap.values[("title",)] == (2, 10)
    assert smap.keys[("goals",)] == (3, 1)
    assert smap.values[("goals", 0)] == (4, 5)
    assert smap.values[("goals", 1)] == (5, 5)
    assert smap.values[("depends_on", 1)] == (6, 17)
    assert smap.keys[("nested", "inner", "key")] == (9, 5)
    assert smap.values[("nested", "inner", "key")] == (9, 10)


def test_columns_count_unicode_code_points() -> None:
    # SARIF output declares columnKind unicodeCodePoints; 'Übel' follows 'Ärger, '.
    _, smap = parse(SAMPLE, "x.yaml")
    assert smap.values[("umlaut", 1)] == (10, 17)
    _, smap = parse("a: [😀😀, x, E–Akte, y]\n", "x.yaml")
    assert smap.values[("a", 1)] == (1, 9)
    assert smap.values[("a", 3)] == (1, 20)


def test_line_offset_shifts_every_position() -> None:
    _, plain = parse(SAMPLE, "x")
    _, shifted = parse(SAMPLE, "x", line_offset=3)
    assert {k: (line + 3, col) for k, (line, col) in plain.values.items()} == shifted.values
    assert {k: (line + 3, col) for k, (line, col) in plain.keys.items()} == shifted.keys


def test_source_map_falls_back_to_the_nearest_known_parent() -> None:
    _, smap = parse(SAMPLE, "measures/M1.yaml")
    assert smap.value("goals", 7) == smap.value("goals")  # index beyond the list
    assert smap.value("nested", "inner", "missing").line == 9  # the mapping's first key
    assert smap.key("goals", 1) == smap.value("goals", 1)  # list items have no key
    assert (smap.value("nope").line, smap.value("nope").column) == (1, 1)
    assert smap.file().line is None and smap.file().path == "measures/M1.yaml"
    assert SourceMap("x").value("a") == SourceMap("x").value()


def test_aliases_are_expanded_and_point_at_the_anchored_text() -> None:
    data, smap = parse("a: &x [1, 2]\nb: *x\n", "x")
    assert data == {"a": [1, 2], "b": [1, 2]}
    assert data["a"] is not data["b"]  # plain copies: nothing downstream sees sharing
    assert smap.keys[("b",)] == (2, 1)
    assert smap.values[("b", 1)] == (1, 11)  # the value's text is where the anchor is


def test_scalars_become_plain_python_values() -> None:
    data, _ = parse("s: text\ni: 3\nf: 1.5\nb: true\nn: ~\nd: 2025-01-06\nq: '2025-01-06'\n", "x")
    assert data == {
        "s": "text",
        "i": 3,
        "f": 1.5,
        "b": True,
        "n": None,
        "d": dt.date(2025, 1, 6),
        "q": "2025-01-06",
    }
    assert type(data["s"]) is str and type(data["d"]) is dt.date


# ---------------------------------------------------------------- pydantic errors → lines


def test_missing_top_level_key_points_at_the_document(tmp_path: Path) -> None:
    d = only(tmp_path, measure("id: M2\nfield: F1\nduration: 1 month\n"))
    assert where(d) == ("S001", "measures/M2.yaml", 1, 1)
    assert "'title'" in d.message


def test_missing_nested_key_points_at_the_parent_mapping(tmp_path: Path) -> None:
    strategy = _text(
        """
        municipality: {name: X, kind: stadt, state: NW}
        title: T
        horizon:
          start: 2025-01-01
        fields:
          - id: F1
            title: F
          - id: F2
        planning: {start: 2025-01-06}
        """
    )
    found = load(tmp_path, {"strategy.yaml": strategy})
    assert [where(d) for d in found] == [
        ("S001", "strategy.yaml", 4, 3),
        ("S001", "strategy.yaml", 8, 5),
    ]
    assert "'end'" in found[0].message and "horizon" in found[0].message
    assert "'title'" in found[1].message and "fields.1" in found[1].message


def test_unknown_key_points_at_the_key_with_a_hint(tmp_path: Path) -> None:
    d = only(
        tmp_path, measure("id: M2\ntitle: T\nfield: F1\nduration: 1 month\n  \ndependson: [M1]\n")
    )
    assert where(d) == ("S002", "measures/M2.yaml", 6, 1)
    assert "did you mean 'depends_on'?" in d.message
    assert "allowed:" in d.message and "not_before" in d.message


def test_unknown_key_in_a_list_item_lists_that_item_s_keys(tmp_path: Path) -> None:
    text = _text(
        """
        municipality: {name: X, kind: stadt, state: NW}
        title: T
        horizon: {start: 2025-01-01, end: 2030-12-31}
        goals:
          - id: G1
            title: Ziel
            descripton: typo
        fields: [{id: F1, title: F}]
        planning: {start: 2025-01-06}
        """
    )
    d = only(tmp_path, {"strategy.yaml": text})
    assert where(d) == ("S002", "strategy.yaml", 7, 5)
    assert "did you mean 'description'?" in d.message
    assert "(allowed: description, id, indicators, title)" in d.message


@pytest.mark.parametrize(
    ("typo", "hint"),
    [
        ("titel", "title"),
        ("deadlin", "deadline"),
        ("Status", "status"),
        ("dependson", "depends_on"),
        ("notbefore", "not_before"),
        ("zzz", None),
    ],
)
def test_did_you_mean(tmp_path: Path, typo: str, hint: str | None) -> None:
    found = load(tmp_path, measure(f"id: M2\ntitle: T\nfield: F1\nduration: 1 month\n{typo}: x\n"))
    unknown = [d for d in found if d.code == "S002"]
    assert len(unknown) == 1 and unknown[0].location.line == 5
    if hint:
        assert f"did you mean '{hint}'?" in unknown[0].message
    else:
        assert "did you mean" not in unknown[0].message


def test_invalid_value_points_at_the_value(tmp_path: Path) -> None:
    d = only(tmp_path, measure("id: M2\ntitle: T\nfield: F1\nduration:   3 lightyears\n"))
    assert where(d) == ("S003", "measures/M2.yaml", 4, 13)
    assert d.message.startswith("duration: ")


def test_invalid_value_in_nested_lists(tmp_path: Path) -> None:
    text = """
        id: M2
        title: T
        field: F1
        duration: 1 month
        goals:
          - G1
          - [G2]
          - ok
          - {id: G3}
        """
    found = load(tmp_path, measure(text))
    assert [where(d) for d in found] == [
        ("S003", "measures/M2.yaml", 7, 5),
        ("S003", "measures/M2.yaml", 9, 5),
    ]
    assert found[0].message.startswith("goals.1: ")
    assert found[1].message.startswith("goals.3: ")


def test_invalid_value_deep_in_front_matter(tmp_path: Path) -> None:
    profile = _text(
        """
        ---
        id: P1
        title: Projekt
        measures: [M1]
        phases:
          - name: Konzept
            start: 2025-01-06
            end: 2025-13-01
        ---
        Text.
        """
    )
    d = only(tmp_path, {"profiles/P1.md": profile})
    assert where(d) == ("S003", "profiles/P1.md", 8, 10)
    assert "phases.0.end" in d.message and "YYYY-MM-DD" in d.message


def test_model_validator_error_points_at_its_mapping(tmp_path: Path) -> None:
    profile = "---\nid: P1\ntitle: P\nmeasures: [M1]\nphases:\n  - name: X\n    start: 2025-02-01\n    end: 2025-01-01\n---\n"
    d = only(tmp_path, {"profiles/P1.md": profile})
    assert where(d) == ("S003", "profiles/P1.md", 6, 5)
    assert "ends (2025-01-01) before it starts (2025-02-01)" in d.message


def test_union_errors_are_merged_into_one_finding(tmp_path: Path) -> None:
    # owner is 'Id | None': pydantic reports one error per branch; the user sees one.
    d = only(tmp_path, measure("id: M2\ntitle: T\nfield: F1\nduration: 1 month\nowner: [IT]\n"))
    assert where(d) == ("S003", "measures/M2.yaml", 5, 8)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = "id: M2\ntitle: ''\nfield: 7\nduration: 3\npriority: urgent\nprogress: -1\ncolour: red\n"
    found = load(tmp_path, measure(text))
    assert [(d.code, d.location.line) for d in found] == [
        ("S003", 2),
        ("S003", 3),
        ("S003", 4),
        ("S003", 5),
        ("S003", 6),
        ("S002", 7),
    ]
    assert "'3' has no unit" in found[2].message or "3 days" in found[2].message


@pytest.mark.parametrize(
    ("value", "kind"),
    [("- a\n- b\n", "a list"), ("just text\n", "'just text'"), ("~\n", None), ("42\n", "'42'")],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, value: str, kind: str | None) -> None:
    d = only(tmp_path, {"measures/M2.yaml": value})
    assert where(d) == ("S003", "measures/M2.yaml", 1, 1)
    assert "mapping" in d.message
    if kind:
        assert kind in d.message


def test_lists_where_mappings_are_expected(tmp_path: Path) -> None:
    text = _text(
        """
        municipality: [Musterstadt, stadt, NW]
        title: T
        horizon: {start: 2025-01-01, end: 2030-12-31}
        fields: {id: F1, title: F}
        planning: []
        """
    )
    found = load(tmp_path, {"strategy.yaml": text})
    assert [(d.code, d.location.line) for d in found] == [("S003", 1), ("S003", 4), ("S003", 5)]


def test_null_values_point_at_their_own_line(tmp_path: Path) -> None:
    text = "id: M2\ntitle:\nfield: F1\nduration: []\ngoals:\n"
    found = load(tmp_path, measure(text))
    assert [(d.code, d.location.line) for d in found] == [("S003", 2), ("S003", 4), ("S003", 5)]


# ---------------------------------------------------------------- dates and ids


@pytest.mark.parametrize(
    "value", ["2020-13-01", "2020-02-30", "2021-02-29", "2025-1-6", "06.01.2025"]
)
def test_impossible_dates_are_findings_at_the_value(tmp_path: Path, value: str) -> None:
    d = only(
        tmp_path, measure(f"id: M2\ntitle: T\nfield: F1\nduration: 1 month\ndeadline: {value}\n")
    )
    assert where(d) == ("S003", "measures/M2.yaml", 5, 11)
    assert "YYYY-MM-DD" in d.message
    assert value in d.message


def test_a_leap_day_and_a_quoted_date_are_fine(tmp_path: Path) -> None:
    text = "id: M2\ntitle: T\nfield: F1\nduration: 1 month\ndeadline: 2028-02-29\nnot_before: '2025-03-03'\n"
    assert load(tmp_path, measure(text)) == []


@pytest.mark.parametrize(
    "ident",
    [
        "../x",
        "a/b",
        "a\\\\b",
        ".hidden",
        "-x",
        "_x",
        "x y",
        "Maßnahme",
        "x.yaml",
        "a" * 65,
        "''",
        "é",
    ],
)
def test_ids_unsafe_as_file_names_are_rejected(tmp_path: Path, ident: str) -> None:
    d = only(tmp_path, measure(f'id: "{ident}"\ntitle: T\nfield: F1\nduration: 1 month\n'))
    assert where(d) == ("S003", "measures/M2.yaml", 1, 5)
    assert "not a valid id" in d.message


@pytest.mark.parametrize("ident", ["M2", "a" * 64, "0-start_OK", "OZG-1A"])
def test_safe_ids_are_accepted(tmp_path: Path, ident: str) -> None:
    found = load(
        tmp_path,
        {f"measures/{ident}.yaml": f"id: {ident}\ntitle: T\nfield: F1\nduration: 1 month\n"},
    )
    assert found == []


def test_id_written_as_a_number_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    d = only(tmp_path, {"measures/2025.yaml": "id: 2025\ntitle: T\nfield: F1\nduration: 1 month\n"})
    assert where(d) == ("S003", "measures/2025.yaml", 1, 5)


# ---------------------------------------------------------------- YAML syntax and structure


def test_duplicate_key_points_at_the_second_one(tmp_path: Path) -> None:
    d = only(tmp_path, measure("id: M2\ntitle: A\nfield: F1\nduration: 1 month\ntitle: B\n"))
    assert where(d) == ("Y002", "measures/M2.yaml", 5, 1)
    assert "title" in d.message and "line 2" in d.message


def test_duplicate_key_in_a_nested_mapping(tmp_path: Path) -> None:
    org = "units:\n  - id: IT\n    name: IT\n    id: IT2\n"
    d = only(tmp_path, {"organization.yaml": org})
    assert where(d) == ("Y002", "organization.yaml", 4, 5)


def test_the_same_key_in_different_mappings_is_fine(tmp_path: Path) -> None:
    org = "units:\n  - id: IT\n    name: IT\n  - id: HR\n    name: HR\n"
    assert load(tmp_path, {"organization.yaml": org}) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id: M2\ntitle: a: b\n", 2),
        ("id: M2\n\ttitle: x\n", 2),
        ("id: M2\ntitle: 'unclosed\nfield: F1\n", 4),
        ("id: M2\ngoals: [G1\nfield: F1\n", 3),
        ("id: M2\n  title: x\n", 2),
        ("id: M2\n---\nid: M3\n", 2),
    ],
)
def test_syntax_errors_have_a_line(tmp_path: Path, text: str, line: int) -> None:
    d = only(tmp_path, {"measures/M2.yaml": text})
    assert d.code == "Y001"
    assert d.location.line == line and d.location.column is not None
    assert "\n" not in d.message


def test_syntax_error_in_front_matter_counts_from_the_top_of_the_file(tmp_path: Path) -> None:
    d = only(tmp_path, {"profiles/P1.md": "---\nid: P1\ntitle: a: b\nmeasures: [M1]\n---\n"})
    assert where(d) == ("Y001", "profiles/P1.md", 3, 9)


@pytest.mark.parametrize(
    "text",
    [
        "id: M2\ngoals: &a [*a]\n",
        "id: M2\nx: &m\n  y: *m\n",
        "&root\nid: M2\nself: *root\n",
    ],
)
def test_recursive_aliases_are_yaml_findings(tmp_path: Path, text: str) -> None:
    d = only(tmp_path, {"measures/M2.yaml": text})
    assert d.code == "Y001" and "recursive" in d.message
    assert d.location.line is not None


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    d = only(tmp_path, {"measures/M2.yaml": "\n".join(lines) + "\n"})
    assert d.code == "Y008" and d.location.line == 1


@pytest.mark.parametrize(
    "text",
    [
        "id: M2\n<<: {title: T}\n",
        "id: M2\ntitle: !!binary aGVsbG8=\n",
        "id: M2\ntitle: !custom x\n",
        "id: M2\n? [a, b]\n: c\n",
        "id: M2\ngoals: !!set {G1: null}\n",
        "id: M2\ngoals: !!omap [{G1: 1}]\n",
        "id: M2\ngoals: !custom [G1]\n",
        "id: M2\nx: !tag\n  a: b\n",
    ],
)
def test_refused_yaml_features(tmp_path: Path, text: str) -> None:
    d = only(tmp_path, {"measures/M2.yaml": text})
    assert d.code == "Y001" and d.location.line == 2


def test_deep_nesting_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    depth = 2000
    text = "id: M2\ndescription: " + "[" * depth + "]" * depth + "\n"
    d = only(tmp_path, {"measures/M2.yaml": text})
    assert d.code == "Y001"


def test_control_character_has_a_position(tmp_path: Path) -> None:
    d = only(tmp_path, measure("id: M2\ntitle: a\x1bb\nfield: F1\nduration: 1 month\n"))
    assert where(d) == ("Y001", "measures/M2.yaml", 2, 9)
    assert "\n" not in d.message


# ---------------------------------------------------------------- encodings and empty files


def test_bad_utf8_names_line_and_column(tmp_path: Path) -> None:
    data = "id: M2\ntitle: Gebühren\n".encode("latin-1")
    with pytest.raises(YamlFailure) as info:
        decode(data)
    assert (info.value.problem.code, info.value.problem.line, info.value.problem.column) == (
        "Y003",
        2,
        11,
    )
    d = only(tmp_path, {"measures/M2.yaml": data})
    assert where(d) == ("Y003", "measures/M2.yaml", 2, 11)
    assert "0xfc" in d.message and "UTF-8" in d.message


def test_utf16_is_reported_as_unreadable(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        {
            "measures/M2.yaml": "id: M2\n".encode("utf-16"),  # with BOM: not UTF-8 at byte 0
            "measures/M3.yaml": "id: M3\n".encode("utf-16-le"),  # valid UTF-8, full of NULs
        },
    )
    assert [(d.code, d.location.path) for d in found] == [
        ("Y003", "measures/M2.yaml"),
        ("Y003", "measures/M3.yaml"),
    ]
    assert found[0].location.line == 1
    assert "NUL" in found[1].message


def test_bom_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    text = "id: M2\ntitle: T\nfield: F9\nduration: 1 month\n"
    assert decode(bom + text.encode()) == text
    ws = load_workspace(make_repo(tmp_path / "repo", {"measures/M2.yaml": bom + text.encode()}))
    assert ws.diagnostics == []
    assert ws.measure_by_id["M2"].source.value("field").line == 3
    assert ws.measure_by_id["M2"].source.value("id").column == 5


def test_bom_before_front_matter_is_accepted(tmp_path: Path) -> None:
    profile = "\ufeff---\nid: P1\ntitle: P\nmeasures: [M1]\n---\nText\n"
    assert load(tmp_path, {"profiles/P1.md": profile}) == []


def test_windows_line_endings(tmp_path: Path) -> None:
    text = "id: M2\r\ntitle: T\r\nfield: F1\r\nduration: 1 month\r\ncolour: red\r\n"
    profile = "---\r\nid: P1\r\ntitle: P\r\nmeasures: [M1]\r\nfoo: 1\r\n---\r\nText\r\n"
    found = load(tmp_path, {"measures/M2.yaml": text, "profiles/P1.md": profile})
    assert [where(d) for d in found] == [
        ("S002", "measures/M2.yaml", 5, 1),
        ("S002", "profiles/P1.md", 5, 1),
    ]


@pytest.mark.parametrize(
    "content",
    ["", "\n\n", "   \n\t\n", "# only a comment\n", "# a\n\n   # b\n", b"", "\r\n"],
    ids=["empty", "newlines", "blanks", "comment", "comments", "bytes", "crlf"],
)
def test_empty_and_comment_only_files(tmp_path: Path, content: str | bytes) -> None:
    d = only(tmp_path, {"measures/M2.yaml": content})
    assert where(d) == ("Y004", "measures/M2.yaml", None, None)


def test_empty_strategy_still_checks_the_rest(tmp_path: Path) -> None:
    found = load(tmp_path, {"strategy.yaml": "", "measures/M2.yaml": "id: M2\n"})
    assert [(d.code, d.location.path) for d in found] == [
        ("S001", "measures/M2.yaml"),
        ("Y004", "strategy.yaml"),
    ]


def test_several_missing_keys_are_named_in_one_finding(tmp_path: Path) -> None:
    d = only(tmp_path, measure("id: M2\n"))
    assert where(d) == ("S001", "measures/M2.yaml", 1, 1)
    assert all(f"'{key}'" in d.message for key in ("title", "field"))


def test_a_measure_needs_a_duration_or_a_period(tmp_path: Path) -> None:
    d = only(tmp_path, measure("id: M2\ntitle: T\nfield: F1\n"))
    assert where(d) == ("S003", "measures/M2.yaml", 1, 1)
    assert "'duration'" in d.message and "'period'" in d.message


def test_several_missing_keys_are_not_offered_as_alternatives(tmp_path: Path) -> None:
    d = only(tmp_path, measure("id: M2\n"))
    assert "(or:" not in d.message


# ---------------------------------------------------------------- front matter


def test_front_matter_missing(tmp_path: Path) -> None:
    d = only(tmp_path, {"profiles/P1.md": "# Projekt\n\nid: P1\n"})
    assert where(d) == ("Y006", "profiles/P1.md", 1, 1)


def test_front_matter_not_on_the_first_line(tmp_path: Path) -> None:
    d = only(tmp_path, {"profiles/P1.md": "\n---\nid: P1\ntitle: P\nmeasures: [M1]\n---\n"})
    assert d.code == "Y006"


def test_front_matter_unclosed(tmp_path: Path) -> None:
    d = only(tmp_path, {"profiles/P1.md": "---\nid: P1\ntitle: P\nmeasures: [M1]\n\n# Body\n"})
    assert where(d) == ("Y006", "profiles/P1.md", 1, 1)


@pytest.mark.parametrize(
    "profile",
    ["---\n---\nBody\n", "---\n\n   \n---\n", "---\n# just a comment\n---\nBody\n", "---\n...\n"],
)
def test_front_matter_empty(tmp_path: Path, profile: str) -> None:
    d = only(tmp_path, {"profiles/P1.md": profile})
    assert where(d) == ("Y004", "profiles/P1.md", None, None)


def test_front_matter_closed_with_dots_and_a_body_with_rules(tmp_path: Path) -> None:
    profile = "---\nid: P1\ntitle: P\nmeasures: [M1]\n...\n# Body\n\n---\n\ntext\n"
    ws = load_workspace(make_repo(tmp_path / "repo", {"profiles/P1.md": profile}))
    assert ws.diagnostics == []
    assert ws.profiles[0].model.body.rstrip() == "# Body\n\n---\n\ntext"


def test_front_matter_positions_count_from_the_top_of_the_file(tmp_path: Path) -> None:
    profile = "---\n# comment\nid: P1\ntitle: P\nmeasures: [M1]\nlead: [x]\n---\n"
    d = only(tmp_path, {"profiles/P1.md": profile})
    assert where(d) == ("S003", "profiles/P1.md", 6, 7)
    d = only(tmp_path, {"profiles/P1.md": "---\nid: P1\ntitle: P\n---\n"})
    assert where(d) == ("S001", "profiles/P1.md", 2, 1)


def test_front_matter_that_is_a_list(tmp_path: Path) -> None:
    d = only(tmp_path, {"profiles/P1.md": "---\n- id: P1\n---\n"})
    assert where(d) == ("S003", "profiles/P1.md", 2, 1)


# ---------------------------------------------------------------- files and folders


def test_wrong_extensions_are_reported_and_hidden_files_ignored(tmp_path: Path) -> None:
    found = load(
        tmp_path,
        {
            "measures/M2.yml": "id: M2\n",
            "measures/.M3.yaml": "broken: [\n",
            "measures/notes.txt": "x",
            "profiles/P1.yaml": "id: P1\n",
            "profiles/sub/P2.md": "broken",
        },
    )
    assert [where(d) for d in found] == [
        ("Y005", "measures/M2.yml", None, None),
        ("Y005", "profiles/P1.yaml", None, None),
    ]


def test_upper_case_extensions_are_reported(tmp_path: Path) -> None:
    found = load(tmp_path, {"measures/M2.YAML": "id: M2\n", "profiles/P1.MD": "---\n"})
    assert [d.code for d in found] == ["Y005", "Y005"]


def test_validate_accepts_a_mapping_and_returns_the_model() -> None:
    data, smap = parse("id: M2\ntitle: T\nfield: F1\nduration: 2 weeks\n", "m.yaml")
    model, problems = validate(Measure, data, smap)
    assert problems == [] and model is not None
    assert str(model.duration) == "2 weeks"
    model, problems = validate(Strategy, data, smap)
    assert model is None and {p.code for p in problems} == {"S001", "S002"}


@pytest.mark.parametrize("value", ["{value: -5, unit: days}", "{value: .nan, unit: weeks}"])
def test_duration_mapping_cannot_smuggle_invalid_values(tmp_path: Path, value: str) -> None:
    d = only(tmp_path, measure(f"id: M2\ntitle: T\nfield: F1\nduration: {value}\n"))
    assert where(d) == ("S003", "measures/M2.yaml", 4, 11)


@pytest.mark.parametrize("value", ["!!int abc", "!!float x", "!!timestamp 2025-13-01", "!!null x"])
def test_explicit_scalar_tags_with_odd_text_are_findings(tmp_path: Path, value: str) -> None:
    found = load(
        tmp_path, measure(f"id: M2\ntitle: T\nfield: F1\nduration: 1 month\ncost: {value}\n")
    )
    assert [(d.code, d.location.line) for d in found] in ([("S003", 5)], [("Y001", 5)], [])


@pytest.mark.parametrize("value", ["!!timestamp 2025", "!!bool maybe", "!!int ''", "!!float ''"])
def test_explicit_scalar_tags_never_crash(tmp_path: Path, value: str) -> None:
    found = load(
        tmp_path, measure(f"id: M2\ntitle: T\nfield: F1\nduration: 1 month\ncost: {value}\n")
    )
    assert [d.location.line for d in found] == [5]


# ---------------------------------------------------------------- property: never a crash

_TOKENS = [
    "id", "title", "field", "duration", "goals", "depends_on", "status", "started", ":", ": ",
    "\n", "\n  ", "\n- ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "'", '"', "#", "~", "1",
    "-1", "2025-01-06", "2020-13-01", "3 months", "1e400", ".nan", "yes", "|", ">", "? ", "---",
    "...", "%", "@", "`", "\t", "\\", "\r", "ä", "\u2028", "\ufeff", "\x85", "\x1b", "<<: ",
    "!x ", "!!str ", "!!null ", "a: &a\n  b: *a",
]  # fmt: skip


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_any_token_soup_is_a_finding_or_a_value(parts: list[str]) -> None:
    """parse + validate either succeed or raise YamlFailure; nothing else escapes."""
    text = "".join(parts)
    try:
        data, smap = parse(text, "measures/X.yaml")
    except YamlFailure as failure:
        assert failure.problem.code in {"Y001", "Y002"}
        return
    for model in (Measure, Strategy):
        _, problems = validate(model, data, smap)
        for d in problems:
            assert d.location.line is None or d.location.line >= 1
