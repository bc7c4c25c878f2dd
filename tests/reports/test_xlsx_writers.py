"""Every report of the catalog is written by XlsxWriter (kinerja/reports/xlsx.py) as the openpyxl writer wrote it:
each sheet's every cell value, number format, fill, font, border, alignment and comment, the merges, column widths
(to the hundredth of a character), frozen panes and print setup."""

import io

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from kinerja.plan import models as m
from kinerja.reports import document_tables, evaluation_export, evaluation_sheet, official, rencana_export
from kinerja.reports.catalog import REPORTS

from .samples import YEARS, agency_of

# The writer the catalog serves → the openpyxl writer it replaced.
OLD_WRITERS = {
    evaluation_sheet.evaluation_xlsx: evaluation_export.evaluation_xlsx_openpyxl,
    official.table_xlsx: official.table_xlsx_openpyxl,
    rencana_export.rencana_xlsx: rencana_export.rencana_xlsx_openpyxl,
    document_tables.table_xlsx: document_tables.table_xlsx_openpyxl,
}


def _rgb(color) -> str | None:
    return color.rgb[-6:].upper() if color is not None and isinstance(color.rgb, str) else None


def _cell(c) -> tuple:
    fill = _rgb(c.fill.fgColor) if c.fill is not None and c.fill.fill_type == "solid" else None
    sides = tuple((s.style, _rgb(s.color) if s.style else None) if s is not None else (None, None)
                  for s in (c.border.left, c.border.right, c.border.top, c.border.bottom))
    return (
        None if c.value == "" else c.value, c.number_format, fill, bool(c.font.b), float(c.font.sz or 11),
        bool(c.font.i), sides, c.alignment.horizontal, c.alignment.vertical, bool(c.alignment.wrap_text),
        c.comment.text if c.comment else None, c.comment.author if c.comment else None,
    )


def _sheet(ws) -> dict:
    cells = {c.coordinate: _cell(c) for row in ws.iter_rows() for c in row
             if not isinstance(c, MergedCell) and (c.value not in (None, "") or c.has_style)}
    return {
        "cells": cells,
        "merges": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {c: round(d.width, 2) for d in ws.column_dimensions.values() if d.width
                   for c in range(d.min, d.max + 1)},
        "freeze": ws.freeze_panes,
        "print": (ws.print_title_rows, ws.page_setup.orientation, str(ws.page_setup.paperSize),
                  # an absent fitToWidth/fitToHeight means 1 (the file format's default)
                  int(ws.page_setup.fitToWidth or 1),
                  int(ws.page_setup.fitToHeight if ws.page_setup.fitToHeight is not None else 1),
                  ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None),
    }


def book_of(data: bytes) -> dict[str, dict]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: _sheet(ws) for ws in book.worksheets}


def assert_same_book(old_bytes: bytes, new_bytes: bytes) -> int:
    """The two workbooks alike, sheet by sheet; the number of cells compared."""
    old, new = book_of(old_bytes), book_of(new_bytes)
    assert list(new) == list(old)
    compared = 0
    for title, sheet in old.items():
        for key in ("merges", "widths", "freeze", "print"):
            assert new[title][key] == sheet[key], (title, key)
        differing = {k: (sheet["cells"].get(k), new[title]["cells"].get(k))
                     for k in sheet["cells"].keys() | new[title]["cells"].keys()
                     if sheet["cells"].get(k) != new[title]["cells"].get(k)}
        assert differing == {}, title
        compared += len(sheet["cells"])
    return compared


def _both(name: str, table) -> tuple[bytes, bytes]:
    new = REPORTS[name].outputs["xlsx"].write
    return OLD_WRITERS[new](table), new(table)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_is_written_as_openpyxl_wrote_it(name, db):
    report = REPORTS[name]
    table = report.build(m.Agency.objects.get(slug=agency_of(name)), YEARS[name])
    assert_same_book(*_both(name, table))


