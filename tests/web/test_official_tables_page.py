"""The official tables of REPORTS.md §C–§F in the web app: one page and one download each, for the agencies the
user may read; the home page links the years that have data."""

import shutil

import pytest
from django.urls import reverse

TABLES = ["rkpd-review", "usulan", "kinerja-pelayanan", "tujuan-sasaran"]


def table_url(name, slug, year, fmt=None):
    if fmt:
        return reverse(f"table-{name}-download", args=[slug, year, fmt])
    return reverse(f"table-{name}", args=[slug, year])


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(table_url("kinerja-pelayanan", "dinsos-kukar", 2021))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_service_table_marks_the_printed_ratio_that_differs(client, perencana_kukar):
    client.force_login(perencana_kukar)
    response = client.get(table_url("kinerja-pelayanan", "dinsos-kukar", 2021))
    html = response.content.decode()
    assert response.status_code == 200
    # The IKK column as seed 000 prints it ('*' marks and all), not Kinerja's "IKK 64" label.
    assert "Pencapaian kinerja pelayanan 2021" in html and "* Rasio rumah singgah/shelter/" in html
    assert "3,25" in html and 'class="num diff"' in html and "Dokumen mencetak 1.46%" in html
    assert "Belum terbit penetapan standar Nasional" in html


def test_review_marks_the_lines_that_differ(client, perencana_tarakan):
    client.force_login(perencana_tarakan)
    html = client.get(table_url("rkpd-review", "dinsospm-tarakan", 2024)).content.decode()
    assert 'class="subkegiatan marked"' in html and "6.736.773.965" in html
    assert "tanpa catatan penting" in html


def test_objectives_show_grades_as_printed_and_checked(client, perencana_tarakan):
    client.force_login(perencana_tarakan)
    html = client.get(table_url("tujuan-sasaran", "dinsospm-tarakan", 2024)).content.decode()
    assert "Nilai SAKIP" in html and "Dokumen mencetak B." in html


def test_home_links_the_years_with_data(client, perencana_kukar):
    client.force_login(perencana_kukar)
    html = client.get(reverse("home")).content.decode()
    for name in TABLES:
        assert f'href="{table_url(name, "dinsos-kukar", 2021)}"' in html, name
    assert f'href="{table_url("rkpd-review", "dinsos-kukar", 2019)}"' not in html


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv", "docx"])
def test_downloads(client, perencana_tarakan, name, fmt):
    client.force_login(perencana_tarakan)
    response = client.get(table_url(name, "dinsospm-tarakan", 2024, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-dinsospm-tarakan-2024.{fmt}"')
    if fmt == "json":
        assert response.json()["report"] == name


@pytest.mark.parametrize("name", TABLES)
def test_other_agency_is_not_found(client, perencana_tarakan, name):
    client.force_login(perencana_tarakan)
    assert client.get(table_url(name, "dinsos-kukar", 2021)).status_code == 404
    assert client.get(table_url(name, "dinsos-kukar", 2021, "csv")).status_code == 404


def test_year_without_data_and_unknown_format_are_not_found(client, perencana_kukar):
    client.force_login(perencana_kukar)
    assert client.get(table_url("usulan", "dinsos-kukar", 2019)).status_code == 404
    assert client.get(table_url("usulan", "dinsos-kukar", 2021, "odt")).status_code == 404


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (dev/system-packages)")
def test_pdf_download(client, perencana_kukar):
    client.force_login(perencana_kukar)
    response = client.get(table_url("usulan", "dinsos-kukar", 2021, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


def test_pdf_without_libreoffice_answers_503_saying_what_is_missing(client, perencana_kukar, monkeypatch):
    monkeypatch.setattr("kinerja.documents.pdf.soffice", lambda: None)
    client.force_login(perencana_kukar)
    response = client.get(table_url("usulan", "dinsos-kukar", 2021, "pdf"))
    assert response.status_code == 503
    assert "LibreOffice (soffice) tidak terpasang" in response.content.decode()


def test_ikk_table_page_numbered_as_printed(client, perencana_kukar):
    """Seed 000's IKK table on its own page, numbered 1–9 as printed, linked from the home page."""
    client.force_login(perencana_kukar)
    html = client.get(table_url("ikk", "dinsos-kukar", 2021)).content.decode()
    assert "Capaian indikator kinerja kunci 2019" in html
    assert '<tr class="numbers">' + "".join(f"<th>{n}</th>" for n in range(1, 10)) + "</tr>" in html
    assert "3,25" in html and "Dokumen mencetak 1.46%" in html
    assert "/tabel/ikk/2021/" in client.get("/").content.decode()
