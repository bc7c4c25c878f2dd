"""Tables of the accountability documents (REPORTS.md §G–§I: Perjanjian Kinerja, LKjIP, IKU) as tables of parts.

A document table is a list of parts, each a printed table of its own (LKjIP Tabel 3.2, 3.3 … BAB IV), with its own
columns numbered as the document numbers them (or, where it prints no numbers, left to right from 1). A cell is a
``renja_evaluation.Cell``: the computed value (or undefined with its reason), and where the document printed
something the printed text and, if it differs, why (``printed.Difference``). A cell may carry a ``note`` shown after
its value: the grade of a SAKIP value (``92,45 (AA)``, RULES §8).

JSON keys every part's cells by column number; XLSX writes one sheet per part with its printed header; CSV writes one
block per part (a title line, a header line, the rows, an empty line); HTML renders every part with the list of
printed figures that differ. The builders (``lkjip``, ``perjanjian_kinerja``, ``iku``) compute; this module writes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kinerja.engine import format_count, format_percent, format_rupiah, reason_text
from kinerja.plan import models as m

from . import xlsx
from .csv_export import csv_text
from .evaluation_export import (
    BORDER,
    DIFF_FILL,
    HEADER_FILL,
    INDONESIAN_NUMBER,
    INDONESIAN_PERCENT,
    INDONESIAN_RUPIAH,
    PROGRAM_FONT,
    decimal_text,
    print_setup,
    workbook_bytes,
)
from .evaluation_html import DisplayCell, difference_note
from .lang import current_lang
from .renja_evaluation import Cell
from .renja_rencana import header_cells

TEXT, NUMBER, PERCENT, RUPIAH, LABEL = "text", "number", "percent", "rupiah", "label"
SIX_PLACES = Decimal("0.000001")
TWO_PLACES = Decimal("0.01")
BOLD_KINDS = frozenset({"sasaran", "total", "average", "conclusion"})


@dataclass
class DocCell(Cell):
    """A cell with an optional note after its value (a grade)."""

    note: str = ""


@dataclass(frozen=True)
class PartColumn:
    """One column of a part: its number, header, group header above it, and what it holds (text, number — a K
    value —, percent, rupiah, label — a predikat or a keterangan)."""

    number: str
    label: str
    kind: str = TEXT
    group: str = ""

    @property
    def width(self) -> int:  # one spreadsheet column (renja_rencana.header_cells)
        return 1


@dataclass
class PartRow:
    """One line of a part: an indicator, a program, a sasaran, an average or a total."""

    kind: str
    key: str = ""
    level: str = ""
    code: str = ""
    indicator: str = ""
    cells: dict[str, Cell] = field(default_factory=dict)  # column number → cell
    extra: dict = field(default_factory=dict)  # JSON-only values: numerator, denominator, narratives …

    def cell(self, number: str) -> Cell:
        return self.cells.get(number) or DocCell()


@dataclass
class Part:
    key: str  # "3.2"
    title: str
    columns: list[PartColumn]
    rows: list[PartRow] = field(default_factory=list)
    note: str = ""

    def differences(self):
        for row in self.rows:
            for column in self.columns:
                difference = row.cell(column.number).difference
                if difference is not None:
                    yield row, column.number, difference


@dataclass
class DocumentTable:
    report: str
    title: str
    agency: m.Agency
    plan: m.StrategicPlan
    year: int
    parts: list[Part]
    revisions: dict[str, m.Revision | None] = field(default_factory=dict)
    averaging: str = ""  # the averaging convention's label, where the table averages

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    def differences(self):
        """(part, row, column number, difference) for every printed figure that differs."""
        for part in self.parts:
            for row, number, difference in part.differences():
                yield part, row, number, difference


def text_cell(value: str | None) -> DocCell:
    return DocCell(value=value or None)


# -- JSON ----------------------------------------------------------------------------------------------------------


def json_value(cell: Cell, column: PartColumn):
    value = cell.value
    if value is None or isinstance(value, str):
        return value or None
    if column.kind in (PERCENT, RUPIAH):
        return decimal_text(value, 2)
    if value != value.quantize(SIX_PLACES):
        value = value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)  # a computed ratio: as many places as stored
    return decimal_text(value)


def row_json(row: PartRow, part: Part) -> dict:
    data: dict = {"kind": row.kind, "key": row.key or None}
    if row.level:
        data["level"] = row.level
    if row.code:
        data["code"] = row.code
    if row.indicator:
        data["indicator"] = row.indicator
    data["cells"] = {c.number: json_value(row.cell(c.number), c) for c in part.columns}
    notes = {c.number: row.cell(c.number).note for c in part.columns if getattr(row.cell(c.number), "note", "")}
    if notes:
        data["notes"] = notes
    undefined = {c.number: reason_text(row.cell(c.number).reason, current_lang()) for c in part.columns
                 if row.cell(c.number).value is None and row.cell(c.number).reason is not None}
    if undefined:
        data["undefined"] = undefined
    printed = {c.number: row.cell(c.number).printed for c in part.columns if row.cell(c.number).printed}
    if printed:
        data["printed"] = printed
    differences = [{"column": number, **d.as_dict()} for r, number, d in part.differences() if r is row]
    if differences:
        data["differences"] = differences
    data.update(row.extra)
    return data


def table_json(table: DocumentTable) -> dict:
    data = {
        "report": table.report,
        "title": table.title,
        "agency": table.agency.slug,
        "agency_name": table.agency.name,
        "year": table.year,
        "renstra": {"first_year": table.plan.first_year, "last_year": table.plan.last_year, "name": table.plan.name},
        "revisions": {name: (rev.describe() if rev else None) for name, rev in table.revisions.items()},
    }
    if table.averaging:
        data["averaging"] = table.averaging
    data["parts"] = [{
        "key": part.key,
        "title": part.title,
        "note": part.note or None,
        "columns": [{"number": c.number, "label": str(c.label), "kind": c.kind, **({"group": str(c.group)}
                                                                                   if c.group else {})}
                    for c in part.columns],
        "rows": [row_json(row, part) for row in part.rows],
    } for part in table.parts]
    data["differences_count"] = sum(1 for _ in table.differences())
    return data


# -- CSV -----------------------------------------------------------------------------------------------------------


def csv_value(cell: Cell, column: PartColumn):
    value = cell.value
    if isinstance(value, Decimal):
        if column.kind in (PERCENT, RUPIAH):
            return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        if value != value.quantize(SIX_PLACES):
            value = value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)
        return value.normalize()
    return value or None


def table_csv(table: DocumentTable) -> bytes:
    """One block per part: ``Tabel <key>`` and its title, the header (number and label of each column), the rows
    (plain numbers, '.' as the decimal mark), an empty line."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for part in table.parts:
        writer.writerow([csv_text(_("Tabel %(key)s") % {"key": part.key}), csv_text(part.title)])
        writer.writerow([csv_text(f"{c.number} {c.group} – {c.label}" if c.group else f"{c.number} {c.label}")
                         for c in part.columns])
        for row in part.rows:
            writer.writerow([csv_text(csv_value(row.cell(c.number), c)) for c in part.columns])
        writer.writerow([])
    return buffer.getvalue().encode("utf-8")


