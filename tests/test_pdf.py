"""The council handout: `plan build --format pdf` (WeasyPrint), read back with pypdf.

Mettmann's plan is built once per module; each test reads the same bytes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, make_repo, measure_yaml, strategy_yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.render.locale import Locale

METTMANN = PROJECT / "examples" / "mettmann"
#: The label of an id in German (Locale "de"), printed under each Steckbrief's heading.
LABEL_ID = Locale.for_language("de").labels["id"]
PAGE = re.compile(r"Seite (\d+) von (\d+)")
#: The running header of every page (title and municipality), without spaces.
HEADER = re.sub(
    r"[\s\u2010\u00ad-]",
    "",
    "Arbeitsplan E-Government 2020–2022 (Umsetzungs- und Projektmanagementplan)Kreisstadt Mettmann",
)
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.\s*)+(?P<page>\d+)$")


def _build(repo: Path, out: Path, *extra: str):
    return CliRunner().invoke(
        app, ["plan", "build", str(repo), "-o", str(out), "--format", "pdf", *extra]
    )


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, PdfReader]:
    out = tmp_path_factory.mktemp("handout")
    result = _build(METTMANN, out)
    assert result.exit_code == 0, result.output
    data = (out / "plan.pdf").read_bytes()
    return data, PdfReader(out / "plan.pdf")


def _texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def _flat(text: str) -> str:
    """Text without whitespace and hyphenation marks, to compare across line breaks."""
    return re.sub(r"[\s\u2010\u00ad-]", "", text)


def test_every_page_says_page_x_of_y(handout) -> None:
    _, reader = handout
    texts = _texts(reader)
    numbers = [PAGE.search(t) for t in texts]
    assert all(numbers), [n for n, m in enumerate(numbers, 1) if not m]
    assert [int(m.group(1)) for m in numbers] == list(range(1, len(texts) + 1))
    assert {int(m.group(2)) for m in numbers} == {len(texts)}


def test_cover_names_municipality_title_and_status_date(handout) -> None:
    cover = _texts(handout[1])[0]
    assert "Kreisstadt Mettmann" in cover
    assert "Arbeitsplan E-Government" in cover
    assert "Stand" in cover and "08.09.2020" in cover


def _toc(texts: list[str]) -> list[tuple[str, int]]:
    page = next(t for t in texts if "Inhaltsverzeichnis" in t)
    entries = []
    pending = ""
    for line in page.splitlines():
        m = TOC_LINE.match((pending + " " + line).strip())
        if m:
            entries.append((m.group("title"), int(m.group("page"))))
            pending = ""
        elif line.strip() and not line.startswith(("Inhaltsverzeichnis", "Seite ")):
            pending = (pending + " " + line).strip()  # an entry wrapped over two lines
    return entries


def test_table_of_contents_page_numbers_match_the_pages(handout) -> None:
    texts = _texts(handout[1])
    entries = _toc(texts)
    titles = [title for title, _ in entries]
    for wanted in (
        "Management-Zusammenfassung",
        "Beschlussvorschlag",
        "Zeitplan",
        "Verantwortlichkeiten (RACI)",
        "Umsetzungsorganisation (Organigramm)",
        "Risikoregister",
        "Kosten und Finanzierung nach Haushaltsjahr",
    ):
        assert wanted in titles, titles
    assert len(entries) >= 30  # the sections and all 19 Steckbriefe
    first_profile = min(p.stem for p in (METTMANN / "profiles").glob("*.md"))
    t_id = LABEL_ID
    for title, page in entries:
        # the heading is on that page, below the running header, above "Seite X von Y"
        body = _flat(PAGE.sub("", texts[page - 1])).replace(HEADER, "")
        if title == "Projektsteckbriefe":  # the group entry points at the first Steckbrief
            title = f"{t_id}: {first_profile}"
        assert _flat(title)[:40] in body, (title, page)


def test_each_of_the_19_steckbriefe_starts_a_page(handout) -> None:
    texts = _texts(handout[1])
    ids = sorted(p.stem for p in (METTMANN / "profiles").glob("*.md"))
    assert len(ids) == 19
    starts = {}
    for n, text in enumerate(texts, 1):
        # "Projektsteckbrief: <title>", then "<Kennung>: <id>" (no ids in council headings)
        if re.search(r"^Projektsteckbrief: ", text, re.MULTILINE):
            m = re.search(rf"^{LABEL_ID}: (\S+)$", text, re.MULTILINE)
            assert m, text[:200]
            starts[m.group(1)] = n
    assert sorted(starts) == ids
    assert len(set(starts.values())) == 19
    # one page each: the next Steckbrief starts on the very next page
    pages = sorted(starts.values())
    assert pages == list(range(pages[0], pages[0] + 19))


def test_gantt_fits_one_landscape_page(handout) -> None:
    _, reader = handout
    texts = _texts(reader)
    n = next(i for i, t in enumerate(texts) if "Zeitplan" in t.splitlines())
    page = reader.pages[n]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert "Legende" in texts[n]  # the chart's legend, its last part, is on the same page
    assert "Zeitplan" not in texts[n + 1].splitlines()


def test_handout_holds_every_arbeitsplan_part(handout) -> None:
    text = "\n".join(_texts(handout[1]))
    for part in (
        "Entscheidungsbedarf",
        "Der Verwaltungsausschuss nimmt den",  # the resolution kept in strategy.yaml
        "E-Government-Architektur",
        "Risikomatrix",
        "Gesamtkosten",
        "Eigenanteil",
        "Personalaufwand",
        "Berichtswesen und Gremienzyklus",
        "Rechtsgrundlagen und Quellen",
    ):
        assert part in text, part


def test_pdf_is_tagged_for_pdf_ua(handout) -> None:
    _, reader = handout
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "de"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert "Kreisstadt Mettmann" in reader.metadata["/Title"]
    kinds: dict[str, int] = {}
    figures_without_alt = []

    def walk(node, depth=0):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child, depth)
            return
        if not hasattr(node, "get"):
            return
        kind = node.get("/S")
        if kind:
            kinds[kind] = kinds.get(kind, 0) + 1
            if kind == "/Figure" and "/Alt" not in node:
                figures_without_alt.append(node)
        if node.get("/K") is not None and depth < 80:
            walk(node["/K"], depth + 1)

    walk(root["/StructTreeRoot"]["/K"])
    assert kinds.get("/H1") == 1 and kinds.get("/H2", 0) >= 19 + 10
    assert kinds.get("/Table", 0) >= 10 and kinds.get("/TH", 0) > 100
    assert kinds.get("/Figure", 0) >= 3 and not figures_without_alt
    assert all(page.get("/Tabs") == "/S" for page in reader.pages)
    assert len(reader.outline) >= 1  # bookmarks


def test_two_builds_are_byte_identical(handout, tmp_path: Path) -> None:
    again = _build(METTMANN, tmp_path / "again")
    assert again.exit_code == 0, again.output
    assert (tmp_path / "again" / "plan.pdf").read_bytes() == handout[0]
    assert (
        PdfReader(tmp_path / "again" / "plan.pdf").metadata["/CreationDate"] == "D:20200908000000Z"
    )


def test_english_handout(tmp_path: Path) -> None:
    result = _build(METTMANN, tmp_path, "--lang", "en")
    assert result.exit_code == 0, result.output
    texts = _texts(PdfReader(tmp_path / "plan.pdf"))
    assert all(re.search(r"Page \d+ of \d+", t) for t in texts)
    assert "Management summary" in "\n".join(texts)


def test_without_weasyprint_one_line_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails like a missing package
    result = _build(METTMANN, tmp_path / "out")
    assert result.exit_code == 2
    assert "egovkit[pdf]" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_repository_text_cannot_make_the_pdf_read_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-4711", "utf-8")
    body = (
        f"![geheim](file://{secret})\n\n[link](file://{secret})\n\n"
        '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css">\n'
    )
    repo = make_repo(
        tmp_path / "repo",
        {
            "strategy.yaml": strategy_yaml(),
            "measures/M1.yaml": measure_yaml("M1"),
            "profiles/P1.md": f"---\nid: P1\ntitle: Projekt\nmeasures: [M1]\n---\n{body}",
        },
    )
    result = _build(repo, tmp_path / "out")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "out" / "plan.pdf").read_bytes()
    text = "\n".join(_texts(PdfReader(tmp_path / "out" / "plan.pdf")))
    assert b"TOPSECRET" not in data and "TOPSECRET" not in text
    assert "root:x:" not in text


def test_a_plan_too_large_for_a_handout_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from egovkit.render import pdf

    monkeypatch.setattr(pdf, "MAX_MEASURES", 2)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # never reached
    files = {f"measures/M{n}.yaml": measure_yaml(f"M{n}") for n in range(3)}
    repo = make_repo(
        tmp_path / "repo",
        {"strategy.yaml": strategy_yaml(), **files, "measures/M1.yaml": measure_yaml("M1")},
    )
    result = _build(repo, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "more than the 2 a council handout holds" in result.stderr
    assert not (tmp_path / "out").exists()
