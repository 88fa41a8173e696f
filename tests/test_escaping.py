"""One escaping function per output language, and hostile data that tries to get past them.

The hostile repositories are tests/bad-input/inject-*/ (``egovkit check`` must survive them
too, see tests/test_corpus.py):

- ``inject-markdown-mermaid``: legitimate but hostile text (Mermaid directives, ``click``,
  ``%%`` comments, line breaks, ``#`` ``|`` ``-`` ``1.`` at the start of values, images and
  raw HTML in Markdown bodies, an unclosed code fence, terminal escape sequences, ``:x:``).
  It checks clean and builds; the plan must have exactly the structure of a build of the
  same repository with harmless text (:data:`HARMLESS`).
- ``inject-legal-source``: legal bases whose ``source`` is no clean http(s) URL; each one is
  an S003 finding at its line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import TESTS, make_repo, read_tree, write_tree
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.cli.console import stdout_console
from egovkit.diagnostics.formats import github, sarif
from egovkit.diagnostics.formats.text import terminal_text
from egovkit.diagnostics.record import Diagnostic, Location, Severity
from egovkit.render import markdown, mermaid
from egovkit.render.markdown import MdRaw

INJECT = TESTS / "bad-input" / "inject-markdown-mermaid"
LEGAL = TESTS / "bad-input" / "inject-legal-source"
SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-2.1.0.json").read_text("utf-8"))
ESC = "\x1b"

#: inject-markdown-mermaid with harmless text in every place, and the same block structure:
#: the same headings, paragraphs, lists, tables and fences (the Leitbild's and the profile
#: body's code fence closed, images and HTML as plain words).
HARMLESS: dict[str, str] = {
    "strategy.yaml": """\
municipality:
  name: Musterstadt
  kind: stadt
  state: NW
title: Strategie
horizon:
  start: 2025-01-01
  end: 2030-12-31
leitbild: |
  Wir digitalisieren.

  Pixel und Bild

  # Vision

  ```
  offener Block ohne Ende
  ```
goals:
  - id: G1
    title: Ziel mit Raute
    description: kein Listenpunkt keine Überschrift
  - id: G2
    title: Terminal Link
fields:
  - id: F1
    title: Services
    description: Gekapert
  - id: F2
    title: Klick
    description: nicht nummeriert Pipe
planning:
  start: 2025-01-06
  status_date: 2025-01-06
legal:
  - id: LOCAL-1
    title: Ratsbeschluss 2021
    requires: Umsetzung
    obligation: required
    deadline: 2030-06-30
    source: https://example.org/beschluss
    as_of: 2024-01-01
""",
    "measures/M1.yaml": (
        "id: M1\ntitle: Portal\nfield: F1\ngoals: [G1]\nlegal: [LOCAL-1]\n"
        "obligation: required\nduration: 3 months\n"
    ),
    "measures/M2.yaml": (
        "id: M2\ntitle: Klick\nfield: F2\ngoals: [G1]\ndepends_on: [M1]\nduration: 1 month\n"
    ),
    "measures/M3.yaml": (
        "id: M3\ntitle: Zeile eins\nfield: F1\ngoals: [G1]\ndepends_on: [M1]\nduration: 1 month\n"
    ),
    "measures/M4.yaml": (
        "id: M4\ntitle: Raute vorn\nfield: F2\ngoals: [G1]\ndepends_on: [M2, M3]\n"
        "duration: 2 weeks\n"
    ),
    "profiles/P1.md": """\
---
id: P1
title: Steckbrief
measures: [M1, M2]
milestones:
  - title: Go-live
    date: 2025-06-30
    measure: M1
risks:
  - Risiko als Überschrift
  - Risiko als Liste
kpis:
  - Zitat Pipe
---
# Ausgangslage

Text Pixel und Bild

ref

