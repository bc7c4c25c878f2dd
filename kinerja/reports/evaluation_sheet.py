"""The Renja evaluation as XLSX, written by XlsxWriter through ``kinerja.reports.xlsx`` (the writer every report's
XLSX shares): the same sheet as the openpyxl writer, about 7× faster.

A region's export writes forty of these; openpyxl spent some 200 ms per workbook building a cell object for every
cell and styling each. ``tests/reports/test_evaluation_sheet.py`` reads both writers' workbooks back and compares
every cell's value, number format, fill, font, border, alignment and comment, the merges, widths, panes and print
setup, for the demo years and generated agencies. Text stays text (``xlsx.OPTIONS``): a name beginning with ``=``
is never a formula.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kinerja.engine import average_policy_text, reason_text

from . import xlsx
from .evaluation_export import fixed_labels, fixed_values, omitted_note
from .lang import current_lang
from .renja_evaluation import RP, Cell, Column, EvaluationTable, Row
from .xlsx import BORDER_COLOR, DIFF, INDONESIAN_PERCENT
from .xlsx import Sheet as _Sheet


def _value_props(cell: Cell, column: Column, measure: str) -> tuple[object, dict, str | None]:
    """A figure's cell value, its number format and the comment that explains an undefined one."""
    if cell.value is None:
        return ("—" if cell.reason else None), {}, reason_text(cell.reason, current_lang()) if cell.reason else None
    if isinstance(cell.value, str):
        return cell.value, {}, None
    value, number_format = xlsx.number_cell(cell.value, rupiah=measure == RP and not column.percent,
                                            percent=INDONESIAN_PERCENT if column.percent else None)
    return value, {"num_format": number_format}, None


def _difference_text(cell: Cell) -> str:
    return xlsx.difference_text(cell.difference)


def evaluation_xlsx(table: EvaluationTable) -> bytes:
    """The table with the printed header layout: merged group headers, K/Rp under each numbered column."""
    book = xlsx.Book()
    sheet = book.sheet(_("Evaluasi Renja %(year)s") % {"year": table.year})
    fixed = fixed_labels(table)
    width = len(fixed) + len(table.columns) * len(table.measures) + 2
    last_fixed = _header(sheet, table, fixed, width)
    r = 6
    number, pending = 0, None
    for row in table.rows:
        if row.is_program and row.first_of_element:
            number = 0
            if pending is not None:
                r = _average(sheet, r, len(fixed), pending.average, pending.predikat, table,
                             _("Rata-rata capaian kinerja"))
                pending = None
        elif row.first_of_element:
            number += 1
        _row(sheet, r, row, table, number, fixed, width, last_fixed)
        r += 1
        if row.average:
            pending = row
    if pending is not None:
        r = _average(sheet, r, len(fixed), pending.average, pending.predikat, table, _("Rata-rata capaian kinerja"))
    if table.average:
        _average(sheet, r, len(fixed), table.average, table.predikat, table, _("Rata-rata capaian program"))
    _layout(sheet, table, fixed, width, last_fixed)
    return book.close()


