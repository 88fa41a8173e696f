"""The rule fixture corpus in tests/rules/, and the rule docs in docs/rules.md.

Each folder ``tests/rules/<CODE>-<name>[-variant]/`` holds one to three files that are laid
over ``tests/rules/_base/`` (a minimal valid repository) in a temporary folder, which is then
checked. A line that must produce a finding carries ``# expect: CODE`` (or ``<!-- expect:
CODE -->`` in Markdown), several codes separated by commas. Findings without a line, or on a
line that cannot carry a comment, are listed in ``expect.txt`` as ``path[:line] CODE``.
Folders named ``correct-<slug>/`` must yield no finding at all. ``README.md`` and
``expect.txt`` at the top of a fixture describe it and are not copied.

Try one by hand::

    cp -r tests/rules/_base /tmp/x && cp -r tests/rules/R005-unknown-dependency/. /tmp/x
    egovkit check /tmp/x
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import BASE_REPO, PROJECT, TESTS

from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.formats import sarif
from egovkit.pipeline import check

RULES_DIR = TESTS / "rules"
DOCS = PROJECT / "docs" / "rules.md"
#: D001's severity depends on the measure's obligation (error if required, else warning).
SEVERITY_VARIES = {"D001"}
META = {"README.md", "expect.txt"}
#: A fixed re-planning date, so no finding depends on the day the tests run.
TODAY = dt.date(2025, 1, 6)

_RULE_DIR = re.compile(r"^(?P<code>[A-Z]\d{3})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
_CORRECT_DIR = re.compile(r"^correct-[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODES = r"[A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*"
_INLINE = re.compile(rf"(?:#|<!--)\s*expect:\s*(?P<codes>{_CODES})")
_LISTED = re.compile(rf"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?\s+(?P<codes>{_CODES})$")

Finding = tuple[str, int | None, str]


def _fixtures() -> list[Path]:
    return sorted(p for p in RULES_DIR.iterdir() if p.is_dir() and p.name != "_base")


def _overlay(fixture: Path) -> list[Path]:
    return sorted(
        p
        for p in fixture.rglob("*")
        if (p.is_file() or p.is_symlink()) and not (p.parent == fixture and p.name in META)
    )


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",")]


def expected(fixture: Path) -> set[Finding]:
    """The (path, line, code) set a fixture declares, from inline comments and expect.txt."""
    out: set[Finding] = set()
    for path in _overlay(fixture):
        rel = path.relative_to(fixture).as_posix()
        if path.is_symlink():  # its target is not part of the fixture
            continue
        # Split on b"\n" as egovkit counts lines; undecodable bytes are fine in a comment line.
        for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
            for match in _INLINE.finditer(raw.decode("utf-8", errors="replace")):
                out.update((rel, number, code) for code in _codes(match["codes"]))
    listing = fixture / "expect.txt"
    if listing.is_file():
        for raw in listing.read_text("utf-8").splitlines():
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            match = _LISTED.match(text)
            assert match, f"{listing}: cannot parse {raw!r}; write 'path[:line] CODE[, CODE]'"
            line = int(match["line"]) if match["line"] else None
            out.update((match["path"], line, code) for code in _codes(match["codes"]))
    return out


def materialize(fixture: Path, target: Path) -> Path:
    shutil.copytree(BASE_REPO, target)
    for path in _overlay(fixture):
        dest = target / path.relative_to(fixture)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():  # e.g. a link out of the repository (Y007)
            dest.symlink_to(os.readlink(path))
        else:
            shutil.copyfile(path, dest)
    return target


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: p.name)
def test_fixture_yields_exactly_its_expectations(fixture: Path, tmp_path: Path) -> None:
    repo = materialize(fixture, tmp_path / fixture.name)
    want = expected(fixture)
    result = check(repo, today=TODAY)
    got = {(d.location.path, d.location.line, d.code) for d in result.diagnostics}
    detail = "\n".join(f"  {d.location} {d.code} {d.message}" for d in result.diagnostics)
    assert got == want, (
        f"{fixture.name}: missing {sorted(want - got, key=str)}, "
        f"unexpected {sorted(got - want, key=str)}\nall findings:\n{detail}"
    )
    for d in result.diagnostics:
        if d.code not in SEVERITY_VARIES:
            assert d.severity == RULES[d.code].severity, f"{d}: not the rule's default severity"


def test_fixture_folders_are_named_after_their_rule() -> None:
    for fixture in _fixtures():
        if _CORRECT_DIR.match(fixture.name):
            assert not expected(fixture), f"{fixture.name}: a correct case expects findings"
            continue
        match = _RULE_DIR.match(fixture.name)
        assert match, f"{fixture.name}: name it <CODE>-<rule name>[-variant] or correct-<slug>"
        rule = RULES.get(match["code"])
        assert rule, f"{fixture.name}: {match['code']} is not in egovkit/rules/registry.py"
        assert fixture.name.startswith(f"{rule.code}-{rule.name}"), (
            f"{fixture.name}: start the folder name with '{rule.code}-{rule.name}'"
        )
        codes = {code for _, _, code in expected(fixture)}
        assert rule.code in codes, f"{fixture.name}: expects no {rule.code} finding"


def test_every_rule_has_a_fixture() -> None:
    covered = {m["code"] for f in _fixtures() if (m := _RULE_DIR.match(f.name))}
    missing = sorted(set(RULES) - covered)
    assert not missing, f"add a fixture folder under tests/rules/ for {missing}"
    assert len([f for f in _fixtures() if _CORRECT_DIR.match(f.name)]) >= 2


def test_base_repository_is_clean() -> None:
    assert check(BASE_REPO, today=TODAY).diagnostics == []


def test_registry_codes_are_well_formed() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(set(names)) == len(names), "rule names must be unique"
    for code, rule in RULES.items():
        assert code == rule.code
        assert re.fullmatch(r"[YSRGLCPDTIAQ]\d{3}", code), code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.summary.endswith("."), f"{code}: summary should be one sentence"


def test_every_code_used_in_the_source_is_registered() -> None:
    used: dict[str, str] = {}
    for path in sorted((PROJECT / "egovkit").rglob("*.py")):
        for code in re.findall(r"""["']([YSRGLCPDTIAQ]\d{3})["']""", path.read_text("utf-8")):
            used.setdefault(code, path.relative_to(PROJECT).as_posix())
    unknown = {code: where for code, where in used.items() if code not in RULES}
    assert not unknown, f"codes used but not in egovkit/rules/registry.py: {unknown}"


# ---------------------------------------------------------------- docs/rules.md


def _doc_sections() -> dict[str, tuple[str, str]]:
    """code → (rule name in the heading, section text) for every '### CODE name' heading."""
    text = DOCS.read_text("utf-8")
    parts = re.split(r"^### ", text, flags=re.MULTILINE)
    out = {}
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        match = re.fullmatch(r"([A-Z]\d{3}) ([a-z0-9-]+)", heading.strip())
        assert match, f"docs/rules.md: heading '### {heading}' is not '### CODE rule-name'"
        assert match[1] not in out, f"docs/rules.md: {match[1]} documented twice"
        out[match[1]] = (match[2], body.split("\n## ")[0])
    return out


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading (lower case, spaces → '-')."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_docs_describe_every_rule() -> None:
    sections = _doc_sections()
    assert sorted(sections) == sorted(RULES), (
        f"docs/rules.md: missing {sorted(set(RULES) - set(sections))}, "
        f"unknown {sorted(set(sections) - set(RULES))}"
    )
    for code, rule in RULES.items():
        name, body = sections[code]
        assert name == rule.name, f"docs/rules.md: {code} is '{rule.name}', not '{name}'"
        assert f"**Default severity:** {rule.severity.value}" in body, f"{code}: severity line"
        assert rule.summary in body, f"{code}: put the registry summary in its section"
        assert "```" in body, f"{code}: show an example"
        assert "**Fix:**" in body, f"{code}: say how to fix it"


def test_sarif_help_links_point_at_the_docs_headings() -> None:
    import json

    driver = json.loads(sarif.render([]))["runs"][0]["tool"]["driver"]
    for rule in driver["rules"]:
        url, _, anchor = rule["helpUri"].partition("#")
        assert url.endswith("docs/rules.md")
        assert anchor == github_anchor(f"{rule['id']} {rule['name']}")
