"""The catalog of standard measures (egovkit/data/catalog.yaml), `egovkit catalog` and
`measure new --from-catalog`.

The data is checked like code: every entry names https sources and the date it was checked,
its legal ids exist in the built-in legal catalog, its prerequisites exist and form no cycle,
its ids are valid, and what it claims about cost rests on a named source.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import pytest
from conftest import make_repo, read_tree
from pydantic import ValidationError
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.load.catalog import builtin_catalog, suggest
from egovkit.load.repo import builtin_legal
from egovkit.load.yaml import parse
from egovkit.model import Obligation
from egovkit.model.catalog import Catalog, prerequisite_cycle, working_days
from egovkit.model.types import ID_PATTERN
from egovkit.pipeline import check

CATALOG = builtin_catalog()
ENTRIES = CATALOG.measures
HTTPS = re.compile(r"^https://[^\s/]+\.[^\s/]+")


def _raw() -> dict:
    text = resources.files("egovkit.data").joinpath("catalog.yaml").read_text("utf-8")
    return parse(text, "catalog.yaml")[0]


def _urls(entry) -> list[str]:
    urls = [*entry.source, *entry.duration.source]
    for extra in (entry.cost, entry.effort):
        if extra is not None:
            urls += extra.source
    return urls


# ------------------------------------------------------------------ the data


def test_the_catalog_is_versioned_and_dated() -> None:
    raw = _raw()
    assert isinstance(raw["version"], int) and raw["version"] >= 1
    assert isinstance(raw["as_of"], dt.date)
    assert 25 <= len(ENTRIES) <= 40


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_entry_names_https_sources_and_the_date_it_was_checked(entry) -> None:
    assert entry.source, f"{entry.id}: no source"
    for url in _urls(entry):
        assert HTTPS.match(url), f"{entry.id}: {url} is not an https address"
    raw = next(m for m in _raw()["measures"] if m["id"] == entry.id)
    assert isinstance(raw["as_of"], dt.date), f"{entry.id}: as_of is not a date"
    assert entry.as_of <= CATALOG.as_of, f"{entry.id}: checked after the catalog's date"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_entry_is_complete_and_consistent(entry) -> None:
    assert re.match(ID_PATTERN, entry.id)
    assert entry.title and entry.title_en and len(entry.description) > 40
    assert entry.field in CATALOG.field_by_id()
    low, mid, high = (working_days(d) for d in (entry.duration.min, entry.duration.typical,
                                                 entry.duration.max))  # fmt: skip
    assert 0 < low <= mid <= high
    if entry.obligation is Obligation.required:
        assert entry.legal, f"{entry.id}: a required measure needs a legal basis (L001)"
    if entry.cost is not None:
        assert entry.cost.source and entry.cost.note


def test_ids_are_unique_ignoring_case() -> None:
    folded = [e.id.casefold() for e in ENTRIES]
    assert len(folded) == len(set(folded))


def test_legal_ids_exist_in_the_legal_catalog() -> None:
    legal = {item.model.id for item in builtin_legal()}
    for entry in ENTRIES:
        assert set(entry.legal) <= legal, f"{entry.id}: {set(entry.legal) - legal}"


def test_prerequisites_exist_and_form_no_cycle() -> None:
    ids = {e.id for e in ENTRIES}
    for entry in ENTRIES:
        assert set(entry.prerequisites) <= ids, f"{entry.id}: {set(entry.prerequisites) - ids}"
        assert entry.id not in entry.prerequisites
    assert prerequisite_cycle(CATALOG) is None


def test_the_orders_the_brief_names_hold() -> None:
    needs = {e.id: set(e.prerequisites) for e in ENTRIES}
    assert "serviceportal" in needs["epayment"]
    assert {"aktenplan", "posteingang", "isms"} <= needs["dms-eakte"]
    assert "aktenplan" in needs["posteingang"]


def test_the_model_refuses_a_cycle_an_unknown_prerequisite_and_a_bad_range() -> None:
    base = CATALOG.model_dump(mode="json")

    def with_measures(*changes: dict) -> dict:
        data = {**base, "measures": [dict(m) for m in base["measures"]]}
        for change in changes:
            target = next(m for m in data["measures"] if m["id"] == change["id"])
            target.update(change)
        return data

    cases = [
        with_measures({"id": "aktenplan", "prerequisites": ["dms-eakte"]}),  # a cycle
        with_measures({"id": "aktenplan", "prerequisites": ["gibt-es-nicht"]}),
        with_measures({"id": "aktenplan", "field": "gibt-es-nicht"}),
        with_measures({"id": "aktenplan", "source": []}),
        with_measures({"id": "aktenplan",
                       "duration": {"min": "9 months", "typical": "3 months", "max": "12 months"}}),
    ]  # fmt: skip
    for data in cases:
        with pytest.raises(ValidationError):
            Catalog.model_validate(data)
    assert Catalog.model_validate(base) == CATALOG


def test_an_unknown_id_gets_the_closest_ids_as_a_hint() -> None:
    assert "'dms-eakte'" in suggest("e-akte")
    assert "egovkit catalog list" in suggest("zzzz")


# ------------------------------------------------------------------ egovkit catalog


def test_catalog_list_in_both_languages_and_filtered(runner: CliRunner) -> None:
    en = runner.invoke(app, ["catalog", "list"], env={"COLUMNS": "140"})
    assert en.exit_code == 0, en.output
    assert "Service portal in the portal network" in en.output and "33 measures" in en.output
    de = runner.invoke(app, ["catalog", "list", "--lang", "de", "--obligation", "required"])
    assert de.exit_code == 0, de.output
    required = [e for e in ENTRIES if e.obligation is Obligation.required]
    assert f"{len(required)} Maßnahmen" in de.output
    assert "Serviceportal im Portalverbund" in de.output and "aktenplan" not in de.output
    field = runner.invoke(app, ["catalog", "list", "--field", "akte"])
    assert field.exit_code == 0 and "dms-eakte" in field.output and "epayment" not in field.output


def test_catalog_show_and_an_unknown_id(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["catalog", "show", "epayment", "--lang", "de"])
    assert shown.exit_code == 0, shown.output
    for part in ("ePayment in Online-Diensten", "EGOVG-NRW-7", "serviceportal", "1.507",
                 "https://www.baykommun.bayern", "--from-catalog epayment"):  # fmt: skip
        assert part in shown.output, part
    unknown = runner.invoke(app, ["catalog", "show", "e-akte"])
    assert unknown.exit_code == 2
    assert "did you mean 'dms-eakte'" in unknown.output
    assert "Traceback" not in unknown.output
    bad = runner.invoke(app, ["catalog", "list", "--field", "nope"])
    assert bad.exit_code == 2 and "known:" in bad.output


# ------------------------------------------------------------------ measure new --from-catalog

CATALOG_STRATEGY = """\
municipality: {name: Stadt Musterstadt, kind: stadt, state: NW}
title: Strategie
horizon: {start: 2026-01-01, end: 2031-12-31}
fields:
  - {id: akte, title: Akte}
  - {id: services, title: Services}