def _header(sheet: _Sheet, table: EvaluationTable, fixed: list[str], width: int) -> int:
    """Rows 1–6: title, averaging, the omitted rows' note, and the three header rows; the first column after
    the figures (0-based)."""
    measures = table.measures
    title = _("Evaluasi Hasil Pelaksanaan Renja %(agency)s Tahun %(year)s dan Pencapaian Renstra s/d Tahun "
              "%(year)s") % {"agency": table.agency.name, "year": table.year}
    policy = average_policy_text(table.policy, current_lang())
    lines = [(title, xlsx.TITLE), (_("Rata-rata: %(policy)s") % {"policy": policy}, {})]
    if note := omitted_note(table):
        lines.append((note, {}))
    sheet.lines(lines, width)
    cells: dict[tuple[int, int], object] = {}
    merges: list[tuple[int, int, int, int]] = []
    for index, label in enumerate(fixed):
        cells[(3, index)], cells[(5, index)] = label, index + 1
        merges.append((3, index, 4, index))
    col = len(fixed)
    for column in table.columns:
        cells[(3, col)], cells[(5, col)] = str(column.label), int(column.number)
        if len(measures) > 1:
            merges += [(3, col, 3, col + len(measures) - 1), (5, col, 5, col + len(measures) - 1)]
            for offset, measure in enumerate(measures):
                cells[(4, col + offset)] = measure
        else:
            merges.append((3, col, 4, col))
        col += len(measures)
    cells[(3, col)], cells[(3, col + 1)] = _("Unit penanggung jawab"), _("Keterangan")
    merges += [(3, col, 4, col), (3, col + 1, 4, col + 1)]
    sheet.header_block(3, 5, width, cells, merges)
    return col


def _row(sheet: _Sheet, r: int, row: Row, table: EvaluationTable, number: int, fixed: list[str], width: int,
         last_fixed: int) -> None:
    base = {"border": 1, "border_color": BORDER_COLOR, "valign": "top"}
    if row.is_program:
        base["bold"] = True
    values: dict[int, object] = dict(enumerate(fixed_values(row, table, number)))
    props: dict[int, dict] = {}
    comments: dict[int, str] = {}
    notes = []
    c = len(fixed)
    for column in table.columns:
        for measure in table.measures:
            cell = row.cells.get((column.number, measure), Cell())
            values[c], props[c], reason = _value_props(cell, column, measure)
            if reason:
                comments[c] = reason
            if cell.difference:
                props[c] = {**props[c], **DIFF}
                comments[c] = _difference_text(cell)
                notes.append(f"{column.number} {measure}: {cell.difference.printed}")
            c += 1
    values[last_fixed] = row.element.unit.name if row.element.unit else None
    values[last_fixed + 1] = _("Tercetak berbeda: %(notes)s") % {"notes": "; ".join(notes)} if notes else None
    for c in range(width):
        wrap = c < len(fixed) or c >= last_fixed
        sheet.put(r, c, values.get(c), sheet.fmt(**base, **props.get(c, {}), **({"text_wrap": True} if wrap else {})))
        if c in comments:
            sheet.comment(r, c, comments[c])


def _average(sheet: _Sheet, r: int, fixed: int, average: dict, predikats: dict, table: EvaluationTable,
             label: str) -> int:
    capaian_column = "13" if table.layout == 1 else "8"
    offset = next(i for i, c in enumerate(table.columns) if c.number == capaian_column)
    start = fixed + offset * len(table.measures)
    bold = sheet.fmt(bold=True)
    sheet.put(r, start - 1, label, bold)
    sheet.put(r + 1, start - 1, _("Predikat kinerja"), bold)
    for i, measure in enumerate(table.measures):
        cell = average.get(measure, Cell())
        value, props, reason = _value_props(cell, table.columns[offset], measure)
        props = {**props, "align": "center"} if cell.value is None else props
        if cell.difference:
            props = {**props, **DIFF}
        sheet.put(r, start + i, value, sheet.fmt(**props))
        if cell.difference:
            sheet.comment(r, start + i, _difference_text(cell))
        elif reason:
            sheet.comment(r, start + i, reason)
        p = predikats.get(measure)
        sheet.put(r + 1, start + i, p.value if p else "—")
    return r + 2


def _layout(sheet: _Sheet, table: EvaluationTable, fixed: list[str], width: int, last_fixed: int) -> None:
    widths = dict.fromkeys(range(width), 14)
    widths.update(enumerate([6, 30, 40, 40] if table.layout == 1 else [20, 45, 45]))
    widths[last_fixed], widths[last_fixed + 1] = 24, 30
    sheet.widths(widths)
    sheet.ws.freeze_panes(6, len(fixed))
    sheet.print_setup(3, 5)
