"""The Renja plan table (renja-rencana) as JSON, XLSX and CSV, keyed by the official column numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import xlsx
from .csv_export import write_csv
from .evaluation_export import (
    BORDER,
    DIFF_FILL,
    HEADER_FILL,
    INDONESIAN_NUMBER,
    INDONESIAN_RUPIAH,
    PROGRAM_FONT,
    decimal_text,
    print_setup,
    workbook_bytes,
)
from .renja_rencana import REPORT, RP, SATUAN, PlanColumn, PlanRow, RencanaTable, header_cells

TWO_PLACES = Decimal("0.01")


def _json_value(value: Decimal | str | None, measure: str):
    if value is None or isinstance(value, str):
        return value or None
    return decimal_text(value, 2) if measure == RP else decimal_text(value)


def _cells_json(row: PlanRow, table: RencanaTable) -> dict:
    cells = {}
    for column in table.columns:
        if column.fixed:
            continue
        values = row.values(column)
        if column.measures:
            cells[column.number] = {m: _json_value(v, m) for m, v in zip(column.measures, values, strict=True)}
        else:
            cells[column.number] = values[0]
    return cells


def _difference_json(column: str, measure: str, difference) -> dict:
    return {"column": column, "measure": measure or None, **difference.as_dict()}


def row_json(row: PlanRow, table: RencanaTable) -> dict:
    element = row.element
    ind = row.indicator.indicator if row.indicator else None
    data = {
        "code": element.code or None,
        "level": element.level,
        "key": element.key,
        "name": (row.printed_texts.get("name") or element.name) if row.first_of_element else "",
        "indicator": (row.printed_texts.get("indicator") or ind.name) if ind else None,
        "unit": ind.satuan if ind else None,
        "responsible_unit": element.unit.name if element.unit else None,
        "cells": _cells_json(row, table),
    }
    if table.layout == 1:
        data["no"] = row.texts.get("no") or None
    # Printed wording shown in place of the stored one: the stored text beside it, as data.
    stored = {}
    if row.first_of_element and data["name"] != element.name:
        stored["name"] = element.name
    if ind is not None and data["indicator"] != ind.name:
        stored["indicator"] = ind.name
    if stored:
        data["stored"] = stored
    if row.printed_code:
        data["code_printed"] = row.printed_code
    printed, differences = {}, []
    for figure, cell in row.cells.items():
        if cell.difference is not None:
            number = table.number_of(figure)
            value = cell.difference.printed_value
            printed.setdefault(number, {})[RP] = (decimal_text(value) if isinstance(value, Decimal)
                                                  else cell.difference.printed)
            differences.append(_difference_json(number, RP, cell.difference))
    if row.code_difference is not None:
        code_column = table.number_of("code" if table.layout == 1 else "code_program")
        printed[code_column] = row.code_difference.printed
        differences.append(_difference_json(code_column, "", row.code_difference))
    if printed:
        data["printed"] = printed
    if differences:
        data["differences"] = differences
    return data


def column_json(column: PlanColumn) -> dict:
    data = {"number": column.number, "label": str(column.label), "measures": list(column.measures)}
    if column.group:
        data["group"] = str(column.group)
    if column.fixed:
        data["field"] = column.figure
    return data


def rencana_json(table: RencanaTable) -> dict:
    total_cells = {c.number: _cells_json(table.total, table)[c.number] for c in table.columns
                   if c.figure in ("pagu", "forward_pagu")}
    return {
        "report": REPORT,
        "agency": table.agency.slug,
        "agency_name": table.agency.name,
        "year": table.year,
        "forward_year": table.forward_year,
        "layout": table.layout,
        "renstra": {"first_year": table.plan.first_year, "last_year": table.plan.last_year,
                    "name": table.plan.name},
        "revisions": {name: rev.describe() for name, rev in table.revisions.items()},
        "columns": [column_json(c) for c in table.columns],
        "rows": [row_json(row, table) for row in table.rows],
        "total": total_cells,
        "differences": [_difference_json(c, m_, d) for row, c, m_, d in table.differences() if row is None],
        "differences_count": sum(1 for _ in table.differences()),
    }


# -- CSV -----------------------------------------------------------------------------------------------------------


def _plain(value: Decimal | str | None, measure: str) -> Decimal | str | None:
    if isinstance(value, Decimal):
        return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if measure == RP else value.normalize()
    return value or None


def csv_header(columns: list[PlanColumn]) -> list[str]:
    """One label per physical column: the official number, the header (its group first), the measure."""
    labels = []
    for column in columns:
        label = f"{column.number} {column.group} – {column.label}" if column.group else (
            f"{column.number} {column.label}")
        if len(column.measures) > 1:
            labels.extend(f"{label} ({measure})" for measure in column.measures)
        else:
            labels.append(label)
    return labels


def rencana_csv(table: RencanaTable) -> bytes:
    def values(row: PlanRow) -> list:
        out = []
        for column in table.columns:
            measures = column.measures or ("",)
            out.extend(_plain(v, m) for m, v in zip(measures, row.values(column), strict=True))
        return out

    return write_csv(csv_header(table.columns), [values(row) for row in [*table.rows, table.total]])


# -- XLSX ----------------------------------------------------------------------------------------------------------

WIDTHS = {"no": 5, "code": 14, "code_program": 11, "code_kegiatan": 9, "code_sub": 9, "name": 45, "indicator": 45,
          "lokasi": 14, "catatan": 28, "unit": 26}
MEASURE_WIDTHS = {"K": 10, SATUAN: 11, RP: 18}


def _write(target, value: Decimal | str | None, measure: str, column: PlanColumn) -> None:
    if isinstance(value, Decimal):
        if measure == RP:
            target.value = float(value)
            target.number_format = INDONESIAN_RUPIAH
        else:
            target.value = int(value) if value == value.to_integral() else float(value)
            target.number_format = INDONESIAN_NUMBER
        target.alignment = Alignment(horizontal="right", vertical="top")
    elif column.figure == "no" and value:
        target.value = int(value)
    else:
        target.value = value or None


def _mark(target, difference) -> None:
    """A printed figure that differs: shaded, with what was printed and why in a comment."""
    if difference is not None:
        target.fill = DIFF_FILL
        target.comment = Comment(_("Tercetak: %(printed)s — %(cause)s") % {
            "printed": difference.printed, "cause": difference.cause}, "Kinerja")


def rencana_xlsx(table: RencanaTable) -> bytes:
    """The table with its printed header: groups merged over their columns, a target's value and satuan side by
    side under one header, the official column numbers below; numbers stored as numbers."""
    book = xlsx.Book()
    sheet = book.sheet(_("Rencana Renja %(year)s") % {"year": table.year})
    width = sum(c.width for c in table.columns)
    title = _("Rencana program dan kegiatan %(agency)s tahun %(year)s dan prakiraan maju tahun %(next)s") % {
        "agency": table.agency.name, "year": table.year, "next": table.forward_year}
    sheet.lines([(title, xlsx.TITLE), (_("Sumber: %(revision)s") % {"revision": str(table.revision)}, {})], width)
    header_top = 3
    numbers_row = xlsx.printed_header(sheet, table.columns, header_top, width,
                                      numbers=[int(column.number) for column in table.columns])
    widths, c = {}, 0
    for column in table.columns:
        for offset, measure in enumerate(column.measures or ("",)):
            widths[c + offset] = MEASURE_WIDTHS.get(measure) or WIDTHS.get(column.figure, 14)
        c += column.width
    r = numbers_row + 1
    for row in [*table.rows, table.total]:
        row_props = {**xlsx.BORDERED, **({"bold": True} if row.is_program or row.kind == "total" else {})}
        c = 0
        for column in table.columns:
            cell = row.cell(column)
            for measure, value in zip(column.measures or ("",), row.values(column), strict=True):
                shown, props = _sheet_value(value, measure, column)
                difference = None
                if cell is not None and measure == RP:
                    difference = cell.difference
                if column.figure in ("code", "code_program") and row.code_difference is not None:
                    difference = row.code_difference
                if difference is not None:
                    props = {**props, **xlsx.DIFF}
                sheet.put(r, c, shown, sheet.fmt(**row_props, **props))
                if difference is not None:
                    sheet.comment(r, c, xlsx.difference_text(difference))
                c += 1
        r += 1
    sheet.widths(widths)
    sheet.ws.freeze_panes(numbers_row + 1, sum(c.width for c in table.columns if c.fixed))
    sheet.print_setup(header_top, numbers_row)
    return book.close()


def _sheet_value(value: Decimal | str | None, measure: str, column: PlanColumn) -> tuple[object, dict]:
    """A value for the sheet and its format's properties (beside the row's)."""
    if isinstance(value, Decimal):
        number, number_format = xlsx.number_cell(value, rupiah=measure == RP)
        return number, {**xlsx.NUMBER_CELL, "num_format": number_format}
    props = {"valign": "top", **({} if column.measures else {"text_wrap": True})}
    if column.figure == "no" and value:
        return int(value), props
    return value or None, props


def rencana_xlsx_openpyxl(table: RencanaTable) -> bytes:
    """The first writer of ``rencana_xlsx``, kept while ``tests/reports/test_xlsx_writers.py`` compares the two
    workbooks cell by cell and the benchmark times both."""
    wb = Workbook()
    ws = wb.active
    ws.title = (_("Rencana Renja %(year)s") % {"year": table.year})[:31]
    width = sum(c.width for c in table.columns)
    title = _("Rencana program dan kegiatan %(agency)s tahun %(year)s dan prakiraan maju tahun %(next)s") % {
        "agency": table.agency.name, "year": table.year, "next": table.forward_year}
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=2, column=1, value=_("Sumber: %(revision)s") % {"revision": str(table.revision)})
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)

    header_top, header_numbers = 4, 6
    for h in header_cells(table.columns):
        r, c = header_top + h.row, h.start + 1
        ws.cell(row=r, column=c, value=h.label)
        if h.width > 1 or h.height > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + h.height - 1, end_column=c + h.width - 1)
    c = 1
    for column in table.columns:
        ws.cell(row=header_numbers, column=c, value=int(column.number))
        if column.width > 1:
            ws.merge_cells(start_row=header_numbers, start_column=c, end_row=header_numbers,
                           end_column=c + column.width - 1)
        for offset, measure in enumerate(column.measures or ("",)):
            width_of = MEASURE_WIDTHS.get(measure) or WIDTHS.get(column.figure, 14)
            ws.column_dimensions[get_column_letter(c + offset)].width = width_of
        c += column.width
    for r in range(header_top, header_numbers + 1):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    r = header_numbers + 1
    for row in [*table.rows, table.total]:
        c = 1
        for column in table.columns:
            cell = row.cell(column)
            for measure, value in zip(column.measures or ("",), row.values(column), strict=True):
                target = ws.cell(row=r, column=c)
                target.border = BORDER
                target.alignment = Alignment(vertical="top", wrap_text=not column.measures)
                _write(target, value, measure, column)
                if cell is not None and measure == RP:
                    _mark(target, cell.difference)
                if column.figure in ("code", "code_program"):
                    _mark(target, row.code_difference)
                if row.is_program or row.kind == "total":
                    target.font = PROGRAM_FONT
                c += 1
        r += 1

    first_value = 1 + sum(c.width for c in table.columns if c.fixed)
    ws.freeze_panes = ws.cell(row=header_numbers + 1, column=first_value)
    print_setup(ws, header_top, header_numbers)
    return workbook_bytes(wb)
