"""One shape for the official tables of REPORTS.md §C–§F, and their JSON, CSV, XLSX and HTML.

A table is a list of columns, each with its official number, header (and the group header above it), the figure it
shows and the values it splits into (``K`` and ``satuan`` for a target, ``Rp`` for a pagu, ``predikat`` beside a
graded value, none for a text column); and a list of rows holding one ``Cell`` per column and value. A cell knows
its computed value and, where the published document printed something else, the printed text and why it differs
(``printed.Difference``). Row-level findings that belong to no single printed figure (a row that differs from the
rancangan awal without a catatan penting) are listed with the row.

The builders (``rkpd_review``, ``usulan``, ``kinerja_pelayanan``, ``tujuan_sasaran``) compute; this module only
writes what they computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.engine import SAKIP_SCALES, format_count, format_rupiah, reason_text
from kinerja.plan import models as m

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
from .evaluation_html import DisplayCell, difference_note
from .lang import current_lang
from .printed import Difference
from .renja_evaluation import Cell
from .renja_rencana import header_cells

K, SATUAN, RP, GRADE = "K", "satuan", "Rp", "predikat"
TWO_PLACES = Decimal("0.01")
MARK_FILL = PatternFill("solid", fgColor="FFF4CC")
BOLD_KINDS = frozenset({"urusan", "bidang", "program", "tujuan", "total"})


def renja_source(agency: m.Agency, year: int) -> str:
    """The document a table of the Renja of ``year`` comes from, as a reader names it ("Renja 2021 murni"): the
    latest Renja revision of the year. (Where the demo transcription came from stays in the data, not on the page.)"""
    revision = (m.Revision.objects.filter(agency=agency, document=m.Revision.Document.RENJA, year=year)
                .order_by("-number").first())
    return str(revision) if revision else ""


@dataclass(frozen=True)
class TableColumn:
    """One official column. ``percent``: values computed as percentages, written with two decimals."""

    number: str
    label: str
    figure: str
    measures: tuple[str, ...] = ()
    group: str = ""
    year: int | None = None
    percent: bool = False
    # The number as the document printed it ("(2)"), where it differs from ``number`` — a seed that prints a
    # number twice or not at all (``""``); None: the document printed ``number``.
    printed: str | None = None

    @property
    def width(self) -> int:
        return max(1, len(self.measures))

    @property
    def shown_number(self) -> str:
        return self.number if self.printed is None else self.printed

    @property
    def printed_digits(self) -> int | None:
        """The printed number as a number (``(9)`` → 9), for number rows that are read back; None: unnumbered."""
        digits = "".join(ch for ch in self.shown_number if ch.isdigit())
        return int(digits) if digits else None

    def physical(self) -> tuple[str, ...]:
        """The values one per spreadsheet column: the measures, or ``""`` for a text column."""
        return self.measures or ("",)


@dataclass
class TableRow:
    kind: str
    key: str = ""
    depth: int = 0
    info: dict = field(default_factory=dict)  # JSON identity fields: level, code, name, indicator …
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (figure, measure) → cell
    extras: dict[str, dict] = field(default_factory=dict)  # figure → extra JSON values (pembilang, penyebut …)
    findings: list[tuple[str, str, Difference]] = field(default_factory=list)  # (figure, measure, difference)
    marks: list[str] = field(default_factory=list)  # what differs between the two halves of a review line

    def cell(self, column: TableColumn, measure: str) -> Cell:
        return self.cells.get((column.figure, measure), Cell())

    def text(self, figure: str, value: str | None) -> None:
        self.cells[(figure, "")] = Cell(value=value or None)


@dataclass
class OfficialTable:
    report: str
    title: str
    agency: m.Agency
    plan: m.StrategicPlan
    year: int
    columns: list[TableColumn]
    rows: list[TableRow]
    total: TableRow | None = None
    revisions: dict[str, m.Revision | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    mark_label: str = ""  # header of the marks column (CSV) when rows carry marks
    source: str = ""

    def column_of(self, figure: str) -> TableColumn | None:
        return next((c for c in self.columns if c.figure == figure), None)

    def number_of(self, figure: str) -> str:
        column = self.column_of(figure)
        return column.number if column else figure

    def all_rows(self) -> list[TableRow]:
        return [*self.rows, *([self.total] if self.total else [])]

    def differences(self):
        """(row, column number, measure, difference) for every printed figure that differs, and every row
        finding; ``row`` is None for the table's total line."""
        for row in self.all_rows():
            where = None if row is self.total else row
            for column in self.columns:
                for measure in column.physical():
                    difference = row.cell(column, measure).difference
                    if difference is not None:
                        yield where, column.number, measure, difference
            for figure, measure, difference in row.findings:
                yield where, self.number_of(figure), measure, difference


