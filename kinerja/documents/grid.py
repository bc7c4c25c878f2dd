"""A catalog table as a grid of printed texts, read from the table's own XLSX (or, failing that, CSV) output.

The XLSX is the form the catalog writes "as printed": merged group headers, the header rows named as print titles,
numbers with their display format. Reading it back means a document shows every table — including tables added to
the catalog later — exactly as its report lays it out, with numbers written the Indonesian way (1.234.567,89).
What the XLSX adds for the planner's eyes only — shading and comments on figures that differ from a published
document, and the "Tercetak berbeda" note — stays out of the body: the document's appendix lists differences.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl import load_workbook

PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class GridCell:
    text: str
    bold: bool = False
    align: str = "left"  # left, center, right
    number: bool = False  # a formatted figure: never broken inside, aligned right


@dataclass
class Grid:
    """One table: its title, notes, rows (header rows first) and merged areas ``(row0, col0, row1, col1)``."""

    title: str
    notes: list[str]
    rows: list[list[GridCell | None]]
    header_rows: int
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    width_hints: list[float] = field(default_factory=list)  # relative widths, as the XLSX sets them

    @property
    def columns(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def numeric_columns(self) -> list[bool]:
        flags = [False] * self.columns
        for row in self.rows[self.header_rows:]:
            for index, cell in enumerate(row):
                if cell is not None and cell.number:
                    flags[index] = True
        return flags


# -- number formats ------------------------------------------------------------------------------------------------


def _sections(number_format: str) -> list[str]:
    sections, current, quoted = [], [], False
    for char in number_format:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _tokens(section: str) -> list[tuple[str, str]]:
    """A format section as (kind, text) tokens: ``lit`` literal text, ``num`` the digit placeholders."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            tokens.append(("lit", section[i + 1:end]))
            i = end + 1
        elif char == "\\" and i + 1 < len(section):
            tokens.append(("lit", section[i + 1]))
            i += 2
        elif char in "0#?,.":
            j = i
            while j < len(section) and section[j] in "0#?,.":
                j += 1
            tokens.append(("num", section[i:j]))
            i = j
        elif char == "[":  # colour or condition: not printed
            end = section.find("]", i)
            i = len(section) if end < 0 else end + 1
        elif char in "_*":  # padding to a character's width, or fill: not printed
            i += 2
        else:
            tokens.append(("pct" if char == "%" else "lit", char))
            i += 1
    return tokens


def group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def indonesian_number(value: Decimal, min_places: int, max_places: int, grouping: bool) -> str:
    """``1234567.5`` → ``1.234.567,5``: '.' groups thousands, ',' marks decimals; trailing zeros beyond
    ``min_places`` dropped."""
    quantum = Decimal(1).scaleb(-max_places)
    rounded = abs(value).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _dot, fraction = format(rounded, "f").partition(".")
    fraction = fraction.rstrip("0")
    fraction = fraction.ljust(min_places, "0")
    whole = group_thousands(whole) if grouping else whole
    sign = "-" if value < 0 and rounded != 0 else ""
    return sign + whole + ("," + fraction if fraction else "")


def format_number(value: int | float | Decimal, number_format: str | None) -> str:
    """A number as a spreadsheet displays it with ``number_format``, in the Indonesian convention."""
    number = Decimal(str(value))
    if not number_format or number_format == "General":
        if number == number.to_integral_value():
            return str(int(number))
        return indonesian_number(number, 0, 10, grouping=False)
    sections = _sections(number_format)
    if number < 0 and len(sections) > 1:
        section, number = sections[1], -number
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    else:
        section = sections[0]
    tokens = _tokens(section)
    if any(kind == "pct" for kind, _text in tokens):
        number *= 100
    out = []
    for kind, text in tokens:
        if kind == "num":
            whole, _dot, fraction = text.partition(".")
            min_places = fraction.count("0")
            max_places = min_places + fraction.count("#") + fraction.count("?")
            out.append(indonesian_number(number, min_places, max_places, grouping="," in whole))
        else:
            out.append(text)
    return "".join(out)


# -- reading -------------------------------------------------------------------------------------------------------


def clean(text: str) -> str:
    return XML_ILLEGAL.sub("", text)


def _annotation_prefix() -> str:
    """The start of the evaluation's "Tercetak berbeda: …" note, in the active language."""
    return _("Tercetak berbeda: %(notes)s").split("%(")[0].strip()


def _title_rows(ws) -> tuple[int, int] | None:
    titles = ws.print_title_rows
    if not titles:
        return None
    match = re.fullmatch(r"\$?(\d+):\$?(\d+)", titles.split(",")[0])
    return (int(match.group(1)), int(match.group(2))) if match else None


