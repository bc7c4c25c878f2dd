"""The document's web pages: who sees, downloads and issues; the issued versions and their comparison."""

import io

import pytest
from django.contrib.auth import get_user_model
from docx import Document

from kinerja.plan import models as m

pytestmark = pytest.mark.usefixtures("no_layout_pass")

PAGE = "/pd/dinsos-kukar/dokumen/renja/2021/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_page_lists_the_tables_by_name_and_offers_issuing_to_the_perencana(client, db):
    response = _login(client, "perencana.kukar").get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    # by the number and title the document prints, never by the catalog's report name
    assert ("Tabel 1 Rekapitulasi Evaluasi Hasil Pelaksanaan Renja Dinas Sosial Kabupaten Kutai Kartanegara dan "
            "Pencapaian Renstra s.d. Tahun 2019") in body
    assert "Tabel 8 Rencana Program/Kegiatan/Sub Kegiatan dan Pendanaan Tahun 2021" in body
    assert "renja-evaluasi" not in body and "renja-rencana" not in body
    assert 'action="/pd/dinsos-kukar/dokumen/renja/2021/terbitkan/"' in body
    assert "Belum pernah diterbitkan." in body


@pytest.mark.parametrize(("username", "status"), [
    ("pemeriksa.kukar", 200), ("bappeda.kukar", 200), ("operator.rehsos.kukar", 403), ("perencana.tarakan", 404)])
def test_who_may_read_the_page(client, db, username, status):
    response = _login(client, username).get(PAGE)
    assert response.status_code == status
    if status == 200:
        assert "terbitkan/" not in response.content.decode()  # may read, may not issue


@pytest.mark.parametrize(("username", "status"), [
    ("perencana.kukar", 302), ("kepala.kukar", 302), ("pemeriksa.kukar", 403), ("operator.rehsos.kukar", 403),
    ("bappeda.kukar", 403), ("perencana.tarakan", 404)])
def test_who_may_issue(client, db, username, status):
    response = _login(client, username).post(PAGE + "terbitkan/", {"confirm": "1"})  # issuing is confirmed first
    assert response.status_code == status
    issued = m.IssuedDocument.objects.filter(agency__slug="dinsos-kukar", kind="renja", year=2021)
    assert issued.exists() is (status == 302)


def test_issuing_on_the_web_lists_the_version_with_its_downloads(client, db):
    client = _login(client, "perencana.kukar")
    client.post(PAGE + "terbitkan/", {"lampiran": "1", "confirm": "1"})
    document = m.IssuedDocument.objects.get(agency__slug="dinsos-kukar", kind="renja", year=2021)
    assert document.appendix and document.issued_by.username == "perencana.kukar"
    body = client.get(PAGE).content.decode()
    assert PAGE + "terbit/1.docx" in body and PAGE + "terbit/1/" in body
    response = client.get(PAGE + "terbit/1.docx")
    assert response["Content-Type"] == DOCX and response.content == bytes(document.docx)
    assert 'filename="renja-dinsos-kukar-2021-terbit-1.docx"' in response["Content-Disposition"]


def test_the_issued_pdf_is_made_from_the_frozen_docx(client, db, monkeypatch):
    client = _login(client, "perencana.kukar")
    client.post(PAGE + "terbitkan/", {"confirm": "1"})
    document = m.IssuedDocument.objects.get(agency__slug="dinsos-kukar", kind="renja", year=2021)
    converted = []
    monkeypatch.setattr("kinerja.web.documents.docx_to_pdf", lambda docx: converted.append(docx) or b"%PDF-1.7")
    response = client.get(PAGE + "terbit/1.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert converted == [bytes(document.docx)]


def test_the_draft_downloads_as_docx_with_the_appendix_on_request(client, db):
    client = _login(client, "pemeriksa.kukar")
    plain = client.get("/pd/dinsos-kukar/dokumen/renja/2021.docx")
    assert plain.status_code == 200 and plain["Content-Type"] == DOCX
    headings = [p.text for p in Document(io.BytesIO(plain.content)).paragraphs if p.style.name == "Heading 1"]
    assert "LAMPIRAN\nPERBEDAAN ANGKA TERCETAK DENGAN ATURAN" not in headings
    assert "LAMPIRAN I\nTIM PENYUSUN" in headings  # the seed's own annex is always there
    with_appendix = client.get("/pd/dinsos-kukar/dokumen/renja/2021.docx?lampiran=1")
    headings = [p.text for p in Document(io.BytesIO(with_appendix.content)).paragraphs if p.style.name == "Heading 1"]
    assert "LAMPIRAN\nPERBEDAAN ANGKA TERCETAK DENGAN ATURAN" in headings


def test_a_pdf_without_libreoffice_answers_503_with_what_is_missing(client, db):
    response = _login(client, "perencana.kukar").get("/pd/dinsos-kukar/dokumen/renja/2021.pdf")
    assert response.status_code == 503 and "LibreOffice" in response.content.decode()


@pytest.mark.parametrize("url", ["/pd/dinsos-kukar/dokumen/rkpd/2021/", "/pd/dinsos-kukar/dokumen/renja/2021.odt",
                                 "/pd/dinsos-kukar/dokumen/renja/2021/terbit/7/"])
def test_unknown_document_format_or_version_is_not_found(client, db, url):
    assert _login(client, "perencana.kukar").get(url).status_code == 404


def test_the_issued_page_shows_issued_against_now_per_row_and_column(client, db):
    client = _login(client, "perencana.kukar")
    client.post(PAGE + "terbitkan/", {"confirm": "1"})
    assert "Sama: tidak ada angka" in client.get(PAGE + "terbit/1/").content.decode()
    realisation = m.Realisation.objects.get(indicator__name="Jumlah surat", year=2019,
                                            indicator__element__strategic_plan__agency__slug="dinsos-kukar")
    realisation.value = 1300
    realisation.save()
    body = client.get(PAGE + "terbit/1/").content.decode()
    assert "Penyediaan jasa surat menyurat — Jumlah surat" in body
    assert "<td>1.200</td><td>1.300</td>" in body
