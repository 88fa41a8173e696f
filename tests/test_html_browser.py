"""Load the rendered HTML in headless Chromium: no console errors, expected headings, a
screenshot, and the layout: charts fit a 1024-pixel page, on a phone only the charts scroll
and their labels fit where they are drawn (with the real fonts, not the estimated widths).

Skipped when Chromium is not installed (CI installs it: ``apt-get install chromium``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cdp import Browser
from conftest import PROJECT, texts

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
    files = texts(render_plan(ws, plan, Locale.for_language("de"), ["md", "html"]))
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
    # architecture picture, Gantt and dependency graph, parsed as SVG: groups of links, not
    # images (the organigram has no links: an image)
    assert dom.count('class="chart fit" role="group"') == 3


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


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as b:
        yield b


#: Page width, document width, and (scroll width, visible width, right edge, drawn width of the
#: chart) of each chart box.
LAYOUT = """(() => [document.documentElement.clientWidth, document.documentElement.scrollWidth,
  [...document.querySelectorAll('.scroll:has(svg)')].map(box => [box.scrollWidth, box.clientWidth,
   box.getBoundingClientRect().right, box.querySelector('svg').getBoundingClientRect().width])])()"""


def test_charts_fit_a_1024_pixel_page(site: Path, browser: Browser):
    browser.set_width(1024)
    browser.open((site / "index.html").as_uri())
    page, document, boxes = browser.evaluate(LAYOUT)
    assert document <= page  # no horizontal scrolling
    # architecture picture, Gantt and dependency graph, each in its scroll box
    assert len(boxes) == 3 and all(scroll <= visible for scroll, visible, *_ in boxes)


def test_on_a_phone_the_charts_scroll_in_their_box(site: Path, browser: Browser):
    browser.set_width(390, 844, mobile=True)
    for page in (site / "index.html", sorted((site / "profiles").glob("*.html"))[0]):
        browser.open(page.as_uri())
        width, _, boxes = browser.evaluate(LAYOUT)
        for scroll, visible, right, drawn in boxes:
            assert right <= width, page.name  # the box stays on the screen …
            assert scroll > visible  # … the chart scrolls inside it …
            assert drawn >= 700  # … at its full size, so its text stays legible


#: For every linked label: its drawn width and the room it has (Gantt: up to the obligation
#: letter's column; dependency graph: inside its box).
LABEL_ROOM = """(() => {
  const gantt = [...document.querySelectorAll('#gantt a')].map(a => {
    const box = a.getBBox(), letter = a.nextElementSibling;
    return [a.textContent, box.x + box.width, letter.x.baseVal[0].value - 11];
  });
  const graph = [...document.querySelectorAll('#depgraph a')].map(a => {
    const rect = a.querySelector('rect').getBBox(), texts = a.querySelectorAll('text');
    const title = texts[texts.length - 1].getBBox();
    return [a.textContent, title.x + title.width, rect.x + rect.width,
            title.y + title.height, rect.y + rect.height];
  });
  return [gantt, graph];
})()"""


def test_every_title_is_drawn_whole_inside_its_room(site: Path, browser: Browser):
    browser.set_width(1024)
    browser.open((site / "index.html").as_uri())
    gantt, graph = browser.evaluate(LABEL_ROOM)
    assert gantt and graph
    for text, right, room in gantt:
        assert right <= room + 0.5, f"Gantt label too wide: {text}"
        assert "…" not in text
    for text, right, room, bottom, floor in graph:
        assert right <= room + 0.5 and bottom <= floor + 0.5, f"graph label too big: {text}"