def _cell(cell, annotation: str) -> GridCell | None:
    value = cell.value
    if value is None or value == "":
        return None
    bold = bool(cell.font and cell.font.b)
    horizontal = cell.alignment.horizontal if cell.alignment else None
    if isinstance(value, bool):
        return GridCell(str(value), bold)
    if isinstance(value, int | float | Decimal):
        formatted = cell.number_format not in (None, "General")
        return GridCell(format_number(value, cell.number_format), bold,
                        "right" if formatted else (horizontal or "center"), number=formatted)
    text = clean(str(value)).strip()
    if annotation and text.startswith(annotation):
        return None
    return GridCell(text, bold, horizontal if horizontal in ("center", "right") else "left")


def grids_from_xlsx(data: bytes) -> list[Grid]:
    """Every worksheet of the workbook as a grid: rows above the print titles are the title and notes."""
    wb = load_workbook(io.BytesIO(data))
    annotation = _annotation_prefix()
    grids = []
    for ws in wb.worksheets:
        if ws.max_row < 1 or ws.max_column < 1:
            continue
        width = ws.max_column
        titles = _title_rows(ws)
        if titles is None:
            first_wide = next((r for r in range(1, ws.max_row + 1)
                               if sum(1 for c in ws[r] if c.value not in (None, "")) >= 2), 1)
            titles = (first_wide, first_wide)
        top, bottom = titles
        above = [" ".join(str(c.value).split()) for r in range(1, top) for c in ws[r] if c.value not in (None, "")]
        title, notes = (above[0], above[1:]) if above else ("", [])
        rows: list[list[GridCell | None]] = []
        index_of: dict[int, int] = {}  # sheet row → grid row
        for r in range(top, ws.max_row + 1):
            row = [_cell(ws.cell(row=r, column=c), annotation if r > bottom else "") for c in range(1, width + 1)]
            if r > bottom and all(cell is None for cell in row) and not _merged_into(ws, r):
                continue
            index_of[r] = len(rows)
            rows.append(row)
        merges = []
        for merged in ws.merged_cells.ranges:
            if merged.min_row not in index_of or merged.max_row not in index_of:
                continue
            area = (index_of[merged.min_row], merged.min_col - 1, index_of[merged.max_row], merged.max_col - 1)
            if area[0] != area[2] or area[1] != area[3]:
                merges.append(area)
        for header_row in range(bottom - top + 1):
            for cell in rows[header_row]:
                if cell is not None:
                    cell.bold, cell.align, cell.number = True, "center", False
        # A <col> element may give one width to a range of columns (min–max), as XlsxWriter writes equal neighbours.
        widths = {c: float(d.width) for d in ws.column_dimensions.values() if d.width and d.min
                  for c in range(d.min, (d.max or d.min) + 1)}
        hints = [widths.get(c, 10.0) for c in range(1, width + 1)]
        grids.append(Grid(clean(title), [clean(n) for n in notes], rows, bottom - top + 1, merges, hints))
    return grids


def _merged_into(ws, row: int) -> bool:
    return any(m.min_row <= row <= m.max_row and m.min_row != m.max_row for m in ws.merged_cells.ranges)


def grids_from_csv(data: bytes, title: str) -> list[Grid]:
    """A table that has only CSV: one header row; a column whose every value is a plain number (and whose header
    does not name a code or an ordinal) written the Indonesian way."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    lines = [line for line in reader if any(field.strip() for field in line)]
    if not lines:
        return []
    width = max(len(line) for line in lines)
    lines = [[clean(text) for text in line + [""] * (width - len(line))] for line in lines]
    header, body = lines[0], lines[1:]
    numeric = []
    for c in range(width):
        values = [line[c] for line in body if line[c]]
        named_code = re.search(r"\b(kode|code|no)\b", header[c], re.IGNORECASE)
        numeric.append(bool(values) and not named_code and all(PLAIN_NUMBER.fullmatch(v) for v in values))
    rows: list[list[GridCell | None]] = [[GridCell(t, True, "center") if t else None for t in header]]
    for line in body:
        row: list[GridCell | None] = []
        for c, text in enumerate(line):
            if not text:
                row.append(None)
            elif numeric[c]:
                places = len(text.partition(".")[2])
                row.append(GridCell(indonesian_number(Decimal(text), places, places, grouping=True), align="right",
                                    number=True))
            else:
                row.append(GridCell(text[1:] if text.startswith("'") else text))
        rows.append(row)
    return [Grid(title, [], rows, 1, [], [10.0] * width)]
