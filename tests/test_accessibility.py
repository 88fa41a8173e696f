"""Every generated page passes axe-core's WCAG 2.1 A and AA rules, in German and English.

Each page of both examples (``index.html`` and every profile page) is loaded in one headless
Chromium (tests/cdp.py) from ``file://``; axe-core (the npm package pinned in
tests/a11y/package.json, installed by ``.ci/run`` with ``npm ci``) is injected and run.
Any violation fails the test with its rule, impact, help text and the offending elements.

Skipped only outside CI when Chromium or axe-core is missing; ``.ci/run`` sets
``EGOVKIT_REQUIRE_BROWSER=1``, and then a missing piece fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import Browser, chromium_path
from conftest import PROJECT, TESTS
from typer.testing import CliRunner

from egovkit.cli import app

AXE = TESTS / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
EXAMPLES = sorted(p.parent.name for p in (PROJECT / "examples").glob("*/strategy.yaml"))
LANGS = ("de", "en")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REQUIRED = bool(os.environ.get("EGOVKIT_REQUIRE_BROWSER"))
MISSING = [
    *(["Chromium (apt-get install chromium)"] if chromium_path() is None else []),
    *(["axe-core (cd tests/a11y && npm ci)"] if not AXE.is_file() else []),
    *(["websocket-client (pip install -e '.[test]')"]
      if importlib.util.find_spec("websocket") is None else []),
]  # fmt: skip
pytestmark = pytest.mark.skipif(
    bool(MISSING) and not REQUIRED, reason=f"not installed: {', '.join(MISSING)}"
)


def test_browser_and_axe_are_installed():
    assert not MISSING, f"required here: {', '.join(MISSING)}"


@pytest.fixture(scope="session")
def sites(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every example built in every language, outside the example folders."""
    root = tmp_path_factory.mktemp("a11y")
    out = {}
    for example in EXAMPLES:
        for lang in LANGS:
            target = root / f"{example}-{lang}"
            result = CliRunner().invoke(
                app,
                ["plan", "build", str(PROJECT / "examples" / example), "-o", str(target),
                 "--lang", lang],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            out[example, lang] = target
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        b.set_width(1024)
        yield b


def _pages(example: str) -> list[str]:
    """Pages of an example's site, from the example's profile files (stable test ids)."""
    profiles = sorted(p.stem for p in (PROJECT / "examples" / example / "profiles").glob("*.md"))
    return ["index.html", *(f"profiles/{pid}.html" for pid in profiles)]


def test_every_generated_page_is_checked(sites):
    for (example, _lang), site in sites.items():
        built = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
        assert built == sorted(_pages(example))


CASES = [(ex, lang, page) for ex in EXAMPLES for lang in LANGS for page in _pages(ex)]


def _readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize(("example", "lang", "page"), CASES, ids=["/".join(c) for c in CASES])
def test_page_has_no_axe_violations(sites, browser: Browser, example, lang, page):
    _check(sites[example, lang] / page, browser, example, lang, page)


@pytest.mark.parametrize(("example", "lang"), [(ex, lang) for ex in EXAMPLES for lang in LANGS])
def test_overview_on_a_phone_has_no_axe_violations(sites, browser: Browser, example, lang):
    """On a phone the charts scroll in their boxes: those must stay reachable too."""
    browser.set_width(390, 844, mobile=True)
    try:
        _check(sites[example, lang] / "index.html", browser, example, lang, "index.html (390 px)")
    finally:
        browser.set_width(1024)


def _check(path: Path, browser: Browser, example: str, lang: str, page: str) -> None:
    assert path.is_file(), f"{page} was not generated"
    browser.open(path.as_uri())
    assert browser.evaluate("document.documentElement.lang") == lang
    browser.evaluate(AXE.read_text("utf-8"))
    options = json.dumps(
        {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    )
    result = browser.evaluate(f"axe.run(document, {options})", await_promise=True)
    violations = result["violations"]
    assert violations == [], f"{example} {lang} {page}:\n{_readable(violations)}"
    # Offline and self-contained: nothing but the page itself was requested.
    assert [u for u in browser.requests if not u.startswith(("file:", "data:"))] == []
    assert browser.console_errors == []


def test_user_text_is_marked_german_on_english_pages(sites, browser: Browser):
    """Titles and descriptions come from the German YAML: on an English page they carry
    lang="de", so screen readers pronounce them as German; German pages need no marks."""
    site = sites["mettmann", "en"]
    browser.open((site / "index.html").as_uri())
    marked = browser.evaluate(
        "[...document.querySelectorAll('h1, #gantt a text, #depgraph a text:last-of-type, "
        "table.measures th.title > span:first-child, .leitbild')]"
        ".map(e => e.closest('[lang]').getAttribute('lang'))"
    )
    assert marked and set(marked) == {"de"}
    german = (sites["mettmann", "de"] / "index.html").read_text("utf-8")
    assert german.count('lang="de"') == 1  # <html lang="de"> only


@pytest.fixture(scope="session")
def other_pages(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The portfolio dashboard, the questionnaire and a Sachstandsbericht, in both languages."""
    import importlib.util

    root = tmp_path_factory.mktemp("a11y-other")
    spec = importlib.util.spec_from_file_location(
        "make_history", PROJECT / "examples" / "make_history.py"
    )
    history = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(history)
    demo = history.build(root / "bg-history")
    krz = str(PROJECT / "examples" / "krz-verband")
    out = {}
    for lang in LANGS:
        for name, args in (
            ("portfolio.html", ["portfolio", "report", krz, "--format", "html"]),
            ("questionnaire.html", ["assess", "questionnaire", "--format", "html"]),
            (
                "report.html",
                ["report", "status", str(demo), "--since", "beschluss-2021", "--format", "html"],
            ),
        ):
            target = root / f"{name}-{lang}"
            result = CliRunner().invoke(app, [*args, "-o", str(target), "--lang", lang])
            assert result.exit_code == 0, result.output
            out[name, lang] = target / name
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["portfolio.html", "questionnaire.html", "report.html"])
def test_reports_and_forms_have_no_axe_violations(other_pages, browser: Browser, page, lang):
    _check(other_pages[page, lang], browser, "reports", lang, page)
