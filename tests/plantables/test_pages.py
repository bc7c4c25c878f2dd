"""The plan tables on the web: pd/<agency>/tabel/<name>/<year>/ with Indonesian figures, and their downloads."""

from django.conf import settings
from django.urls import reverse


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("table-kode-lama", args=["dinsos-kukar", 2021]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_tabel_7_page_in_indonesian_format(client, perencana_tarakan):
    client.force_login(perencana_tarakan)
    html = client.get(reverse("table-pendanaan", args=["dinsospm-tarakan", 2024])).content.decode()
    assert "Rumusan rencana program, kegiatan dan sub kegiatan tahun 2024 dan prakiraan maju tahun 2025" in html
    assert "3.379.675.000" in html and "6.736.773.965" in html
    assert "Sumber dana" in html and "APBD" in html and "DinsosPM" in html
    assert "100 orang" in html  # Tabel 7's printed target shown beside the stored one
    for fmt in ("csv", "xlsx", "json"):
        response = client.get(reverse("table-pendanaan-download", args=["dinsospm-tarakan", 2024, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'rencana-pendanaan-dinsospm-tarakan-2024.{fmt}"')


def test_history_and_spm_pages(client, perencana_kukar):
    client.force_login(perencana_kukar)
    html = client.get(reverse("table-riwayat-program", args=["dinsos-kukar", 2023])).content.decode()
    assert "Riwayat program lintas periode Renstra" in html
    assert "12.640.941.000" in html and "1.391.312.839" in html  # 1.06.05 in 2023, old 0106.29 in 2019
    html = client.get(reverse("table-spm-layanan", args=["dinsos-kukar", 2023])).content.decode()
    assert "KORBAN BENCANA ALAM DAN SOSIAL" in html and "Cara hitung outcome" in html
    html = client.get(reverse("table-psks", args=["dinsos-kukar", 2023])).content.decode()
    assert "Karang Taruna" in html and "259" in html
    # Another agency's tables are not the planner's to read.
    assert client.get(reverse("table-pendanaan", args=["dinsospm-tarakan", 2024])).status_code in (403, 404)


def test_english_headers(client, perencana_kukar):
    client.force_login(perencana_kukar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("table-kode-lama", args=["dinsos-kukar", 2021])).content.decode()
    assert "Mapping of program and activity nomenclature to Permendagri No. 90/2019" in html
    assert "SIMRAL code" in html and "Indicator (outcome)" in html
    html = client.get(reverse("table-riwayat-program", args=["dinsos-kukar", 2023])).content.decode()
    assert "Program history across Renstra periods" in html and "12,640,941,000" in html