# -- grades (RULES §8) ---------------------------------------------------------------------------------------------

WRONG_SCALE = "predikat tercetak mengikuti skala %(other)s, bukan skala %(scale)s yang dipakai perangkat daerah"
NO_SCALE = "predikat tercetak tidak sesuai skala SAKIP mana pun; menurut %(scale)s nilai ini %(grade)s"
NOT_ON_SCALE = "kategori tercetak tidak ada pada skala %(scale)s"
UNCHECKED = gettext_noop(
    "predikat %(grade)r pada %(indicator)s ditampilkan seperti tercetak: skalanya tidak tersimpan di Kinerja")


SAKIP_GRADES = frozenset({"AA", "A", "BB", "B", "CC", "C", "D"})


def sakip_for(agency: m.Agency):
    """The SAKIP scale the agency's values are graded on: its category scale keyed by a shipped regulation
    (``permenpanrb-12-2015``, ``permenpanrb-88-2021``; RULES §8), else None."""
    keys = list(m.CategoryScale.objects.filter(agency=agency, key__in=list(SAKIP_SCALES))
                .order_by("key").values_list("key", flat=True))
    return SAKIP_SCALES[keys[-1]] if keys else None


def sakip_graded(printed: dict[tuple, str]) -> set[int]:
    """Indicators the table prints with a SAKIP grade (``72,00 / B``): their values are SAKIP values."""
    return {indicator for (_e, indicator, column, _m), text in printed.items()
            if column.startswith("grade:") and text.strip().upper() in SAKIP_GRADES}


def grade_cell(value, printed_grade: str, indicator: m.Indicator, notes: list[str], sakip=None) -> Cell | None:
    """The predikat beside a value: computed on ``sakip`` (the agency's SAKIP scale, for a SAKIP value), compared
    with the printed grade; a grade Kinerja cannot check (e.g. IKM 'Baik', or no SAKIP scale for the agency) is
    shown as printed, unchecked. None: no grade."""
    computed = None
    if sakip is not None and isinstance(value, Decimal) and 0 <= value <= 100:
        computed = sakip.grade(value)
    if computed is None:
        if not printed_grade:
            return None
        note = _(UNCHECKED) % {"grade": printed_grade, "indicator": indicator.name}
        if note not in notes:
            notes.append(note)
        return Cell(value=printed_grade, printed=printed_grade)
    cell = Cell(value=computed)
    if printed_grade:
        cell.printed = printed_grade
        if printed_grade.strip().upper() != computed:
            others = [s for s in SAKIP_SCALES.values() if s is not sakip and s.grade(value) == printed_grade.strip()]
            cause = (WRONG_SCALE % {"other": others[0].regulation, "scale": sakip.regulation} if others
                     else NO_SCALE % {"scale": sakip.regulation, "grade": computed})
            cell.difference = Difference(printed_grade, printed_grade, computed, cause)
    return cell


def category_finding(category: str, indicator: m.Indicator) -> Difference | None:
    """A category target must be on its indicator's ordered scale (RULES §1)."""
    if indicator.scale is None or not category:
        return None
    if indicator.scale.as_ordinal().rank(category) is None:
        return Difference(category, category, None, NOT_ON_SCALE % {"scale": indicator.scale.name})
    return None


# -- JSON ----------------------------------------------------------------------------------------------------------