```
nicht geschlossen
```
""",
}


# ---------------------------------------------------------------- helpers


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")  # html on, as GitHub shows raw HTML


def _build(runner: CliRunner, repo: Path, out: Path, fmt: str = "md") -> Path:
    result = runner.invoke(app, ["plan", "build", str(repo), "-o", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """plan.md of the hostile repository and of its harmless twin."""
    root = tmp_path_factory.mktemp("escaping")
    harmless = write_tree(root / "harmless", {**read_tree(INJECT), **HARMLESS})
    runner = CliRunner()
    hostile_md = (_build(runner, INJECT, root / "out-hostile") / "plan.md").read_text("utf-8")
    harmless_md = (_build(runner, harmless, root / "out-harmless") / "plan.md").read_text("utf-8")
    return hostile_md, harmless_md


def _walk(tokens: list[Token]):
    for tok in tokens:
        yield tok
        if tok.children:
            yield from _walk(tok.children)


def _skeleton(text: str) -> list[tuple[str, str, str]]:
    """Every block of the document: headings with their level, paragraphs, lists, tables
    down to the cell, fences with their info string."""
    return [
        (tok.type, tok.tag, tok.info if tok.type == "fence" else "")
        for tok in _md().parse(text)
        if tok.type != "inline"
    ]


def _outline(text: str) -> list[tuple[int, str]]:
    """(level, text) of every heading; texts of user headings replaced by '*'."""
    tokens = _md().parse(text)
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            out.append((level, tokens[i + 1].content if level == 2 else "*"))
    return out


def _plain(inline: Token) -> str:
    """What a reader sees of an inline token: its text, with escapes resolved."""
    return "".join(
        c.content if c.type in ("text", "code_inline") else " " if c.type == "softbreak" else ""
        for c in inline.children or []
    )


def _mermaid_blocks(text: str) -> list[str]:
    return [
        tok.content for tok in _md().parse(text) if tok.type == "fence" and tok.info == "mermaid"
    ]


def _rows(text: str) -> list[list[Token]]:
    """Table body rows as lists of their cells' inline tokens."""
    rows, row, in_body = [], None, False
    for tok in _md().parse(text):
        if tok.type == "tbody_open":
            in_body = True
        elif tok.type == "tbody_close":
            in_body = False
        elif in_body and tok.type == "tr_open":
            row = []
        elif in_body and tok.type == "tr_close":
            rows.append(row)
        elif in_body and tok.type == "inline":
            row.append(tok)
    return rows


# ---------------------------------------------------------------- Markdown: whole plan


def test_hostile_text_keeps_the_plan_structure(builds: tuple[str, str]) -> None:
    hostile, harmless = builds
    assert _outline(hostile) == _outline(harmless)
    assert _skeleton(hostile) == _skeleton(harmless)


def test_plan_loads_no_image_and_contains_no_html(builds: tuple[str, str]) -> None:
    hostile, _ = builds
    tokens = list(_walk(_md().parse(hostile)))
    # only the pictures egovkit draws and writes beside plan.md
    images = [t.attrs["src"] for t in tokens if t.type == "image"]
    assert images == ["architecture.svg"]  # the hostile repository has no organisation
    assert not [t.content for t in tokens if t.type in ("html_block", "html_inline")]
    assert "tracker.example" in hostile  # shown as text or a plain link, never loaded
    assert ESC not in hostile


def test_field_description_starting_with_hash_is_a_paragraph(
    builds: tuple[str, str], tmp_path: Path
) -> None:
    # Descriptions of fields and goals are plain text, as in the HTML edition (<p>…</p>).
    hostile, _ = builds
    html = _md().render(hostile)
    assert "<p># Gekapert ![](https://tracker.example/pixel.png)</p>" in html
    assert "<p>1. nicht nummeriert | Pipe --- &gt; kein Zitat === kein Code</p>" in html
    assert "<li>- kein Listenpunkt" not in html
    out = _build(CliRunner(), INJECT, tmp_path / "html", "html")
    index = (out / "index.html").read_text("utf-8")
    assert "<p># Gekapert\n\n![](https://tracker.example/pixel.png)</p>" in index