# -- XLSX ----------------------------------------------------------------------------------------------------------

WIDTHS = {TEXT: 36, NUMBER: 12, PERCENT: 11, RUPIAH: 19, LABEL: 14}


def _write(target, cell: Cell, column: PartColumn) -> None:
    value = cell.value
    if value is None:
        target.value = "—" if cell.reason else None
        if cell.reason:
            target.comment = Comment(reason_text(cell.reason, current_lang()), "Kinerja")
        return
    if isinstance(value, str):
        target.value = value
        return
    if column.kind == PERCENT:
        target.value = float(value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
        target.number_format = INDONESIAN_PERCENT
    elif column.kind == RUPIAH:
        target.value = float(value)
        target.number_format = INDONESIAN_RUPIAH
    else:
        target.value = int(value) if value == value.to_integral() else float(value.quantize(SIX_PLACES))
        target.number_format = INDONESIAN_NUMBER
    target.alignment = Alignment(horizontal="right", vertical="top")


def table_xlsx(table: DocumentTable) -> bytes:
    """One sheet per part: the part's title, its printed header (groups merged over their columns, the column
    numbers below), numbers as numbers; a printed figure that differs shaded, with what was printed in a comment."""
    book = xlsx.Book()
    for part in table.parts:
        sheet = book.sheet(_("Tabel %(key)s") % {"key": part.key})
        width = len(part.columns)
        sheet.lines([(f"{table.title} — {_('Tabel')} {part.key}: {part.title}", xlsx.TITLE),
                     (f"{table.agency.name} · {table.year}", {})], width)
        header_top = 3
        numbers_row = xlsx.printed_header(
            sheet, part.columns, header_top, width, one_line_spans_two=True,
            numbers=[int(c.number) if c.number.isdigit() else c.number for c in part.columns])
        r = numbers_row + 1
        for row in part.rows:
            row_props = {**xlsx.BORDERED, **({"bold": True} if row.kind in BOLD_KINDS else {})}
            for index, column in enumerate(part.columns):
                cell = row.cell(column.number)
                value, props, comment = _sheet_value(cell, column)
                if cell.difference is not None:
                    props, comment = {**props, **xlsx.DIFF}, xlsx.difference_text(cell.difference)
                sheet.put(r, index, value, sheet.fmt(**row_props, **props))
                if comment:
                    sheet.comment(r, index, comment)
            r += 1
        sheet.widths({index: WIDTHS[column.kind] for index, column in enumerate(part.columns)})
        sheet.ws.freeze_panes(numbers_row + 1, 0)
        sheet.print_setup(header_top, numbers_row)
    return book.close()


def _sheet_value(cell: Cell, column: PartColumn) -> tuple[object, dict, str | None]:
    """A cell's value for the sheet, its format's properties (beside the row's) and the comment on an undefined
    value."""
    value = cell.value
    if isinstance(value, Decimal):
        number, number_format = xlsx.number_cell(
            value, rupiah=column.kind == RUPIAH, percent=INDONESIAN_PERCENT if column.kind == PERCENT else None,
            places=SIX_PLACES)
        return number, {**xlsx.NUMBER_CELL, "num_format": number_format}, None
    props = {"valign": "top", **({"text_wrap": True} if column.kind == TEXT else {})}
    if value is None:
        return ("—", props, reason_text(cell.reason, current_lang())) if cell.reason else (None, props, None)
    return value, props, None


def table_xlsx_openpyxl(table: DocumentTable) -> bytes:
    """The first writer of ``table_xlsx``, kept while ``tests/reports/test_xlsx_writers.py`` compares the two
    workbooks cell by cell and the benchmark times both."""
    wb = Workbook()
    wb.remove(wb.active)
    for part in table.parts:
        ws = wb.create_sheet((_("Tabel %(key)s") % {"key": part.key})[:31])
        width = len(part.columns)
        ws.cell(row=1, column=1, value=f"{table.title} — {_('Tabel')} {part.key}: {part.title}").font = Font(
            bold=True, size=12)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.cell(row=2, column=1, value=f"{table.agency.name} · {table.year}")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        header_top, header_numbers = 4, 6
        for h in header_cells(part.columns):
            r, c = header_top + h.row, h.start + 1
            ws.cell(row=r, column=c, value=h.label)
            if h.width > 1 or h.height > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + h.height - 1, end_column=c + h.width - 1)
        if not any(c.group for c in part.columns):
            for c in range(1, width + 1):  # one header line: the cell spans the two header rows
                ws.merge_cells(start_row=header_top, start_column=c, end_row=header_top + 1, end_column=c)
        for index, column in enumerate(part.columns, start=1):
            ws.cell(row=header_numbers, column=index, value=int(column.number) if column.number.isdigit()
                    else column.number)
            ws.column_dimensions[get_column_letter(index)].width = WIDTHS[column.kind]
        for r in range(header_top, header_numbers + 1):
            for c in range(1, width + 1):
                cell = ws.cell(row=r, column=c)
                cell.fill = HEADER_FILL
                cell.border = BORDER
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        r = header_numbers + 1
        for row in part.rows:
            for index, column in enumerate(part.columns, start=1):
                cell = row.cell(column.number)
                target = ws.cell(row=r, column=index)
                target.border = BORDER
                target.alignment = Alignment(vertical="top", wrap_text=column.kind == TEXT)
                _write(target, cell, column)
                if cell.difference is not None:
                    target.fill = DIFF_FILL
                    target.comment = Comment(_("Tercetak: %(printed)s — %(cause)s") % {
                        "printed": cell.difference.printed, "cause": cell.difference.cause}, "Kinerja")
                if row.kind in BOLD_KINDS:
                    target.font = PROGRAM_FONT
            r += 1
        ws.freeze_panes = ws.cell(row=header_numbers + 1, column=1)
        print_setup(ws, header_top, header_numbers)
    return workbook_bytes(wb)


