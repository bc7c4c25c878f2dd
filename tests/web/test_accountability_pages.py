"""LKjIP, Perjanjian Kinerja and IKU in the web app: for the agencies the user may read, with downloads."""

import pytest
from django.urls import reverse


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("lkjip", args=["dinsos-kukar", 2023]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_planner_sees_the_lkjip_with_differences_explained(client, perencana_kukar):
    client.force_login(perencana_kukar)
    html = client.get(reverse("lkjip", args=["dinsos-kukar", 2023])).content.decode()
    assert "Laporan Kinerja Instansi Pemerintah (LKjIP) tahun 2023" in html
    assert "49.049.882.101" in html and "117,03 %" in html
    assert "Dokumen mencetak 49.049.881.101,00" in html
    assert "Tabel 3.12" in html and "Tabel IV" in html


def test_seed_averaging_on_the_page(client, perencana_kukar):
    client.force_login(perencana_kukar)
    html = client.get(reverse("lkjip", args=["dinsos-kukar", 2023]) + "?averaging=seed").content.decode()
    assert "83,36 %" in html
    assert client.get(reverse("lkjip", args=["dinsos-kukar", 2023]) + "?layout=2").status_code == 404


def test_pk_and_iku_pages(client, perencana_kukar):
    client.force_login(perencana_kukar)
    pk = client.get(reverse("perjanjian-kinerja", args=["dinsos-kukar", 2023])).content.decode()
    assert "Perjanjian Kinerja tahun 2023" in pk and "Nilai SAKIP" in pk
    iku = client.get(reverse("iku", args=["dinsos-kukar", 2021])).content.decode()
    assert "Indeks reformasi birokrasi" in iku and "Kepala Bidang Rehabilitasi Sosial" in iku


def test_home_links_the_documents(client, perencana_kukar):
    client.force_login(perencana_kukar)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("lkjip", args=["dinsos-kukar", 2023])}"' in html
    assert f'href="{reverse("perjanjian-kinerja", args=["dinsos-kukar", 2023])}"' in html
    assert f'href="{reverse("iku", args=["dinsos-kukar", 2016])}"' in html
    assert f'href="{reverse("iku", args=["dinsos-kukar", 2022])}"' in html


@pytest.mark.parametrize("name", ["lkjip-download", "perjanjian-kinerja-download", "iku-download"])
def test_other_agency_is_not_found(client, perencana_tarakan, name):
    client.force_login(perencana_tarakan)
    assert client.get(reverse(name, args=["dinsos-kukar", 2023, "json"])).status_code == 404


def test_downloads(client, perencana_kukar):
    client.force_login(perencana_kukar)
    xlsx = client.get(reverse("lkjip-download", args=["dinsos-kukar", 2023, "xlsx"]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="lkjip-dinsos-kukar-2023.xlsx"'
    data = client.get(reverse("perjanjian-kinerja-download", args=["dinsos-kukar", 2023, "json"])).json()
    assert [p["key"] for p in data["parts"]] == ["2.4", "2.5"]
    csv = client.get(reverse("iku-download", args=["dinsos-kukar", 2021, "csv"]))
    assert csv.content.decode("utf-8").startswith("Tabel I,")
    docx = client.get(reverse("iku-download", args=["dinsos-kukar", 2021, "docx"]))
    assert docx["Content-Disposition"] == 'attachment; filename="iku-dinsos-kukar-2021.docx"'
    assert client.get(reverse("iku-download", args=["dinsos-kukar", 2021, "odt"])).status_code == 404
