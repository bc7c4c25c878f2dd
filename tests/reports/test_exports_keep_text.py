"""Every XLSX and CSV the report catalog writes keeps a text that a spreadsheet would read as a formula as text:
no XLSX cell is a formula, and every CSV field that starts with ``=``, ``+``, ``-`` or ``@`` is a plain number or
carries the leading ``'`` (``kinerja.reports.csv_export``). The names of the plan, its indicators, the RKPD review
and the usulan are made hostile first, so each report writes such texts."""

import csv
import io
import re

import pytest
from django.apps import apps
from django.db import models
from openpyxl import load_workbook

from kinerja.plan import models as m
from kinerja.reports.catalog import REPORTS
from kinerja.reports.csv_export import FORMULA_STARTS
from tests.reports.samples import YEARS, agency_of

HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3"]
PLAIN_NUMBER = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?%?$")


# The tables of the documents' other chapters hold their rows' words as printed: every longer text field of them
# is made hostile too (codes and choices are short or constrained, and left as they are).
TEXT_TABLES = [apps.get_model(label) for label in (
    "plan.CodeCrosswalk", "plan.FundingLine", "spm.BasicService", "spm.ServiceRecipient", "spm.ServiceComponent",
    "spm.WelfarePotential")] + list(apps.get_app_config("strategy").get_models())


def _poison(model, rows, fields: list[str]) -> None:
    rows = list(rows.order_by("pk"))
    for number, row in enumerate(rows):
        for name in fields:
            text = getattr(row, name)
            if text:
                limit = model._meta.get_field(name).max_length
                setattr(row, name, f"{HOSTILE[number % len(HOSTILE)]} {text}"[:limit] if limit else
                        f"{HOSTILE[number % len(HOSTILE)]} {text}")
    model.objects.bulk_update(rows, fields)


def _long_texts(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields
            if isinstance(f, models.TextField) or (isinstance(f, models.CharField) and not f.choices
                                                    and (f.max_length or 0) >= 100)]


@pytest.fixture
def hostile_names(kukar, tarakan):
    for agency in (kukar, tarakan):
        _poison(m.PlanElement, m.PlanElement.objects.filter(strategic_plan__agency=agency), ["name"])
        _poison(m.Indicator, m.Indicator.objects.filter(element__strategic_plan__agency=agency), ["name"])
        _poison(m.RkpdReview, m.RkpdReview.objects.filter(agency=agency), ["name"])
        _poison(m.Proposal, m.Proposal.objects.filter(agency=agency), ["name"])
    # Wording a table prints instead of the stored name (the service table's IKK and indikator columns).
    _poison(m.PrintedFigure, m.PrintedFigure.objects.filter(agency=kukar, column__in=["ikk", "indicator"]), ["text"])
    for model in TEXT_TABLES:
        if fields := _long_texts(model):
            _poison(model, model.objects.all(), fields)
    return {agency.slug: agency for agency in (kukar, tarakan)}


def test_every_report_of_the_catalog_is_covered():
    assert set(YEARS) == set(REPORTS)


@pytest.mark.parametrize("name", sorted(YEARS))
def test_xlsx_and_csv_keep_hostile_text_as_text(hostile_names, name):
    report = REPORTS[name]
    table = report.build(hostile_names[agency_of(name)], YEARS[name])
    workbook = load_workbook(io.BytesIO(report.outputs["xlsx"].write(table)))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert any(str(cell.value).startswith(tuple(HOSTILE)) for cell in cells)
    fields = [field for row in csv.reader(io.StringIO(report.outputs["csv"].write(table).decode("utf-8-sig")))
              for field in row]
    assert [f for f in fields if f.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(f)] == []
    assert any(field.startswith("'") and field[1:].startswith(tuple(HOSTILE)) for field in fields)
