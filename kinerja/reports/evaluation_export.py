"""The Renja evaluation as machine-readable JSON and as the XLSX planners work in."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kinerja.engine import average_policy_text, reason_text

from .csv_export import workbook_bytes, write_csv
from .lang import current_lang
from .renja_evaluation import RP, Cell, Column, EvaluationTable, Row

TWO_PLACES = Decimal("0.01")


def decimal_text(value: Decimal, places: int | None = None) -> str:
    """A decimal as a plain string: fixed places when given, else as stored without exponent or trailing zeros."""
    if places is not None:
        return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    text = format(value.normalize(), "f")
    return text


def cell_json(cell: Cell, column: Column, measure: str):
    if cell.value is None:
        return None
    if isinstance(cell.value, str):
        return cell.value
    if column.percent or measure == RP:
        return decimal_text(cell.value, 2)
    return decimal_text(cell.value)


def _revision(revision) -> dict | None:
    return revision.describe() if revision else None


def _average_json(cells: dict[str, Cell]) -> dict:
    return {m: (decimal_text(c.value, 2) if isinstance(c.value, Decimal) else None) for m, c in cells.items()}


def _predikat_json(values: dict) -> dict:
    return {m: (p.value if p else None) for m, p in values.items()}


def row_json(row: Row, table: EvaluationTable) -> dict:
    element = row.element
    ind = row.indicator.indicator if row.indicator else None
    cells: dict[str, dict] = {}
    printed: dict[str, dict] = {}
    reasons: dict[str, dict] = {}
    differences = []
    for column in table.columns:
        cells[column.number] = {}
        for measure in table.measures:
            cell = row.cells.get((column.number, measure), Cell())
            cells[column.number][measure] = cell_json(cell, column, measure)
            if cell.value is None and cell.reason is not None:
                reasons.setdefault(column.number, {})[measure] = reason_text(cell.reason, current_lang())
            if cell.difference is not None:
                value = cell.difference.printed_value
                shown = (decimal_text(value) if isinstance(value, Decimal) else cell.difference.printed)
                printed.setdefault(column.number, {})[measure] = shown
    for column_number, measure, difference in row.differences():
        differences.append({"column": column_number, "measure": measure or None, **difference.as_dict()})
    objective = objective_of(row)
    data = {
        "code": element.code or None,
        "level": element.level,
        "key": element.key,
        "name": element.name if row.first_of_element else "",
        "sasaran": objective,
        "indicator": ind.name if ind else None,
        "unit": ind.satuan if ind else None,
        "aggregation": ind.aggregation if ind else None,
        "responsible_unit": element.unit.name if element.unit else None,
        "cells": cells,
    }
    if reasons:
        data["undefined"] = reasons
    if printed:
        data["printed"] = printed
    if differences:
        data["differences"] = differences
    if row.average:
        data["average"] = _average_json(row.average)
        data["predikat"] = _predikat_json(row.predikat)
    return data


def objective_of(row: Row) -> str | None:
    element = row.element
    while element is not None:
        if element.level == "sasaran":
            return element.name
        element = element.parent
    return None


def omitted_json(table: EvaluationTable) -> dict:
    return {"count": table.omitted.count, "reason": table.omitted.reason, "codes": list(table.omitted.codes)}


def omitted_note(table: EvaluationTable) -> str:
    """The note saying how many rows the table leaves out and why (under the HTML table, above the XLSX header;
    CSV stays the bare table that imports back); empty when it leaves out none."""
    count = table.omitted.count
    if not count:
        return ""
    return ngettext("%(count)s baris tidak ditampilkan: %(reason)s.", "%(count)s baris tidak ditampilkan: %(reason)s.",
                    count) % {"count": count, "reason": table.omitted.reason}


def evaluation_json(table: EvaluationTable) -> dict:
    return {
        "report": "renja-evaluasi",
        "agency": table.agency.slug,
        "agency_name": table.agency.name,
        "year": table.year,
        "layout": table.layout,
        "renstra": {"first_year": table.plan.first_year, "last_year": table.plan.last_year,
                    "name": table.plan.name},
        "revisions": {name: _revision(rev) for name, rev in table.revisions.items()},
        "averaging": {"policy": table.policy.value, "label": average_policy_text(table.policy, current_lang())},
        "columns": [{"number": c.number, "label": str(c.label), "measures": list(c.measures)} for c in table.columns],
        "rows": [row_json(row, table) for row in table.rows],
        "average": _average_json(table.average),
        "predikat": _predikat_json(table.predikat),
        "omitted": omitted_json(table),
        "differences": [{"column": c, "measure": m_ or None, **d.as_dict()}
                        for row, c, m_, d in table.differences() if row is None],
        "differences_count": sum(1 for _ in table.differences()),
    }


# -- XLSX --------------------------------------------------------------------------------------------------------

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
DIFF_FILL = PatternFill("solid", fgColor="FCE4D6")
PROGRAM_FONT = Font(bold=True)
INDONESIAN_NUMBER = '#,##0.##;-#,##0.##;0'
INDONESIAN_RUPIAH = '#,##0;-#,##0;"-"'
INDONESIAN_PERCENT = '0.00" %"'


def evaluation_xlsx_openpyxl(table: EvaluationTable) -> bytes:
    """The table with the printed header layout: merged group headers, K/Rp under each numbered column.

    The first writer, kept beside ``evaluation_sheet.evaluation_xlsx`` (XlsxWriter, what the app serves) while
    tests compare the two workbooks cell by cell and the benchmark times both in the same run.

    Numbers are stored as numbers; Excel and LibreOffice display them with the reader's locale separators, which
    for an Indonesian installation is 1.234.567,89.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = (_("Evaluasi Renja %(year)s") % {"year": table.year})[:31]
    measures = table.measures
    fixed = fixed_labels(table)
    title = _("Evaluasi Hasil Pelaksanaan Renja %(agency)s Tahun %(year)s dan Pencapaian Renstra s/d Tahun "
              "%(year)s") % {"agency": table.agency.name, "year": table.year}
    width = len(fixed) + len(table.columns) * len(measures) + 2
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    policy = average_policy_text(table.policy, current_lang())
    ws.cell(row=2, column=1, value=_("Rata-rata: %(policy)s") % {"policy": policy})
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    if note := omitted_note(table):
        # Above the header, with the other notes: readers of the sheet (kinerja import, kinerja verify, the
        # documents) take every row under the header for a row of the table.
        ws.cell(row=3, column=1, value=note)
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    header_top, header_sub, header_numbers = 4, 5, 6
    for index, label in enumerate(fixed, start=1):
        ws.cell(row=header_top, column=index, value=label)
        ws.merge_cells(start_row=header_top, start_column=index, end_row=header_sub, end_column=index)
        ws.cell(row=header_numbers, column=index, value=index)
    col = len(fixed) + 1
    for column in table.columns:
        ws.cell(row=header_top, column=col, value=str(column.label))
        if len(measures) > 1:
            ws.merge_cells(start_row=header_top, start_column=col, end_row=header_top,
                           end_column=col + len(measures) - 1)
            for offset, measure in enumerate(measures):
                ws.cell(row=header_sub, column=col + offset, value=measure)
        else:
            ws.merge_cells(start_row=header_top, start_column=col, end_row=header_sub, end_column=col)
        ws.cell(row=header_numbers, column=col, value=int(column.number))
        if len(measures) > 1:
            ws.merge_cells(start_row=header_numbers, start_column=col, end_row=header_numbers,
                           end_column=col + len(measures) - 1)
        col += len(measures)
    last_fixed = col
    ws.cell(row=header_top, column=col, value=_("Unit penanggung jawab"))
    ws.merge_cells(start_row=header_top, start_column=col, end_row=header_sub, end_column=col)
    ws.cell(row=header_top, column=col + 1, value=_("Keterangan"))
    ws.merge_cells(start_row=header_top, start_column=col + 1, end_row=header_sub, end_column=col + 1)
    for r in (header_top, header_sub, header_numbers):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    r = header_numbers + 1
    number = 0
    pending: Row | None = None
    for row in table.rows:
        if row.is_program and row.first_of_element:
            number = 0
            if pending is not None:
                r = _write_average(ws, r, len(fixed), pending.average, pending.predikat, table,
                                   _("Rata-rata capaian kinerja"))
                pending = None
        elif row.first_of_element:
            number += 1
        values = fixed_values(row, table, number)
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
        c = len(fixed) + 1
        notes = []
        for column in table.columns:
            for measure in measures:
                cell = row.cells.get((column.number, measure), Cell())
                target = ws.cell(row=r, column=c)
                _write_value(target, cell, column, measure)
                if cell.difference:
                    target.fill = DIFF_FILL
                    target.comment = Comment(
                        _("Tercetak: %(printed)s — %(cause)s") % {"printed": cell.difference.printed,
                                                                 "cause": cell.difference.cause}, "Kinerja")
                    notes.append(f"{column.number} {measure}: {cell.difference.printed}")
                c += 1
        ws.cell(row=r, column=last_fixed, value=row.element.unit.name if row.element.unit else None)
        ws.cell(row=r, column=last_fixed + 1,
                value=_("Tercetak berbeda: %(notes)s") % {"notes": "; ".join(notes)} if notes else None)
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=c <= len(fixed) or c >= last_fixed)
            if row.is_program:
                cell.font = PROGRAM_FONT
        r += 1
        if row.average:
            pending = row
    if pending is not None:
        r = _write_average(ws, r, len(fixed), pending.average, pending.predikat, table, _("Rata-rata capaian kinerja"))
    if table.average:
        _write_average(ws, r, len(fixed), table.average, table.predikat, table, _("Rata-rata capaian program"))

    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    for index, w in enumerate([6, 30, 40, 40] if table.layout == 1 else [20, 45, 45], start=1):
        ws.column_dimensions[get_column_letter(index)].width = w
    ws.column_dimensions[get_column_letter(last_fixed)].width = 24
    ws.column_dimensions[get_column_letter(last_fixed + 1)].width = 30
    ws.freeze_panes = ws.cell(row=header_numbers + 1, column=len(fixed) + 1)
    print_setup(ws, header_top, header_numbers)
    return workbook_bytes(wb)


