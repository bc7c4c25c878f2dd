"""The Renja plan table (renja-rencana) as display rows for HTML, formatted in the active language."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from kinerja.engine import format_count, format_rupiah

from .evaluation_html import DisplayCell, difference_note
from .lang import current_lang
from .renja_rencana import RP, SATUAN, PlanColumn, PlanRow, RencanaTable, header_cells

CODE_FIGURES = ("code", "code_program", "code_kegiatan", "code_sub")


def _text(value: Decimal | str | None, measure: str, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if measure == RP:
        return "-" if value == 0 else format_rupiah(value, lang)  # nil Rupiah printed as accountants do
    return format_count(value, lang)


def _cells(row: PlanRow, column: PlanColumn, lang: str) -> list[DisplayCell]:
    cell = row.cell(column)
    shown = []
    for measure, value in zip(column.measures or ("",), row.values(column), strict=True):
        css = "num" if isinstance(value, Decimal) else ("code" if column.figure in CODE_FIGURES else "")
        if measure == SATUAN:
            css = "unit"
        display = DisplayCell(_text(value, measure, lang), css)
        printed_text = row.printed_texts.get(column.figure, "")
        if printed_text and printed_text != value:
            # The Renja's wording on the page, the stored one on hover.
            display.text = printed_text
            display.title = _("Tersimpan: %(text)s") % {"text": value}
        if column.figure == "code" and row.printed_code and row.code_difference is None:
            # The old code as the Renja printed it, beside the normalised one (seed 000: 0106.27 printed 1.6.27).
            display.text = f"{display.text} ({row.printed_code})"
            display.title = _("Kode tercetak: %(code)s") % {"code": row.printed_code}
        difference = (cell.difference if cell is not None and measure == RP
                      else row.code_difference if column.figure in ("code", "code_program") else None)
        if difference is not None:
            display.css += " diff"
            display.title = difference_note(difference)
        shown.append(display)
    return shown


def present(table: RencanaTable) -> dict:
    lang = current_lang()
    rows = []
    for row in [*table.rows, table.total]:
        cells = []
        for column in table.columns:
            cells.extend(_cells(row, column, lang))
        rows.append({"kind": row.kind, "cells": cells})
    header = header_cells(table.columns)
    differences = []
    for row, column, measure, difference in table.differences():
        computed = difference.computed
        differences.append({
            "where": (row.element.code or row.element.name[:60]) if row else _("Seluruh tabel"),
            "indicator": "",
            "column": column, "measure": measure, "printed": difference.printed,
            "computed": format_rupiah(computed, lang) if isinstance(computed, Decimal) else (computed or "—"),
            "cause": difference.cause,
        })
    return {
        "table": table,
        "columns": table.columns,
        "header_top": [h for h in header if h.row == 0],
        "header_second": [h for h in header if h.row == 1],
        "rows": rows,
        "differences": differences,
        "revisions": [table.revision],
    }
