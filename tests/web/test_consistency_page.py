"""The consistency page /pd/<agency>/periksa/<year>/: for those who read the agency, with links to fix each finding."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.plan import models as m

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)


def url(slug, year):
    return reverse("consistency", args=[slug, year])


def user(name):
    return get_user_model().objects.get(username=name)


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(url("dinsos-kukar", 2021))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_planner_sees_findings_tingkat_konsistensi_and_edit_links(client, perencana_tarakan):
    client.force_login(perencana_tarakan)
    response = client.get(url("dinsospm-tarakan", 2024))
    html = response.content.decode()
    assert response.status_code == 200
    assert "13 dari 15 kegiatan Renja ada di Renstra = 86,67 %" in html
    assert "Pengumpulan Sumbangan dalam Daerah Kabupaten/Kota" in html
    assert "3,68 × target akhir periode Renstra 2024 3.073 KPM" in html
    element = m.PlanElement.objects.get(strategic_plan__agency__slug="dinsospm-tarakan", code="1.06.02.2.02")
    indicator = m.Indicator.objects.get(element__code="1.06.05.2.02.0003", element__strategic_plan__agency__slug=
                                        "dinsospm-tarakan")
    assert reverse("element-edit", args=["dinsospm-tarakan", element.pk]) in html
    assert reverse("indicator-edit", args=["dinsospm-tarakan", indicator.pk]) in html
    assert reverse("indicator-history", args=["dinsospm-tarakan", indicator.pk]) in html
    # A missing 2024 target links to where the year's targets and pagu are set.
    program = m.PlanElement.objects.get(strategic_plan__agency__slug="dinsospm-tarakan", code="1.06.04")
    assert reverse("element-values", args=["dinsospm-tarakan", program.pk, 2024]) in html
    assert not INLINE.search(html)


def test_reader_without_edit_right_gets_no_edit_links(client, db):
    client.force_login(user("kepala.kukar"))
    html = client.get(url("dinsos-kukar", 2021)).content.decode()
    assert "51 dari 76 kegiatan Renja ada di Renstra = 67,11 %" in html
    assert "/ubah/" not in html and "/rencana/" not in html.split("<main>", 1)[1]
    assert "/indikator/" in html  # the history of targets and realisations stays readable


def test_operator_may_not_and_other_agency_is_not_found(client, db):
    client.force_login(user("operator.rehsos.kukar"))
    assert client.get(url("dinsos-kukar", 2021)).status_code == 403
    client.force_login(user("perencana.tarakan"))
    assert client.get(url("dinsos-kukar", 2021)).status_code == 404


def test_year_without_a_renja_is_not_found(client, perencana_kukar):
    client.force_login(perencana_kukar)
    assert client.get(url("dinsos-kukar", 2020)).status_code == 404


def test_home_links_the_page_for_each_renja_year(client, perencana_kukar):
    client.force_login(perencana_kukar)
    html = client.get(reverse("home")).content.decode()
    assert url("dinsos-kukar", 2019) in html and url("dinsos-kukar", 2021) in html
    assert reverse("verify-table") in html
