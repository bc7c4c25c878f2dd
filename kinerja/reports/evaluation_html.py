"""The Renja evaluation as display rows for HTML: formatted in the active language, differences explained."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from kinerja.engine import (
    average_policy_text,
    format_count,
    format_percent,
    format_rupiah,
    predikat_text,
    reason_text,
    same_unit,
)

from .evaluation_export import indicator_label, objective_of, omitted_note
from .lang import current_lang
from .printed import Difference
from .renja_evaluation import RP, Cell, Column, EvaluationTable, Row

PREDIKAT_CSS = {
    "Sangat Tinggi": "p-st", "Tinggi": "p-t", "Sedang": "p-s", "Rendah": "p-r", "Sangat Rendah": "p-sr",
}


@dataclass
class DisplayCell:
    text: str
    css: str = ""
    title: str = ""


@dataclass
class DisplayRow:
    kind: str  # program, kegiatan, subkegiatan, average
    number: str = ""
    code: str = ""
    sasaran: str = ""
    name: str = ""
    indicator: str = ""
    unit: str = ""
    cells: list[DisplayCell] = field(default_factory=list)
    label: str = ""


def format_cell(cell: Cell, column: Column, measure: str, lang: str, satuan: str = "") -> DisplayCell:
    if cell.value is None:
        text = "—" if cell.reason else ""
        title = reason_text(cell.reason, lang) if cell.reason else ""
        if cell.detail:
            title = f"{title} ({cell.detail})"
        shown = DisplayCell(text, "undefined" if cell.reason else "", title)
    elif isinstance(cell.value, str):
        shown = DisplayCell(cell.value)
    elif column.percent:
        shown = DisplayCell(format_percent(cell.value, 2, lang), "num")
    elif measure == RP:
        shown = DisplayCell(format_rupiah(cell.value, lang), "num")
    else:
        # Column 4 states the satuan; a value shows its unit only where it is another one.
        unit = f" {cell.unit}" if cell.unit and not same_unit(cell.unit, satuan) else ""
        shown = DisplayCell(format_count(cell.value, lang) + unit, "num")
    if cell.difference:
        shown.css += " diff"
        shown.title = f"{difference_note(cell.difference)} {shown.title}".strip()
    return shown


def difference_note(difference: Difference) -> str:
    """What the document printed and why it differs, for a hover title."""
    cause = str(difference.cause)
    return _("Dokumen mencetak %(printed)s. %(cause)s.") % {
        "printed": difference.printed, "cause": cause[:1].upper() + cause[1:]}


def _average_cells(table: EvaluationTable, average: dict, predikats: dict, lang: str, label: str):
    capaian_column = "13" if table.layout == 1 else "8"
    rows = []
    for what in ("average", "predikat"):
        cells = []
        for column in table.columns:
            for measure in table.measures:
                if column.number != capaian_column:
                    cells.append(DisplayCell(""))
                    continue
                if what == "average":
                    cells.append(format_cell(average.get(measure, Cell()), column, measure, lang))
                else:
                    p = predikats.get(measure)
                    text = predikat_text(p, lang) if p else "—"
                    css = PREDIKAT_CSS.get(p.value, "") if p else ""
                    cells.append(DisplayCell(text, f"predikat {css}"))
        rows.append(DisplayRow(kind="average", label=label if what == "average" else _("Predikat kinerja"),
                               cells=cells))
    return rows


def present(table: EvaluationTable) -> dict:
    lang = current_lang()
    display: list[DisplayRow] = []
    number = 0
    pending: Row | None = None
    for row in table.rows:
        if row.is_program and row.first_of_element:
            number = 0
            if pending is not None:
                display.extend(_average_cells(table, pending.average, pending.predikat, lang,
                                              _("Rata-rata capaian kinerja (%)")))
                pending = None
        elif row.first_of_element:
            number += 1
        ind = row.indicator.indicator if row.indicator else None
        shown = DisplayRow(
            kind=row.element.level,
            number=str(number) if row.first_of_element and not row.is_program else "",
            code=row.element.code if row.first_of_element else "",
            sasaran=(objective_of(row) or "") if row.is_program and row.first_of_element else "",
            name=row.element.name if row.first_of_element else "",
            indicator=indicator_label(ind),
            unit=row.element.unit.name if row.element.unit and row.first_of_element else "",
        )
        for column in table.columns:
            for measure in table.measures:
                shown.cells.append(format_cell(row.cells.get((column.number, measure), Cell()), column, measure, lang,
                                               ind.satuan if ind else ""))
        if row.code_difference:
            shown.code = f"{shown.code}"
        display.append(shown)
        if row.average:
            pending = row
    if pending is not None:
        display.extend(_average_cells(table, pending.average, pending.predikat, lang,
                                      _("Rata-rata capaian kinerja (%)")))
    display.extend(_average_cells(table, table.average, table.predikat, lang, _("Rata-rata capaian program (%)")))
    differences = []
    for row, column, measure, difference in table.differences():
        differences.append({
            "where": (row.element.code or row.element.name[:60]) if row else _("Seluruh tabel"),
            "indicator": row.indicator.indicator.name if row and row.indicator else "",
            "column": column, "measure": measure, "printed": difference.printed,
            "computed": _computed_text(difference.computed, lang), "cause": difference.cause,
        })
    return {
        "table": table,
        "columns": table.columns,
        "measures": table.measures,
        "fixed_columns": 3 if table.layout == 2 else 4,
        "rows": display,
        "differences": differences,
        "omitted_note": omitted_note(table),
        "policy_label": average_policy_text(table.policy, lang),
        "revisions": [r for r in table.revisions.values() if r is not None],
    }


def _computed_text(value, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_count(value.quantize(Decimal("0.01")) if value != value.to_integral() else value, lang)
    return str(value)
