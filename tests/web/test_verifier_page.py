"""The verifier's web page /verifikasi/: any logged-in user uploads or pastes a printed table and sees the findings
of `kinerja verify`, with the same JSON and the highlighted XLSX to download. Only the table given is read."""

import base64
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kinerja.verify import verify_path
from kinerja.verify.output import to_json

FIXTURE = Path(__file__).resolve().parents[1] / "verify" / "fixtures" / "seed001_tabel1.txt"
URL = reverse("verify-table")
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def logged_in(client, django_user_model):
    # A user with no membership at all: the page needs a login, not a role.
    client.force_login(django_user_model.objects.create_user("pembaca", password="rahasia-pembaca-2024"))
    return client


def budget_workbook(sisa_a: int = 100_000) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in (("Program", "Pagu (Rp)", "Realisasi (Rp)", "Realisasi (%)", "Sisa (Rp)"),
                ("Program A", 1_000_000, 900_000, "90,00 %", sisa_a),
                ("Program B", 500_000, 250_000, "50,00 %", 250_000),
                ("JUMLAH", 1_500_000, 1_150_000, "76,67 %", 350_000)):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_anonymous_user_is_sent_to_login(client, db):
    for response in (client.get(URL), client.post(URL, {"text": "a\tb"})):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_form(logged_in):
    html = logged_in.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="text"' in html and 'name="lang"' in html
    assert 'accept=".tsv,.csv,.xlsx,.txt"' in html
    assert not INLINE.search(html)


def test_pasted_seed_001_table_shows_the_286_22_finding(logged_in):
    text = FIXTURE.read_text(encoding="utf-8")
    response = logged_in.post(URL, {"text": text, "lang": "en", "output": "page"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "82 findings in 1 tables (52 rows checked)." in html
    assert "286,22" in html and "percentages added across years" in html
    assert "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH" in html
    assert not INLINE.search(html)
    # The JSON offered is the command's, byte for byte.
    links = dict(re.findall(r'href="data:([a-z/.-]+);base64,([A-Za-z0-9+/=]+)"', html))
    expected = to_json(verify_path(FIXTURE, "en"))
    assert json.loads(base64.b64decode(links["application/json"])) == json.loads(expected)
    workbook = load_workbook(io.BytesIO(base64.b64decode(links[XLSX])))
    assert workbook.sheetnames[1] == "Findings"
    assert 'download="temuan-tabel.json"' in html
    # The pasted text stays in the form, so it can be checked again or downloaded.
    assert "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH" in html.split("</textarea>", 1)[0]


def test_uploaded_xlsx_is_checked_and_downloads_highlighted(logged_in):
    upload = SimpleUploadedFile("anggaran.xlsx", budget_workbook(sisa_a=110_000), content_type=XLSX)
    html = logged_in.post(URL, {"table": upload, "lang": "id", "output": "page"}).content.decode()
    assert "1 temuan di 1 tabel (3 baris diperiksa)." in html
    assert "110000" in html or "110.000" in html
    assert 'download="temuan-anggaran.xlsx"' in html

    upload = SimpleUploadedFile("anggaran.xlsx", budget_workbook(sisa_a=110_000), content_type=XLSX)
    response = logged_in.post(URL, {"table": upload, "lang": "id", "output": "xlsx"})
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="temuan-anggaran.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["E2"].fill.fgColor.rgb.endswith("F8CBAD") and sheet["E2"].comment is not None


def test_json_download_is_the_commands(logged_in):
    response = logged_in.post(URL, {"text": FIXTURE.read_text(encoding="utf-8"), "lang": "en", "output": "json"})
    assert response["Content-Type"].startswith("application/json")
    assert response.content.decode() == to_json(verify_path(FIXTURE, "en"))


def test_consistent_table_has_no_finding(logged_in):
    upload = SimpleUploadedFile("anggaran.xlsx", budget_workbook(), content_type=XLSX)
    html = logged_in.post(URL, {"table": upload, "output": "page"}).content.decode()
    assert "Tidak ada temuan di 1 tabel (3 baris diperiksa)." in html


UNREADABLE = "tidak dapat dibaca sebagai tabel"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("rusak.xlsx", b"PK\x03\x04 bukan zip", f"rusak.xlsx {UNREADABLE}: bukan buku kerja XLSX yang dapat dibaca"),
    ("tabel.csv", "Nama;Nilai\n".encode("utf-16"), f"tabel.csv {UNREADABLE}: teks UTF-16, bukan UTF-8"),
    ("kosong.txt", b"", "kosong.txt tidak dapat dibaca sebagai tabel: berkas kosong"),
    ("catatan.txt", b"hanya satu baris tanpa angka", "catatan.txt tidak dapat dibaca sebagai tabel: bukan tabel"),
    ("laporan.pdf", b"%PDF-1.4", "Jenis berkas .pdf tidak diterima: .tsv, .csv, .xlsx, .txt."),
    ("gambar.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(64), "gambar.xlsx tidak dapat dibaca sebagai tabel"),
])
def test_unreadable_upload_gives_a_clear_message(logged_in, name, content, message):
    response = logged_in.post(URL, {"table": SimpleUploadedFile(name, content), "output": "page"})
    assert response.status_code == 200
    assert message in response.content.decode()


def damaged(workbook: bytes, part: str, content: str) -> bytes:
    """The workbook with one part replaced: still a valid ZIP, its XML broken."""
    source, out = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == part else source.read(item.filename))
    return out.getvalue()


@pytest.mark.parametrize("content", [
    damaged(budget_workbook(), "xl/worksheets/sheet1.xml", "<worksheet><sheetData>"),
    damaged(budget_workbook(), "xl/workbook.xml", "<<<"),
    damaged(budget_workbook(), "docProps/core.xml", ""),
    budget_workbook()[:900],
])
def test_damaged_workbook_gives_a_clear_message(logged_in, content):
    response = logged_in.post(URL, {"table": SimpleUploadedFile("rusak.xlsx", content), "output": "page"})
    assert response.status_code == 200
    assert f"rusak.xlsx {UNREADABLE}: bukan buku kerja XLSX yang dapat dibaca" in response.content.decode()


def test_upload_over_the_limit_is_refused(logged_in, settings):
    settings.EVIDENCE_MAX_BYTES = 1_048_576
    upload = SimpleUploadedFile("besar.tsv", b"a\tb\n" * 300_000)
    html = logged_in.post(URL, {"table": upload, "output": "page"}).content.decode()
    assert "Berkas 1.1 MB melebihi batas 1 MB." in html


def test_nothing_or_both_is_refused(logged_in):
    assert "Unggah berkas tabel atau tempel teksnya." in logged_in.post(URL, {"text": "  "}).content.decode()
    both = {"table": SimpleUploadedFile("a.tsv", b"a\tb\n"), "text": "a\tb"}
    assert "bukan keduanya" in logged_in.post(URL, both).content.decode()


def test_pasted_text_that_is_no_table(logged_in):
    html = logged_in.post(URL, {"text": "Kata pengantar saja."}).content.decode()
    assert "Teks yang ditempel tidak dapat dibaca sebagai tabel" in html
