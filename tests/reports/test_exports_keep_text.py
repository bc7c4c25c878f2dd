"""Every XLSX and CSV the report catalog writes keeps a text that a spreadsheet would read as a formula as text:
no XLSX cell is a formula, and every CSV field that starts with ``=``, ``+``, ``-`` or ``@`` is a plain number or
carries the leading ``'`` (``kinerja.reports.csv_export``). The names of the plan, its indicators, the RKPD review
and the usulan are made hostile first, so each report writes such texts."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from kinerja.plan import models as m
from kinerja.reports.catalog import REPORTS
from kinerja.reports.csv_export import FORMULA_STARTS

HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3"]
# A year of the demo data that each report can be built for (Dinas Sosial Kutai Kartanegara).
YEARS = {"renja-evaluasi": 2019, "renja-rencana": 2021, "rkpd-review": 2021, "usulan": 2021,
         "kinerja-pelayanan": 2021, "tujuan-sasaran": 2021, "pk": 2023, "iku": 2023, "lkjip": 2023}
YEARS["ikk"] = 2021  # seed 000's IKK table
PLAIN_NUMBER = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?%?$")


@pytest.fixture
def hostile_names(kukar):
    named = [
        (m.PlanElement, m.PlanElement.objects.filter(strategic_plan__agency=kukar)),
        (m.Indicator, m.Indicator.objects.filter(element__strategic_plan__agency=kukar)),
        (m.RkpdReview, m.RkpdReview.objects.filter(agency=kukar)),
        (m.Proposal, m.Proposal.objects.filter(agency=kukar)),
    ]
    for model, rows in named:
        rows = list(rows.order_by("pk"))
        for number, row in enumerate(rows):
            row.name = f"{HOSTILE[number % len(HOSTILE)]} {row.name}"
        model.objects.bulk_update(rows, ["name"])
    # Wording a table prints instead of the stored name (the service table's IKK and indikator columns).
    printed = list(m.PrintedFigure.objects.filter(agency=kukar, column__in=["ikk", "indicator"]).order_by("pk"))
    for number, figure in enumerate(printed):
        figure.text = f"{HOSTILE[number % len(HOSTILE)]} {figure.text}"[:300]
    m.PrintedFigure.objects.bulk_update(printed, ["text"])
    return kukar


def test_every_report_of_the_catalog_is_covered():
    assert set(YEARS) == set(REPORTS)


@pytest.mark.parametrize("name", sorted(YEARS))
def test_xlsx_and_csv_keep_hostile_text_as_text(hostile_names, name):
    report = REPORTS[name]
    table = report.build(hostile_names, YEARS[name])
    workbook = load_workbook(io.BytesIO(report.outputs["xlsx"].write(table)))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert any(str(cell.value).startswith(tuple(HOSTILE)) for cell in cells)
    fields = [field for row in csv.reader(io.StringIO(report.outputs["csv"].write(table).decode("utf-8-sig")))
              for field in row]
    assert [f for f in fields if f.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(f)] == []
    assert any(field.startswith("'") and field[1:].startswith(tuple(HOSTILE)) for field in fields)
