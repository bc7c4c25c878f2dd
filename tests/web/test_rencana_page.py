"""The Renja plan table in the web app: after login, for the agencies the user may read only."""

import pytest
from django.urls import reverse


def rencana_url(slug, year, fmt=None):
    if fmt:
        return reverse("rencana-download", args=[slug, year, fmt])
    return reverse("rencana", args=[slug, year])


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(rencana_url("dinsos-kukar", 2021))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_planner_sees_the_plan_with_printed_differences_explained(client, perencana_kukar):
    client.force_login(perencana_kukar)
    response = client.get(rencana_url("dinsos-kukar", 2021))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rencana program dan kegiatan tahun 2021 dan prakiraan maju tahun 2022" in html
    assert "12.689.140.660" in html and "1.452.040.000" in html
    assert "Prakiraan maju tahun 2022" in html
    # Every printed program pagu of the 2021 plan follows from its kegiatan: nothing is marked.
    assert 'class="num diff"' not in html
    assert "2.105.000.000" in html  # Program Penanganan Fakir Miskin, as printed


def test_printed_codes_that_differ_are_marked(client, perencana_tarakan):
    client.force_login(perencana_tarakan)
    html = client.get(rencana_url("dinsospm-tarakan", 2024)).content.decode()
    assert "6.736.773.965" in html
    assert "diff" in html and "Dokumen mencetak" in html


def test_home_links_the_plan_of_every_renja_year(client, perencana_kukar):
    client.force_login(perencana_kukar)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{rencana_url("dinsos-kukar", 2021)}"' in html
    assert f'href="{rencana_url("dinsos-kukar", 2019)}"' in html


@pytest.mark.parametrize("fmt", [None, "json", "xlsx", "csv"])
def test_other_agency_is_not_found(client, perencana_tarakan, fmt):
    client.force_login(perencana_tarakan)
    assert client.get(rencana_url("dinsos-kukar", 2021, fmt)).status_code == 404


def test_downloads(client, perencana_tarakan):
    client.force_login(perencana_tarakan)
    xlsx = client.get(rencana_url("dinsospm-tarakan", 2024, "xlsx"))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="rencana-renja-dinsospm-tarakan-2024.xlsx"'
    assert client.get(rencana_url("dinsospm-tarakan", 2024, "json")).json()["total"]["7"] == {"Rp": "6736773965.00"}
    data = client.get(rencana_url("dinsospm-tarakan", 2024, "csv") + "?layout=1")
    assert data["Content-Type"] == "text/csv; charset=utf-8"
    assert data.content.decode("utf-8").startswith("1 No,2 Kode,3 ")


@pytest.mark.parametrize("query", ["?layout=7", "?layout=x"])
def test_unknown_options_are_not_found(client, perencana_kukar, query):
    client.force_login(perencana_kukar)
    assert client.get(rencana_url("dinsos-kukar", 2021) + query).status_code == 404


@pytest.mark.parametrize("fmt", ["html", "odt", "xls"])
def test_unknown_format_is_not_found(client, perencana_kukar, fmt):
    client.force_login(perencana_kukar)
    assert client.get(rencana_url("dinsos-kukar", 2021, fmt)).status_code == 404


def test_year_without_a_renja_is_not_found(client, perencana_kukar):
    client.force_login(perencana_kukar)
    assert client.get(rencana_url("dinsos-kukar", 2020)).status_code == 404


def test_evaluation_csv_download(client, perencana_kukar):
    client.force_login(perencana_kukar)
    response = client.get(reverse("evaluation-download", args=["dinsos-kukar", 2019, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evaluasi-renja-dinsos-kukar-2019.csv"'
    assert response.content.decode("utf-8").startswith("1 No,2 Sasaran,3 Program/Kegiatan,")
