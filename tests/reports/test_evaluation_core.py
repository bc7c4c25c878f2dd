"""The lean evaluation core gives the engine's table, value for value.

The engine's path (``build_evaluation(..., core="engine")``) is the specification. Compared here: the JSON the
report prints, in Indonesian and English, and every cell the HTML and XLSX writers read (value, reason, detail,
unit, printed text, difference), for generated agencies — drawn by Hypothesis, with their data varied where the
generator is uniform (aggregation, polarity, units, carried realisations, missing targets, annual-only years) —
and for every demo agency and year, both layouts and both averaging policies.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.bench.generate import GenerateOptions, generate
from kinerja.dataversion import services
from kinerja.engine import AveragePolicy
from kinerja.plan import models as m
from kinerja.reports import evaluation_core
from kinerja.reports.data import ReportError
from kinerja.reports.evaluation_export import evaluation_json
from kinerja.reports.renja_evaluation import EvaluationTable, build_evaluation
from kinerja.reports.renja_evaluation import evaluation_core as chosen_core

LAYOUTS = (1, 2)
POLICIES = tuple(AveragePolicy)
LANGUAGES = ("id", "en")


def build_or_error(core: str, agency: m.Agency, year: int, layout: int, policy: AveragePolicy):
    try:
        return build_evaluation(agency, year, layout=layout, policy=policy, core=core)
    except (ReportError, ValueError) as error:  # both cores must refuse alike
        return f"{type(error).__name__}: {error}"


def cells_of(table: EvaluationTable) -> list:
    """What the writers read of each row beside the JSON: every cell whole, averages and predikat. Values by
    ``repr``: Decimal("5.0") equals Decimal("5"), and a writer that prints the stored digits would tell them apart."""
    out = []
    for row in table.rows:
        cells = [(key, repr(c.value), c.reason, c.detail, c.unit, c.printed, c.difference)
                 for key, c in row.cells.items()]
        averages = [(k, repr(c.value), c.reason, c.printed, c.difference) for k, c in row.average.items()]
        out.append((row.element.pk, row.indicator.indicator.pk if row.indicator else None, row.depth,
                    row.first_of_element, row.in_year, cells, averages, row.predikat, row.predikat_differences,
                    row.code_difference))
    out.append(([(k, repr(c.value), c.reason, c.printed, c.difference) for k, c in table.average.items()],
                table.predikat, table.predikat_differences, table.omitted.codes))
    return out


def assert_same(agency: m.Agency, year: int, layout: int, policy: AveragePolicy) -> None:
    engine = build_or_error("engine", agency, year, layout, policy)
    lean = build_or_error("lean", agency, year, layout, policy)
    where = f"{agency.slug} {year} layout {layout} {policy}"
    if isinstance(engine, str) or isinstance(lean, str):
        assert lean == engine, where
        return
    assert cells_of(lean) == cells_of(engine), where
    for lang in LANGUAGES:
        with translation.override(lang):
            expected = json.dumps(evaluation_json(engine), ensure_ascii=False, indent=1)
            got = json.dumps(evaluation_json(lean), ensure_ascii=False, indent=1)
        assert got == expected, f"{where} ({lang})"


# -- the demo seeds ------------------------------------------------------------------------------------------------


def demo_cases() -> list[tuple[str, int]]:
    """Every demo agency with every year of its Renstra periods and the year after (which has no Renja: both
    cores must refuse it alike)."""
    cases = []
    for agency in m.Agency.objects.order_by("slug"):
        years = set()
        for plan in agency.strategic_plans.all():
            years.update(range(plan.first_year, plan.last_year + 2))
        cases.extend((agency.slug, year) for year in sorted(years))
    return cases


@pytest.mark.django_db
def test_the_demo_agencies_give_the_same_table_for_every_year_layout_and_policy():
    cases = demo_cases()
    assert len({slug for slug, _year in cases}) >= 2
    compared = 0
    for slug, year in cases:
        agency = m.Agency.objects.get(slug=slug)
        for layout in LAYOUTS:
            for policy in POLICIES:
                assert_same(agency, year, layout, policy)
                compared += 1
    assert compared >= 40


@pytest.mark.django_db
def test_the_seeds_exercise_what_the_generator_does_not(kukar, tarakan):
    """The demo comparison above covers printed comparisons, categories, carried realisations and layout 1's
    Rupiah: they are in the seeds (a vacuous comparison would pass without them)."""
    assert m.PrintedFigure.objects.filter(agency__in=[kukar, tarakan], report="renja-evaluasi").exists()
    assert m.CarriedRealisation.objects.exists()
    assert m.Indicator.objects.filter(scale__isnull=False).exists()
    table = build_evaluation(kukar, 2019, layout=1, core="lean")
    assert any(True for _difference in table.differences())
    assert any(isinstance(cell.value, Decimal) for row in table.rows for (_c, measure), cell in row.cells.items()
               if measure == "Rp")


# -- generated agencies --------------------------------------------------------------------------------------------


@st.composite
def variations(draw) -> dict:
    return {
        "seed": draw(st.integers(min_value=1, max_value=10_000)),
        "year": draw(st.integers(min_value=2021, max_value=2025)),
        "aggregation": draw(st.sampled_from(["", "SUM", "LAST", "MAX", "MIN"])),
        "negative": draw(st.booleans()),
        "odd_unit": draw(st.booleans()),
        "carried": draw(st.booleans()),
        "drop_targets": draw(st.booleans()),
        "annual_only": draw(st.booleans()),
        "stride": draw(st.integers(min_value=2, max_value=7)),
    }


def vary(agency: m.Agency, v: dict) -> None:
    """Change every ``stride``-th indicator's data where the generator never varies it."""
    indicators = list(m.Indicator.objects.filter(element__strategic_plan__agency=agency).order_by("pk")
                      .values_list("pk", flat=True))[::v["stride"]]
    if v["aggregation"]:
        m.Indicator.objects.filter(pk__in=indicators).update(aggregation=v["aggregation"])
    if v["negative"]:
        m.Indicator.objects.filter(pk__in=indicators[::2]).update(polarity="negative")
    if v["odd_unit"]:  # units that do not agree: sums and capaian become undefined with their reason
        m.Realisation.objects.filter(indicator__in=indicators[1::3], period=2).update(unit="Orang/bulan")
    if v["carried"]:
        m.CarriedRealisation.objects.bulk_create(
            m.CarriedRealisation(indicator_id=pk, through_year=2022, value=Decimal("12.5")) for pk in indicators[::3])
        m.Realisation.objects.filter(indicator__in=indicators[::3], year__lte=2022).delete()
    if v["drop_targets"]:
        m.Target.objects.filter(indicator__in=indicators[1::2], year=v["year"]).delete()
    if v["annual_only"]:
        quarters = m.Realisation.objects.filter(indicator__in=indicators[2::3], year=2023)
        quarters.filter(period__in=(1, 2, 3)).delete()
        quarters.filter(period=4).update(period=0)