@pytest.mark.parametrize(("name", "slug", "year", "layout"), [
    ("renja-rencana", "dinsospm-tarakan", 2022, None), ("renja-rencana", "dinsos-kukar", 2021, 2),
    ("pk", "dinsos-kukar", 2023, 2), ("lkjip", "dinsos-kukar", 2022, None),
    ("kinerja-pelayanan", "dinsospm-tarakan", 2022, None), ("rkpd-review", "dinsospm-tarakan", 2022, None),
])
def test_other_agencies_years_and_layouts(name, slug, year, layout, db):
    from kinerja.reports.data import ReportError

    try:
        table = REPORTS[name].build(m.Agency.objects.get(slug=slug), year, layout=layout)
    except ReportError:
        pytest.skip(f"{name} is not held for {slug} {year}")
    assert_same_book(*_both(name, table))


def test_generated_agencies_are_written_alike(db):
    from kinerja.bench.generate import GenerateOptions, generate

    generate(GenerateOptions(agencies=1, first_year=2021, last_year=2023, seed=13, prefix="writers"))
    agency = m.Agency.objects.get(region__slug="writers-01")
    compared = 0
    for name in ("renja-evaluasi", "renja-rencana", "pk", "lkjip"):
        compared += assert_same_book(*_both(name, REPORTS[name].build(agency, 2022)))
    assert compared > 1000


def test_english_and_formula_like_text_stay_text(db):
    from django.utils import translation

    kukar = m.Agency.objects.get(slug="dinsos-kukar")
    element = m.PlanElement.objects.filter(strategic_plan__agency=kukar, level="program").order_by("pk").first()
    m.PlanElement.objects.filter(pk=element.pk).update(name="=HYPERLINK(\"http://x\")")
    with translation.override("en"):
        for name in ("renja-rencana", "pk", "lkjip", "tujuan-sasaran"):
            old, new = _both(name, REPORTS[name].build(kukar, YEARS[name]))
            assert_same_book(old, new)
            if name == "renja-rencana":
                values = [v[0] for sheet in book_of(new).values() for v in sheet["cells"].values()]
                assert "=HYPERLINK(\"http://x\")" in values


@pytest.mark.parametrize("change", ["fill", "width", "number_format"])
def test_the_comparison_sees_a_difference(change, db, monkeypatch):
    """A shade, a width or a number format the new writer gets wrong fails the comparison."""
    from kinerja.reports import xlsx

    if change == "fill":
        monkeypatch.setattr(xlsx, "DIFF", {"bg_color": "#FF0000", "pattern": 1})
    elif change == "width":
        widths = xlsx.Sheet.widths
        monkeypatch.setattr(xlsx.Sheet, "widths", lambda sheet, given: widths(sheet, {c: w + 2 for c, w in
                                                                                      given.items()}))
    else:
        monkeypatch.setattr(xlsx, "INDONESIAN_NUMBER", "0.0")
    name = "kinerja-pelayanan"
    table = REPORTS[name].build(m.Agency.objects.get(slug=agency_of(name)), YEARS[name])
    assert any(True for _ in table.differences())
    with pytest.raises(AssertionError):
        assert_same_book(*_both(name, table))


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_the_docx_reads_the_same_grid_from_either_writer(name, db):
    """A table's DOCX and PDF are written from its XLSX's grids: texts, bold, alignment, merges and the column
    widths (a width XlsxWriter gives to a range of equal columns read for each of them)."""
    from kinerja.documents.grid import grids_from_xlsx

    table = REPORTS[name].build(m.Agency.objects.get(slug=agency_of(name)), YEARS[name])
    old, new = (grids_from_xlsx(data) for data in _both(name, table))
    assert [g.width_hints for g in new] == [g.width_hints for g in old]
    for grid in (*old, *new):  # the merged areas in the order of the reader's set, which the DOCX does not keep
        grid.merges = sorted(grid.merges)
    assert new == old