planning: {start: 2026-01-05, status_date: 2026-01-05}
"""
AKTENPLAN = """\
id: plan
title: Aktenplan
field: akte
from_catalog: aktenplan
duration: 6 months
status: planned
"""


@pytest.fixture
def catalog_repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "repo",
        {
            "strategy.yaml": CATALOG_STRATEGY,
            "measures/M1.yaml": None,
            "measures/plan.yaml": AKTENPLAN,
        },
    )


def test_measure_new_from_catalog_copies_the_entry_and_links_what_exists(
    runner: CliRunner, catalog_repo: Path
) -> None:
    result = runner.invoke(
        app, ["measure", "new", "posteingang", str(catalog_repo), "--from-catalog", "posteingang"]
    )
    assert result.exit_code == 0, result.output
    data = parse((catalog_repo / "measures/posteingang.yaml").read_text("utf-8"), "-")[0]
    entry = CATALOG.by_id()["posteingang"]
    assert data == {
        "id": "posteingang",
        "title": entry.title,
        "field": "akte",
        "from_catalog": "posteingang",
        "obligation": "voluntary",
        "depends_on": ["plan"],
        "duration": "7 months",
        "status": "planned",
        "description": entry.description,
    }
    assert [d.code for d in check(catalog_repo).diagnostics] == ["C004"]  # services is empty


def test_measure_new_from_catalog_warns_of_missing_prerequisites_and_keeps_the_land(
    runner: CliRunner, catalog_repo: Path
) -> None:
    result = runner.invoke(
        app,
        ["measure", "new", "dms", str(catalog_repo), "--from-catalog", "dms-eakte",
         "--title", "E-Akte für alle", "--duration", "30 months"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for missing in ("posteingang", "isms", "it-basis", "datenschutz-org", "dienstvereinbarung"):
        assert re.search(rf"C008 .*'{missing}'", result.output), missing
    data = parse((catalog_repo / "measures/dms.yaml").read_text("utf-8"), "-")[0]
    assert data["title"] == "E-Akte für alle" and data["duration"] == "30 months"
    assert data["legal"] == ["EGOVG-NRW-9"] and data["depends_on"] == ["plan"]


def test_measure_new_from_catalog_refusals_write_nothing(
    runner: CliRunner, catalog_repo: Path
) -> None:
    before = read_tree(catalog_repo)
    cases = [
        (["--from-catalog", "e-akte"], "did you mean 'dms-eakte'"),
        (["--from-catalog", "isms"], "--field is needed"),  # the catalog's field is not here
        (["--from-catalog", "servicekonto"], "--deadline"),  # required, no legal deadline
    ]
    for options, hint in cases:
        result = runner.invoke(app, ["measure", "new", "neu", str(catalog_repo), *options])
        assert result.exit_code == 2, result.output
        assert hint in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["measure", "new", "neu", str(catalog_repo), "--field", "akte"])
    assert missing.exit_code == 2 and "--title is required" in missing.output
    assert read_tree(catalog_repo) == before


def test_measure_new_from_catalog_with_an_own_deadline_and_another_lands_law(
    runner: CliRunner, tmp_path: Path
) -> None:
    bavarian = CATALOG_STRATEGY.replace("state: NW", "state: BY")
    repo = make_repo(tmp_path / "by", {"strategy.yaml": bavarian, "measures/M1.yaml": None})
    konto = runner.invoke(
        app,
        ["measure", "new", "konto", str(repo), "--from-catalog", "servicekonto",
         "--field", "services", "--deadline", "31.12.2027"],
    )  # fmt: skip
    assert konto.exit_code == 0, konto.output
    data = parse((repo / "measures/konto.yaml").read_text("utf-8"), "-")[0]
    assert data["deadline"] == dt.date(2027, 12, 31) and data["obligation"] == "required"
    web = runner.invoke(
        app,
        ["measure", "new", "web", str(repo), "--from-catalog", "website-barrierefrei",
         "--field", "services"],
    )  # fmt: skip
    assert web.exit_code == 0, web.output
    assert "written as standard" in web.output  # BITV NRW does not bind Bavaria
    data = parse((repo / "measures/web.yaml").read_text("utf-8"), "-")[0]
    assert data["obligation"] == "standard" and "legal" not in data
    assert not [d for d in check(repo).diagnostics if d.severity.value == "error"]
