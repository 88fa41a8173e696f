"""Load the rendered HTML in headless Chromium: no console errors, expected headings, a screenshot.

Skipped when Chromium is not installed (CI installs it: ``apt-get install chromium``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT

from egovkit.output import write_tree
from egovkit.render import Locale, render_plan

EXAMPLE = PROJECT / "examples" / "mettmann"


def _chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM = _chromium()
#: .ci/run sets this: in CI the browser tests must run, never skip.
REQUIRED = bool(os.environ.get("EGOVKIT_REQUIRE_BROWSER"))
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="Chromium not found: install it with `apt-get install chromium` to run browser tests",
)


def test_chromium_is_installed():
    assert CHROMIUM is not None, "Chromium is required here: apt-get install chromium"


def _plan():
    if (EXAMPLE / "strategy.yaml").is_file():
        from egovkit.load.repo import load_workspace
        from egovkit.plan.schedule import build_plan

        ws = load_workspace(EXAMPLE)
        return ws, build_plan(ws)
    from test_render import make_case

    return make_case(PROJECT)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    ws, plan = _plan()
    out = tmp_path_factory.mktemp("site") / "out"
    files = render_plan(ws, plan, Locale.for_language("de"), ["md", "html"])
    write_tree(out, files, replace=True)
    return out


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
        *args,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _page_errors(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line
    ]


def _load(page: Path, tmp_path: Path) -> str:
    result = _run(["--dump-dom", page.as_uri()], tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    assert _page_errors(result.stderr) == []
    return result.stdout


def test_index_loads_without_errors(site: Path, tmp_path: Path):
    dom = _load(site / "index.html", tmp_path)
    assert dom.count("<h1") == 1
    for heading in (
        "Überblick", "Zeitplan", "Abhängigkeiten", "Maßnahmen nach Handlungsfeld",
        "Kritischer Pfad", "Rechtliche Verpflichtungen und Fristen", "Umsetzungsorganisation",
        "Projektsteckbriefe",
    ):  # fmt: skip
        assert re.search(rf"<h2[^>]*>{heading}</h2>", dom), heading
    assert dom.count('role="img"') >= 2  # Gantt and dependency graph, parsed as SVG


def test_profile_page_loads_without_errors(site: Path, tmp_path: Path):
    page = sorted((site / "profiles").glob("*.html"))[0]
    dom = _load(page, tmp_path)
    assert dom.count("<h1") == 1
    assert re.search(r"<h2[^>]*>Steckbrief</h2>", dom)
    assert 'href="../index.html"' in dom


def test_screenshot(site: Path, tmp_path: Path):
    shot = tmp_path / "index.png"
    result = _run(
        ["--hide-scrollbars", f"--screenshot={shot}", "--window-size=1400,2000",
         (site / "index.html").as_uri()],
        tmp_path / "profile",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert _page_errors(result.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