def test_list_items_from_data_stay_plain_text(builds: tuple[str, str]) -> None:
    hostile, _ = builds
    html = _md().render(hostile)
    assert "<li># Risiko als Überschrift</li>" in html
    assert "<li>1. Risiko als Liste ---</li>" in html
    assert "<li>&gt; Zitat | Pipe</li>" in html


def test_headings_show_their_text_literally(builds: tuple[str, str]) -> None:
    hostile, _ = builds
    tokens = _md().parse(hostile)
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    texts = [_plain(h) for h in headings]
    assert texts[0] == (
        'Strategie %%{init: {"theme": "dark", "themeVariables": {"primaryColor": "#000000"}}}%% ##'
    )
    assert "Services %%{init: {'theme':'forest'}}%%" in texts
    assert "Steckbrief P1: Steckbrief %%{init: {}}%% | ##" in texts


def test_table_cells_keep_pipes_and_link_targets_are_encoded(builds: tuple[str, str]) -> None:
    hostile, _ = builds
    rows = _rows(hostile)
    m1 = next(r for r in rows if len(r) == 11 and _plain(r[1]) == "M1")
    assert _plain(m1[2]) == (
        '%%{init: {"theme":"dark"}}%% Portal | "zitiert" [Klammer] (rund) ; : # %% Kommentar'
    )
    assert _plain(m1[10]) == "Stand unbekannt"  # no status published
    legal = next(r for r in rows if len(r) == 7 and _plain(r[0]) == "LOCAL-1")
    links = [c for c in legal[1].children if c.type == "link_open"]
    assert [c.attrs["href"] for c in links] == [
        "https://example.org/Beschluss_%282021%29%7C%C3%A4?x=1&y=%3C2%3E"
    ]
    assert _plain(legal[1]) == "Ratsbeschluss ](https://evil.example) | 2021"
    assert _plain(legal[6]) == "01.01.2024"  # the row was not cut at a "|" in the URL
    milestone = next(r for r in rows if len(r) == 3 and _plain(r[1]) == "30.06.2025")
    assert _plain(milestone[0]) == "Go-live | ![](https://tracker.example/ms.png)"


def test_html_edition_gets_the_percent_encoded_url(tmp_path: Path) -> None:
    out = _build(CliRunner(), INJECT, tmp_path / "html", "html")
    index = (out / "index.html").read_text("utf-8")
    assert 'href="https://example.org/Beschluss_(2021)%7C%C3%A4?x=1&amp;y=%3C2%3E"' in index
    assert "<img" not in index


# ---------------------------------------------------------------- Mermaid


def test_mermaid_blocks_keep_their_structure(builds: tuple[str, str]) -> None:
    hostile, harmless = builds
    blocks, twins = _mermaid_blocks(hostile), _mermaid_blocks(harmless)
    assert len(blocks) == len(twins) == 2
    for block, twin in zip(blocks, twins, strict=True):
        assert "%%{" not in block and "}%%" not in block
        lines = block.splitlines()
        assert len(lines) == len(twin.splitlines())
        assert not [x for x in lines if x.strip().lower().startswith("click")]
        comments = [x for x in lines if x.strip().startswith("%%")]
        assert comments == [x for x in twin.splitlines() if x.strip().startswith("%%")]
        assert "%%" not in "\n".join(x for x in lines if x not in comments)
        assert ESC not in block
    gantt, flow = blocks
    tasks = [x for x in gantt.splitlines()[6:] if not x.startswith("    section ")]
    assert len(tasks) == 4
    for line in tasks:
        assert re.fullmatch(r"    [^:#;]+ :(crit, )?\d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d", line), line
    nodes = [x for x in flow.splitlines() if '["' in x]
    assert len(nodes) == 4
    for line in nodes:
        label = re.fullmatch(r'    M\d\["([^"]*)"\]', line).group(1)
        assert not set(re.sub(r"#\w+;", "", label)) & set('%{}:;#"'), line


