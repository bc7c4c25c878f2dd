"""The XlsxWriter evaluation sheet is the openpyxl one: every cell's value and style, merges, widths, panes and
print setup, read back from both workbooks."""

import io

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from kinerja.bench.generate import GenerateOptions, generate
from kinerja.plan import models as m
from kinerja.reports.evaluation_export import evaluation_xlsx_openpyxl as openpyxl_xlsx
from kinerja.reports.evaluation_sheet import evaluation_xlsx
from kinerja.reports.renja_evaluation import build_evaluation


def _rgb(color) -> str | None:
    return color.rgb[-6:].upper() if color is not None and isinstance(color.rgb, str) else None


def _cell(c) -> tuple:
    fill = _rgb(c.fill.fgColor) if c.fill is not None and c.fill.fill_type == "solid" else None
    side = c.border.left
    return (
        None if c.value == "" else c.value, c.number_format, fill, bool(c.font.b), float(c.font.sz or 11),
        side.style if side is not None else None, _rgb(side.color) if side is not None and side.style else None,
        c.alignment.horizontal, c.alignment.vertical, bool(c.alignment.wrap_text),
        c.comment.text if c.comment else None, c.comment.author if c.comment else None,
    )


def sheet_of(data: bytes) -> dict:
    ws = load_workbook(io.BytesIO(data)).active
    cells = {c.coordinate: _cell(c) for row in ws.iter_rows() for c in row
             if not isinstance(c, MergedCell) and (c.value not in (None, "") or c.has_style)}
    return {
        "title": ws.title,
        "cells": cells,
        "merges": sorted(str(r) for r in ws.merged_cells.ranges),
        # XlsxWriter stores a character width with Excel's padding (14 → 14.71): the same column on screen.
        "widths": {c: int(d.width) for d in ws.column_dimensions.values() if d.width
                   for c in range(d.min, d.max + 1)},
        "freeze": ws.freeze_panes,
        "print": (ws.print_title_rows, ws.page_setup.orientation, str(ws.page_setup.paperSize),
                  # an absent fitToWidth/fitToHeight means 1 (the file format's default)
                  int(ws.page_setup.fitToWidth or 1), int(ws.page_setup.fitToHeight if ws.page_setup.fitToHeight
                                                           is not None else 1),
                  ws.sheet_properties.pageSetUpPr.fitToPage),
    }


def assert_same_sheet(table) -> None:
    old, new = sheet_of(openpyxl_xlsx(table)), sheet_of(evaluation_xlsx(table))
    for key in ("title", "merges", "widths", "freeze", "print"):
        assert new[key] == old[key], key
    differing = {k: (old["cells"].get(k), new["cells"].get(k)) for k in old["cells"].keys() | new["cells"].keys()
                 if old["cells"].get(k) != new["cells"].get(k)}
    assert differing == {}
    assert len(old["cells"]) > 100


@pytest.mark.parametrize(("slug", "year", "layout"), [
    ("dinsos-kukar", 2019, None), ("dinsospm-tarakan", 2022, None), ("dinsospm-tarakan", 2022, 1),
    ("dinsos-kukar", 2021, 2),
])
def test_the_demo_evaluations_are_written_alike(slug, year, layout, db):
    table = build_evaluation(m.Agency.objects.get(slug=slug), year, layout=layout)
    assert_same_sheet(table)


def test_generated_agencies_are_written_alike(db):
    generate(GenerateOptions(agencies=2, first_year=2021, last_year=2023, seed=11, prefix="sheet"))
    for agency in m.Agency.objects.filter(region__slug="sheet-01"):
        assert_same_sheet(build_evaluation(agency, 2022))


def test_english_and_a_formula_like_name_stay_text(db, settings):
    from django.utils import translation

    kukar = m.Agency.objects.get(slug="dinsos-kukar")
    element = m.PlanElement.objects.filter(strategic_plan__agency=kukar, level="program").order_by("pk").first()
    m.PlanElement.objects.filter(pk=element.pk).update(name="=HYPERLINK(\"http://x\")")
    with translation.override("en"):
        table = build_evaluation(kukar, 2019)
        assert_same_sheet(table)
        cells = sheet_of(evaluation_xlsx(table))["cells"]
    assert any(value[0] == "=HYPERLINK(\"http://x\")" for value in cells.values())
