"""User text for a terminal: nothing in the data may move the cursor, recolour or retitle it.

Text from a strategy repository (titles, file names, values quoted in findings) can hold
control characters: ``ESC [2J`` clears the screen and erases findings printed before it,
``ESC ]8;;`` starts a hyperlink, ``ESC ]0;`` sets the window title, a carriage return or
backspace overwrites what is already on the line. :func:`terminal_text` makes every such
character visible instead, one character for one (so Rich's styles keep their offsets):
C0 controls and DEL become their Unicode Control Pictures (ESC shows as ``␛``, a line break
as ``␊``), C1 controls and the invisible bidirectional overrides and isolates become U+FFFD.

Rich markup in data is a separate concern: escape it with ``rich.markup.escape`` after this
function; the CLI consoles never replace ``:emoji:`` codes (see :mod:`egovkit.cli.console`).
"""

from __future__ import annotations

import re

_C0 = {i: 0x2400 + i for i in range(0x20)}
_TABLE = {
    **_C0,
    0x7F: 0x2421,  # DEL → ␡
    **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),  # C1 (0x9B is a one-byte CSI)
    # Bidirectional embeddings, overrides and isolates reorder what the terminal shows.
    **dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), 0xFFFD),
    0x2028: 0x2424,  # LINE SEPARATOR → ␤
    0x2029: 0x2424,  # PARAGRAPH SEPARATOR
}
_KEEP_NEWLINE = {k: v for k, v in _TABLE.items() if k != 0x0A}
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")


def terminal_text(value: object) -> str:
    """``value`` as one line with no control characters: safe to print to a terminal.

    Every control character (line breaks and tabs too) is replaced by a visible one.
    """
    text = str(value)
    return text.translate(_TABLE) if _UNSAFE.search(text) else text


def terminal_lines(value: object) -> str:
    """Like :func:`terminal_text`, but ``\\n`` stays: for whole blocks egovkit assembled."""
    text = str(value)
    return text.translate(_KEEP_NEWLINE) if _UNSAFE.search(text) else text
