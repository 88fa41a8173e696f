"""User Markdown → safe HTML, user Markdown → Markdown nested under our headings, and escaping
of plain text for Markdown tables.

Raw HTML in user files never reaches the output: the HTML renderer runs markdown-it-py with
``html=False`` (tags come out as text), and the Markdown → Markdown path escapes every HTML
block and inline tag it finds, so GitHub shows them as text too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


class MdRaw(str):
    """Markdown produced by egovkit itself: the Markdown template emits it unescaped."""

    __slots__ = ()


@lru_cache(maxsize=1)
def _html_md() -> MarkdownIt:
    # Images are off: a remote image would break the offline promise of the HTML edition;
    # `![alt](url)` shows as "!" followed by a plain link instead.
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable(["table", "strikethrough"])
        .disable("image")
    )


@lru_cache(maxsize=1)
def _parse_md() -> MarkdownIt:
    # html=True only to *find* raw HTML in the source so that it can be escaped.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def heading_shift(text: str, top: int) -> int:
    """How many levels to push the headings of ``text`` down so its highest one becomes ``top``."""
    levels = [
        int(tok.tag[1]) for tok in _parse_md().parse(text or "") if tok.type == "heading_open"
    ]
    return max(0, top - min(levels)) if levels else 0


def to_html(text: str | None, top: int | None = 3) -> Markup:
    """Render user Markdown as HTML with raw HTML disabled.

    Headings start at ``<h{top}>``; with ``top=None`` (text inside a table cell) they
    become plain paragraphs, so they cannot break the page's heading outline.
    """
    if not text or not text.strip():
        return Markup("")
    md = _html_md()
    tokens = md.parse(text)
    levels = [int(tok.tag[1]) for tok in tokens if tok.type == "heading_open"]
    shift = max(0, (top or 1) - min(levels)) if levels else 0
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = "p" if top is None else f"h{min(6, int(tok.tag[1]) + shift)}"
    return Markup(md.renderer.render(tokens, md.options, {}))


_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")


def to_markdown(text: str | None, top: int = 3) -> MdRaw:
    """User Markdown for embedding under our own headings.

    Headings are demoted so the highest becomes level ``top`` (at most 6; setext headings are
    rewritten as ATX), and raw HTML blocks and tags are escaped so they show as text.
    """
    if not text or not text.strip():
        return MdRaw("")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    lines = text.split("\n")
    tokens = _parse_md().parse(text)
    levels = [int(tok.tag[1]) for tok in tokens if tok.type == "heading_open"]
    shift = max(0, top - min(levels)) if levels else 0
    drop: set[int] = set()
    for tok in tokens:
        if tok.map is None:
            continue
        first, end = tok.map
        if tok.type == "heading_open" and shift:
            level = min(6, int(tok.tag[1]) + shift)
            if tok.markup in ("=", "-"):  # setext: content lines + underline
                content = " ".join(line.strip() for line in lines[first : end - 1])
                lines[first] = "#" * level + " " + content
                drop.update(range(first + 1, end))
            else:
                lines[first] = _ATX.sub(lambda m, lv=level: m.group(1) + "#" * lv, lines[first])
        elif tok.type == "html_block":
            for i in range(first, min(end, len(lines))):
                lines[i] = lines[i].replace("<", "&lt;")
        elif tok.type == "inline" and tok.children:
            tags = sorted({c.content for c in tok.children if c.type == "html_inline"})
            for i in range(first, min(end, len(lines))):
                for tag in tags:
                    lines[i] = lines[i].replace(tag, "&lt;" + tag[1:])
    return MdRaw("\n".join(line for i, line in enumerate(lines) if i not in drop))


# Characters that can start Markdown syntax inside a line or a GFM table cell.
_INLINE_SPECIAL = re.compile(r"[\\`*\[\]<>|~$&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_WS = re.compile(r"\s*[\r\n]+\s*")


def inline(value: object) -> str:
    """Plain text → Markdown that shows it literally, safe inside a table cell.

    ``|`` ``*`` ``[`` ``<`` and the like are backslash-escaped; newlines become spaces.
    """
    if isinstance(value, MdRaw):
        return value
    text = _WS.sub(" ", str(value))
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
