"""Fitting a table to the page: font size, fixed column widths that sum to the text width, and — for a table too
wide for A4 landscape even at 7 pt — splitting it into parts that repeat the identifying columns.

Widths are measured with the advance widths of Arial (Liberation Sans, which LibreOffice uses for it, has the same
metrics), so a figure is never broken inside: a column is at least as wide as its widest figure or word.
Everything here is in twips (1/20 pt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .grid import Grid

TWIPS_PER_CM = 1440 / 2.54
CELL_PADDING = 2 * 57  # left and right cell margins of every table (0.1 cm each)
SAFETY = 1.05  # rendering differences between Word and LibreOffice
SIZES = (8.0, 7.5, 7.0)  # pt; the smallest is the floor
COMFORT = 2.2 * TWIPS_PER_CM  # a text column is given at least this much (or its whole text) when there is room
HEADER_WORD_CAP = 1.5 * TWIPS_PER_CM  # if nothing else fits, a long header word may wrap over a figure column
TOKEN_CAP = 2.8 * TWIPS_PER_CM  # a longer word (a URL, a run of codes) wraps inside
IDENTITY_SHARE = 0.4  # the repeated identifying columns take at most this share of a split table's width

# Advance widths of Arial / Helvetica, in thousandths of an em.
_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *([556] * 10), 278, 278, 584,
     584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
     667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556,
     222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584),
    strict=True))
_WIDTHS.update({"\u00a0": 278, "–": 556, "—": 1000, "×": 584, "’": 222, "“": 333, "”": 333})


def text_twips(text: str, size: float, bold: bool = False) -> float:
    em = sum(_WIDTHS.get(char, 556) for char in text) / 1000
    return em * size * 20 * (1.07 if bold else 1.0) * SAFETY


# Where the writer lets a text break with a zero-width space, as LibreOffice does not alone: after a slash between
# letters ("dinas/operasional", not "1/2" nor "2021/2022") and after a comma typed before a letter (",mengurangi").
BREAK_INSIDE = re.compile(r"(?<=[^\W\d]/)(?=[^\W\d])|(?<=,)(?=[^\W\d])")


def _tokens(text: str, number: bool) -> list[str]:
    """The pieces a line may not be broken inside: a figure whole; a text at spaces and after a hyphen between
    letters, as LibreOffice and Word break lines, and where the writer allows a break (``BREAK_INSIDE``):
    "urusan/program/kegiatan" may break as "urusan/program/ kegiatan"."""
    if number:
        return [text]
    text = re.sub(r"(?<=[^\W\d])-(?=[^\W\d])", "- ", BREAK_INSIDE.sub(" ", text))
    # nor before a comma or closing mark, even after a space (Unicode line breaking, rule LB13):
    # "Kartanegara ,mengurangi" as printed in seed 004 breaks only after its comma
    text = re.sub(r" +(?=[,.;:!?)\]}])", "\u00a0", text)
    return text.split()


@dataclass
class Part:
    columns: list[int]
    widths: list[int]  # twips, summing to the text width


@dataclass
class TableFit:
    size: float
    parts: list[Part]
    overflow: bool = False  # even split, some figures wrap: the table still never leaves the page


def _measure(grid: Grid, size: float, whole_headers: bool = True) -> tuple[list[float], list[float], list[bool]]:
    """Per column: the least width (widest figure or word), the width it would like, and whether it holds text.

    With ``whole_headers`` every header word is given its width ("pembilang", "urusan/program/kegiatan" unbroken);
    without, a header word is capped (``HEADER_WORD_CAP`` over figures, ``TOKEN_CAP`` over text) — the last resort
    of a table that does not fit otherwise."""
    n = grid.columns
    least = [0.0] * n
    longest = [0.0] * n
    numeric = grid.numeric_columns()
    spanned = {(r, c) for r0, c0, r1, c1 in grid.merges if c1 > c0 for r in range(r0, r1 + 1)
               for c in range(c0, c1 + 1)}
    for r, row in enumerate(grid.rows):
        header = r < grid.header_rows
        for c, cell in enumerate(row):
            if cell is None or (r, c) in spanned:
                continue
            lines = cell.text.split("\n")
            token = _widest_token(cell, size)
            if not (header and whole_headers):
                token = min(token, HEADER_WORD_CAP if header and numeric[c] else TOKEN_CAP)
            least[c] = max(least[c], token)
            if not header:
                longest[c] = max(longest[c], max(text_twips(line, size, cell.bold) for line in lines))
    for r0, c0, _r1, c1 in grid.merges:
        cell = grid.rows[r0][c0] if c1 > c0 and r0 < grid.header_rows else None
        if cell is not None:
            token = _widest_token(cell, size)
            _widen(least, list(range(c0, c1 + 1)), token if whole_headers else min(token, TOKEN_CAP))
    desired = []
    for c in range(n):
        hint = (grid.width_hints[c] if c < len(grid.width_hints) else 10.0) * 0.5 * size * 20
        want = least[c] if numeric[c] else min(max(longest[c], least[c]), max(hint, least[c]))
        desired.append(want + CELL_PADDING)
    least = [w + CELL_PADDING for w in least]
    text = [not numeric[c] for c in range(n)]
    return least, desired, text


def _widest_token(cell, size: float) -> float:
    return max((text_twips(t, size, cell.bold) for line in cell.text.split("\n") for t in _tokens(line, cell.number)),
               default=0.0)


def _widen(least: list[float], columns: list[int], need: float) -> None:
    """Columns under one merged header ("Tingkat capaian" over K and Rp) together at least as wide as its widest
    word: the shortfall shared evenly, so the header is not broken inside a word over narrow figures."""
    shortfall = need - sum(least[c] for c in columns)
    for c in columns:
        least[c] += max(shortfall, 0) / len(columns)


def _comfortable(least: list[float], desired: list[float], text: list[bool], columns: list[int]) -> list[float]:
    return [max(least[c], min(desired[c], COMFORT)) if text[c] else least[c] for c in columns]


def allocate(least: list[float], desired: list[float], total: int) -> list[int]:
    """Widths summing to ``total``: everything wanted if it fits (spread out to fill), else the least plus a share
    of the rest by what each still wants, else the least scaled down."""
    if sum(desired) <= total:
        raw = [d * total / sum(desired) for d in desired]
    elif sum(least) <= total:
        spare = total - sum(least)
        wants = [d - m for d, m in zip(desired, least, strict=True)]
        raw = [m + (w * spare / sum(wants) if sum(wants) else 0) for m, w in zip(least, wants, strict=True)]
    else:
        raw = [m * total / sum(least) for m in least]
    widths = [int(w) for w in raw]
    widths[-1] += total - sum(widths)
    return widths


def split_points(grid: Grid) -> set[int]:
    """Column boundaries (a boundary b lies between columns b−1 and b) that no merged area crosses."""
    blocked = {b for _r0, c0, _r1, c1 in grid.merges for b in range(c0 + 1, c1 + 1)}
    return {b for b in range(1, grid.columns) if b not in blocked}


def fit_table(grid: Grid, total: int) -> TableFit:
    every = list(range(grid.columns))
    # A smaller font before a header word broken inside; both before splitting the table.
    for whole_headers, size in [(True, size) for size in SIZES] + [(False, size) for size in SIZES]:
        least, desired, text = _measure(grid, size, whole_headers)
        comfortable = _comfortable(least, desired, text, every)
        if sum(comfortable) <= total:
            return TableFit(size, [Part(every, allocate(comfortable, [desired[c] for c in every], total))])
    size = SIZES[-1]
    parts = _split(grid, least, desired, text, total)
    if parts is not None:
        return TableFit(size, parts)
    comfortable = _comfortable(least, desired, text, every)
    return TableFit(size, [Part(every, allocate(least, comfortable, total))], overflow=sum(least) > total)


def _split(grid: Grid, least, desired, text, total: int) -> list[Part] | None:
    """The table as parts side by side in reading order: each repeats the identifying columns (those before the
    first column of figures) and takes as many further column groups as fit."""
    numeric = grid.numeric_columns()
    if True not in numeric:
        return None
    first = numeric.index(True)
    points = split_points(grid)
    if first == 0 or first not in points:
        return None
    identity = list(range(first))
    identity_least = [least[c] for c in identity]
    identity_width = max(sum(identity_least),
                         min(sum(_comfortable(least, desired, text, identity)), IDENTITY_SHARE * total))
    room = total - identity_width
    bounds = sorted(b for b in points if b > first) + [grid.columns]
    groups, start = [], first
    for bound in bounds:
        groups.append(list(range(start, bound)))
        start = bound
    parts: list[list[int]] = []
    current: list[int] = []
    for group in groups:
        need = sum(_comfortable(least, desired, text, group))
        if need > room:
            return None
        if sum(_comfortable(least, desired, text, current)) + need > room:
            parts.append(current)
            current = []
        current = current + group
    parts.append(current)
    if len(parts) < 2:
        return None
    out = []
    for columns in parts:
        chosen = identity + columns
        comfortable = _comfortable(least, desired, text, chosen)
        if sum(comfortable) <= total:
            widths = allocate(comfortable, [desired[c] for c in chosen], total)
        else:  # the identifying columns give way to the figures, down to their widest word
            floor = identity_least + _comfortable(least, desired, text, columns)
            widths = allocate(floor, comfortable, total)
        out.append(Part(chosen, widths))
    return out