def json_value(value: Decimal | str | None, measure: str, column: TableColumn):
    if value is None or isinstance(value, str):
        return value or None
    if measure == RP or column.percent:
        return decimal_text(value, 2)
    return decimal_text(value)


def _difference_json(column: str, measure: str, difference: Difference) -> dict:
    return {"column": column, "measure": measure or None, **difference.as_dict()}


def row_json(row: TableRow, table: OfficialTable) -> dict:
    cells: dict[str, object] = {}
    printed: dict[str, dict] = {}
    undefined: dict[str, dict] = {}
    for column in table.columns:
        if not column.measures:
            cells[column.number] = json_value(row.cell(column, "").value, "", column)
            continue
        values = {}
        for measure in column.measures:
            cell = row.cell(column, measure)
            values[measure] = json_value(cell.value, measure, column)
            if cell.value is None and cell.reason is not None:
                undefined.setdefault(column.number, {})[measure] = reason_text(cell.reason, current_lang())
            if cell.printed and (cell.difference is not None or measure == GRADE):
                printed.setdefault(column.number, {})[measure] = cell.printed
        values.update(row.extras.get(column.figure, {}))
        cells[column.number] = values
    data = {"key": row.key, "kind": row.kind, **row.info, "cells": cells}
    if undefined:
        data["undefined"] = undefined
    if printed:
        data["printed"] = printed
    if row.marks:
        data["differs"] = list(row.marks)
    differences = []
    for column in table.columns:
        for measure in column.physical():
            difference = row.cell(column, measure).difference
            if difference is not None:
                differences.append(_difference_json(column.number, measure, difference))
    differences += [_difference_json(table.number_of(f), ms, d) for f, ms, d in row.findings]
    if differences:
        data["differences"] = differences
    return data


def column_json(column: TableColumn) -> dict:
    data = {"number": column.number, "label": str(column.label), "figure": column.figure,
            "measures": list(column.measures)}
    if column.group:
        data["group"] = str(column.group)
    if column.year is not None:
        data["year"] = column.year
    if column.printed is not None:
        data["printed"] = column.printed
    return data


def table_json(table: OfficialTable) -> dict:
    total = row_json(table.total, table) if table.total else None
    return {
        "report": table.report,
        "title": table.title,
        "agency": table.agency.slug,
        "agency_name": table.agency.name,
        "year": table.year,
        "renstra": {"first_year": table.plan.first_year, "last_year": table.plan.last_year, "name": table.plan.name},
        "revisions": {name: (rev.describe() if rev else None) for name, rev in table.revisions.items()},
        "source": table.source or None,
        "columns": [column_json(c) for c in table.columns],
        "rows": [row_json(row, table) for row in table.rows],
        "total": total["cells"] if total else None,
        "summary": table.summary,
        "notes": list(table.notes),
        "differences": total.get("differences", []) if total else [],
        "differences_count": sum(1 for _ in table.differences()),
    }


# -- CSV -----------------------------------------------------------------------------------------------------------


def _plain(value: Decimal | str | None, measure: str, column: TableColumn):
    if isinstance(value, Decimal):
        if measure == RP or column.percent:
            return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        return value.normalize()
    return value or None


def csv_header(table: OfficialTable) -> list[str]:
    labels = []
    for column in table.columns:
        label = f"{column.number} {column.label}"
        if column.group:
            label = f"{column.number} {column.group} – {column.label}"
        if len(column.measures) > 1:
            labels.extend(f"{label} ({measure})" for measure in column.measures)
        else:
            labels.append(label)
    if table.mark_label:
        labels.append(table.mark_label)
    return labels


def table_csv(table: OfficialTable) -> bytes:
    def values(row: TableRow) -> list:
        out = []
        for column in table.columns:
            out.extend(_plain(row.cell(column, measure).value, measure, column) for measure in column.physical())
        if table.mark_label:
            out.append(", ".join(row.marks) or None)
        return out

    return write_csv(csv_header(table), [values(row) for row in table.all_rows()])