@pytest.mark.django_db
@settings(max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                               HealthCheck.too_slow])
@given(variations())
def test_generated_agencies_give_the_same_table(v):
    with transaction.atomic():
        generate(GenerateOptions(agencies=1, seed=v["seed"], prefix="lean"))
        agency = m.Agency.objects.get(region__slug="lean-01")
        vary(agency, v)
        for layout in LAYOUTS:
            for policy in POLICIES:
                assert_same(agency, v["year"], layout, policy)
        transaction.set_rollback(True)


# -- the switch and the kept results -------------------------------------------------------------------------------


def test_the_lean_core_is_the_default_and_the_engine_stays_selectable(settings):
    assert chosen_core() == "lean"
    settings.KINERJA_EVALUATION_CORE = "engine"
    assert chosen_core() == "engine"
    assert chosen_core("lean") == "lean"
    with pytest.raises(ReportError):
        chosen_core("float")


def test_kept_results_are_keyed_by_the_lean_core_too():
    """Stored results carry a digest of every .py file of the package (outside migrations): the lean core's
    module is one of them, so a change to it is never answered with a result the older code computed."""
    package = Path(services.__file__).resolve().parent.parent
    module = Path(evaluation_core.__file__).resolve()
    assert module.suffix == ".py" and module.is_relative_to(package) and "migrations" not in module.parts