def print_setup(ws, header_top: int, header_bottom: int) -> None:
    """A4 landscape, one page wide, the header repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_top}:{header_bottom}"


def fixed_labels(table: EvaluationTable) -> list[str]:
    """Headers of the columns before the figures (1–4 in layout 1, 1–3 in layout 2)."""
    if table.layout == 2:
        return [_("Kode"), _("Program/Kegiatan/Sub Kegiatan"), _("Indikator kinerja")]
    return [pgettext("nomor urut", "No"), _("Sasaran"), _("Program/Kegiatan"), _("Indikator kinerja (satuan)")]


def fixed_values(row: Row, table: EvaluationTable, number: int) -> list:
    ind = row.indicator.indicator if row.indicator else None
    indicator = indicator_label(ind)
    name = row.element.name if row.first_of_element else ""
    if table.layout == 2:
        return [row.element.code if row.first_of_element else "", name, indicator]
    sasaran = objective_of(row) if row.is_program and row.first_of_element else ""
    return [number if row.first_of_element and not row.is_program else "", sasaran, name, indicator]


def indicator_label(ind) -> str:
    """The indicator with its satuan, as column 4 prints it — once, where the name does not already say it."""
    if ind is None:
        return ""
    if ind.satuan and f"({ind.satuan.casefold()})" not in ind.name.casefold():
        return f"{ind.name} ({ind.satuan})"
    return ind.name


def _write_value(target, cell: Cell, column: Column, measure: str) -> None:
    if cell.value is None:
        target.value = "—" if cell.reason else None
        if cell.reason:
            target.comment = Comment(reason_text(cell.reason, current_lang()), "Kinerja")
        target.alignment = Alignment(horizontal="center")
        return
    if isinstance(cell.value, str):
        target.value = cell.value
        return
    if column.percent:
        target.value = float(cell.value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
        target.number_format = INDONESIAN_PERCENT
    elif measure == RP:
        target.value = float(cell.value)
        target.number_format = INDONESIAN_RUPIAH
    else:
        target.value = float(cell.value) if cell.value != cell.value.to_integral() else int(cell.value)
        target.number_format = INDONESIAN_NUMBER


def _write_average(ws, r: int, fixed: int, average: dict, predikats: dict, table: EvaluationTable, label: str) -> int:
    capaian_column = "13" if table.layout == 1 else "8"
    offset = next(i for i, c in enumerate(table.columns) if c.number == capaian_column)
    start = fixed + 1 + offset * len(table.measures)
    ws.cell(row=r, column=start - 1, value=label).font = PROGRAM_FONT
    ws.cell(row=r + 1, column=start - 1, value=_("Predikat kinerja")).font = PROGRAM_FONT
    for i, measure in enumerate(table.measures):
        cell = average.get(measure, Cell())
        target = ws.cell(row=r, column=start + i)
        _write_value(target, cell, table.columns[offset], measure)
        if cell.difference:
            target.fill = DIFF_FILL
            target.comment = Comment(
                _("Tercetak: %(printed)s — %(cause)s") % {"printed": cell.difference.printed,
                                                         "cause": cell.difference.cause}, "Kinerja")
        p = predikats.get(measure)
        ws.cell(row=r + 1, column=start + i, value=p.value if p else "—")
    return r + 2


# -- CSV ---------------------------------------------------------------------------------------------------------


def _csv_value(cell: Cell, column: Column, measure: str) -> Decimal | str | None:
    if isinstance(cell.value, Decimal):
        if column.percent or measure == RP:
            return cell.value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        return cell.value.normalize()
    return cell.value


def evaluation_csv(table: EvaluationTable) -> bytes:
    """One header row (official number and label of every column, K and Rp apart), then the rows as the table
    prints them, with each program's rata-rata capaian and predikat under it and the table's at the end."""
    measures = table.measures
    fixed = fixed_labels(table)
    header = [f"{i} {label}" for i, label in enumerate(fixed, start=1)]
    for column in table.columns:
        for measure in measures:
            suffix = f" ({measure})" if len(measures) > 1 else ""
            header.append(f"{column.number} {column.label}{suffix}")
    header.append(("16 " if table.layout == 1 else "") + _("Unit penanggung jawab"))
    capaian_column = "13" if table.layout == 1 else "8"

    def summary(average: dict, predikats: dict, label: str) -> list[list]:
        lines = []
        for what, text in (("average", label), ("predikat", _("Predikat kinerja"))):
            line: list = [""] * (len(fixed) - 1) + [text]
            for column in table.columns:
                for measure in measures:
                    if column.number != capaian_column:
                        line.append(None)
                    elif what == "average":
                        line.append(_csv_value(average.get(measure, Cell()), column, measure))
                    else:
                        p = predikats.get(measure)
                        line.append(p.value if p else None)
            lines.append([*line, None])
        return lines

    rows: list[list] = []
    number = 0
    pending: Row | None = None
    for row in table.rows:
        if row.is_program and row.first_of_element:
            number = 0
            if pending is not None:
                rows.extend(summary(pending.average, pending.predikat, _("Rata-rata capaian kinerja")))
                pending = None
        elif row.first_of_element:
            number += 1
        line = fixed_values(row, table, number)
        for column in table.columns:
            for measure in measures:
                line.append(_csv_value(row.cells.get((column.number, measure), Cell()), column, measure))
        line.append(row.element.unit.name if row.element.unit and row.first_of_element else None)
        rows.append(line)
        if row.average:
            pending = row
    if pending is not None:
        rows.extend(summary(pending.average, pending.predikat, _("Rata-rata capaian kinerja")))
    rows.extend(summary(table.average, table.predikat, _("Rata-rata capaian program")))
    return write_csv(header, rows)