# -- HTML ----------------------------------------------------------------------------------------------------------


def display(cell: Cell, column: PartColumn, lang: str) -> DisplayCell:
    value = cell.value
    if value is None:
        shown = (DisplayCell("—", "undefined", reason_text(cell.reason, lang)) if cell.reason
                 else DisplayCell(""))
    elif isinstance(value, str):
        shown = DisplayCell(value, "predikat" if column.kind == LABEL else "")
    elif column.kind == PERCENT:
        shown = DisplayCell(format_percent(value, 2, lang), "num")
    elif column.kind == RUPIAH:
        shown = DisplayCell(format_rupiah(value, lang), "num")
    else:
        shown = DisplayCell(format_count(value, lang, max_places=2), "num")
    note = getattr(cell, "note", "")
    if note:
        shown.text = f"{shown.text} ({note})"
    if cell.difference is not None:
        shown.css = f"{shown.css} diff".strip()
        shown.title = difference_note(cell.difference)
    elif cell.printed and column.kind == TEXT and cell.printed != value:
        shown.title = _("Dokumen mencetak: %(printed)s") % {"printed": cell.printed}
    return shown


def _computed_text(value, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_count(value.quantize(TWO_PLACES) if value != value.to_integral() else value, lang)
    return str(value)


def present(table: DocumentTable) -> dict:
    lang = current_lang()
    parts = []
    for part in table.parts:
        header = header_cells(part.columns)
        rows = [{"kind": row.kind, "cells": [display(row.cell(c.number), c, lang) for c in part.columns]}
                for row in part.rows]
        parts.append({
            "part": part,
            "header_top": [h for h in header if h.row == 0],
            "header_second": [h for h in header if h.row == 1],
            "rows": rows,
        })
    differences = [{
        "where": f"{_('Tabel')} {part.key} · {row.key or row.kind}",
        "indicator": row.indicator,
        "column": number, "measure": "", "printed": difference.printed,
        "computed": _computed_text(difference.computed, lang), "cause": difference.cause,
    } for part, row, number, difference in table.differences()]
    return {
        "table": table,
        "parts": parts,
        "differences": differences,
        "revisions": [r for r in table.revisions.values() if r is not None],
    }