# -- XLSX ----------------------------------------------------------------------------------------------------------

TEXT_WIDTHS = {"no": 5, "code": 14, "kind": 12}
MEASURE_WIDTHS = {K: 11, SATUAN: 11, RP: 18, GRADE: 9}


def _write_value(target, value: Decimal | str | None, measure: str, column: TableColumn) -> None:
    if isinstance(value, Decimal):
        if measure == RP:
            target.value = float(value)
            target.number_format = INDONESIAN_RUPIAH
        elif column.percent:
            target.value = float(value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
            target.number_format = "#,##0.00"
        else:
            target.value = int(value) if value == value.to_integral() else float(value)
            target.number_format = INDONESIAN_NUMBER
        target.alignment = Alignment(horizontal="right", vertical="top")
    elif column.figure == "no" and value and str(value).isdigit():
        target.value = int(value)
    else:
        target.value = value or None


def table_xlsx(table: OfficialTable) -> bytes:
    """The table with its printed header (groups merged over their columns, official numbers below), numbers as
    numbers, a printed figure that differs shaded with what was printed in a comment, marked rows tinted."""
    book = xlsx.Book()
    sheet = book.sheet(table.title)
    width = sum(c.width for c in table.columns)
    sources = [str(r) for r in table.revisions.values() if r] or [table.source]
    sheet.lines([(f"{table.title} — {table.agency.name}", xlsx.TITLE),
                 (_("Sumber: %(revision)s") % {"revision": "; ".join(s for s in sources if s)}, {})], width)
    header_top = 3
    numbers_row = xlsx.printed_header(sheet, table.columns, header_top, width,
                                      numbers=[column.printed_digits for column in table.columns])
    widths, c = {}, 0
    for column in table.columns:
        for offset, measure in enumerate(column.physical()):
            widths[c + offset] = MEASURE_WIDTHS.get(measure) or TEXT_WIDTHS.get(column.figure, 32)
        c += column.width
    r = numbers_row + 1
    for row in table.all_rows():
        row_props = {**xlsx.BORDERED, **({"bold": True} if row.kind in BOLD_KINDS else {}),
                     **(xlsx.MARK if row.marks else {})}
        c = 0
        for column in table.columns:
            for measure in column.physical():
                cell = row.cell(column, measure)
                value, props = _sheet_value(cell.value, measure, column)
                if cell.difference is not None:
                    props = {**props, **xlsx.DIFF}
                sheet.put(r, c, value, sheet.fmt(**row_props, **props))
                if cell.difference is not None:
                    sheet.comment(r, c, xlsx.difference_text(cell.difference))
                c += 1
        r += 1
    sheet.widths(widths)
    sheet.ws.freeze_panes(numbers_row + 1, 0)
    sheet.print_setup(header_top, numbers_row)
    return book.close()


def _sheet_value(value: Decimal | str | None, measure: str, column: TableColumn) -> tuple[object, dict]:
    """A cell's value for the sheet and its format's properties (beside the row's)."""
    if isinstance(value, Decimal):
        number, number_format = xlsx.number_cell(value, rupiah=measure == RP,
                                                 percent="#,##0.00" if column.percent else None)
        return number, {**xlsx.NUMBER_CELL, "num_format": number_format}
    props = {"valign": "top", **({} if column.measures else {"text_wrap": True})}
    if column.figure == "no" and value and str(value).isdigit():
        return int(value), props
    return value or None, props


def table_xlsx_openpyxl(table: OfficialTable) -> bytes:
    """The first writer of ``table_xlsx``, kept while ``tests/reports/test_xlsx_writers.py`` compares the two
    workbooks cell by cell and the benchmark times both."""
    wb = Workbook()
    ws = wb.active
    ws.title = table.title[:31]
    width = sum(c.width for c in table.columns)
    ws.cell(row=1, column=1, value=f"{table.title} — {table.agency.name}").font = Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    sources = [str(r) for r in table.revisions.values() if r] or [table.source]
    ws.cell(row=2, column=1, value=_("Sumber: %(revision)s") % {"revision": "; ".join(s for s in sources if s)})
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(width, 1))

    header_top, header_numbers = 4, 6
    for h in header_cells(table.columns):
        r, c = header_top + h.row, h.start + 1
        ws.cell(row=r, column=c, value=h.label)
        if h.width > 1 or h.height > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + h.height - 1, end_column=c + h.width - 1)
    c = 1
    for column in table.columns:
        ws.cell(row=header_numbers, column=c, value=column.printed_digits)
        if column.width > 1:
            ws.merge_cells(start_row=header_numbers, start_column=c, end_row=header_numbers,
                           end_column=c + column.width - 1)
        for offset, measure in enumerate(column.physical()):
            ws.column_dimensions[get_column_letter(c + offset)].width = (
                MEASURE_WIDTHS.get(measure) or TEXT_WIDTHS.get(column.figure, 32))
        c += column.width
    for r in range(header_top, header_numbers + 1):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    r = header_numbers + 1
    for row in table.all_rows():
        c = 1
        for column in table.columns:
            for measure in column.physical():
                cell = row.cell(column, measure)
                target = ws.cell(row=r, column=c)
                target.border = BORDER
                target.alignment = Alignment(vertical="top", wrap_text=not column.measures)
                _write_value(target, cell.value, measure, column)
                if row.marks:
                    target.fill = MARK_FILL
                if cell.difference is not None:
                    target.fill = DIFF_FILL
                    target.comment = Comment(_("Tercetak: %(printed)s — %(cause)s") % {
                        "printed": cell.difference.printed, "cause": cell.difference.cause}, "Kinerja")
                if row.kind in BOLD_KINDS:
                    target.font = PROGRAM_FONT
                c += 1
        r += 1
    ws.freeze_panes = ws.cell(row=header_numbers + 1, column=1)
    print_setup(ws, header_top, header_numbers)
    return workbook_bytes(wb)


