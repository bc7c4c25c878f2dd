"""The evaluation from stored data: quarters, revisions and unreported values, beyond what the seeds hold."""

import datetime as dt
from decimal import Decimal

from kinerja.plan import models as m
from kinerja.reports.evaluation_export import evaluation_json
from kinerja.reports.renja_evaluation import build_evaluation


def row_of(data, key):
    return next(r for r in data["rows"] if r["key"] == key)


def indicator(key, agency):
    """The indicator the 2019 evaluation reports (the first; the 2021 plan may add another)."""
    return m.Indicator.objects.get(element__key=key, element__strategic_plan__agency=agency, position=0)


def test_quarters_sum_into_the_year_for_a_flow(kukar):
    ind = indicator("P01.K02", kukar)
    ind.realisations.filter(year=2019).delete()
    element = ind.element
    element.budget_realisations.filter(year=2019).delete()
    for quarter, value, amount in ((1, 3, "50000000"), (2, 3, "60000000"), (3, 2, "55000000")):
        m.Realisation.objects.create(indicator=ind, year=2019, period=quarter, value=Decimal(value))
        m.BudgetRealisation.objects.create(element=element, year=2019, period=quarter, amount=Decimal(amount))
    row = row_of(evaluation_json(build_evaluation(kukar, 2019)), "P01.K02")
    assert [row["cells"][c]["K"] for c in ("8", "9", "10", "11", "12")] == ["3", "3", "2", None, "8"]
    assert row["cells"]["12"]["Rp"] == "165000000.00"
    assert row["cells"]["13"] == {"K": "66.67", "Rp": "60.04"}  # 8 of 12; 165 of 274,8 million
    assert row["cells"]["14"]["K"] == "64"  # 56 carried from s/d 2018 + 8


def test_a_level_takes_the_last_reported_quarter(kukar):
    ind = indicator("P01", kukar)
    ind.realisations.filter(year=2019).delete()
    for quarter, value in ((1, "40"), (2, "75.5")):
        m.Realisation.objects.create(indicator=ind, year=2019, period=quarter, value=Decimal(value))
    row = row_of(evaluation_json(build_evaluation(kukar, 2019)), "P01")
    assert row["cells"]["12"]["K"] == "75.5"
    assert row["cells"]["14"]["K"] == "75.5"


def test_unreported_year_is_undefined_not_zero(kukar):
    indicator("P01.K03", kukar).realisations.all().delete()
    row = row_of(evaluation_json(build_evaluation(kukar, 2019)), "P01.K03")
    assert row["cells"]["12"]["K"] is None
    assert row["undefined"]["13"]["K"] == "realisasi belum dilaporkan"
    assert row["cells"]["14"]["K"] == "101"  # what was carried stays; the year adds nothing


def test_a_perubahan_replaces_the_murni_and_the_report_says_so(kukar):
    murni = m.Revision.objects.get(agency=kukar, document="renja", year=2019)
    perubahan = m.Revision.objects.create(
        agency=kukar, strategic_plan=murni.strategic_plan, key="renja-2019-perubahan", document="renja", year=2019,
        label="perubahan", number=murni.number + 1, date=dt.date(2019, 9, 30), source="test",
    )
    ind = indicator("P01.K01", kukar)
    m.Target.objects.create(indicator=ind, revision=perubahan, kind="renja", year=2019, value=Decimal(1000))
    m.Budget.objects.create(element=ind.element, revision=perubahan, kind="renja", year=2019,
                            amount=Decimal("5000000"))
    data = evaluation_json(build_evaluation(kukar, 2019))
    assert data["revisions"]["renja"]["key"] == "renja-2019-perubahan"
    assert data["revisions"]["renja"]["date"] == "2019-09-30"
    row = row_of(data, "P01.K01")
    assert row["cells"]["7"] == {"K": "1000", "Rp": "5000000.00"}
    assert row["cells"]["13"] == {"K": "120.00", "Rp": "84.00"}
    # The murni is kept, not overwritten.
    assert m.Target.objects.get(indicator=ind, revision=murni, kind="renja", year=2019).value == 1200


def test_queries_do_not_grow_with_rows(kukar, tarakan, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        build_evaluation(kukar, 2019)
    with django_assert_max_num_queries(15):
        build_evaluation(tarakan, 2022)


def test_a_program_with_several_indicators_still_averages_its_kegiatan(kukar):
    """Kukar's 2021 plan gives Program Rehabilitasi Sosial three outcome indicators."""
    ind = indicator("P05.K01", kukar)
    m.Realisation.objects.create(indicator=ind, year=2021, period=1, value=Decimal(45))
    data = evaluation_json(build_evaluation(kukar, 2021))
    program = row_of(data, "P05")
    assert program["average"]["K"] == "64.29"  # 45 of 70: the only kegiatan reported so far
    assert program["predikat"]["K"] == "Rendah"
