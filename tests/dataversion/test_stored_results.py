"""Stored results are read only while their agency's data version stands: never a stale figure."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kinerja.dataversion.models import StoredResult
from kinerja.dataversion.services import remember, remember_many
from kinerja.plan import models as m
from kinerja.reports import summary
from kinerja.reports.renja_evaluation import RP, K, build_evaluation
from kinerja.reports.summary import evaluation_briefs


@pytest.fixture
def counted(monkeypatch):
    """build_evaluation, counting its calls."""
    calls = []

    def build(agency, year, **kwargs):
        calls.append(agency.slug)
        return build_evaluation(agency, year, **kwargs)

    monkeypatch.setattr(summary, "build_evaluation", build)
    return calls


def test_a_brief_is_the_evaluations_averages_and_is_computed_once_per_version(kukar, counted):
    table = build_evaluation(kukar, 2019)
    first = evaluation_briefs([kukar], 2019)[kukar.pk]
    second = evaluation_briefs([kukar], 2019)[kukar.pk]
    assert first == second
    assert (first.average_k, first.average_rp, first.predikat) == (
        table.average[K].value, table.average[RP].value, table.predikat[K].value)
    assert counted == ["dinsos-kukar"]


def test_a_write_to_the_agency_makes_the_next_view_recompute_and_show_the_new_figure(kukar, tarakan, counted):
    before = evaluation_briefs([kukar, tarakan], 2019)
    # Half of the year's realised values, through the ORM: every capaian falls, and so does the average.
    for realisation in m.Realisation.objects.filter(indicator__element__strategic_plan__agency=kukar, year=2019):
        realisation.value = realisation.value / 2 if realisation.value is not None else None
        realisation.save()
    after = evaluation_briefs([kukar, tarakan], 2019)
    assert counted == ["dinsos-kukar", "dinsospm-tarakan", "dinsos-kukar"]  # Tarakan's stood
    expected = build_evaluation(kukar, 2019)
    assert after[kukar.pk].average_k == expected.average[K].value != before[kukar.pk].average_k


def test_a_raw_sql_write_is_seen_as_well(kukar, counted):
    evaluation_briefs([kukar], 2019)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE plan_realisation SET value = value + 1 WHERE id = "
                       "(SELECT min(r.id) FROM plan_realisation r JOIN plan_indicator i ON i.id = r.indicator_id "
                       "JOIN plan_planelement e ON e.id = i.element_id JOIN plan_strategicplan p "
                       "ON p.id = e.strategic_plan_id WHERE p.agency_id = %s AND r.year = 2019)", [kukar.pk])
    evaluation_briefs([kukar], 2019)
    assert counted == ["dinsos-kukar", "dinsos-kukar"]


def test_a_result_computed_while_the_data_moved_is_returned_but_not_kept(kukar):
    def compute():
        m.Unit.objects.filter(agency=kukar).update(name=m.models.F("name"))  # a write lands meanwhile
        return {"n": 1}

    assert remember(kukar.pk, "test", "k", compute) == {"n": 1}
    assert not StoredResult.objects.filter(agency_id=kukar.pk, kind="test").exists()
    assert remember(kukar.pk, "test", "k", lambda: {"n": 2}) == {"n": 2}  # now it stands, and is kept
    assert remember(kukar.pk, "test", "k", lambda: {"n": 3}) == {"n": 2}


def test_results_are_kept_per_key(kukar, tarakan):
    got = remember_many([kukar.pk, tarakan.pk], "test", "a", lambda agency_id: {"agency": agency_id})
    assert got == {kukar.pk: {"agency": kukar.pk}, tarakan.pk: {"agency": tarakan.pk}}
    assert remember(kukar.pk, "test", "b", lambda: {"other": True}) == {"other": True}
    assert StoredResult.objects.filter(kind="test").count() == 3


def test_the_region_dashboard_shows_the_stored_brief_in_indonesian_format(kukar, counted):
    user = get_user_model().objects.get(username="bappeda.kukar")
    client = Client()
    client.force_login(user)
    url = f"/wilayah/{kukar.region.slug}/dasbor/2019/"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert counted == ["dinsos-kukar"]
    average = build_evaluation(kukar, 2019).average[K].value
    shown = f"{average.quantize(Decimal('0.01')):.2f}".replace(".", ",")
    assert shown in first.content.decode() and shown in second.content.decode()


def _table_part(html: str) -> str:
    return html.split('<div class="scroll">', 1)[1]


def test_the_evaluation_page_is_rendered_once_per_version_and_never_stale(kukar, monkeypatch):
    from kinerja.web import views

    builds = []
    real = views.build_evaluation
    monkeypatch.setattr(views, "build_evaluation", lambda *a, **k: builds.append(1) or real(*a, **k))
    client = Client()
    client.force_login(get_user_model().objects.get(username="perencana.kukar"))
    url = f"/pd/{kukar.slug}/evaluasi-renja/2019/"
    first, second = client.get(url).content.decode(), client.get(url).content.decode()
    assert len(builds) == 1 and _table_part(first) == _table_part(second) and 'class="report' in _table_part(first)
    english = client.get(url, headers={"accept-language": "en"})
    assert len(builds) == 2 and english.status_code == 200  # another language is another rendering
    element = m.PlanElement.objects.filter(strategic_plan__agency=kukar, level="kegiatan").order_by("pk").first()
    m.PlanElement.objects.filter(pk=element.pk).update(name="Kegiatan yang baru saja diganti namanya")
    third = client.get(url).content.decode()
    assert len(builds) == 3
    assert "Kegiatan yang baru saja diganti namanya" in third
    assert "Kegiatan yang baru saja diganti namanya" not in first
    assert client.get(url + "?averaging=nonsense").status_code == 404


def test_the_dashboard_is_kept_until_the_agencys_data_moves(kukar, monkeypatch):
    from kinerja.web import dashboard

    builds = []
    real = dashboard.build_evaluation
    monkeypatch.setattr(dashboard, "build_evaluation", lambda *a, **k: builds.append(1) or real(*a, **k))
    client = Client()
    client.force_login(get_user_model().objects.get(username="perencana.kukar"))
    url = f"/pd/{kukar.slug}/dasbor/2019/"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200 and len(builds) == 1
    program = m.PlanElement.objects.filter(strategic_plan__agency=kukar, level="program").order_by("pk").first()
    m.PlanElement.objects.filter(pk=program.pk).update(name="Program yang baru saja diganti namanya")
    third = client.get(url).content.decode()
    assert len(builds) == 2 and "Program yang baru saja diganti namanya" in third
    assert client.get(f"/pd/{kukar.slug}/dasbor/2031/").status_code == 404