@pytest.mark.parametrize(
    "text",
    [
        '%%{init: {"theme": "dark"}}%%',
        "%%{ init : { 'theme' : 'base' } }%% x",
        "a %% comment",
        "%%",
        "x\n%%{init: {}}%%\nclick M1 call alert()",
        "100%%{wrap}%%",
    ],
)
def test_mermaid_text_never_holds_a_directive_or_comment(text: str) -> None:
    for cleaned in (mermaid.gantt_text(text), mermaid.label_text(text)):
        assert "%%" not in cleaned and "\n" not in cleaned


@pytest.mark.parametrize("word", ["click", "Click", "section", "title", "gantt", "accTitle"])
def test_gantt_labels_never_start_with_a_keyword(word: str) -> None:
    assert not mermaid.gantt_text(f"{word} M1 call alert()").lower().startswith(word.lower())


def test_flowchart_labels_code_quotes_braces_and_controls() -> None:
    assert mermaid.label_text('a"b{c}d:e%f\x1bg') == "a#quot;b#123;c#125;d#58;e#37;f\ufffdg"
    assert mermaid.gantt_text("a\x1b[2Jb") == "a\ufffd[2Jb"


# ---------------------------------------------------------------- Markdown: functions

HOSTILE_VALUES = [
    "# Überschrift",
    "## Titel ##",
    "Titel #",
    "###",
    "- Punkt",
    "+ Punkt",
    "* Punkt",
    "1. eins",
    "1) eins",
    "2024. Jahr",
    "---",
    "===",
    "> Zitat",
    "    eingerückt",
    "\n# nach Umbruch",
    "Zeile\n# Überschrift\n![](https://tracker.example/p.png)",
    "a | b",
    "![x](https://tracker.example/p.png)",
    "<img src=https://tracker.example/p.png>",
    "```",
    "~~~",
    "[x]: https://tracker.example/p.png",
    "Text\n===",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize(
    ("before", "after", "block"),
    [
        ("", "", "paragraph_open"),
        ("- ", "", "bullet_list_open"),
        ("### ", "", "heading_open"),
        ("| a |\n|---|\n| ", " |", "table_open"),
    ],
)
def test_inline_shows_any_value_literally(value: str, before: str, after: str, block: str) -> None:
    text = before + markdown.inline(value) + after + "\n"
    tokens = _md().parse(text)
    assert tokens[0].type == block
    blocks = [t.type for t in tokens if t.nesting == 1 and t.level == 0]
    assert blocks == [block]
    inlines = [t for t in tokens if t.type == "inline"]
    shown = " ".join(value.replace("\n", " ").split())
    assert _plain(inlines[-1]).strip() == shown
    assert not [t for t in _walk(tokens) if t.type in ("image", "html_inline", "html_block")]


def test_heading_and_link_text_are_one_line() -> None:
    assert markdown.heading_text("a\n# b #") == "a # b \\#"
    assert markdown.link_text("a](https://evil.example)") == "a\\](https://evil.example)"
    assert markdown.inline("a\x1b[2Jb") == "a\ufffd\\[2Jb"
    assert markdown.inline(MdRaw("# raw")) == "# raw"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://example.org/a?x=1&y=2", "https://example.org/a?x=1&y=2"),
        ("https://example.org/B_(1)", "https://example.org/B_%281%29"),
        ('https://example.org/ä|<>"`{}^', "https://example.org/%C3%A4%7C%3C%3E%22%60%7B%7D%5E"),
        ("https://example.org/50%", "https://example.org/50%25"),
        ("https://example.org/a%20b", "https://example.org/a%20b"),
        ("https://example.org/a b", None),
        ("https://example.org/a\n# H", None),
        ("javascript:alert(1)", None),
        ("HTTPS://example.org", None),
        ("//example.org", None),
        ("https://", None),
        ("https://u:p@example.org", None),
    ],
)
def test_link_url(url: str, target: str | None) -> None:
    assert markdown.link_url(url) == target


