"""Ratio indicators printed with their formula (RULES §7): a row whose formula cell is a fraction bar over the
numerator (``Jumlah rumah singgah … ----- x 100%``), followed by the numerator, its unit and the printed value,
with the denominator and its unit on the next line — the layout of the IKK tables (seed 000 §2.2: IKK 64 prints
21 / 646 as 1,46 %; the ratio is 3,25 %). The printed value must be numerator / denominator × factor, within
its printed precision.

These rows are found on the grid itself, so a table that holds nothing else (the IKK table names only one figure
column, *capaian kinerja*) is still checked.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from kinerja.engine import NumberKind

from .check import _WIDE, Finding, Printed, read_printed, within
from .messages import text
from .reading import Cell, Grid, GridRow

# "… ----- x 100%", "… ---- × 100 %", "… ----- X 1000": the fraction bar, then the factor.
_FRACTION = re.compile(r"-{3,}\s*(?:[x×X*]\s*(?P<factor>\d[\d.]*)\s*%?)?\s*$")
_COLUMN_NUMBERS = re.compile(r"\d{1,2}")


def _number(cell: Cell, lang: str) -> Printed | None:
    p = read_printed(cell, NumberKind.COUNT, lang)
    return p if p.value is not None and not p.error and p.unit in (None, "") else None


def _unit_after(cells: list[Cell], index: int) -> str:
    nxt = cells[index + 1] if index + 1 < len(cells) else None
    return nxt.text if nxt is not None and nxt.text and not re.search(r"\d", nxt.text) else ""


def _operand(cells: list[Cell], start: int, lang: str) -> tuple[int, Printed, str] | None:
    """The first plain number at or after ``start`` (not a percentage) and the unit printed after it."""
    for i in range(start, len(cells)):
        cell = cells[i]
        if not cell.text or cell.text.rstrip().endswith("%"):
            continue
        p = _number(cell, lang)
        if p is not None:
            return i, p, _unit_after(cells, i)
    return None


def _column_name(grid: Grid, row: GridRow, cell: Cell) -> str:
    """The official column number printed above the value (the ``1 2 3 … 9`` row), else *capaian*."""
    above = [r for r in grid.rows if r.line < row.line]
    for candidate in reversed(above[-12:]):
        texts = [c.text for c in candidate.cells if c.text]
        if len(texts) >= 4 and all(_COLUMN_NUMBERS.fullmatch(t) for t in texts) and \
                [int(t) for t in texts] == list(range(1, len(texts) + 1)):
            if len(row.cells) == len(texts):  # the row is printed in the header's columns
                return texts[cell.column - 1] if cell.column - 1 < len(texts) else "capaian"
            return "capaian"
    return "capaian"


def _label(cells: list[Cell], formula_index: int) -> str:
    labels = [c.text for c in cells[:formula_index] if c.text]
    if not labels:
        return cells[formula_index].text
    name = max(labels, key=len)
    number = next((t for t in labels if t.isdigit()), "")
    return f"{number} {name}".strip() if number and number != name else name


def check_ratios(grid: Grid, lang: str = "id", table: int = 0) -> tuple[list[Finding], int]:
    """The findings on the grid's ratio rows, and how many ratio rows were checked."""
    findings: list[Finding] = []
    checked = 0
    rows = grid.rows
    for i, row in enumerate(rows):
        cells = list(row.cells)
        for f, cell in enumerate(cells):
            match = _FRACTION.search(cell.text) if cell.text else None
            if not match:
                continue
            numerator = _operand(cells, f + 1, lang)
            if numerator is None:
                continue
            n_index, num, _unit = numerator
            value_index = next((k for k in range(n_index + 1, len(cells))
                                if cells[k].text and re.search(r"\d", cells[k].text)), None)
            if value_index is None or i + 1 >= len(rows):
                continue
            below = list(rows[i + 1].cells)
            denominator = _operand(below, 0, lang)
            if denominator is None:
                continue
            _d_index, den, _unit = denominator
            checked += 1
            factor = Decimal(match["factor"].replace(".", "")) if match["factor"] else Decimal(1)
            printed_cell = cells[value_index]
            percent = factor == 100 or printed_cell.text.rstrip().endswith("%")
            p = read_printed(printed_cell, NumberKind.PERCENT if percent else NumberKind.COUNT, lang)
            with localcontext(_WIDE):
                expected = None if den.value == 0 else num.value / den.value * factor
            rule = text("rule.ratio_formula", lang, a=num.text, b=den.text,
                        factor=f" × {factor}" if factor != 1 else "")
            column = _column_name(grid, row, printed_cell)
            label = _label(cells, f)
            cause = None
            if p.error:
                cause = text("cause.malformed", lang, reason=p.error)
            elif expected is None:
                cause = text("cause.zero_denominator", lang)
            elif p.value is None or within(p, expected):
                break  # right, or nothing printed to compare (a dash, a label)
            findings.append(Finding(
                line=row.line, row=label, column=column, column_number=column if column.isdigit() else None,
                measure=None, header=column, position=printed_cell.column, printed=printed_cell.text,
                expected=expected, rule=rule, cause=cause, check="ratio", table=table, percent=percent))
            break
    return findings, checked