# -- HTML ----------------------------------------------------------------------------------------------------------


def display_text(value: Decimal | str | None, measure: str, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if measure == RP:
        return "-" if value == 0 else format_rupiah(value, lang)  # nil Rupiah printed as accountants do
    return format_count(value, lang, max_places=2)


def _display(cell: Cell, measure: str, column: TableColumn, lang: str) -> DisplayCell:
    if cell.value is None and cell.reason is not None:
        shown = DisplayCell("—", "undefined", reason_text(cell.reason, lang))
    else:
        css = "num" if isinstance(cell.value, Decimal) else ("unit" if measure == SATUAN else "")
        shown = DisplayCell(display_text(cell.value, measure, lang), css)
    if cell.difference is not None:
        shown.css = f"{shown.css} diff".strip()
        shown.title = difference_note(cell.difference)
    return shown


def present(table: OfficialTable) -> dict:
    lang = current_lang()
    rows = []
    for row in table.all_rows():
        cells = []
        for column in table.columns:
            cells.extend(_display(row.cell(column, measure), measure, column, lang) for measure in column.physical())
        title = ""
        if row.findings:
            title = " ".join(difference_note(d) for _f, _m, d in row.findings)
        rows.append({"kind": row.kind, "cells": cells, "marked": bool(row.marks), "title": title})
    header = header_cells(table.columns)
    differences = []
    for row, column, measure, difference in table.differences():
        computed = difference.computed
        differences.append({
            "where": (row.info.get("code") or row.info.get("name") or row.key)[:60] if row else _("Jumlah"),
            "indicator": (row.info.get("indicator") or "")[:60] if row else "",
            "column": column, "measure": measure, "printed": difference.printed or "—",
            "computed": display_text(computed, measure, lang) if computed is not None else "—",
            "cause": difference.cause,
        })
    return {
        "table": table,
        "columns": table.columns,
        "header_top": [h for h in header if h.row == 0],
        "header_second": [h for h in header if h.row == 1],
        "rows": rows,
        "differences": differences,
        "revisions": [r for r in table.revisions.values() if r],
        "notes": table.notes,
        "summary": table.summary,
    }