def test_link_falls_back_to_plain_text() -> None:
    assert markdown.link("Quelle [1]", "javascript:alert(1)") == "Quelle \\[1\\]"
    assert markdown.link("Q", "https://example.org/(x)") == "[Q](<https://example.org/%28x%29>)"


BODIES = [
    "![a](https://tracker.example/p.png)",
    "Text ![a](https://tracker.example/p.png 'title') Text",
    "![ref]\n\n[ref]: https://tracker.example/p.png",
    "![a][ref]\n\n[ref]: https://tracker.example/p.png",
    "[![a](https://tracker.example/p.png)](https://example.org)",
    "| a |\n|---|\n| ![a](https://tracker.example/p.png) |",
    "- eins\n  - ![a](https://tracker.example/p.png)",
    "> ![a](https://tracker.example/p.png)",
    "\\\\![a](https://tracker.example/p.png)",
    "![a\nb](https://tracker.example/p.png)",
    "Titel ![a](https://tracker.example/p.png)\n=====",
]


@pytest.mark.parametrize("body", BODIES)
def test_to_markdown_loads_no_image(body: str) -> None:
    out = markdown.to_markdown(body, top=4)
    assert not [t for t in _walk(_md().parse(out)) if t.type == "image"], out
    assert "tracker.example" in out


def test_to_markdown_keeps_code_and_text_that_is_no_image() -> None:
    assert markdown.to_markdown("Ein \\![a](b) und `![c](d)`") == "Ein \\![a](b) und `![c](d)`"
    assert markdown.to_markdown("```\n![a](b)\n```") == "```\n![a](b)\n```"


@pytest.mark.parametrize(
    "body",
    ["```\noffen", "~~~~\noffen\n~~~", "````\n```\n", "Text\n\n```python\nx = 1", "```"],
)
def test_to_markdown_closes_an_open_fence(body: str) -> None:
    doc = "## Vorher\n\n" + markdown.to_markdown(body, top=3) + "\n\n## Danach\n\nText\n"
    assert [lv for lv, _ in _outline(doc)] == [2, 2]
    assert _outline(doc)[-1] == (2, "Danach")


def test_to_markdown_keeps_a_closed_fence() -> None:
    assert markdown.to_markdown("```\nx\n```") == "```\nx\n```"
    assert markdown.to_markdown("~~~\nx\n~~~~") == "~~~\nx\n~~~~"


# ---------------------------------------------------------------- URLs in data


