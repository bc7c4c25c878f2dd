"""kinerja generate: a region of realistic shape, reproducible by seed, written beside the demo data."""

from collections import Counter
from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.permissions import Capability, can
from kinerja.bench.generate import GenerateError, GenerateOptions, generate
from kinerja.cli import main
from kinerja.engine import CodeScheme, parse_code
from kinerja.plan import models as m
from kinerja.reports.evaluation_export import evaluation_json
from kinerja.reports.renja_evaluation import build_evaluation

OPTIONS = GenerateOptions(agencies=2, first_year=2021, last_year=2025, seed=7, prefix="tiny")
SEED_UNITS = {"Orang", "KPM", "Dokumen", "Laporan", "Unit", "Paket", "%"}


@pytest.fixture
def tiny(db):
    generate(OPTIONS)
    return list(m.Agency.objects.filter(region__slug="tiny-01").order_by("pk"))


def indicators_of(agencies):
    return m.Indicator.objects.filter(element__strategic_plan__agency__in=agencies)


def test_each_agency_has_a_renstra_with_the_levels_of_a_real_one(tiny):
    assert len(tiny) == 2
    for agency in tiny:
        (plan,) = agency.strategic_plans.all()
        assert (plan.first_year, plan.last_year, plan.code_scheme) == (2021, 2025, CodeScheme.PERMENDAGRI_90)
        levels = Counter(plan.elements.values_list("level", flat=True))
        assert 1 <= levels["tujuan"] <= 2 and 2 <= levels["sasaran"] <= 3
        assert 8 <= levels["program"] <= 12
        assert 2 * levels["program"] <= levels["kegiatan"] <= 6 * levels["program"]
        assert 2 * levels["kegiatan"] <= levels["subkegiatan"] <= 6 * levels["kegiatan"]
        per_element = Counter(indicators_of([agency]).values_list("element_id", flat=True))
        assert len(per_element) == sum(levels.values())  # every element has indicators …
        assert set(per_element.values()) == {1, 2}  # … one or two


def test_codes_follow_permendagri_90_and_their_parents(tiny):
    elements = (m.PlanElement.objects.filter(strategic_plan__agency__in=tiny)
                .exclude(level__in=["tujuan", "sasaran"]).select_related("parent"))
    assert elements.count() > 300
    for element in elements:
        code = parse_code(element.code, CodeScheme.PERMENDAGRI_90)
        assert code.text == element.code and code.level.value == element.level
        if element.level != m.Level.PROGRAM:
            assert code.parent().text == element.parent.code


def test_quarterly_realisations_with_some_not_reported(tiny):
    indicators = indicators_of(tiny)
    realisations = m.Realisation.objects.filter(indicator__in=indicators)
    assert set(realisations.values_list("period", flat=True)) == {1, 2, 3, 4}  # quarters, no annual totals
    possible = indicators.count() * 5 * 4
    assert 0.85 * possible < realisations.count() < possible
    leaves = m.PlanElement.objects.filter(strategic_plan__agency__in=tiny, level=m.Level.SUBACTIVITY)
    budget = m.BudgetRealisation.objects.filter(element__in=leaves)
    assert set(budget.values_list("period", flat=True)) == {1, 2, 3, 4}
    assert 0.9 * leaves.count() * 5 * 4 < budget.count() < leaves.count() * 5 * 4


def test_units_kinds_and_polarities_are_mixed_as_in_the_seeds(tiny):
    indicators = indicators_of(tiny)
    units = set(indicators.values_list("satuan", flat=True))
    assert units <= SEED_UNITS and "%" in units and len(units) >= 5
    assert set(indicators.values_list("value_kind", flat=True)) == {"percent", "number"}
    assert not indicators.filter(value_kind="percent").exclude(satuan="%").exists()
    assert 0.01 < indicators.filter(polarity="negative").count() / indicators.count() < 0.12


def test_renja_every_year_and_a_perubahan_restates_its_whole_year(tiny):
    indicators = indicators_of(tiny)
    for year in range(2021, 2026):
        murni = m.Target.objects.filter(indicator__in=indicators, kind="renja", year=year,
                                        revision__label="murni")
        assert murni.count() == indicators.count()
    perubahan = m.Revision.objects.filter(agency__in=tiny, document="renja", label="perubahan")
    assert perubahan.exists()
    for revision in perubahan:
        murni = m.Revision.objects.get(agency=revision.agency, document="renja", year=revision.year, label="murni")
        assert revision.number > murni.number
        assert revision.targets.count() == murni.targets.count()
        assert revision.budgets.count() == murni.budgets.count()


def test_evaluation_queries_do_not_grow_with_rows_or_agencies(tiny, django_assert_max_num_queries):
    counts = []
    for agency in tiny:
        with CaptureQueriesContext(connection) as queries:
            table = build_evaluation(agency, 2025)
        assert len(table.rows) > 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15
    with django_assert_max_num_queries(2 * counts[0]):
        for agency in tiny:
            build_evaluation(agency, 2025)


def test_accounts_for_each_role_have_no_usable_password(tiny):
    users = get_user_model().objects
    perencana = users.get(username=f"{tiny[0].slug}.perencana")
    operator = users.get(username=f"{tiny[0].slug}.operator")
    bappeda = users.get(username="tiny-01.bappeda")
    assert not any(u.has_usable_password() for u in (perencana, operator, bappeda))
    assert can(perencana, Capability.EDIT_PLAN, tiny[0]) and not can(perencana, Capability.READ_AGENCY, tiny[1])
    unit = operator.memberships.get().unit
    assert can(operator, Capability.ENTER_REALISATION, tiny[0], unit)
    assert can(bappeda, Capability.READ_AGENCY, tiny[1])


def test_again_with_replace_gives_the_same_data_and_leaves_the_demo(tiny, kukar):
    before = evaluation_json(build_evaluation(tiny[1], 2024))
    demo = evaluation_json(build_evaluation(kukar, 2019))
    with pytest.raises(GenerateError, match="already there"):
        generate(OPTIONS)
    generate(replace(OPTIONS, replace=True))
    again = m.Agency.objects.get(slug=tiny[1].slug)
    assert again.pk != tiny[1].pk
    assert evaluation_json(build_evaluation(again, 2024)) == before
    assert evaluation_json(build_evaluation(kukar, 2019)) == demo


def test_replace_refuses_a_region_with_an_agency_it_did_not_generate(tiny):
    m.Agency.objects.create(region=tiny[0].region, slug="dinas-baru", name="Dinas Baru")
    with pytest.raises(GenerateError, match="dinas-baru"):
        generate(replace(OPTIONS, replace=True))
    assert m.Agency.objects.filter(region__slug="tiny-01").count() == 3


def test_cli_generate(db, capsys):
    argv = ["generate", "--agencies", "1", "--years", "2024-2025", "--prefix", "cli", "--seed", "3"]
    assert main(argv) == 0
    assert "cli-01" in capsys.readouterr().out
    assert m.Agency.objects.get(region__slug="cli-01").strategic_plans.get().first_year == 2024
    assert main(argv) == 2
    assert "--replace" in capsys.readouterr().err
    assert main([*argv, "--agencies", "0"]) == 2
    with pytest.raises(SystemExit):
        main(["generate", "--years", "2025-2021"])
