"""The built-in legal catalog rests on primary sources: the statute or regulation as
officially published, checked on a date; commentary only as secondary reading."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from egovkit.load.repo import builtin_legal

#: Official publication of federal, EU and Land law.
PRIMARY_HOSTS = {
    "www.gesetze-im-internet.de",
    "www.recht.bund.de",
    "eur-lex.europa.eu",
    "justiz-nrw.wolterskluwer-online.de",  # Justizportal NRW, Landesrecht
    "recht.nrw.de",
    "www.gesetze-bayern.de",
    "www.landesrecht-bw.de",
}
CATALOG = [item.model for item in builtin_legal()]


@pytest.mark.parametrize("basis", CATALOG, ids=lambda b: b.id)
def test_every_legal_entry_rests_on_a_primary_source(basis) -> None:
    assert urlsplit(basis.source).scheme == "https"
    assert urlsplit(basis.source).hostname in PRIMARY_HOSTS, basis.source
    assert all(
        urlsplit(url).hostname not in PRIMARY_HOSTS or url != basis.source
        for url in basis.secondary
    )
    assert dt.date(2020, 1, 1) <= basis.as_of <= dt.date(2026, 12, 31)


@pytest.mark.parametrize("basis", CATALOG, ids=lambda b: b.id)
def test_uncertain_binding_effect_is_said_and_kept_out_of_the_requirement(basis) -> None:
    assert "prüfen" not in basis.requires and "Sekundär" not in basis.requires
    if basis.certainty != "certain":
        assert basis.certainty_note and len(basis.certainty_note) > 40


def test_the_catalog_says_where_it_is_uncertain() -> None:
    assert {b.id for b in CATALOG if b.certainty == "uncertain"} == {"EGOVG-NRW-7"}


def test_docs_list_every_entry_with_its_primary_source() -> None:
    from conftest import PROJECT

    text = (PROJECT / "docs" / "legal.md").read_text("utf-8")
    for basis in CATALOG:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{basis.id}`")), "")
        assert f"]({basis.source})" in row and str(basis.as_of) in row, basis.id