def test_legal_source_that_is_no_clean_url_is_a_finding(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(LEGAL), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [(f["code"], f["path"], f["line"]) for f in findings] == [
        ("S003", "strategy.yaml", line) for line in (26, 32, 38, 44, 50, 56)
    ]
    assert all("is not a usable URL" in f["message"] for f in findings)
    assert "line break (U+000A)" in findings[0]["message"]
    assert "\n" not in findings[0]["message"]
    out = tmp_path / "out"
    build = runner.invoke(app, ["plan", "build", str(LEGAL), "-o", str(out), "--format", "md"])
    assert build.exit_code == 1 and not out.exists()


def test_valid_url_is_stored_percent_encoded(runner: CliRunner, tmp_path: Path) -> None:
    strategy = (LEGAL / "strategy.yaml").read_text("utf-8")
    valid = (
        strategy[: strategy.index("  - id: INJECT-1")] + strategy[strategy.index("  - id: OK-1") :]
    )
    repo = make_repo(tmp_path / "repo", {"strategy.yaml": valid, "measures/M1.yaml": None})
    write_tree(
        repo,
        {
            "measures/M1.yaml": "id: M1\ntitle: T\nfield: F1\ngoals: [G1]\nlegal: [OK-1]\nduration: 1 month\n"
        },
    )
    out = _build(runner, repo, tmp_path / "out")
    md = (out / "plan.md").read_text("utf-8")
    assert "(<https://example.org/B%C3%BCrgeramt_%28K%C3%B6ln%29?q=a%7Cb>)" in md


# ---------------------------------------------------------------- terminal


def test_control_characters_in_values_are_refused_at_load(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Written as escapes in double quotes, control characters would reach the terminal, the
    # HTML and the SVG charts (where XML forbids them): the loader refuses them, and the
    # finding does not echo them.
    title = '"Terminal \\e[2J\\e[H \\e]8;;https://evil.example\\e\\\\Link :x:"'
    repo = make_repo(tmp_path / "repo", {"measures/M2.yaml": f"id: M2\ntitle: {title}\n"
                                         "field: F1\nduration: 1 months\n"})  # fmt: skip
    result = runner.invoke(app, ["check", str(repo)])
    assert result.exit_code == 1
    assert ESC not in result.stdout + result.stderr
    assert "measures/M2.yaml:2:8 error Y001 control character U+001B" in result.stdout


def test_plan_show_has_no_emoji_and_shows_markup_as_typed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "show", str(INJECT)])
    assert result.exit_code == 0, result.output
    assert ESC not in result.stdout and "^[[2J" in result.stdout
    assert "❌" not in result.stdout


def test_cli_console_makes_controls_visible_and_keeps_emoji_codes() -> None:
    console = stdout_console()
    console.file = __import__("io").StringIO()
    console.print("a\x1b[2Jb :x:\nc\rd")
    assert console.file.getvalue() == "a␛[2Jb :x:\nc␍d\n"


def test_terminal_text() -> None:
    controls = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0), 0x202E, 0x2066, 0x2028]))
    shown = terminal_text(controls)
    assert len(shown) == len(controls)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]", shown)
    assert terminal_text("\x1b[2J") == "␛[2J" and terminal_text("a\nb\tc") == "a␊b␉c"
    assert terminal_text("Ä [b]x[/] :x: é") == "Ä [b]x[/] :x: é"
    out = Console(file=__import__("io").StringIO(), width=200, no_color=True, emoji=False)
    out.print(terminal_text("x\x1b]8;;https://evil.example\x1b\\y"), markup=False)
    assert ESC not in out.file.getvalue()


# ---------------------------------------------------------------- SARIF and GitHub


def test_sarif_uris_are_percent_encoded(runner: CliRunner, tmp_path: Path) -> None:
    d = Diagnostic("S003", Severity.error, "x", Location("measures/a b#1?%41 ä.yaml", 1, 1))
    log = json.loads(sarif.render([d]))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "measures/a%20b%231%3F%2541%20%C3%A4.yaml"
    repo = make_repo(tmp_path / "repo", {"measures/M 2#x.yaml": "id: M2\n"})
    result = runner.invoke(app, ["check", str(repo), "--format", "sarif"])
    log = json.loads(result.stdout)
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(log)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for res in log["runs"][0]["results"]
        for loc in res["locations"]
    }
    assert "measures/M%202%23x.yaml" in uris


def test_github_file_names_cannot_inject_commands() -> None:
    path = "measures/x::error file=evil.yaml,line=1::pwned\n::warning ::y.yaml"
    d = Diagnostic("S003", Severity.info, "msg::x\n::error ::pwned", Location(path, 2, None))
    (line,) = github.render([d]).splitlines()
    assert line == (
        "::notice file=measures/x%3A%3Aerror file=evil.yaml%2Cline=1%3A%3Apwned%0A%3A%3Awarning "
        "%3A%3Ay.yaml,line=2,title=egovkit (S003 invalid-value)::msg::x%0A::error ::pwned"
    )
