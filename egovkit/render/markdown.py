"""User Markdown → safe HTML, user Markdown → Markdown nested under our headings, and escaping
of plain text for every place the Markdown plan prints it.

One function per Markdown context:

- :func:`inline`: plain text in a paragraph, list item, table cell or heading. It is the
  Markdown environment's ``finalize``, so every ``{{ value }}`` of ``plan.md.j2`` goes through
  it unless the value is :class:`MdRaw`.
- :func:`heading_text`, :func:`link_text`: the same guarantees under the name of the context.
- :func:`link_url`: a URL for a link target (http/https only, percent-encoded), or None.
- :func:`link`: a whole ``[text](<url>)`` link; plain text when the URL is unusable.
- :func:`to_markdown`: user Markdown (Leitbild, profile bodies) for embedding under our
  headings: headings demoted, raw HTML shown as text, images not loaded, fences closed.

Raw HTML in user files never reaches the output: the HTML renderer runs markdown-it-py with
``html=False`` (tags come out as text), and the Markdown → Markdown path escapes every HTML
block and inline tag it finds, so GitHub shows them as text too. Images load nothing in
either edition: they come out as "!" and a plain link.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from egovkit.model.types import encode_url, url_problem


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


#: The HTML of no text, one value for every measure without a description.
_EMPTY = Markup("")


def to_html(text: str | None, top: int | None = 3) -> Markup:
    """Render user Markdown as HTML with raw HTML disabled.

    Headings start at ``<h{top}>``; with ``top=None`` (text inside a table cell) they
    become plain paragraphs, so they cannot break the page's heading outline.
    """
    if not text or not text.strip():
        return _EMPTY
    md = _html_md()
    tokens = md.parse(text)
    levels = [int(tok.tag[1]) for tok in tokens if tok.type == "heading_open"]
    shift = max(0, (top or 1) - min(levels)) if levels else 0
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = "p" if top is None else f"h{min(6, int(tok.tag[1]) + shift)}"
    return Markup(md.renderer.render(tokens, md.options, {}))


_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
# An image's "![" (after an even number of backslashes, which escape each other).
_IMAGE_START = re.compile(r"(?<!\\)((?:\\\\)*)!\[")


def to_markdown(text: str | None, top: int = 3) -> MdRaw:
    """User Markdown for embedding under our own headings.

    Headings are demoted so the highest becomes level ``top`` (at most 6; setext headings are
    rewritten as ATX), raw HTML blocks and tags are escaped so they show as text, images are
    turned into "!" and a plain link (a remote image in a council document would be a
    tracking pixel), and a code fence left open is closed, so the text cannot swallow the
    sections that follow it.
    """
    if not text or not text.strip():
        return MdRaw("")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    # Escape raw HTML first: an HTML block hides the headings and fences inside it from the
    # parse, which would then leave them undemoted (or unclosed) once the block is escaped.
    text = _escape_html(text)
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
        elif tok.type == "fence" and tok.level == 0 and end >= len(lines):
            fence = re.escape(tok.markup[0]) + "{" + str(len(tok.markup)) + ",}"
            closer = re.compile(r" {0,3}" + fence + r"[ \t]*")
            if end - 1 == first or not closer.fullmatch(lines[end - 1]):
                lines.append(tok.markup)  # unclosed: it would run to the end of the plan
    out = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return MdRaw(_no_images(out))


def _escape_html(text: str) -> str:
    """``text`` with raw HTML blocks and inline tags escaped so they show as text, repeated
    until no HTML is left (escaping a block can reveal the Markdown it hid)."""
    for _ in range(5):
        lines = text.split("\n")
        for tok in _parse_md().parse(text):
            if tok.map is None:
                continue
            first, end = tok.map
            if tok.type == "html_block":
                for i in range(first, min(end, len(lines))):
                    lines[i] = lines[i].replace("<", "&lt;")
            elif tok.type == "inline" and tok.children:
                tags = sorted({c.content for c in tok.children if c.type == "html_inline"})
                for i in range(first, min(end, len(lines))):
                    for tag in tags:
                        lines[i] = lines[i].replace(tag, "&lt;" + tag[1:])
        escaped = "\n".join(lines)
        if escaped == text:
            break
        text = escaped
    return text


def _no_images(text: str) -> str:
    """``text`` with every image written as an escaped "!" and a link: nothing is loaded."""
    for _ in range(5):
        tokens = _parse_md().parse(text)
        spans = [
            tok.map or (0, text.count("\n") + 1)
            for tok in tokens
            if tok.type == "inline"
            and tok.children
            and any(c.type == "image" for c in tok.children)
        ]
        if not spans:
            return text
        lines = text.split("\n")
        for first, end in spans:
            for i in range(first, min(end, len(lines))):
                lines[i] = _IMAGE_START.sub(r"\1\\![", lines[i])
        text = "\n".join(lines)
    return text.replace("![", "!&#91;")  # not reached for real input; "[" as a character


# Characters that can start Markdown syntax inside a line or a GFM table cell.
_INLINE_SPECIAL = re.compile(r"[\\`*\[\]<>|~$&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# Line breaks (CommonMark knows \n and \r) with the blanks around them.
_WS = re.compile(r"[ \t]*[\r\n][\s]*")
# Control characters other than tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What makes the start of a line a heading, list item, thematic break or setext underline
# (">" and "*" are escaped everywhere anyway).
_LEAD_WS = re.compile(r"^[ \t]{2,}")
_BLOCK_START = re.compile(r"^( ?)(?:(#)|([-+=])(?=[-+=\s]|$)|(\d{1,9})([.)])(?=\s|$))")
# A closing "#" sequence that an ATX heading would strip: " ##" at the very end.
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)(\s*)$")


def _block_start(m: re.Match[str]) -> str:
    indent, hash_, bullet, number, delim = m.groups()
    if hash_:
        return indent + "\\#"
    if bullet:
        return indent + "\\" + bullet
    return indent + number + "\\" + delim


def inline(value: object) -> str:
    """Plain text → Markdown that shows it literally, wherever the template prints it.

    Safe in a paragraph, a list item, a table cell, a heading and link text: ``|`` ``*``
    ``[`` ``<`` and the like are backslash-escaped; line breaks become spaces (so the value
    cannot start a line of its own); a leading ``#``, ``-``, ``+``, ``=`` or ``1.`` and a
    trailing ``#`` run are escaped (no heading, list or setext underline, no closing sequence
    eaten); control characters become U+FFFD. :class:`MdRaw` passes unchanged.
    """
    if isinstance(value, MdRaw):
        return value
    text = str(value)
    text = _CONTROL.sub("\ufffd", text)
    text = _WS.sub(" ", text.strip("\r\n"))
    text = _LEAD_WS.sub(" ", text)  # four spaces at a line start would make a code block
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    text = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2) + m.group(3), text)
    return _BLOCK_START.sub(_block_start, text, count=1)


def heading_text(value: object) -> str:
    """Plain text for an ATX heading: one line, no closing ``#`` sequence eaten.

    The template prints headings as ``## {{ value }}``, which goes through :func:`inline`
    (the finalize); this name is for Python code building Markdown.
    """
    return inline(value)


def link_text(value: object) -> str:
    """Plain text between ``[`` and ``]``: brackets escaped, so no nested link or image."""
    return inline(value)


def link_url(url: str) -> str | None:
    """A link target for ``[text](<url>)``, or None if ``url`` is not a usable http(s) URL.

    Percent-encoded (spaces, non-ASCII, ``<>"`` …) and with ``(`` ``)`` encoded too, so it
    works with and without angle brackets and in a table cell (``|`` is encoded).
    """
    url = str(url).strip()
    if url_problem(url) is not None:
        return None
    return encode_url(url).replace("(", "%28").replace(")", "%29")


def link(text: object, url: str) -> MdRaw:
    """A Markdown link, or just the escaped text when ``url`` is not a usable http(s) URL."""
    target = link_url(url)
    if target is None:
        return MdRaw(link_text(text))
    return MdRaw(f"[{link_text(text)}](<{target}>)")
