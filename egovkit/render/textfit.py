"""Text widths and line wrapping for the SVG charts, which have no layout engine.

Widths are the advance widths of DejaVu Sans (regular and bold), the first font the charts
ask for and the widest of the list (Segoe UI, Helvetica and Arial are narrower), so a label
measured here fits wherever it is drawn. Characters outside the table count as a wide
letter. Wrapping is greedy by words; a word longer than a line breaks after a hyphen when it
has one, else wherever it must.
"""

from __future__ import annotations

_CHARS = "".join(chr(c) for c in range(32, 127)) + "ÄÖÜäöüßéèàáâçñ–—„“”‘’‚…·✓€§°×²³½«»"
_REGULAR = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
    2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532,
    1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716,
    1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298,
    1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
    1401, 1612, 1499, 1255, 1253, 1298, 1290, 1260, 1260, 1255, 1255, 1255, 1126, 1298, 1024,
    2048, 1061, 1061, 1061, 651, 651, 651, 2048, 651, 1716, 1303, 1024, 1024, 1716, 821, 821,
    1985, 1253, 1253
)  # fmt: skip
_BOLD = (
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748, 1425,
    1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188,
    2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714,
    1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716,
    1024, 1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458,
    1407, 1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458,
    1716, 1585, 1741, 1663, 1382, 1407, 1458, 1473, 1389, 1389, 1382, 1382, 1382, 1214, 1458,
    1024, 2048, 1346, 1346, 1346, 778, 778, 778, 2048, 778, 1716, 1425, 1024, 1024, 1716, 897,
    897, 2120, 1323, 1323
)  # fmt: skip
_UNITS_PER_EM = 2048
_WIDTH = {
    False: dict(zip(_CHARS, _REGULAR, strict=True)),
    True: dict(zip(_CHARS, _BOLD, strict=True)),
}
_OTHER = {False: 1400, True: 1550}  # a wide letter, for characters not in the table


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in pixels at font size ``size`` (one line, no kerning)."""
    widths, other = _WIDTH[bold], _OTHER[bold]
    return sum(widths.get(ch, other) for ch in text) * size / _UNITS_PER_EM


def widest_word(text: str, size: float, bold: bool = False) -> float:
    """The width of the widest word of ``text``: the narrowest a column for it can be
    without breaking a word."""
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


def wrap(text: str, width: float, size: float, bold: bool = False, max_lines: int = 0) -> list[str]:
    """``text`` on as many lines as it needs, none wider than ``width`` pixels; with
    ``max_lines``, text beyond that many lines is left out and the last line ends in "…"."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if max_lines and len(lines) > max_lines:
            break  # the rest is left out anyway
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _split_word(word, width, size, bold)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current or not lines:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + " …", size, bold) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + " …"]
    return lines


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for one line: broken after hyphens, then wherever it must."""
    if text_width(word, size, bold) <= width:
        return [word]
    parts = [p + "-" for p in word.split("-")]
    parts[-1] = parts[-1][:-1]
    out: list[str] = []
    current = ""
    for part in (p for p in parts if p):
        if text_width(current + part, size, bold) <= width:
            current += part
            continue
        if current:
            out.append(current)
        current = ""
        for ch in part:  # no hyphen to break at: break between characters, marked with one
            if current and text_width(current + ch + "-", size, bold) > width:
                out.append(current + "-")
                current = ""
            current += ch
    out.append(current)
    return out
