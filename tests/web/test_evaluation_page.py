"""The Renja evaluation in the web app: after login, for the agencies the user belongs to only."""

import pytest
from django.urls import reverse

from kinerja.demo.loader import DEMO_PASSWORD, DEMO_USERNAME


def evaluation_url(slug, year, fmt=None):
    if fmt:
        return reverse("evaluation-download", args=[slug, year, fmt])
    return reverse("evaluation", args=[slug, year])


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(evaluation_url("dinsos-kukar", 2019))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_demo_login_works(client, db):
    response = client.post(reverse("login"), {"username": DEMO_USERNAME, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert "Dinas Sosial Kabupaten Kutai Kartanegara" in home.content.decode()


def test_planner_sees_the_evaluation_with_printed_differences_explained(client, perencana_kukar):
    client.force_login(perencana_kukar)
    response = client.get(evaluation_url("dinsos-kukar", 2019))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Penyediaan jasa surat menyurat" in html
    assert "25,43 %" in html  # col 15 Rp of the worked row, Indonesian format
    # P05's printed average (31 %) differs: marked, and explained on hover.
    assert 'class="num diff"' in html
    assert "Dokumen mencetak 31%. Rata-rata memasukkan baris tanpa target" in html


def test_english_is_available(client, perencana_kukar):
    client.force_login(perencana_kukar)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(evaluation_url("dinsos-kukar", 2019)).content.decode()
    assert "25.43 %" in html


@pytest.mark.parametrize("fmt", [None, "json", "xlsx"])
def test_other_agency_is_not_found(client, perencana_tarakan, fmt):
    client.force_login(perencana_tarakan)
    assert client.get(evaluation_url("dinsos-kukar", 2019, fmt)).status_code == 404


def test_downloads(client, perencana_tarakan):
    client.force_login(perencana_tarakan)
    response = client.get(evaluation_url("dinsospm-tarakan", 2022, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    data = client.get(evaluation_url("dinsospm-tarakan", 2022, "json")).json()
    assert data["layout"] == 2


@pytest.mark.parametrize("query", ["?averaging=bogus", "?layout=7"])
def test_unknown_options_are_not_found(client, perencana_kukar, query):
    client.force_login(perencana_kukar)
    assert client.get(evaluation_url("dinsos-kukar", 2019) + query).status_code == 404


def test_year_without_data_is_not_found(client, perencana_kukar):
    client.force_login(perencana_kukar)
    assert client.get(evaluation_url("dinsos-kukar", 2031)).status_code == 404
