"""What a document holds: the chapters of each kind, the catalog tables by name — a table added to the catalog
appears, one missing or unbuildable is noted in its place — the generic preface, the language, dates."""

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import Workbook

from kinerja.documents.content import gather
from kinerja.documents.pdf import document_docx
from kinerja.documents.words import long_date
from kinerja.reports.catalog import REPORTS, XLSX, Output, Report
from kinerja.reports.data import ReportError
from kinerja.reports.evaluation_export import INDONESIAN_RUPIAH, print_setup, workbook_bytes

pytestmark = pytest.mark.usefixtures("no_layout_pass")


def _paragraphs(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def _headings(docx: bytes, level: int) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.style.name == f"Heading {level}"]


@pytest.mark.parametrize(("day", "lang", "text"), [
    (dt.date(2024, 2, 5), "id", "5 Februari 2024"), (dt.date(2020, 3, 17), "id", "17 Maret 2020"),
    (dt.date(2023, 6, 1), "id", "1 Juni 2023"), (dt.date(2024, 2, 5), "en", "5 February 2024")])
def test_dates_are_written_as_the_documents_write_them(day, lang, text):
    assert long_date(day, lang) == text


def test_lkjip_has_four_chapters_its_tables_and_the_signature(kukar):
    docx = document_docx(gather(kukar, "lkjip", 2023))
    assert [h for h in _headings(docx, 1) if h.startswith("BAB")] == [
        "BAB I\nPENDAHULUAN", "BAB II\nPERENCANAAN KINERJA", "BAB III\nAKUNTABILITAS KINERJA", "BAB IV\nPENUTUP"]
    assert _headings(docx, 2)[:3] == ["1.1 Latar Belakang", "1.2 Dasar Hukum", "1.3 Maksud dan Tujuan"]
    texts = _paragraphs(docx)
    assert "LAPORAN KINERJA INSTANSI PEMERINTAH\n(LKjIP)" in texts
    assert texts.count("NIP. 19640710 199301 1 001") == 2
    for name in ("tujuan-sasaran", "pk", "iku", "lkjip"):
        registered = name in REPORTS
        noted = any(t.startswith(f"[Tabel {name} ") for t in texts)
        assert registered or noted, name


def test_a_table_not_in_the_catalog_is_noted_in_its_place_and_in_the_compilation_note(kukar, monkeypatch):
    monkeypatch.delitem(REPORTS, "usulan", raising=False)
    docx = document_docx(gather(kukar, "renja", 2021))
    texts = _paragraphs(docx)
    heading = texts.index("2.5 Penelaahan Usulan Program dan Kegiatan Masyarakat")
    assert texts[heading + 1].startswith("[Tabel usulan belum tersedia di Kinerja (belum terdaftar dalam katalog")
    assert any(t.startswith("2.5  usulan (2021): belum terdaftar dalam katalog") for t in texts)


def _fake_table_xlsx(_table) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.cell(row=1, column=1, value="Usulan masyarakat uji")
    for c, label in enumerate(("No", "Usulan", "Pagu (Rp)"), start=1):
        ws.cell(row=3, column=c, value=label)
    ws.cell(row=4, column=1, value=1)
    ws.cell(row=4, column=2, value="Rehab rumah tidak layak huni")
    ws.cell(row=4, column=3, value=1250000000).number_format = INDONESIAN_RUPIAH
    print_setup(ws, 3, 3)
    return workbook_bytes(wb)


def test_a_table_added_to_the_catalog_appears_without_changing_the_document(kukar, monkeypatch):
    report = Report(name="usulan", file_stem="usulan", build=lambda agency, year, **options: {"year": year},
                    outputs={"json": Output("application/json", lambda t: b'{"rows": []}'),
                             "xlsx": Output(XLSX, _fake_table_xlsx)})
    monkeypatch.setitem(REPORTS, "usulan", report)
    docx = document_docx(gather(kukar, "renja", 2021))
    texts = _paragraphs(docx)
    assert "Tabel 2.6 Usulan masyarakat uji" in texts or any(t.endswith("Usulan masyarakat uji") for t in texts)
    cells = {c.text for t in Document(io.BytesIO(docx)).tables for r in t.rows for c in r.cells}
    assert {"Rehab rumah tidak layak huni", "1.250.000.000"} <= cells


def test_a_table_the_catalog_cannot_build_is_noted_with_the_reason(kukar, monkeypatch):
    def refuse(agency, year, **options):
        raise ReportError(f"Belum ada usulan {year} untuk {agency.slug}")

    monkeypatch.setitem(REPORTS, "usulan", Report("usulan", "usulan", refuse, {}))
    texts = _paragraphs(document_docx(gather(kukar, "renja", 2021)))
    assert "[Tabel usulan tahun 2021 tidak dapat disusun: Belum ada usulan 2021 untuk dinsos-kukar]" in texts


def test_without_a_stored_preface_the_standard_one_says_it_is_standard(kukar):
    texts = _paragraphs(document_docx(gather(kukar, "renja", 2021)))
    preface = texts[texts.index("KATA PENGANTAR") + 1]
    assert "Rencana Kerja (Renja) Dinas Sosial Kabupaten Kutai Kartanegara Tahun 2021" in preface
    assert "[Teks baku Kinerja: kata pengantar belum ditulis pada Naskah Rencana Kerja (Renja) 2021.]" in texts


def test_the_document_is_written_in_english_on_request(kukar):
    docx = document_docx(gather(kukar, "renja", 2021, lang="en"))
    headings = _headings(docx, 1)
    assert headings[:2] == ["FOREWORD", "TABLE OF CONTENTS"]
    assert "CHAPTER I\nINTRODUCTION" in headings
    assert "Head of Dinas Sosial Kabupaten Kutai Kartanegara," in _paragraphs(docx)


def test_the_tarakan_renja_signs_with_its_own_head_and_place(tarakan):
    texts = _paragraphs(document_docx(gather(tarakan, "renja", 2024)))
    assert "A R B A I N, SE, M. AP" in texts and "PEMBINA UTAMA MUDA / IVc" in texts
    assert "NIP. 19660616 199803 1 006" in texts
    assert any(t.startswith("Tarakan, ") for t in texts)
